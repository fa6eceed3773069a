#include "http/multipart.h"

#include <gmime/gmime.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <cerrno>
#include <functional>
#include <memory>
#include <optional>
#include <system_error>
#include <vector>

#include "core/error.h"
#include "core/utf8.h"
#include "http/spooled_body.h"
#include "mail/gmime.h"

namespace embargo::http {
namespace {

using mail::GObjectPtr;
using mail::init_gmime;

constexpr std::size_t kMostBoundaryBytes = 70;  // RFC 2046, 5.1.1
constexpr std::size_t kMostShownBytes = 100;    // of a client's text quoted in a refusal

struct ParserOptionsFree {
  void operator()(GMimeParserOptions* options) const { g_mime_parser_options_free(options); }
};

Refusal refuse(const std::string& message) { return invalid("body", "form body: " + message); }

// A client's text as a refusal may quote it: at most kMostShownBytes, control characters and
// bytes that are not UTF-8 written as \xNN, so the message stays printable UTF-8.
std::string shown(std::string_view text) {
  std::size_t cut = std::min(text.size(), kMostShownBytes);
  while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  bool utf8 = !invalid_utf8_at(text.substr(0, cut));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : text.substr(0, cut)) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || (byte >= 0x80 && !utf8)) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return cut < text.size() ? out + "..." : out;
}

// A Content-Type header value as GMime reads it (type, subtype, parameters, quoting). Refused
// when it holds a line break or NUL: it becomes a header line of the text GMime parses.
GObjectPtr<GMimeContentType> parse_content_type(std::string_view content_type) {
  if (content_type.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    throw refuse("the Content-Type holds a line break or NUL");
  }
  init_gmime();
  std::string text(content_type);
  return GObjectPtr<GMimeContentType>(g_mime_content_type_parse(nullptr, text.c_str()));
}

bool is_type(GMimeContentType* type, const char* media, const char* subtype) {
  return g_mime_content_type_is_type(type, media, subtype) != FALSE;
}

// The problem with a field name or a file name, or an empty string: it must be UTF-8 without
// control characters.
std::string name_problem(std::string_view name) {
  if (auto at = invalid_utf8_at(name))
    return "is not valid UTF-8 (at byte " + std::to_string(*at) + ")";
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto byte = static_cast<unsigned char>(name[i]);
    if (byte < 0x20 || byte == 0x7F) {
      return "holds a control character (at byte " + std::to_string(i) + ")";
    }
  }
  return {};
}

// A text field's value must be UTF-8; the refusal names the field as the one at fault.
void check_value(const FormPart& part) {
  if (auto at = invalid_utf8_at(part.content)) {
    throw invalid(part.name, part.name + ": not valid UTF-8 (at byte " + std::to_string(*at) + ")");
  }
}

// --- application/x-www-form-urlencoded ------------------------------------------------------

// Whether Boost.URL reads `text` as a query. Its parse_query (1.81) measures an accepted input
// again with strlen, from the view's data(), so it is only ever given a NUL-terminated copy: an
// accepted input holds no NUL, and the copy ends where the text does.
bool is_query(std::string_view text) {
  std::string copy(text);
  return static_cast<bool>(boost::urls::parse_query(copy));
}

// Which '&'-separated piece of a body Boost.URL refuses, counted from 1, for the refusal to
// point at.
std::size_t first_bad_piece(std::string_view body) {
  std::size_t piece = 1;
  for (std::size_t start = 0;; ++piece) {
    std::size_t amp = body.find('&', start);
    if (!is_query(body.substr(start, amp - start))) return piece;
    if (amp == std::string_view::npos) return piece;
    start = amp + 1;
  }
}

std::vector<FormPart> parse_urlencoded(GMimeContentType* type, const SpooledBytes& spooled) {
  const char* charset = g_mime_content_type_get_parameter(type, "charset");
  if (charset != nullptr && g_ascii_strcasecmp(charset, "utf-8") != 0) {
    throw refuse("the charset '" + shown(charset) + "' is not read; forms are sent as UTF-8");
  }
  std::string_view body = body_text(spooled, "form");
  if (!is_query(body)) {
    throw refuse("field " + std::to_string(first_bad_piece(body)) +
                 " is not valid application/x-www-form-urlencoded (a '%' not followed by two "
                 "hex digits, or a character that must be percent-encoded)");
  }
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  const std::string text(body);  // NUL-terminated where the body ends: see is_query
  std::vector<FormPart> parts;
  for (const auto& param : boost::urls::params_view(text, options)) {
    if (param.key.empty() && !param.has_value) continue;  // "&&" or a trailing '&'
    if (parts.size() == kMostFormParts) {
      throw refuse("more than " + std::to_string(kMostFormParts) + " fields");
    }
    FormPart part{param.key, "", false, "", param.value, {}, false};
    std::string problem = part.name.empty() ? "is empty" : name_problem(part.name);
    if (!problem.empty()) {
      throw refuse("the name of field " + std::to_string(parts.size() + 1) + " " + problem);
    }
    check_value(part);
    parts.push_back(std::move(part));
  }
  return parts;
}

