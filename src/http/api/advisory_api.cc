#include "http/api/advisory_api.h"

#include <boost/json.hpp>

#include "core/advisory_json.h"
#include "core/error.h"
#include "formats/advisory_markdown.h"
#include "formats/advisory_team_json.h"
#include "formats/cve_record.h"
#include "formats/ghsa_body.h"
#include "formats/markdown.h"
#include "formats/osv_json.h"
#include "http/authorize.h"
#include "http/desk_routes.h"
#include "http/json_body.h"
#include "http/public/advisory_page_data.h"
#include "http/public/csaf_pages.h"
#include "http/query_parameter.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;
namespace json = boost::json;

// The advisory the path names, if the caller may do `permission` to its program: one the caller
// may not read answers exactly like one that does not exist.
Advisory advisory_for(store::Store& store, const Caller& caller, const PathParams& params,
                      Permission permission) {
  auto advisory = store.advisories().find_advisory(std::string(params.get("id")));
  if (!advisory) throw Denied(Verdict::hidden);
  require(caller, permission, advisory->program);
  return std::move(*advisory);
}

// A draft from a body, its Markdown checked before the store sees it.
AdvisoryDraft draft_of(const json::object& body) {
  AdvisoryDraft draft = advisory_draft_from_json(body);
  formats::check_markdown("details", draft.details);
  return draft;
}

std::string text_of(const json::object& body, std::string_view key, bool required) {
  auto it = body.find(key);
  if (it == body.end() || it->value().is_null()) {
    if (required) throw invalid(std::string(key), std::string(key) + ": required");
    return {};
  }
  const auto* text = it->value().if_string();
  if (text == nullptr) throw invalid(std::string(key), std::string(key) + ": expected a string");
  return std::string(*text);
}

void only_keys(const json::object& body, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : body) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      throw invalid(std::string(key), "unknown field '" + std::string(key) + "'");
    }
  }
}

Response answer(const Request& request, const Advisory& advisory, bh::status status) {
  return json_response(request, status, json::serialize(formats::team_advisory_json(advisory)));
}

// ?format=osv (default), csaf (with every published revision in its history), cve5 (with
// cna_org_id and optionally cna_short_name), ghsa (GitHub's repository-advisory request body) or
// markdown: the latest published revision.
Response export_answer(const Request& request, store::Store& store, const Site& site,
                       const Advisory& advisory) {
  std::string format = query_parameter(request.target(), "format").value_or("osv");
  if (format != "osv" && format != "csaf" && format != "cve5" && format != "ghsa" &&
      format != "markdown") {
    throw invalid("format", "format: expected osv, csaf, cve5, ghsa or markdown");
  }
  auto published = store.advisories().find_published(advisory.id);
  if (!published) {
    throw conflict("state", advisory.id + " has no published revision yet: nothing to export");
  }
  std::string page = site.public_url + advisory_url(Site{}, advisory.program, advisory.id);
  if (format == "osv") {
    return json_response(request, bh::status::ok,
                         json::serialize(formats::osv_record(*published, page)));
  }
  if (format == "ghsa") {
    return json_response(request, bh::status::ok, json::serialize(formats::ghsa_body(*published)));
  }
  if (format == "csaf") {
    return json_response(request, bh::status::ok,
                         csaf_export(store.advisories().published_revisions(advisory.id), site));
  }
  if (format == "cve5") {
    formats::CnaIdentity cna{query_parameter(request.target(), "cna_org_id").value_or(""),
                             query_parameter(request.target(), "cna_short_name").value_or("")};
    return json_response(request, bh::status::ok,
                         json::serialize(formats::cve_record(*published, page, cna)));
  }
  Response response{bh::status::ok, request.version()};
  response.set(bh::field::content_type, "text/markdown; charset=utf-8");
  response.body() = formats::advisory_markdown(*published, page);
  response.keep_alive(request.keep_alive());
  return response;
}

}  // namespace

