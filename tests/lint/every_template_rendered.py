#!/usr/bin/python3
"""Fails when a template of web/templates was rendered by no test.

`make test` runs the suite with EMBARGO_RENDERED_TEMPLATES=DIR: every rendering appends the
template's name to a file of its process in DIR (src/http/template_names.h). A page template
counts when it was rendered itself, a partial ({{> name}}) when a template that includes it was,
a mail template (web/templates/mail/NAME.txt, recorded as mail/NAME) likewise.

    every_template_rendered.py RECORD_DIR TEMPLATES_DIR
"""
import pathlib
import re
import sys


def main() -> int:
    record, templates = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    rendered = set()
    for file in record.iterdir():
        rendered.update(line for line in file.read_text().splitlines() if line)
    sources = {path.stem: path.read_text() for path in templates.glob("*.mustache")}
    sources.update({f"mail/{path.stem}": path.read_text() for path in (templates / "mail").glob("*.txt")})

    def partials(name):
        folder = "mail/" if name.startswith("mail/") else ""
        return {folder + p for p in re.findall(r"\{\{>\s*([\w/-]+)\s*\}\}", sources[name])}

    covered = set()
    pending = [name for name in sources if name in rendered]
    while pending:
        name = pending.pop()
        if name in covered or name not in sources:
            continue
        covered.add(name)
        pending.extend(partials(name))
    missing = sorted(set(sources) - covered)
    if missing:
        print("templates no test rendered (add a test that shows them):")
        for name in missing:
            print(f"  {name}")
        return 1
    print(f"every one of the {len(sources)} templates was rendered by a test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
