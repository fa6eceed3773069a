#include "http/reporter/report_form_pages.h"

#include "core/error.h"
#include "core/secret.h"
#include "core/state.h"
#include "core/submission_key.h"
#include "formats/due_words.h"
#include "http/csrf.h"
#include "http/html_response.h"
#include "http/multipart.h"
#include "http/program_lookup.h"
#include "http/refusal_status.h"
#include "http/reporter/report_form_data.h"
#include "http/reporter/report_form_submission.h"
#include "http/reporter/thread_page_data.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// The form again, with what the reporter typed and the problems found; a new CSRF cookie when
// the browser had none (its post is then refused, and the next one carries it).
// Each form shown carries a one-time submission token (kept when the form comes back with its
// problems), so that sending it twice files one report.
Response form_page(const Request& request, bh::status status, const Policy& policy,
                   const Site& site, FormInput input) {
  CsrfToken token = csrf_token(request, site);
  if (!is_secret(input.values["submission"])) input.values["submission"] = new_secret();
  Response response = private_page(request, status, "report_form",
                                   report_form_page_data(policy, site, input, token.value));
  set_csrf_cookie(response, token, site);
  return response;
}

Response show_form(const Request& request, const PathParams& params, store::Store& store,
                   const Site& site) {
  auto program = find_program_by_slug(store, params.get("slug"));
  if (!program) return not_found_page(request, site);
  const Policy& policy = program->policy;
  // A program that takes reports by other ways says how on its policy page.
  if (!policy.intake.web_form) {
    return see_other(request, site.path + "/p/" + policy.identity.slug + "#report");
  }
  return form_page(request, bh::status::ok, policy, site, FormInput{});
}

// The form's one-time token with what was sent under it: every value typed (in name order) and
// each file's name and SHA-256. A form without a well-formed token is filed without one.
std::optional<store::SubmissionKey> submission_key(const PostedReport& posted) {
  auto token = posted.input.values.find("submission");
  if (token == posted.input.values.end() || !is_secret(token->second)) return std::nullopt;
  std::string sent;
  for (const auto& [name, value] : posted.input.values) {
    if (name != "csrf" && name != "submission" && name != "action") {
      sent.append(name).append("=").append(value).append("\n");
    }
  }
  for (const auto& upload : posted.uploads) {
    sent += upload.info.file_name + "\n" + upload.info.sha256 + "\n";
  }
  return store::SubmissionKey{token->second, submission_body_digest(sent)};
}

// The receipt has an address of its own (Post/Redirect/Get): reloading it shows the receipt
// again and files nothing.
std::string receipt_path(const Site& site, const std::string& token) {
  return site.path + "/r/" + token + "/receipt";
}

Response show_receipt(const Request& request, const PathParams& params, store::Store& store,
                      const Site& site) {
  std::string token(params.get("token"));
  if (!is_secret(token)) return not_found_page(request, site);
  auto report = store.find_report_by_token(token);
  auto program = report ? store.find_program(report->program) : std::nullopt;
  if (!program) return not_found_page(request, site);
  store::CreatedReport created{std::move(*report), token};
  return private_page(request, bh::status::ok, "receipt",
                      receipt_page_data(created, program->policy, site));
}

// Records a refusal of the core rules or the store under the form field it names.
void record(FormInput& input, const Refusal& r) {
  bool is_field = parse_report_field(r.field()).has_value() || r.field() == "credit" ||
                  r.field() == "consent" || r.field() == "attachments";
  input.errors.try_emplace(is_field ? r.field() : "form", r.what());
}

