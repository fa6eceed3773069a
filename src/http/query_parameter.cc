#include "http/query_parameter.h"

#include <boost/url.hpp>

namespace embargo::http {

std::optional<std::string> query_parameter(std::string_view target, std::string_view name) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  auto it = url->params().find(name);
  if (it == url->params().end()) return std::nullopt;
  return std::string((*it).value);
}

}  // namespace embargo::http