void add_advisory_api(Router& router, store::Store& store, const Site& site) {
  auto& accounts = store.accounts();

  router.add(bh::verb::get, "/api/v1/programs/{slug}/advisories",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               std::string slug(params.get("slug"));
               require(caller, Permission::read, slug);
               json::array items;
               for (const auto& a : store.advisories().list_advisories(slug)) {
                 items.push_back(formats::team_advisory_json(a));
               }
               return json_response(
                   request, bh::status::ok,
                   json::serialize(json::object{{"advisories", std::move(items)}}));
             }));

  // {"reports": [ID, ...], "draft": {...}}: drafting is triage work; publishing is the owner's.
  router.add(bh::verb::post, "/api/v1/programs/{slug}/advisories",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               std::string slug(params.get("slug"));
               require(caller, Permission::triage, slug);
               json::object body = required_json_object(
                   request, "a JSON object {\"reports\": [...], \"draft\": {...}}");
               only_keys(body, {"reports", "draft"});
               store::NewAdvisory created{slug, {}, {}};
               auto reports = body.find("reports");
               const json::array* list =
                   reports == body.end() ? nullptr : reports->value().if_array();
               if (list == nullptr) throw invalid("reports", "reports: expected an array of ids");
               for (const auto& id : *list) {
                 if (!id.is_string()) throw invalid("reports", "reports: expected report ids");
                 created.reports.emplace_back(id.as_string());
               }
               auto draft = body.find("draft");
               if (draft != body.end()) {
                 if (!draft->value().is_object())
                   throw invalid("draft", "draft: expected an object");
                 created.draft = draft_of(draft->value().as_object());
               }
               return answer(request, store.advisories().create_advisory(created, caller.email),
                             bh::status::created);
             }));

  router.add(bh::verb::get, "/api/v1/advisories/{id}",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               return answer(request, advisory_for(store, caller, params, Permission::read),
                             bh::status::ok);
             }));

  router.add(
      bh::verb::put, "/api/v1/advisories/{id}",
      desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                  const Caller& caller) {
        Advisory advisory = advisory_for(store, caller, params, Permission::triage);
        AdvisoryDraft draft = draft_of(required_json_object(request, "the draft as a JSON object"));
        return answer(request, store.advisories().update_advisory(advisory.id, draft, caller.email),
                      bh::status::ok);
      }));

  // {"in_review": true} asks a second member to read it; false takes it back to draft.
  router.add(bh::verb::post, "/api/v1/advisories/{id}/review",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               Advisory advisory = advisory_for(store, caller, params, Permission::triage);
               json::object body =
                   required_json_object(request, "a JSON object {\"in_review\": true}");
               only_keys(body, {"in_review"});
               auto flag = body.find("in_review");
               if (flag == body.end() || !flag->value().is_bool()) {
                 throw invalid("in_review", "in_review: expected true or false");
               }
               return answer(request,
                             store.advisories().set_advisory_review(
                                 advisory.id, flag->value().as_bool(), caller.email),
                             bh::status::ok);
             }));

  router.add(bh::verb::post, "/api/v1/advisories/{id}/schedule",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               Advisory advisory = advisory_for(store, caller, params, Permission::publish);
               json::object body = required_json_object(
                   request, "a JSON object {\"publish_at\": \"2026-12-24T09:00:00Z\"}");
               only_keys(body, {"publish_at", "reason"});
               Time instant;
               try {
                 instant = parse_time(text_of(body, "publish_at", true));
               } catch (const Refusal& r) {
                 throw invalid("publish_at", std::string("publish_at: ") + r.what());
               }
               return answer(request,
                             store.advisories().schedule_advisory(advisory.id, instant,
                                                                  text_of(body, "reason", false),
                                                                  caller.email, store.time().now()),
                             bh::status::ok);
             }));

  router.add(bh::verb::post, "/api/v1/advisories/{id}/publish",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               Advisory advisory = advisory_for(store, caller, params, Permission::publish);
               return answer(request,
                             store.advisories().publish_advisory(advisory.id, caller.email,
                                                                 store.time().now()),
                             bh::status::ok);
             }));

  router.add(bh::verb::post, "/api/v1/advisories/{id}/withdraw",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               Advisory advisory = advisory_for(store, caller, params, Permission::publish);
               json::object body =
                   required_json_object(request, "a JSON object {\"reason\": \"...\"}");
               only_keys(body, {"reason"});
               return answer(
                   request,
                   store.advisories().withdraw_advisory(advisory.id, text_of(body, "reason", true),
                                                        caller.email, store.time().now()),
                   bh::status::ok);
             }));

  router.add(bh::verb::get, "/api/v1/advisories/{id}/export",
             desk_api(accounts, [&store, site](const Request& request, const PathParams& params,
                                               const Caller& caller) {
               Advisory advisory = advisory_for(store, caller, params, Permission::read);
               return export_answer(request, store, site, advisory);
             }));
}

}  // namespace embargo::http
