#include "http/router.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "http/media_types.h"
#include "http/refusal_status.h"

namespace embargo::http {

namespace beast_http = boost::beast::http;

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  std::size_t start = 1;
  while (true) {
    std::size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos) return segments;
    start = slash + 1;
  }
}

// The path of a request target, split: the query string is not part of what routes match.
std::vector<std::string_view> target_path(std::string_view target) {
  return split_path(target.substr(0, target.find('?')));
}

std::vector<std::string> pattern_segments(std::string_view pattern) {
  std::vector<std::string> segments;
  for (std::string_view segment : split_path(pattern)) segments.emplace_back(segment);
  return segments;
}

bool is_capture(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Whether `path` fits `pattern`; fills `params` with the captured segments when it does.
bool match(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path,
           PathParams& params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_capture(pattern[i])) {
      if (path[i].empty()) return false;
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_capture(pattern[i])) {
      std::string_view name(pattern[i]);
      params.set(name.substr(1, name.size() - 2), path[i]);
    }
  }
  return true;
}

}  // namespace

std::string_view PathParams::get(std::string_view name) const {
  for (const auto& [key, value] : values_) {
    if (key == name) return value;
  }
  return {};
}

void Router::add(beast_http::verb method, std::string_view pattern, Handler handler) {
  add(method, pattern,
      ParamHandler([handler = std::move(handler)](const Request& request, const PathParams&) {
        return handler(request);
      }));
}

void Router::add(beast_http::verb method, std::string_view pattern, ParamHandler handler) {
  routes_.push_back({method, pattern_segments(pattern), std::move(handler)});
}

void Router::limit_rate(beast_http::verb method, std::string_view pattern, RateLimit limit,
                        RateRefusal refusal) {
  limits_.push_back({method, pattern_segments(pattern), std::make_unique<RateLimiter>(limit),
                     std::move(refusal)});
}

void Router::limit_body(beast_http::verb method, std::string_view pattern, BodyLimit limit) {
  body_limits_.push_back({method, pattern_segments(pattern), std::move(limit)});
}

std::uint64_t Router::body_limit(beast_http::verb method, std::string_view target) const {
  std::vector<std::string_view> path = target_path(target);
  for (const auto& rule : body_limits_) {
    PathParams params;
    if (rule.method == method && match(rule.segments, path, params)) return rule.limit(params);
  }
  return kDefaultBodyLimit;
}

bool asks_for_a_page(const Request& request) {
  return !request.target().starts_with("/api/") &&
         request[beast_http::field::accept].find("text/html") != std::string_view::npos;
}

Response Router::refusal(const Request& request, beast_http::status status, const std::string& code,
                         const std::string& message) const {
  if (refusal_page_ && asks_for_a_page(request)) return refusal_page_(request, status, message);
  return error_response(request, status, code, message);
}

Response Router::dispatch(const Request& request, std::string_view client) const {
  std::vector<std::string_view> path = target_path(request.target());
  for (const auto& limit : limits_) {
    PathParams ignored;
    if (limit.method != request.method() || !match(limit.segments, path, ignored)) continue;
    std::chrono::seconds retry_after{0};
    if (!limit.limiter->allow(client, RateLimiter::Clock::now(), &retry_after)) {
      Response response =
          limit.refusal
              ? limit.refusal(request, retry_after)
              : error_response(request, beast_http::status::too_many_requests, "rate_limited",
                               "too many requests from your address; try again in " +
                                   std::to_string(retry_after.count()) + " seconds");
      response.set(beast_http::field::retry_after, std::to_string(retry_after.count()));
      return response;
    }
  }
  std::string allowed;
  for (const auto& route : routes_) {
    PathParams params;
    if (!match(route.segments, path, params)) continue;
    params.set_client(client);
    if (route.method == request.method() ||
        (request.method() == beast_http::verb::head && route.method == beast_http::verb::get)) {
      try {
        return route.handler(request, params);
      } catch (const Refusal& r) {
        return refusal(request, status_of(r), std::string(code_of(r)), r.what());
      }
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

std::vector<std::pair<beast_http::verb, std::string>> Router::routes() const {
  std::vector<std::pair<beast_http::verb, std::string>> out;
  for (const auto& route : routes_) {
    std::string pattern;
    for (const auto& segment : route.segments) pattern += "/" + segment;
    out.emplace_back(route.method, pattern);
  }
  return out;
}

Response json_response(const Request& request, beast_http::status status, std::string body) {
  Response response{status, request.version()};
  response.set(beast_http::field::content_type, kJsonContentType);
  response.body() = std::move(body);
  response.keep_alive(request.keep_alive());
  return response;
}

Response error_response(const Request& request, beast_http::status status, const std::string& code,
                        const std::string& message) {
  boost::json::value body = {{"error", {{"code", code}, {"message", message}}}};
  return json_response(request, status, boost::json::serialize(body));
}

Response field_error(const Request& request, beast_http::status status, const std::string& code,
                     const std::string& field, const std::string& message) {
  boost::json::object error{{"code", code}, {"message", message}};
  if (!field.empty()) error["fields"] = boost::json::object{{field, message}};
  return json_response(request, status,
                       boost::json::serialize(boost::json::object{{"error", error}}));
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