// --- multipart/form-data --------------------------------------------------------------------

// RFC 2046's boundary: 1 to 70 of letters, digits and '()+_,-./:=? and space, not ending in a
// space.
bool is_valid_boundary(std::string_view boundary) {
  static constexpr std::string_view kSpecials = "'()+_,-./:=? ";
  return !boundary.empty() && boundary.size() <= kMostBoundaryBytes && boundary.back() != ' ' &&
         std::all_of(boundary.begin(), boundary.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  kSpecials.find(c) != std::string_view::npos;
         });
}

// Where the lines starting with "--BOUNDARY" begin, found piece by piece as the body is fed to
// it. GMime, a mail parser, accepts lines ending in a bare LF and then cuts a part's last byte or
// leaves a CR at its end; HTTP frames parts with CRLF, so a boundary line in a bare LF is
// refused here rather than a file silently changed. Counting these lines also refuses a body of
// too many parts before GMime builds them.
class BoundaryLines {
 public:
  explicit BoundaryLines(std::string delimiter) : delimiter_(std::move(delimiter)) {}

  void feed(std::string_view piece) {
    while (!piece.empty()) {
      std::size_t newline = piece.find('\n');
      std::string_view text = piece.substr(0, newline);
      if (head_.size() < delimiter_.size()) {
        head_.append(text.substr(0, delimiter_.size() - head_.size()));
        if (head_.size() == delimiter_.size() && head_ == delimiter_) found();
      }
      if (!text.empty()) last_ = text.back();
      offset_ += text.size();
      if (newline == std::string_view::npos) return;
      end_line();
      piece.remove_prefix(newline + 1);
    }
  }

  const std::vector<std::size_t>& lines() const { return lines_; }

 private:
  // The current line starts with the delimiter.
  void found() {
    if (line_start_ > 0 && !after_crlf_) {
      throw refuse("the boundary line at byte " + std::to_string(line_start_) +
                   " follows a bare LF; lines end in CRLF");
    }
    lines_.push_back(line_start_);
    if (lines_.size() > kMostFormParts + 1) {
      throw refuse("more than " + std::to_string(kMostFormParts) + " parts");
    }
  }

  // A '\n' at offset_ ends the current line.
  void end_line() {
    bool crlf = last_ == '\r';
    if (!lines_.empty() && lines_.back() == line_start_ && head_ == delimiter_ && !crlf) {
      throw refuse("the boundary line at byte " + std::to_string(line_start_) +
                   " ends in a bare LF; lines end in CRLF");
    }
    after_crlf_ = crlf;
    ++offset_;
    line_start_ = offset_;
    head_.clear();
    last_ = '\0';
  }

  std::string delimiter_;
  std::vector<std::size_t> lines_;
  std::size_t offset_ = 0;      // of the next byte fed
  std::size_t line_start_ = 0;  // of the current line
  std::string head_;            // the current line's first bytes, up to the delimiter's length
  char last_ = '\0';            // the current line's last byte so far ('\0' when empty)
  bool after_crlf_ = false;     // the line before the current one ended in CRLF
};

// The first problem GMime reported while parsing, kept by its warning callback (which must not
// throw through C code).
struct ParseProblem {
  std::int64_t offset = -1;  // in the text GMime parsed, or -1 when GMime does not say
  std::string message;
};

std::string warning_message(GMimeParserWarning code, const char* item) {
  std::string what = item != nullptr ? " '" + shown(item) + "'" : "";
  switch (code) {
    case GMIME_WARN_TRUNCATED_MESSAGE:
      return "the body ends before its closing boundary (cut short?)";
    case GMIME_WARN_MALFORMED_MULTIPART:
    case GMIME_WARN_MALFORMED_MESSAGE:
      return "the body is not a well-formed multipart";
    case GMIME_WARN_PART_WITHOUT_CONTENT:
      return "a part's headers are not followed by an empty line";
    case GMIME_CRIT_INVALID_HEADER_NAME:
      return "the header line" + what + " is not 'Name: value'";
    case GMIME_CRIT_CONFLICTING_HEADER:
      return "the header" + what + " is given twice with different values";
    case GMIME_CRIT_CONFLICTING_PARAMETER:
      return "the parameter" + what + " is given twice with different values";
    case GMIME_WARN_INVALID_PARAMETER:
      return "a header parameter is malformed" + what;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
      return "a nested multipart has no boundary";
    case GMIME_CRIT_NESTING_OVERFLOW:
      return "parts are nested too deeply";
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
      return "a part has neither headers nor content";
    default:
      // Repeated identical headers, 8-bit header text (browsers send UTF-8 file names as is),
      // a part's unreadable Content-Type (never trusted anyway): nothing read is in doubt.
      return {};
  }
}

