#include "http/api_body.h"

#include <cctype>
#include <string>

#include "core/error.h"
#include "core/text.h"
#include "http/form_upload.h"
#include "http/json_body.h"
#include "http/multipart.h"

namespace embargo::http {

namespace bh = boost::beast::http;

std::optional<ApiBody> read_api_body(const Request& request, std::string_view object_part,
                                     std::string_view expected) {
  std::string_view content_type = request[bh::field::content_type];
  if (is_json(content_type)) {
    return ApiBody{json_object_body(body_text(request.body(), "JSON"), expected), {}};
  }
  // Media types are case-insensitive (RFC 9110 8.3.1); urlencoded bodies carry no files.
  std::string lowered = ascii_lower(content_type.substr(0, 20));
  if (!is_form_body(content_type) || !lowered.starts_with("multipart/")) return std::nullopt;
  std::vector<FormPart> parts;
  try {
    parts = parse_form_body(content_type, request.body());
  } catch (const Refusal& r) {
    // A part that is not UTF-8 is named by the parser; for the API it is the body at fault.
    throw invalid("body", r.what());
  }
  ApiBody body;
  std::optional<std::string> object_text;
  for (auto& part : parts) {
    if (part.is_file && part.name == "attachments") {
      body.uploads.push_back(form_upload(part));
    } else if (!part.is_file && part.name == object_part) {
      if (object_text) {
        throw invalid("body", "the part '" + std::string(object_part) + "' is sent twice");
      }
      object_text = std::move(part.content);
    } else {
      throw invalid("body", "unknown part '" + part.name + "': send the " +
                                std::string(object_part) + " as the JSON text of the part '" +
                                std::string(object_part) +
                                "' and each file in a part 'attachments'");
    }
  }
  if (!object_text) {
    throw invalid("body", "no part '" + std::string(object_part) + "': send " +
                              std::string(expected) + " as its text");
  }
  body.object = json_object_body(*object_text, expected);
  return body;
}

}  // namespace embargo::http
