#pragma once

#include <boost/beast/http/message.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/rate_limit.h"
#include "http/spooled_body.h"

namespace embargo::http {

// A request as handlers see it: its body in memory, or spooled to a file when large.
using Request = boost::beast::http::request<SpooledBody>;
// An answer as handlers make it: text in memory, or a stored file sent a piece at a time.
using Response = boost::beast::http::response<SpooledBody>;

// The values of a route's `{name}` segments for one request, as they appear in the path (not
// percent-decoded: the identifiers routes capture, slugs and tokens, are URL-safe, and a handler
// validates what it captures), and the address of the client that sent it.
class PathParams {
 public:
  // The captured segment, or an empty view when the route has no such name.
  std::string_view get(std::string_view name) const;
  void set(std::string_view name, std::string_view value) { values_.emplace_back(name, value); }

  // The peer's address as the server saw it (never a header the client sets); empty in tests
  // that dispatch without one.
  std::string_view client() const { return client_; }
  void set_client(std::string_view client) { client_ = client; }

 private:
  std::vector<std::pair<std::string_view, std::string_view>> values_;
  std::string_view client_;
};

// The largest request body a route takes unless it registers its own limit (Router::limit_body).
inline constexpr std::uint64_t kDefaultBodyLimit = std::uint64_t{1024} * 1024;

// Whether a person's browser asked: a request outside /api/ that accepts text/html. A refusal
// reaches it as a page; the API and every tool get the JSON error.
bool asks_for_a_page(const Request& request);

// Maps a method and a path pattern to a handler. Pages and the API register here. A pattern is
// an exact path ("/healthz") or has whole segments captured by name ("/p/{slug}/security.txt",
// a capture matches one non-empty segment). HEAD is answered by the GET handler (the server
// drops the body); an unknown path gets 404, a known path asked with another method 405 with
// an Allow header.
class Router {
 public:
  using Handler = std::function<Response(const Request&)>;
  using ParamHandler = std::function<Response(const Request&, const PathParams&)>;
  using BodyLimit = std::function<std::uint64_t(const PathParams&)>;

  void add(boost::beast::http::verb method, std::string_view pattern, Handler handler);
  void add(boost::beast::http::verb method, std::string_view pattern, ParamHandler handler);

  // What a request over its rate limit is told, given how long until it may try again.
  using RateRefusal = std::function<Response(const Request&, std::chrono::seconds retry_after)>;

  // Requests matching method and pattern are limited per client address (report submissions):
  // over the limit they get 429 with Retry-After, and the handler is not called. The body is
  // `refusal`'s (a page for a browser's form), or else the API's JSON error.
  void limit_rate(boost::beast::http::verb method, std::string_view pattern, RateLimit limit,
                  RateRefusal refusal = nullptr);

  // Requests matching method and pattern may carry a body of up to what `limit` answers for
  // their path's captures (a report with attachments: the program's policy decides); every
  // other request keeps kDefaultBodyLimit. The first registration matching a request wins.
  void limit_body(boost::beast::http::verb method, std::string_view pattern, BodyLimit limit);

  // The body limit for a request, from its method and target alone: the server asks once it
  // has read the header, before reading any of the body. May call a limit function that reads
  // the store, so not on an I/O thread.
  std::uint64_t body_limit(boost::beast::http::verb method, std::string_view target) const;

  // How a refusal reaches a person: a page for a browser (a request outside /api/ that accepts
  // text/html; set by the site), else the API's JSON error. Used for a Refusal a handler lets
  // escape (status by its kind, never a 500) and for a body too large to read.
  using RefusalPage = std::function<Response(const Request&, boost::beast::http::status,
                                             const std::string& message)>;
  void set_refusal_page(RefusalPage page) { refusal_page_ = std::move(page); }
  Response refusal(const Request& request, boost::beast::http::status status,
                   const std::string& code, const std::string& message) const;

  // `client` is the peer's address as the server saw it (never a header the client sets).
  Response dispatch(const Request& request, std::string_view client = {}) const;

  // Every registered (method, pattern) pair, in registration order: what the API's OpenAPI
  // document is checked against.
  std::vector<std::pair<boost::beast::http::verb, std::string>> routes() const;

 private:
  struct Route {
    boost::beast::http::verb method;
    std::vector<std::string> segments;  // "{name}" captures
    ParamHandler handler;
  };
  std::vector<Route> routes_;
  struct Limit {
    boost::beast::http::verb method;
    std::vector<std::string> segments;
    std::unique_ptr<RateLimiter> limiter;
    RateRefusal refusal;
  };
  std::vector<Limit> limits_;
  struct BodyRule {
    boost::beast::http::verb method;
    std::vector<std::string> segments;
    BodyLimit limit;
  };
  std::vector<BodyRule> body_limits_;
  RefusalPage refusal_page_;
};

// A JSON response with the given status and body text.
Response json_response(const Request& request, boost::beast::http::status status, std::string body);

// The JSON error shape of the API: {"error": {"code": ..., "message": ...}}.
Response error_response(const Request& request, boost::beast::http::status status,
                        const std::string& code, const std::string& message);

// The same with the field at fault beside the message, as a form shows it:
// {"error": {"code": ..., "message": ..., "fields": {FIELD: message}}} (no "fields" when FIELD
// is empty).
Response field_error(const Request& request, boost::beast::http::status status,
                     const std::string& code, const std::string& field, const std::string& message);

// The headers docs/design.md requires on every response (CSP, nosniff, frame-ancestors,
// Referrer-Policy, no caching of private data by default).
void add_security_headers(Response& response);

}  // namespace embargo::http
