#include "http/program_lookup.h"

#include <string>

#include "core/policy.h"

namespace embargo::http {

namespace bh = boost::beast::http;

std::optional<store::Program> find_program_by_slug(store::Store& store, std::string_view slug) {
  if (!is_program_slug(slug)) return std::nullopt;
  return store.find_program(std::string(slug));
}

std::optional<std::int64_t> find_program_revision(store::Store& store, std::string_view slug) {
  if (!is_program_slug(slug)) return std::nullopt;
  return store.program_revision(std::string(slug));
}

Response unknown_program(const Request& request, std::string_view slug) {
  std::string message = is_program_slug(slug) ? "there is no program '" + std::string(slug) + "'"
                                              : "there is no program with this name";
  return error_response(request, bh::status::not_found, "unknown_program", message);
}

}  // namespace embargo::http
