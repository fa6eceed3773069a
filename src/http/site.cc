#include "http/site.h"

#include <boost/url/parse.hpp>

#include "core/error.h"

namespace embargo::http {

Site make_site(const std::string& public_url) {
  auto parsed = boost::urls::parse_absolute_uri(public_url);
  if (!parsed) {
    throw invalid("public-url", "'" + public_url + "' is not an absolute URL");
  }
  const auto& url = *parsed;
  if (url.scheme() != "https" && url.scheme() != "http") {
    throw invalid("public-url", "the public URL must start with https:// or http://");
  }
  if (url.host().empty()) throw invalid("public-url", "the public URL has no host");
  if (url.has_query() || url.has_fragment() || url.has_userinfo()) {
    throw invalid("public-url", "the public URL must not have a query, fragment or user");
  }
  std::string normalised(url.buffer());
  while (!normalised.empty() && normalised.back() == '/') normalised.pop_back();
  std::string path(url.encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();
  return Site{normalised, path};
}

}  // namespace embargo::http
