#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <string>
#include <vector>

namespace embargo::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// Maps a method and an exact path to a handler. Pages and the API register here. HEAD is
// answered by the GET handler (the server drops the body); an unknown path gets 404, a known
// path asked with another method 405 with an Allow header.
class Router {
 public:
  using Handler = std::function<Response(const Request&)>;

  void add(boost::beast::http::verb method, std::string path, Handler handler);
  Response dispatch(const Request& request) const;

 private:
  struct Route {
    boost::beast::http::verb method;
    std::string path;
    Handler handler;
  };
  std::vector<Route> routes_;
};

// A JSON response with the given status and body text.
Response json_response(const Request& request, boost::beast::http::status status, std::string body);

// The JSON error shape of the API: {"error": {"code": ..., "message": ...}}.
Response error_response(const Request& request, boost::beast::http::status status,
                        const std::string& code, const std::string& message);

// The headers DESIGN.md requires on every response (CSP, nosniff, frame-ancestors,
// Referrer-Policy, no caching of private data by default).
void add_security_headers(Response& response);

}  // namespace embargo::http
