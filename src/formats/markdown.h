// Markdown as the team writes it (an advisory's details) and as the public pages show it: GitHub
// Flavored Markdown through cmark-gfm, with raw HTML off (docs/design.md, security rules).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace embargo::formats {

// The most Markdown one text may hold: 64 KiB, like a message.
inline constexpr std::size_t kMaxMarkdownBytes = 65536;

// Refuses Markdown the public page should not show, naming `field` and, for everything but the
// size, the line at fault ("details: line 3: raw HTML is not allowed (<script>); write Markdown
// instead"): text over kMaxMarkdownBytes, not valid UTF-8 or holding a control character other
// than tab and line breaks, raw HTML (an HTML block or inline tag, a comment), a link whose
// address is not an absolute http, https or mailto URL, an image whose address is not an absolute
// http or https URL, a table that could grow past 256 columns or 65536 cells (cmark-gfm pads every
// row to the header's width, and a table runs until a blank line). Relative and fragment-only
// links ("/advisories/1", "#fix") are refused too: the text is also published away from its page
// (feeds, exports, mail), where a relative link has no base, and cmark-gfm gives headings no id a
// fragment could point at. Throws Refusal (kind invalid).
void check_markdown(const std::string& field, std::string_view text);

// The HTML of `text`: CommonMark with the GFM tables, strikethrough, autolinks and task lists.
// Safe even for text check_markdown never saw: raw HTML becomes the comment
// "<!-- raw HTML omitted -->", a javascript:, vbscript:, file: or data: link gets an empty href
// (data: stays only for PNG, GIF, JPEG and WebP images), invalid UTF-8 becomes U+FFFD, and a text
// with a table check_markdown would refuse as too large is read without tables. Every character
// of the text is escaped where it is shown. Thread-safe; cmark-gfm's parses take turns.
std::string markdown_to_html(std::string_view text);

}  // namespace embargo::formats