void on_warning(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer data) {
  auto* problem = static_cast<std::optional<ParseProblem>*>(data);
  if (problem->has_value()) return;
  std::string message = warning_message(code, item);
  if (!message.empty()) *problem = ParseProblem{offset, std::move(message)};
}

// A GMime stream reading bytes the caller owns, without copying them: a memory stream over a
// GByteArray that only points at them and that neither GMime nor GLib frees or grows (the
// stream does not own the array, and the array is freed without its data). The bytes must
// outlive the stream, and nothing may write to it.
class BorrowedBytes {
 public:
  explicit BorrowedBytes(std::string_view bytes)
      : array_(g_byte_array_new_take(reinterpret_cast<guint8*>(const_cast<char*>(bytes.data())),
                                     bytes.size())),
        stream_(g_mime_stream_mem_new_with_byte_array(array_)) {
    g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream_.get()), FALSE);
  }
  BorrowedBytes(const BorrowedBytes&) = delete;
  BorrowedBytes& operator=(const BorrowedBytes&) = delete;
  ~BorrowedBytes() {
    stream_.reset();
    g_byte_array_free(array_, FALSE);
  }

  GMimeStream* stream() const { return stream_.get(); }

 private:
  GByteArray* array_;
  GObjectPtr<GMimeStream> stream_;
};

// "part 2 ('description')": which part a refusal is about, counted from 1.
std::string part_label(std::size_t index, std::string_view name = {}) {
  std::string label = "part " + std::to_string(index + 1);
  return name.empty() ? label : label + " ('" + shown(name) + "')";
}

// Whether bytes of this Content-Transfer-Encoding are the content as they are.
bool is_identity(GMimeContentEncoding encoding) {
  return encoding == GMIME_CONTENT_ENCODING_DEFAULT || encoding == GMIME_CONTENT_ENCODING_7BIT ||
         encoding == GMIME_CONTENT_ENCODING_8BIT || encoding == GMIME_CONTENT_ENCODING_BINARY;
}

// Hands the decoded content of a leaf part (a Content-Transfer-Encoding, rare in forms, is
// undone) to `take` a piece at a time: a file part is never held whole here.
void read_part(GMimePart* part, const std::function<void(std::string_view)>& take) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  if (wrapper == nullptr) return;
  GMimeStream* source = g_mime_data_wrapper_get_stream(wrapper);
  g_mime_stream_reset(source);
  GMimeContentEncoding encoding = g_mime_data_wrapper_get_encoding(wrapper);
  GObjectPtr<GMimeStream> decoded;
  if (!is_identity(encoding)) {
    decoded.reset(g_mime_stream_filter_new(source));
    GObjectPtr<GMimeFilter> decoder(g_mime_filter_basic_new(encoding, FALSE));
    g_mime_stream_filter_add(GMIME_STREAM_FILTER(decoded.get()), decoder.get());
  }
  GMimeStream* reading = decoded != nullptr ? decoded.get() : source;
  std::vector<char> piece(SpooledBytes::kPieceBytes);
  ssize_t got = 0;
  while ((got = g_mime_stream_read(reading, piece.data(), piece.size())) > 0) {
    take(std::string_view(piece.data(), static_cast<std::size_t>(got)));
  }
  if (got < 0) throw refuse("a part's content could not be read");
}

// Where the parts' contents go. Text fields are read into memory, at most kMostFormTextBytes in
// all. Files of a body in memory are read into memory too; a spooled body's files go to
// temporary files beside it once they pass kMostFileBytesInMemory, so a large upload is never
// in memory and a form of many small files does not open a file for each.
struct PartReading {
  LongText long_text = LongText::refuse;
  std::uint64_t text_left = kMostFormTextBytes;
  std::optional<std::string> spool;  // the spooled body's directory
};

constexpr std::uint64_t kMostFileBytesInMemory = std::uint64_t{64} * 1024;

