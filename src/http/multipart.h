#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/spooled_bytes.h"

namespace embargo::http {

// One field of a submitted form: a text value, or a file with the name the reporter's machine
// gave it.
struct FormPart {
  std::string name;       // the form field's name (valid UTF-8)
  std::string file_name;  // files only: the base name, without any directory the client sent
  bool is_file = false;
  std::string media_type;  // as the client declared it: informative only, never trusted
  std::string content;     // text fields: valid UTF-8 (empty for files)
  SpooledBytes file;       // files: the bytes as sent, in a temporary file when large
  bool cut = false;        // LongText::cut: the field was longer; content is its start
};

// What parse_form_body does with a text field over kLongestFieldKept: read it whole (within
// kMostFormTextBytes in all), or keep its start and mark it cut, for a form whose fields are all
// shorter and that shows the problem beside the field with everything else as typed.
enum class LongText { refuse, cut };
inline constexpr std::size_t kLongestFieldKept = std::size_t{128} * 1024;

// The most parts (fields and files) a form body may have.
inline constexpr std::size_t kMostFormParts = 64;

// The most bytes a form's text fields may hold together: text is read into memory, and a
// report's longest fields fit many times over. Files are not counted.
inline constexpr std::uint64_t kMostFormTextBytes = std::uint64_t{1024} * 1024;

// Whether a request's Content-Type names a form body parse_form_body reads:
// multipart/form-data or application/x-www-form-urlencoded. A handler answers 415 otherwise.
bool is_form_body(std::string_view content_type);

// Reads a form body sent with the given Content-Type header value into its parts, in order
// (a field given twice, like several files for one input, is two parts).
//
// multipart/form-data (RFC 7578) is parsed by GMime; lines must end in CRLF as HTTP sends them.
// A file input left empty (no file name and no content, as browsers send it) is left out.
// application/x-www-form-urlencoded is read by Boost.URL ('+' is a space); its parts are
// fields. Throws Refusal (field "body") saying what is wrong and where (which part): not a form
// type, a missing or invalid boundary, a body without its closing boundary, a part without a
// Content-Disposition form-data name, a nested multipart or message, more than kMostFormParts
// parts, a file name with control characters or not UTF-8. A text field that is not valid
// UTF-8 is refused with the field's name as the Refusal's field; so are text fields over
// kMostFormTextBytes in all, and an urlencoded body spooled to a file (body_text).
//
// A body in memory is read where it is; a spooled one from its file, and then its files larger
// than 64 KiB go to temporary files of their own beside it: memory holds the text and small
// files, never a large upload.
std::vector<FormPart> parse_form_body(std::string_view content_type, const SpooledBytes& body,
                                      LongText long_text = LongText::refuse);

}  // namespace embargo::http
