#include "http/scoring_api.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "formats/cvss_json.h"
#include "formats/cwe_json.h"
#include "scoring/cvss.h"
#include "scoring/cwe.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// Answers depend only on the query and the binary's built-in tables.
constexpr const char* kPublicCache = "public, max-age=3600";

constexpr int kDefaultCweLimit = 20;
constexpr int kMaxCweLimit = 200;

// A query string refused before the endpoint looks at it (always a 400): the API error's code
// and message.
struct Refused {
  std::string code;
  std::string message;
};

// The percent-decoded parameters of the query string, read by Boost.URL. Each parameter may
// appear at most once and must be one the endpoint knows; empty pieces ("?", "&&") are skipped.
class QueryParams {
 public:
  static std::variant<QueryParams, Refused> parse(const Request& request,
                                                  std::initializer_list<std::string_view> known) {
    auto url = boost::urls::parse_origin_form(request.target());
    if (!url) {
      return Refused{
          "malformed_query",
          "the request target is not a valid path and query string: " + url.error().message()};
    }
    QueryParams out;
    for (const auto& param : url->params()) {
      if (param.key.empty() && !param.has_value) continue;  // "?" alone, or "&&"
      if (std::find(known.begin(), known.end(), param.key) == known.end()) {
        return Refused{"unknown_parameter",
                       "unknown query parameter '" + formats::utf8_or_escaped(param.key) + "'"};
      }
      for (const auto& seen : out.params_) {
        if (seen.first == param.key) {
          return Refused{"repeated_parameter",
                         "the query parameter '" + param.key + "' is given more than once"};
        }
      }
      out.params_.emplace_back(param.key, param.value);
    }
    return out;
  }

  const std::string* find(std::string_view key) const {
    for (const auto& p : params_) {
      if (p.first == key) return &p.second;
    }
    return nullptr;
  }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

Response refuse(const Request& request, const Refused& r) {
  return error_response(request, bh::status::bad_request, r.code, r.message);
}

Response missing(const Request& request, std::string_view name) {
  return error_response(request, bh::status::bad_request, "missing_parameter",
                        "the query parameter '" + std::string(name) + "' is required");
}

Response public_json(const Request& request, std::string body) {
  Response response = json_response(request, bh::status::ok, std::move(body));
  response.set(bh::field::cache_control, kPublicCache);
  return response;
}

Response cvss(const Request& request) {
  auto query = QueryParams::parse(request, {"vector"});
  if (const auto* r = std::get_if<Refused>(&query)) return refuse(request, *r);
  const std::string* vector = std::get<QueryParams>(query).find("vector");
  if (vector == nullptr) return missing(request, "vector");
  auto result = scoring::assess_cvss(*vector);
  if (result.index() != 0) {
    return json_response(request, bh::status::bad_request, formats::cvss_to_json(*vector, result));
  }
  return public_json(request, formats::cvss_to_json(*vector, result));
}

// "limit" when given: a whole number from 1 to kMaxCweLimit.
std::optional<int> parse_limit(const std::string* text) {
  if (text == nullptr) return kDefaultCweLimit;
  int limit = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, limit);
  if (ec != std::errc() || ptr != end || limit < 1 || limit > kMaxCweLimit) return std::nullopt;
  return limit;
}

// A query meant as an id ("79", "CWE-79") that parse_cwe_id refused, rather than words.
bool looks_like_id(std::string_view q) {
  if (q.empty()) return false;
  if (std::isdigit(static_cast<unsigned char>(q[0]))) return true;
  return q.size() >= 4 && (q.substr(0, 4) == "CWE-" || q.substr(0, 4) == "cwe-");
}

Response cwe_by_id(const Request& request, int id) {
  const scoring::CweEntry* entry = scoring::find_cwe(id);
  std::vector<std::string> warnings = scoring::check_cwe(id);
  if (entry == nullptr) {
    return error_response(request, bh::status::not_found, "unknown_cwe",
                          warnings.empty() ? "no such CWE id" : warnings.front());
  }
  boost::json::array list;
  for (auto& w : warnings) list.emplace_back(std::move(w));
  boost::json::object body{{"results", boost::json::array{formats::cwe_entry_to_json(*entry)}},
                           {"warnings", std::move(list)}};
  return public_json(request, boost::json::serialize(body));
}

Response cwe(const Request& request) {
  auto query = QueryParams::parse(request, {"q", "limit"});
  if (const auto* r = std::get_if<Refused>(&query)) return refuse(request, *r);
  const auto& params = std::get<QueryParams>(query);
  const std::string* q = params.find("q");
  if (q == nullptr) return missing(request, "q");
  auto limit = parse_limit(params.find("limit"));
  if (!limit) {
    return error_response(request, bh::status::bad_request, "invalid_parameter",
                          "limit must be a whole number from 1 to " + std::to_string(kMaxCweLimit));
  }
  std::string error;
  if (auto id = scoring::parse_cwe_id(*q, &error)) return cwe_by_id(request, *id);
  if (looks_like_id(*q)) {
    return error_response(request, bh::status::bad_request, "invalid_cwe_id",
                          formats::utf8_or_escaped(error));
  }
  if (q->find_first_not_of(" \t") == std::string::npos) {
    return error_response(request, bh::status::bad_request, "invalid_parameter",
                          "q must be a CWE id or words to search for");
  }
  boost::json::array results;
  for (const auto* e : scoring::search_cwe(*q, static_cast<std::size_t>(*limit))) {
    results.push_back(formats::cwe_entry_to_json(*e));
  }
  return public_json(request, boost::json::serialize(boost::json::object{{"results", results}}));
}

}  // namespace

void add_scoring_routes(Router& router) {
  router.add(bh::verb::get, "/api/v1/cvss", cvss);
  router.add(bh::verb::get, "/api/v1/cwe", cwe);
}

}  // namespace embargo::http