Response submit_form(const Request& request, const PathParams& params, store::Store& store,
                     const Site& site) {
  auto program = find_program_by_slug(store, params.get("slug"));
  if (!program || !program->policy.intake.web_form) return not_found_page(request, site);
  const Policy& policy = program->policy;

  std::vector<FormPart> parts;
  try {
    parts = parse_form_body(request[bh::field::content_type], request.body(), LongText::cut);
  } catch (const Refusal& r) {
    // A field that is not UTF-8 is named; the rest of the body cannot be trusted to show.
    FormInput input;
    if (r.field() == "body") {
      input.errors["form"] = std::string("The form could not be read: ") + r.what();
    } else {
      input.errors[r.field()] = r.what();
    }
    return form_page(request, bh::status::bad_request, policy, site, input);
  }
  PostedReport posted = read_report_form(parts, policy);
  FormInput& input = posted.input;
  if (!csrf_accepts(request, input.values["csrf"], site)) {
    input.errors = {{"form",
                     "This form has expired or was not sent from this site, so your report was "
                     "not sent. Everything you typed is below: check it and send it again."}};
    return form_page(request, bh::status::forbidden, policy, site, input);
  }
  if (posted.score_only) {
    std::erase_if(input.errors, [](const auto& e) { return e.first != "cvss_vector"; });
    return form_page(request, bh::status::ok, policy, site, input);
  }
  for (const auto& problem : submission_problems(posted.submission, policy)) {
    record(input, problem);
  }
  if (!input.errors.empty()) {
    return form_page(request, bh::status::unprocessable_entity, policy, site, input);
  }
  try {
    store::CreatedReport created =
        store.create_report(posted.submission, std::string(to_string(Actor::reporter)),
                            posted.uploads, submission_key(posted));
    return see_other(request, receipt_path(site, created.tracking_token));
  } catch (const Refusal& r) {
    if (r.kind() == Refusal::Kind::not_found) return not_found_page(request, site);
    if (r.field() == "idempotency_key") {
      // Back, edited, sent again: the first sending was filed; what is below gets a new token.
      input.values.erase("submission");
      input.errors["form"] =
          "This form was sent before with other words, and that report was filed (its receipt "
          "showed its link). What you typed is below: send it again to file it as a new report.";
      return form_page(request, status_of(r), policy, site, input);
    }
    record(input, r);
    return form_page(request, status_of(r), policy, site, input);
  }
}

}  // namespace

Router::RateRefusal report_form_rate_refusal(store::Store& store, const Site& site) {
  return [&store, site](const Request& request, std::chrono::seconds retry_after) {
    std::string_view path = request.target();
    path = path.substr(0, path.find('?'));
    // "/p/{slug}/report", as the route that was limited matched it.
    std::string_view slug = path.substr(std::min<std::size_t>(3, path.size()));
    slug = slug.substr(0, slug.find('/'));
    auto program = find_program_by_slug(store, slug);
    std::string wait =
        "Too many reports came from your address in a short time, so this one "
        "was not sent. Everything you typed is below (files must be chosen "
        "again): send it again in " +
        formats::span_words(retry_after) + ".";
    if (!program || !program->policy.intake.web_form) {
      return message_page(request, site, bh::status::too_many_requests, "Too many reports", wait);
    }
    FormInput input;
    try {
      input = read_report_form(
                  parse_form_body(request[bh::field::content_type], request.body(), LongText::cut),
                  program->policy)
                  .input;
    } catch (const Refusal&) {
      input = FormInput{};
    }
    input.errors = {{"form", wait}};
    return form_page(request, bh::status::too_many_requests, program->policy, site, input);
  };
}

void add_report_form_pages(Router& router, store::Store& store, const Site& site) {
  router.add(bh::verb::get, "/p/{slug}/report",
             [&store, site](const Request& request, const PathParams& params) {
               return show_form(request, params, store, site);
             });
  router.add(bh::verb::post, "/p/{slug}/report",
             [&store, site](const Request& request, const PathParams& params) {
               return submit_form(request, params, store, site);
             });
  router.add(bh::verb::get, "/r/{token}/receipt",
             [&store, site](const Request& request, const PathParams& params) {
               return show_receipt(request, params, store, site);
             });
}

}  // namespace embargo::http
