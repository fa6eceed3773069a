#include "formats/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <vector>

#include "core/error.h"
#include "core/text.h"

namespace embargo::formats {
namespace {

// Never CMARK_OPT_UNSAFE. Invalid UTF-8 becomes U+FFFD, so that the HTML is valid UTF-8 even
// for text check_markdown never saw.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink", "tasklist"};
// How much of a tag or an address a refusal quotes.
constexpr std::size_t kShownBytes = 60;
// The largest table, in columns and in cells (TableShape below).
constexpr std::size_t kMaxTableColumns = 256;
constexpr std::size_t kMaxTableCells = 65536;

struct ParserFree {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct IterFree {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};
struct BufferFree {
  void operator()(char* buffer) const { cmark_get_default_mem_allocator()->free(buffer); }
};

// A parsed text. The parser stays with its tree: the HTML renderer takes its list of extensions.
struct Document {
  std::unique_ptr<cmark_parser, ParserFree> parser;
  std::unique_ptr<cmark_node, NodeFree> root;
};

// cmark-gfm 0.29.0.gfm.6 (Debian 12) keeps two things process-wide, without a lock: the registry
// of extensions, which cmark_gfm_core_extensions_ensure_registered fills, and the table of the
// characters that may start an inline, which every parse with extensions changes while it runs
// and changes back (the table extension even once per row). So the registry is filled once, and
// parses take turns: otherwise one request's parse could miss a strikethrough or an autolink
// because another request's parse had just finished.
Document parse(std::string_view text, bool tables = true) {
  static std::once_flag registered;
  std::call_once(registered, cmark_gfm_core_extensions_ensure_registered);
  static std::mutex parsing;
  Document document;
  document.parser.reset(cmark_parser_new(kOptions));
  for (const char* name : kExtensions) {
    if (!tables && std::string_view(name) == "table") continue;
    cmark_syntax_extension* extension = cmark_find_syntax_extension(name);
    if (extension == nullptr ||
        cmark_parser_attach_syntax_extension(document.parser.get(), extension) == 0) {
      throw std::logic_error(std::string("cmark-gfm has no extension ") + name);
    }
  }
  std::lock_guard lock(parsing);
  if (!text.empty()) cmark_parser_feed(document.parser.get(), text.data(), text.size());
  document.root.reset(cmark_parser_finish(document.parser.get()));
  return document;
}

// Where each line of a text starts. "\n", "\r\n" and a lone "\r" end a line, as in CommonMark,
// so that the numbers are cmark's.
class Lines {
 public:
  explicit Lines(std::string_view text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
        starts_.push_back(i + 1);
      }
    }
  }
  int count() const { return static_cast<int>(starts_.size()); }
  // The offset of 1-based `line`'s first byte.
  std::size_t start(int line) const { return starts_[std::clamp(line, 1, count()) - 1]; }
  // The 1-based line holding the byte at `offset`.
  int line_at(std::size_t offset) const {
    return static_cast<int>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                            starts_.begin());
  }

 private:
  std::vector<std::size_t> starts_;
};

// The text of 1-based `line`, without its line break.
std::string_view line_text(std::string_view text, const Lines& lines, int line) {
  std::size_t from = lines.start(line);
  std::size_t end = line < lines.count() ? lines.start(line + 1) : text.size();
  std::string_view content = text.substr(from, end - from);
  while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) {
    content.remove_suffix(1);
  }
  return content;
}

// A table as large as cmark-gfm could make it: the line of its header, its columns, and the rows
// it could take.
struct TableShape {
  int line = 0;
  std::size_t columns = 0;
  std::size_t rows = 0;
};

// cmark-gfm 0.29.0.gfm.6 gives every row of a table as many cells as its header, a table runs
// until a blank line, and the time a row takes grows with the square of its cells: 64 KiB of
// one-byte lines under a header of 500 columns take half a minute and 4 GB to parse (bounded
// upstream in 0.29.0.gfm.12, which Debian 12 does not have). So tables are measured before cmark
// sees them, over-estimated from the text alone: each line that could be a delimiter row
// ("|---|:-:|", after any '>' and indentation) is taken for a table with a column for each run
// of '-' and a row for each line up to the next blank line. Returns the first one with more than
// kMaxTableColumns columns or kMaxTableCells cells, which no table written out by hand reaches in
// 64 KiB.
std::optional<TableShape> oversized_table(std::string_view text, const Lines& lines) {
  auto inside = [](std::string_view line) {
    std::size_t from = line.find_first_not_of(" \t>");
    return from == std::string_view::npos ? std::string_view() : line.substr(from);
  };
  // For each line, how many lines follow it before a blank one (or the end).
  std::vector<std::size_t> run(static_cast<std::size_t>(lines.count()) + 2, 0);
  for (int line = lines.count() - 1; line >= 1; --line) {
    bool next_blank = inside(line_text(text, lines, line + 1)).empty();
    run[line] = next_blank ? 0 : run[line + 1] + 1;
  }
  for (int line = 2; line <= lines.count(); ++line) {
    std::string_view delimiter = inside(line_text(text, lines, line));
    if (delimiter.empty() || delimiter.find_first_not_of(" \t|:-") != std::string_view::npos) {
      continue;
    }
    std::size_t columns = 0;
    for (std::size_t i = 0; i < delimiter.size(); ++i) {
      if (delimiter[i] == '-' && (i == 0 || delimiter[i - 1] != '-')) ++columns;
    }
    std::size_t rows = run[line];
    if (columns > kMaxTableColumns || columns * (rows + 1) > kMaxTableCells) {
      return TableShape{line - 1, columns, rows};
    }
  }
  return std::nullopt;
}

