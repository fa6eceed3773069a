#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::http {

// One field of a submitted form: a text value, or a file with the name the reporter's machine
// gave it.
struct FormPart {
  std::string name;       // the form field's name (valid UTF-8)
  std::string file_name;  // files only: the base name, without any directory the client sent
  bool is_file = false;
  std::string media_type;  // as the client declared it: informative only, never trusted
  std::string content;     // text fields: valid UTF-8; files: the bytes as sent
};

// The most parts (fields and files) a form body may have.
inline constexpr std::size_t kMostFormParts = 64;

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
// UTF-8 is refused with the field's name as the Refusal's field.
std::vector<FormPart> parse_form_body(std::string_view content_type, std::string_view body);

}  // namespace embargo::http
