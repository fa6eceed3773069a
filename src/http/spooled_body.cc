#include "http/spooled_body.h"

#include <string>

#include "core/error.h"

namespace embargo::http {

std::string_view body_text(const SpooledBytes& body, std::string_view kind) {
  if (body.spooled()) {
    throw invalid("body", "a " + std::string(kind) + " body is at most " +
                              std::to_string(kSpoolAbove / 1024) +
                              " KiB; send files as parts of a multipart/form-data body");
  }
  return body.memory();
}

}  // namespace embargo::http