// At most kShownBytes of `s` (cut between characters), any control character as '?', so that a
// refusal can quote it on one line.
std::string shown(std::string_view s) {
  bool cut = s.size() > kShownBytes;
  if (cut) {
    std::size_t end = kShownBytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    s = s.substr(0, end);
  }
  std::string out(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  if (cut) out += "...";
  return out;
}

std::string at_line(const std::string& field, int line, const std::string& problem) {
  return field + ": line " + std::to_string(line) + ": " + problem;
}

// Reuses text_problem line by line, so that a refusal names the line (its "at byte" is then
// counted from the start of that line).
void check_characters(const std::string& field, std::string_view text, const Lines& lines) {
  for (int line = 1; line <= lines.count(); ++line) {
    std::size_t end = line < lines.count() ? lines.start(line + 1) : text.size();
    std::string_view content = text.substr(lines.start(line), end - lines.start(line));
    if (auto problem = text_problem(content, true)) {
      throw invalid(field, at_line(field, line, *problem));
    }
  }
}

// How many bytes of `line` are the markers of the containers a paragraph is in ("> > ", the
// indentation of a list item): the spaces, tabs and '>' that open it, at most `markers`, what
// they take on the paragraph's first line.
std::size_t container_prefix(std::string_view text, const Lines& lines, int line,
                             std::size_t markers) {
  std::size_t from = lines.start(line);
  std::size_t n = 0;
  while (n < markers && from + n < text.size() &&
         (text[from + n] == ' ' || text[from + n] == '\t' || text[from + n] == '>')) {
    ++n;
  }
  return n;
}

// The line of `node`. Blocks know theirs. cmark-gfm 0.29 counts an inline's line only at the line
// breaks it parses as breaks: an inline after a code span, a tag or a link title that runs over a
// line break gets the line where that one started, and a column counted through the rest of the
// paragraph's text, the containers' markers of each line it crossed left out. So the column is
// walked through the lines from there, each line's markers put back.
int node_line(cmark_node* node, std::string_view text, const Lines& lines) {
  while (node != nullptr && cmark_node_get_start_line(node) <= 0) node = cmark_node_parent(node);
  if (node == nullptr) return 1;
  int line = cmark_node_get_start_line(node);
  cmark_node_type type = cmark_node_get_type(node);
  if ((type & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_INLINE || line > lines.count()) return line;
  cmark_node* block = node;
  while (block != nullptr &&
         (cmark_node_get_type(block) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) {
    block = cmark_node_parent(block);
  }
  std::size_t markers = 0;
  if (block != nullptr) {
    markers = static_cast<std::size_t>(std::max(cmark_node_get_start_column(block) - 1, 0));
  }
  std::size_t column = static_cast<std::size_t>(std::max(cmark_node_get_start_column(node), 1));
  std::size_t at = lines.start(line) + column - 1;
  if (block != nullptr && line != cmark_node_get_start_line(block)) {
    // A line after the paragraph's first: the column counts `markers` for its markers.
    at = lines.start(line) + container_prefix(text, lines, line, markers) +
         (column - 1 > markers ? column - 1 - markers : 0);
  }
  while (line < lines.count() && at >= lines.start(line + 1)) {
    std::size_t past = at - lines.start(line + 1);
    ++line;
    at = lines.start(line) + container_prefix(text, lines, line, markers) + past;
  }
  at = std::min(at, text.size());
  // A tag is looked for from there, in case a tab the column counted as spaces put it too far.
  if (type == CMARK_NODE_HTML_INLINE) {
    const char* raw = cmark_node_get_literal(node);
    std::string_view literal = raw == nullptr ? "" : raw;
    literal = literal.substr(0, literal.find_first_of("\r\n"));
    std::size_t from = std::max(lines.start(line), at >= 4 ? at - 4 : 0);
    std::size_t found = literal.empty() ? std::string_view::npos : text.find(literal, from);
    if (found != std::string_view::npos) at = found;
  }
  return lines.line_at(at);
}

// The tag a refusal of raw HTML quotes: its first line up to the first '>'.
std::string tag_of(cmark_node* node) {
  const char* literal = cmark_node_get_literal(node);
  std::string_view tag = literal == nullptr ? "" : literal;
  tag.remove_prefix(std::min(tag.find_first_not_of(" \t"), tag.size()));
  tag = tag.substr(0, tag.find_first_of("\r\n"));
  if (std::size_t close = tag.find('>'); close != std::string_view::npos) {
    tag = tag.substr(0, close + 1);
  }
  return shown(tag);
}

bool starts_with_lower(std::string_view url, std::string_view prefix) {
  return url.size() >= prefix.size() && ascii_lower(url.substr(0, prefix.size())) == prefix;
}

// The scheme of `url` as a browser reads it, lower-cased: leading spaces and control characters
// skipped, tabs and line breaks dropped wherever they are ("java\tscript:"), then the letters
// before a ':' that comes before any '/', '?' or '#'. Empty for a relative URL.
std::string scheme_of(std::string_view url) {
  std::string cleaned;
  for (char c : url) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (cleaned.empty() && static_cast<unsigned char>(c) <= 0x20) continue;
    cleaned += c;
  }
  std::size_t colon = cleaned.find(':');
  if (colon == std::string::npos || colon == 0) return "";
  for (std::size_t i = 0; i < colon; ++i) {
    char c = cleaned[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!letter && !(i > 0 && other)) return "";
  }
  return ascii_lower(std::string_view(cleaned).substr(0, colon));
}

// What is wrong with the address of a link or an image, or nullopt. The scheme must open the
// address as written: anything before it (a tab from "&#9;") is refused rather than trusted to
// be dropped the same way by every reader.
std::optional<std::string> address_problem(std::string_view url, bool image) {
  if (starts_with_lower(url, "http:") || starts_with_lower(url, "https:") ||
      (!image && starts_with_lower(url, "mailto:"))) {
    return std::nullopt;
  }
  std::string what = image ? "an image from " : "a link to ";
  std::string use =
      image ? "; use an absolute http or https URL" : "; use an absolute http, https or mailto URL";
  std::string scheme = scheme_of(url);
  if (url.empty()) return (image ? "an image" : "a link") + std::string(" needs an address") + use;
  if (scheme.empty()) return what + quoted(shown(url)) + " is relative" + use;
  if (scheme == "http" || scheme == "https" || (!image && scheme == "mailto")) {
    return what + quoted(shown(url)) + " has something before its scheme" + use;
  }
  return what + "a " + shown(scheme) + ": URL is not allowed" + use;
}

}  // namespace

void check_markdown(const std::string& field, std::string_view text) {
  if (text.size() > kMaxMarkdownBytes) {
    throw invalid(field, field + ": at most " + std::to_string(kMaxMarkdownBytes) + " bytes (got " +
                             std::to_string(text.size()) + ")");
  }
  Lines lines(text);
  check_characters(field, text, lines);
  if (auto table = oversized_table(text, lines)) {
    std::string problem =
        table->columns > kMaxTableColumns
            ? "a table of " + std::to_string(table->columns) + " columns is too wide (at most " +
                  std::to_string(kMaxTableColumns) + ")"
            : "a table of " + std::to_string(table->columns) + " columns could take the " +
                  std::to_string(table->rows) + " lines after it as rows, more than " +
                  std::to_string(kMaxTableCells) + " cells; end it with a blank line";
    throw invalid(field, at_line(field, table->line, problem));
  }
  Document document = parse(text);
  std::unique_ptr<cmark_iter, IterFree> iter(cmark_iter_new(document.root.get()));
  for (cmark_event_type event; (event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    if (event != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter.get());
    cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) {
      throw invalid(
          field, at_line(field, node_line(node, text, lines),
                         "raw HTML is not allowed (" + tag_of(node) + "); write Markdown instead"));
    }
    if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
      const char* url = cmark_node_get_url(node);
      if (auto problem = address_problem(url == nullptr ? "" : url, type == CMARK_NODE_IMAGE)) {
        throw invalid(field, at_line(field, node_line(node, text, lines), *problem));
      }
    }
  }
}

std::string markdown_to_html(std::string_view text) {
  Document document = parse(text, !oversized_table(text, Lines(text)));
  std::unique_ptr<char, BufferFree> html(cmark_render_html(
      document.root.get(), kOptions, cmark_parser_get_syntax_extensions(document.parser.get())));
  return html ? std::string(html.get()) : std::string();
}

}  // namespace embargo::formats