// A text field's content, within what is left of the allowance, or the body is refused. With
// LongText::cut, a field over kLongestFieldKept keeps only that much of its start (cut at a
// character), so that one overlong field neither loses the rest of the form nor fills memory.
std::string part_text(GMimePart* part, PartReading& reading, bool& cut) {
  std::string text;
  read_part(part, [&](std::string_view piece) {
    if (cut) return;
    if (reading.long_text == LongText::cut && text.size() + piece.size() > kLongestFieldKept) {
      std::size_t kept = kLongestFieldKept - text.size();
      while (kept > 0 && (static_cast<unsigned char>(piece[kept]) & 0xC0) == 0x80) --kept;
      piece = piece.substr(0, kept);
      cut = true;
    }
    if (piece.size() > reading.text_left) {
      throw refuse("the text fields hold more than " + std::to_string(kMostFormTextBytes / 1024) +
                   " KiB in all; send long text as a file");
    }
    reading.text_left -= piece.size();
    text.append(piece);
  });
  return text;
}

SpooledBytes part_file(GMimePart* part, const PartReading& reading) {
  SpooledBytes file;
  if (reading.spool) file.spool_above(kMostFileBytesInMemory, *reading.spool);
  read_part(part, [&](std::string_view piece) { file.append(piece); });
  return file;
}

std::string media_type_of(GMimeObject* object) {
  char* type = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(object));
  std::string out = type != nullptr ? type : "";
  g_free(type);
  return out;
}

// The file name without any directory a client put in front of it (old browsers sent the
// whole path, with either kind of slash).
std::string base_name(std::string_view file_name) {
  auto slash = file_name.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? file_name : file_name.substr(slash + 1));
}

// One part of the multipart as a FormPart, or nullopt for a file input left empty.
std::optional<FormPart> form_part(GMimeObject* object, std::size_t index, PartReading& reading) {
  if (!GMIME_IS_PART(object)) {
    throw refuse(part_label(index) + ": a nested multipart or message is not accepted");
  }
  GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object);
  const char* kind =
      disposition != nullptr ? g_mime_content_disposition_get_disposition(disposition) : nullptr;
  const char* name = disposition != nullptr
                         ? g_mime_content_disposition_get_parameter(disposition, "name")
                         : nullptr;
  if (kind == nullptr || g_ascii_strcasecmp(kind, "form-data") != 0 || name == nullptr ||
      *name == '\0') {
    throw refuse(part_label(index) + " has no 'Content-Disposition: form-data' with a name");
  }
  FormPart part;
  part.name = name;
  if (std::string problem = name_problem(part.name); !problem.empty()) {
    throw refuse(part_label(index) + ": the field name " + problem);
  }
  const char* file_name = g_mime_content_disposition_get_parameter(disposition, "filename");
  part.is_file = file_name != nullptr;
  part.media_type = media_type_of(object);
  if (!part.is_file) {
    part.content = part_text(GMIME_PART(object), reading, part.cut);
    check_value(part);
    return part;
  }
  part.file = part_file(GMIME_PART(object), reading);
  if (*file_name == '\0' && part.file.empty()) return std::nullopt;
  part.file_name = base_name(file_name);
  std::string label = part_label(index, part.name);
  if (part.file_name.empty() || part.file_name == "." || part.file_name == "..") {
    throw refuse(label + ": the file has no name ('" + shown(file_name) + "')");
  }
  if (std::string problem = name_problem(part.file_name); !problem.empty()) {
    throw refuse(label + ": the file name '" + shown(part.file_name) + "' " + problem);
  }
  return part;
}

// The last byte of `body`, or '\0' when it is empty.
char last_byte(const SpooledBytes& body) {
  if (body.empty()) return '\0';
  if (!body.spooled()) return body.memory().back();
  char last = '\0';
  body.file().read_at(body.size() - 1, &last, 1);
  return last;
}

