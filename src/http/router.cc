#include "http/router.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace embargo::http {

namespace beast_http = boost::beast::http;

void Router::add(beast_http::verb method, std::string path, Handler handler) {
  routes_.push_back({method, std::move(path), std::move(handler)});
}

Response Router::dispatch(const Request& request) const {
  std::string_view target = request.target();
  std::string_view path = target.substr(0, target.find('?'));
  std::string allowed;
  for (const auto& route : routes_) {
    if (route.path != path) continue;
    if (route.method == request.method() ||
        (request.method() == beast_http::verb::head && route.method == beast_http::verb::get)) {
      return route.handler(request);
    }
    if (!allowed.empty()) allowed += ", ";
    allowed += beast_http::to_string(route.method);
    if (route.method == beast_http::verb::get) allowed += ", HEAD";
  }
  if (!allowed.empty()) {
    Response response =
        error_response(request, beast_http::status::method_not_allowed, "method_not_allowed",
                       "this path does not accept " + std::string(request.method_string()));
    response.set(beast_http::field::allow, allowed);
    return response;
  }
  return error_response(request, beast_http::status::not_found, "not_found",
                        "no such page or endpoint");
}

Response json_response(const Request& request, beast_http::status status, std::string body) {
  Response response{status, request.version()};
  response.set(beast_http::field::content_type, "application/json");
  response.body() = std::move(body);
  response.keep_alive(request.keep_alive());
  return response;
}

Response error_response(const Request& request, beast_http::status status, const std::string& code,
                        const std::string& message) {
  boost::json::value body = {{"error", {{"code", code}, {"message", message}}}};
  return json_response(request, status, boost::json::serialize(body));
}

void add_security_headers(Response& response) {
  response.set("Content-Security-Policy",
               "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
  if (response.find(beast_http::field::cache_control) == response.end()) {
    response.set(beast_http::field::cache_control, "no-store");
  }
}

}  // namespace embargo::http
