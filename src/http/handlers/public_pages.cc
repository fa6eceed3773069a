#include "http/handlers/public_pages.h"

#include <string>
#include <string_view>

#include "http/etag.h"
#include "http/handlers/page_data.h"
#include "http/templates.h"
#include "http/web_files.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

constexpr std::string_view kHtml = "text/html; charset=utf-8";
// Pages may be kept by browsers and proxies but are checked on every use (a policy can change
// at any time); the ETag makes the check cheap.
constexpr std::string_view kPageCache = "public, no-cache";
// Pages link static files with a digest of their bytes in the query, so a year is safe.
constexpr std::string_view kStaticCache = "public, max-age=31536000, immutable";

Response html_page(const Request& request, const std::string& template_name,
                   const TemplateData& data) {
  return cacheable_response(request, Templates::embedded().render(template_name, data), kHtml,
                            kPageCache);
}

Response not_found_page(const Request& request, const Site& site) {
  Response response{bh::status::not_found, request.version()};
  response.set(bh::field::content_type, kHtml);
  response.body() = Templates::embedded().render("not_found", not_found_page_data(site));
  response.keep_alive(request.keep_alive());
  return response;
}

// The slug grammar of policy files; anything else names no program and is not looked up.
bool is_slug(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) return false;
  }
  return true;
}

std::string_view content_type_of(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".ico")) return "image/x-icon";
  if (name.ends_with(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

void add_public_pages(Router& router, store::Store& store, const Site& site) {
  router.add(bh::verb::get, "/", [&store, site](const Request& request) {
    std::vector<Policy> policies;
    for (auto& program : store.list_programs()) policies.push_back(std::move(program.policy));
    return html_page(request, "index", index_page_data(policies, site));
  });

  router.add(bh::verb::get, "/p/{slug}",
             [&store, site](const Request& request, const PathParams& params) {
               std::string_view slug = params.get("slug");
               if (!is_slug(slug)) return not_found_page(request, site);
               auto program = store.find_program(std::string(slug));
               if (!program) return not_found_page(request, site);
               return html_page(request, "program", program_page_data(program->policy, site));
             });

  router.add(bh::verb::get, "/static/{file}",
             [site](const Request& request, const PathParams& params) {
               std::string path = "static/" + std::string(params.get("file"));
               const WebFile* file = find_web_file(path);
               if (file == nullptr) return not_found_page(request, site);
               return cacheable_response(request, std::string(file->content),
                                         content_type_of(file->path), kStaticCache);
             });
}

}  // namespace embargo::http
