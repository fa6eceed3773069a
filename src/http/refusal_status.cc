#include "http/refusal_status.h"

namespace embargo::http {

namespace bh = boost::beast::http;

bh::status status_of(const Refusal& refusal) {
  switch (refusal.kind()) {
    case Refusal::Kind::conflict:
      return bh::status::conflict;
    case Refusal::Kind::not_found:
      return bh::status::not_found;
    case Refusal::Kind::forbidden:
      return bh::status::forbidden;
    case Refusal::Kind::invalid:
      break;
  }
  return bh::status::unprocessable_entity;
}

std::string_view code_of(const Refusal& refusal) {
  switch (refusal.kind()) {
    case Refusal::Kind::conflict:
      return "conflict";
    case Refusal::Kind::not_found:
      return "not_found";
    case Refusal::Kind::forbidden:
      return "forbidden";
    case Refusal::Kind::invalid:
      break;
  }
  return "invalid_request";
}

}  // namespace embargo::http
