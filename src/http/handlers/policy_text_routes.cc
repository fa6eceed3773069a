#include "http/handlers/policy_text_routes.h"

#include <vector>

#include "core/time.h"
#include "formats/security_md.h"
#include "formats/security_txt.h"
#include "http/etag.h"
#include "http/handlers/program_api.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

constexpr std::string_view kPlainText = "text/plain; charset=utf-8";
constexpr std::string_view kMarkdown = "text/markdown; charset=utf-8";
// Short, so that a changed policy (or the next day's Expires) reaches clients within minutes;
// revalidation with the ETag is cheap.
constexpr std::string_view kPublicCache = "public, max-age=300";

Response program_security_txt(const Request& request, const PathParams& params, store::Store& store,
                              const Site& site) {
  auto program = find_program_by_slug(store, params.get("slug"));
  if (!program) return unknown_program(request, params.get("slug"));
  return cacheable_response(request,
                            formats::program_security_txt(program->policy, site.public_url, now()),
                            kPlainText, kPublicCache);
}

Response instance_security_txt(const Request& request, store::Store& store, const Site& site) {
  std::vector<Policy> policies;
  for (auto& program : store.list_programs()) policies.push_back(std::move(program.policy));
  if (policies.empty()) {
    return error_response(request, bh::status::not_found, "no_programs",
                          "no disclosure program is published on this instance yet");
  }
  return cacheable_response(request,
                            formats::instance_security_txt(policies, site.public_url, now()),
                            kPlainText, kPublicCache);
}

Response security_md(const Request& request, const PathParams& params, store::Store& store,
                     const Site& site) {
  auto program = find_program_by_slug(store, params.get("slug"));
  if (!program) return unknown_program(request, params.get("slug"));
  return cacheable_response(request, formats::security_md(program->policy, site.public_url),
                            kMarkdown, kPublicCache);
}

}  // namespace

void add_policy_text_routes(Router& router, store::Store& store, const Site& site) {
  router.add(bh::verb::get, "/p/{slug}/security.txt",
             [&store, site](const Request& request, const PathParams& params) {
               return program_security_txt(request, params, store, site);
             });
  router.add(bh::verb::get, "/.well-known/security.txt", [&store, site](const Request& request) {
    return instance_security_txt(request, store, site);
  });
  router.add(bh::verb::get, "/p/{slug}/SECURITY.md",
             [&store, site](const Request& request, const PathParams& params) {
               return security_md(request, params, store, site);
             });
}

}  // namespace embargo::http
