#include "http/handlers/program_api.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <string>

#include "formats/policy_json.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// What a policy file accepts as a slug: 1 to 40 lower-case letters, digits and '-'.
bool is_slug(std::string_view text) {
  constexpr std::size_t kMaxSlug = 40;
  return !text.empty() && text.size() <= kMaxSlug && text.front() != '-' &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

Response list(const Request& request, store::Store& store) {
  boost::json::array programs;
  for (const auto& program : store.list_programs()) {
    programs.push_back(formats::program_summary_to_json(program.policy));
  }
  return json_response(request, bh::status::ok,
                       boost::json::serialize(boost::json::object{{"programs", programs}}));
}

Response show(const Request& request, const PathParams& params, store::Store& store) {
  auto program = find_program_by_slug(store, params.get("slug"));
  if (!program) return unknown_program(request, params.get("slug"));
  return json_response(request, bh::status::ok,
                       boost::json::serialize(formats::policy_to_json(program->policy)));
}

}  // namespace

std::optional<store::Program> find_program_by_slug(store::Store& store, std::string_view slug) {
  if (!is_slug(slug)) return std::nullopt;
  return store.find_program(std::string(slug));
}

Response unknown_program(const Request& request, std::string_view slug) {
  std::string message = is_slug(slug) ? "there is no program '" + std::string(slug) + "'"
                                      : "there is no program with this name";
  return error_response(request, bh::status::not_found, "unknown_program", message);
}

void add_program_routes(Router& router, store::Store& store) {
  router.add(bh::verb::get, "/api/v1/programs",
             [&store](const Request& request) { return list(request, store); });
  router.add(bh::verb::get, "/api/v1/programs/{slug}",
             [&store](const Request& request, const PathParams& params) {
               return show(request, params, store);
             });
}

}  // namespace embargo::http
