#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "core/report.h"
#include "http/router.h"

namespace embargo::http {

// What a write to the API that may carry files sends: its JSON object and the files.
struct ApiBody {
  boost::json::object object;
  std::vector<Upload> uploads;  // in the order they came; empty for a JSON body
};

// Reads the body of such a write: application/json (the object alone), or multipart/form-data
// with the object as the text of the part named `object_part` and each file in a part named
// "attachments". A file's type is decided from its name and its bytes (core/upload_type.h),
// never from the Content-Type the client declared. Returns nullopt when the request's
// Content-Type is neither (the route answers 415). Throws Refusal: field "body" when the body
// cannot be read, has another part, or lacks the object part, has it twice or not as one JSON
// object (saying that `expected` was); field "attachments" for a file that is not what its name
// says.
std::optional<ApiBody> read_api_body(const Request& request, std::string_view object_part,
                                     std::string_view expected);

}  // namespace embargo::http