std::vector<FormPart> parse_multipart(GMimeContentType* type, std::string_view content_type,
                                      const SpooledBytes& body, LongText long_text) {
  const char* boundary_parameter = g_mime_content_type_get_parameter(type, "boundary");
  if (boundary_parameter == nullptr) {
    throw refuse("the Content-Type multipart/form-data has no boundary parameter");
  }
  std::string boundary = boundary_parameter;
  if (!is_valid_boundary(boundary)) {
    throw refuse("the boundary '" + shown(boundary) +
                 "' is not 1 to 70 letters, digits, spaces or '()+_,-./:=? (RFC 2046)");
  }
  BoundaryLines scan("--" + boundary);
  body.for_each_piece([&](std::string_view piece) { scan.feed(piece); });
  const std::vector<std::size_t>& lines = scan.lines();
  if (lines.empty()) {
    throw refuse("no line of the body starts with the boundary '--" + shown(boundary) + "'");
  }

  // GMime parses a MIME entity: the Content-Type as its header, then the body. At the very end
  // a closing boundary line without its CRLF would leave a CR on the last part, so one is added.
  // The body is read where it is (in memory through BorrowedBytes, or its file), and the parts'
  // contents stay references into it (a persistent stream) until each is read once.
  std::string header = "Content-Type: " + std::string(content_type) + "\r\n\r\n";
  GObjectPtr<GMimeStream> stream(g_mime_stream_cat_new());
  GObjectPtr<GMimeStream> head(g_mime_stream_mem_new_with_buffer(header.data(), header.size()));
  g_mime_stream_cat_add_source(GMIME_STREAM_CAT(stream.get()), head.get());
  std::optional<BorrowedBytes> borrowed;
  GObjectPtr<GMimeStream> spooled;
  PartReading reading;
  reading.long_text = long_text;
  if (body.spooled()) {
    int descriptor = ::dup(body.file().descriptor());
    if (descriptor < 0) throw std::system_error(errno, std::generic_category(), "dup");
    spooled.reset(
        g_mime_stream_fs_new_with_bounds(descriptor, 0, static_cast<gint64>(body.size())));
    g_mime_stream_cat_add_source(GMIME_STREAM_CAT(stream.get()), spooled.get());
    reading.spool = body.file().directory();
  } else {
    borrowed.emplace(body.memory());
    g_mime_stream_cat_add_source(GMIME_STREAM_CAT(stream.get()), borrowed->stream());
  }
  GObjectPtr<GMimeStream> crlf(g_mime_stream_mem_new_with_buffer("\r\n", 2));
  if (last_byte(body) != '\n') {
    g_mime_stream_cat_add_source(GMIME_STREAM_CAT(stream.get()), crlf.get());
  }
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_persist_stream(parser.get(), TRUE);
  std::unique_ptr<GMimeParserOptions, ParserOptionsFree> options(g_mime_parser_options_new());
  std::optional<ParseProblem> problem;
  g_mime_parser_options_set_warning_callback(options.get(), on_warning, &problem);
  GObjectPtr<GMimeObject> entity(g_mime_parser_construct_part(parser.get(), options.get()));

  if (problem) {
    std::int64_t at = problem->offset - static_cast<std::int64_t>(header.size());
    if (at < 0) throw refuse(problem->message);
    // The part a problem is in: the one after the last boundary line before it.
    auto after = std::upper_bound(lines.begin(), lines.end(), static_cast<std::size_t>(at));
    std::string where = after == lines.begin()
                            ? "before the first boundary"
                            : part_label(static_cast<std::size_t>(after - lines.begin() - 1));
    throw refuse(problem->message + " (" + where + ", byte " + std::to_string(at) + ")");
  }
  if (entity == nullptr || !GMIME_IS_MULTIPART(entity.get())) {
    throw refuse("the body is not a well-formed multipart");
  }
  auto* multipart = GMIME_MULTIPART(entity.get());
  int count = g_mime_multipart_get_count(multipart);
  if (count <= 0) throw refuse("the body has no part");
  if (static_cast<std::size_t>(count) > kMostFormParts) {
    throw refuse("more than " + std::to_string(kMostFormParts) + " parts");
  }
  std::vector<FormPart> parts;
  for (int i = 0; i < count; ++i) {
    auto part =
        form_part(g_mime_multipart_get_part(multipart, i), static_cast<std::size_t>(i), reading);
    if (part) parts.push_back(std::move(*part));
  }
  return parts;
}

}  // namespace

bool is_form_body(std::string_view content_type) {
  try {
    auto type = parse_content_type(content_type);
    return is_type(type.get(), "multipart", "form-data") ||
           is_type(type.get(), "application", "x-www-form-urlencoded");
  } catch (const Refusal&) {
    return false;
  }
}

std::vector<FormPart> parse_form_body(std::string_view content_type, const SpooledBytes& body,
                                      LongText long_text) {
  auto type = parse_content_type(content_type);
  if (is_type(type.get(), "multipart", "form-data")) {
    return parse_multipart(type.get(), content_type, body, long_text);
  }
  if (is_type(type.get(), "application", "x-www-form-urlencoded")) {
    return parse_urlencoded(type.get(), body);
  }
  throw refuse("a form is sent as multipart/form-data or application/x-www-form-urlencoded, not '" +
               shown(content_type) + "'");
}

}  // namespace embargo::http
