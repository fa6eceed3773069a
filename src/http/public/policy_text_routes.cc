#include "http/public/policy_text_routes.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/time.h"
#include "formats/security_md.h"
#include "formats/security_txt.h"
#include "http/media_types.h"
#include "http/page_cache.h"
#include "http/program_key_pairs.h"
#include "http/program_lookup.h"
#include "mail/pgp.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

constexpr std::string_view kMarkdown = "text/markdown; charset=utf-8";
// Short, so that a changed policy (or the next day's Expires) reaches clients within minutes;
// revalidation with the ETag is cheap.
constexpr std::string_view kPublicCache = "public, max-age=300";

// One of a program's plain-text renderings: its name in cache keys, its content type, whether
// its bytes change at midnight UTC (security.txt's Expires), whether it is signed with the
// program's own key when Embargo holds one (RFC 9116 section 2.3), and how it is made.
struct ProgramText {
  std::string_view name;
  std::string_view content_type;
  bool daily;
  bool signed_with_key;
  std::string (*render)(const Policy& policy, const Site& site, Time at, bool own_key);
};

constexpr ProgramText kSecurityTxt{
    "security.txt", kPlainTextContentType, true, true,
    [](const Policy& policy, const Site& site, Time at, bool own_key) {
      return formats::program_security_txt(policy, site.public_url, at, own_key);
    }};
constexpr ProgramText kSecurityMd{"SECURITY.md", kMarkdown, false, false,
                                  [](const Policy& policy, const Site& site, Time, bool) {
                                    return formats::security_md(policy, site.public_url);
                                  }};

// Where a program's text is signed: this server's GnuPG home, and the store with the instance
// key, from which a key pair made on another server comes (http/program_key_pairs.h).
struct Signing {
  std::filesystem::path gnupg_home;
  const auth::SecretBox& box;
};

// A cleartext signature of the text by the program's key (a keyring per call: GPGME contexts
// are not shared between threads; the cache keeps the result for the day).
std::string clearsigned(const std::string& text, const store::OpenPgpKey& key, store::Store& store,
                        const Signing& signing) {
  mail::Keyring keyring(signing.gnupg_home);
  share_program_keys(store.mail(), keyring, signing.box);
  return keyring.clearsign(text, key.fingerprint);
}

// One program's rendering from the cache, made again when the program's revision changes (and,
// for daily ones, the UTC day).
Response program_text(const Request& request, std::string_view slug, const ProgramText& text,
                      store::Store& store, const Site& site, const Signing& signing,
                      PageCache& cache) {
  auto revision = find_program_revision(store, slug);
  if (!revision) return unknown_program(request, slug);
  Time at = store.time().now();
  std::string version = revision_version(*revision);
  if (text.daily) version = daily_version(std::move(version), at);
  std::optional<store::OpenPgpKey> key;
  if (text.signed_with_key) key = store.mail().program_key(std::string(slug));
  if (key) version += ":" + key->fingerprint;
  auto render = [&]() -> std::optional<std::string> {
    auto program = find_program_by_slug(store, slug);
    if (!program) return std::nullopt;
    std::string body = text.render(program->policy, site, at, key.has_value());
    return key ? clearsigned(body, *key, store, signing) : body;
  };
  auto page = cache.find_or_render(std::string(text.name) + ":" + std::string(slug),
                                   std::move(version), text.content_type, render);
  if (!page) return unknown_program(request, slug);
  return cached_response(request, *page, kPublicCache);
}

Response no_programs(const Request& request) {
  return error_response(request, bh::status::not_found, "no_programs",
                        "no disclosure program is published on this instance yet");
}

// The instance's file names each program's own key; with one program that has a key, it is
// that program's file and signed like it.
Response instance_security_txt(const Request& request, store::Store& store, const Site& site,
                               const Signing& signing, PageCache& cache) {
  auto revisions = store.program_revisions();
  if (revisions.empty()) return no_programs(request);
  Time at = store.time().now();
  std::set<std::string> keyed;
  std::string version = daily_version(revisions_version(revisions), at);
  std::optional<store::OpenPgpKey> only_key;
  for (const auto& revision : revisions) {
    if (auto key = store.mail().program_key(revision.slug)) {
      keyed.insert(revision.slug);
      version += ":" + key->fingerprint;
      if (revisions.size() == 1) only_key = key;
    }
  }
  auto render = [&]() -> std::optional<std::string> {
    std::vector<Policy> policies;
    for (auto& program : store.list_programs()) policies.push_back(std::move(program.policy));
    if (policies.empty()) return std::nullopt;
    std::string body = formats::instance_security_txt(policies, site.public_url, at, keyed);
    return only_key ? clearsigned(body, *only_key, store, signing) : body;
  };
  auto page =
      cache.find_or_render("well-known-security.txt", version, kPlainTextContentType, render);
  if (!page) return no_programs(request);
  return cached_response(request, *page, kPublicCache);
}

}  // namespace

void add_policy_text_routes(Router& router, store::Store& store, const Site& site,
                            const std::filesystem::path& gnupg_home, const auth::SecretBox& box) {
  auto cache = std::make_shared<PageCache>();
  auto signing = std::make_shared<Signing>(Signing{gnupg_home, box});
  router.add(bh::verb::get, "/p/{slug}/security.txt",
             [&store, site, signing, cache](const Request& request, const PathParams& params) {
               return program_text(request, params.get("slug"), kSecurityTxt, store, site, *signing,
                                   *cache);
             });
  router.add(bh::verb::get, "/.well-known/security.txt",
             [&store, site, signing, cache](const Request& request) {
               return instance_security_txt(request, store, site, *signing, *cache);
             });
  router.add(bh::verb::get, "/p/{slug}/SECURITY.md",
             [&store, site, signing, cache](const Request& request, const PathParams& params) {
               return program_text(request, params.get("slug"), kSecurityMd, store, site, *signing,
                                   *cache);
             });
}

}  // namespace embargo::http
