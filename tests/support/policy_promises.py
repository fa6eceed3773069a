"""Ties every promise an example policy's page makes to the sentence of its seed.

Usage: policy_promises.py EMBARGO SOURCE_DIR

For each program of tests/data/seeds/, the policy is rendered as SECURITY.md and as the HTML
page (`embargo policy render`), and:
  - every sentence of the sections that promise (supported versions, response times, our
    promises, safe harbor, disclosure, rewards, credit) is the seed's own words, or is listed in promises.json with a seed sentence that the seed contains
    and that holds every number the page's sentence holds, or is one of the few sentences that
    state what Embargo itself does (EMBARGO_OWN);
  - every e-mail address and every web address on both renderings is the seed's, or the
    instance's own;
  - every number outside the business-days sentence is one the seed gives (so a size or a count
    of files the seed never named is not on the page either).
Exit 1 with one line per finding.
"""

import json
import pathlib
import re
import subprocess
import sys

PUBLIC_URL = "https://security.example.org"
PROMISE_SECTIONS = {"Supported versions", "Response times", "Our promises", "Safe harbor",
                    "Disclosure", "Rewards", "Credit"}
# Sentences about Embargo's own behaviour, true of every program: the form asks how to credit
# (credit is consented), and a reporter may always stay unnamed.
EMBARGO_OWN = {"We ask you whether and how you would like to be credited.",
               "You may stay anonymous.", "Attachments are not accepted."}
BUSINESS_DAYS = re.compile(r"^Business days are .* in the time zone \S+(, except these holidays: .*)?\.$")


def repaired(text):
    """The seed as its author wrote it: PySpector's UTF-8 was read as code page 1254."""
    try:
        return text.encode("cp1254").decode("utf-8", errors="replace")
    except UnicodeEncodeError:
        return text


def normal(text):
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # markdown links: their words
    text = re.sub(r"[*_`\\]", "", text)
    text = re.sub(r"[\u2018\u2019\u201c\u201d\ufffd\"']", "", text)
    text = re.sub(r"[\u2013\u2014]", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def in_seed(sentence, seed):
    s = normal(sentence).rstrip(".:")
    return s in seed


def numbers(text):
    text = re.sub(r"https?://\S+|\S+@\S+", "", text)
    return re.findall(r"\d+", text)


def items(markdown):
    """(section, item) for each paragraph, bullet, numbered step and table cell."""
    section = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        line = line.strip()
        if line == "---":  # what follows is Embargo's footer
            section = ""
        if not line or line.startswith("#") or set(line) <= set("|- "):
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if cells[:2] == ["Version", "Supported"]:
                continue
            for cell in cells:
                if cell and cell not in ("yes", "no"):
                    yield section, cell
            continue
        line = re.sub(r"^(- |\d+\. )", "", line)
        yield section, line


def sentences(item):
    return [s for s in re.split(r"(?<=[.!?:])\s+(?=[A-Z])", item) if s]


def check(program, embargo, source, backed, problems):
    policy = source / "examples" / "policies" / f"{program}.toml"
    seed_text = repaired((source / "tests" / "data" / "seeds" / f"{program}.md").read_text())
    seed = normal(seed_text)
    seed_numbers = set(numbers(seed_text))
    seed_compact = re.sub(r"\s+", "", seed_text).lower()

    def render(kind):
        out = subprocess.run([embargo, "policy", "render", str(policy), "--format", kind,
                              "--public-url", PUBLIC_URL], capture_output=True, text=True)
        if out.returncode != 0:
            problems.append(f"{program}: render {kind} failed: {out.stderr.strip()}")
        return out.stdout

    markdown = render("security-md")
    html = render("html")

    def backed_by_seed(sentence):
        quote = backed.get(sentence)
        if quote is None:
            return False
        if not in_seed(quote, seed):
            problems.append(f"{program}: promises.json quotes {quote!r}, which the seed lacks")
        missing = [n for n in numbers(sentence) if n not in numbers(quote)]
        if missing:
            problems.append(f"{program}: {sentence!r} says {', '.join(missing)}; "
                            f"its seed sentence {quote!r} does not")
        return True

    for section, item in items(markdown):
        if BUSINESS_DAYS.match(item):
            if "business day" not in seed:
                problems.append(f"{program}: {item!r}, but the seed promises no business days")
            continue
        for n in numbers(item):
            if n not in seed_numbers:
                problems.append(f"{program}: the number {n} in {item!r} is not in the seed")
        promising = section in PROMISE_SECTIONS
        if not promising or in_seed(item, seed) or item in EMBARGO_OWN or backed_by_seed(item):
            continue
        for sentence in sentences(item):
            if not (in_seed(sentence, seed) or sentence in EMBARGO_OWN
                    or backed_by_seed(sentence)):
                problems.append(f"{program} ({section}): {sentence!r} is not the seed's words "
                                "and no seed sentence backs it")

    for page, kind in ((markdown, "SECURITY.md"), (html, "HTML page")):
        for address in set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", page)):
            if address.lower() not in seed_compact:
                problems.append(f"{program}: the {kind} publishes {address}, "
                                "an address the seed never gives")
        for url in set(re.findall(r"https?://[^\s<>\"')\]]+", page)):
            url = url.rstrip(".,;")
            if not url.startswith(PUBLIC_URL) and url.lower() not in seed_compact:
                problems.append(f"{program}: the {kind} links {url}, which the seed never gives")


def main():
    embargo, source = sys.argv[1], pathlib.Path(sys.argv[2])
    promises = json.loads((source / "tests/data/seeds/promises.json").read_text())
    problems = []
    for program, backed in promises.items():
        check(program, embargo, source, backed, problems)
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print("every promise is the seed's")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
