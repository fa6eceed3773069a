// The names a Mustache template asks for, read from its tags: what the strict rendering of the
// test suite needs to tell a forgotten value from a section that may be absent.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace embargo::http {

struct TemplateNames {
  std::set<std::string, std::less<>> sections;  // {{#name}} and {{^name}}: absent means "no"
  std::set<std::string, std::less<>> partials;  // {{> name}}
};

// The section and partial names of `text`'s tags (spaces inside a tag ignored).
TemplateNames template_names(std::string_view text);

// Whether renderings fail on a {{name}} that nothing in the data provides. Plain Mustache
// renders a typo or a forgotten value as empty text; the test suite sets
// EMBARGO_STRICT_TEMPLATES=1 so that such a page fails the test that renders it instead.
bool strict_templates();

// Under EMBARGO_RENDERED_TEMPLATES=DIR (set by `make test`), appends `name` ("queue",
// "mail/receipt") to this process's file in DIR, so that the suite can check afterwards that
// every template was rendered by some test. Does nothing without the variable.
void record_rendering(std::string_view name);

}  // namespace embargo::http
