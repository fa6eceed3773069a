// SECURITY.md for a program: its policy as Markdown, ready to commit next to the code, so the
// repository's file says what the desk enforces.
#pragma once

#include <string>
#include <string_view>

#include "core/policy.h"

namespace embargo::formats {

// The whole policy in plain words: how to report (channels in order of preference, what to
// include, attachments), scope, supported versions, response times, promises, safe harbor,
// disclosure, rewards, credit, encryption, questions. Sections the policy says nothing about
// are left out. `public_url` is the instance's address, for the report form and policy page.
std::string security_md(const Policy& policy, std::string_view public_url);

// Policy text as Markdown that displays exactly that text: characters that would start
// emphasis, code, links, HTML, entities or tables are backslash-escaped; at the start of a line,
// so are heading, quote, list and rule markers; leading blanks (a code block) are dropped.
// Line breaks are kept.
std::string markdown_text(std::string_view text);

}  // namespace embargo::formats
