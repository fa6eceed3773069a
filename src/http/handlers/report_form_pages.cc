#include "http/handlers/report_form_pages.h"

#include "core/error.h"
#include "http/csrf.h"
#include "http/handlers/html_response.h"
#include "http/handlers/program_api.h"
#include "http/handlers/report_form_data.h"
#include "http/handlers/report_form_submission.h"
#include "http/handlers/thread_page_data.h"
#include "http/multipart.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// Who the audit log names for a report that arrived through the form.
constexpr const char* kActor = "reporter";

// The form again, with what the reporter typed and the problems found; a new CSRF cookie when
// the browser had none (its post is then refused, and the next one carries it).
Response form_page(const Request& request, bh::status status, const Policy& policy,
                   const Site& site, const FormInput& input) {
  CsrfToken token = csrf_token(request, site);
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

// Records a refusal of the core rules or the store under the form field it names.
void record(FormInput& input, const Refusal& r) {
  bool is_field = parse_report_field(r.field()).has_value() || r.field() == "credit" ||
                  r.field() == "consent" || r.field() == "attachments";
  input.errors.try_emplace(is_field ? r.field() : "form", r.what());
}

Response submit(const Request& request, const PathParams& params, store::Store& store,
                const Site& site) {
  auto program = find_program_by_slug(store, params.get("slug"));
  if (!program || !program->policy.intake.web_form) return not_found_page(request, site);
  const Policy& policy = program->policy;

  std::vector<FormPart> parts;
  try {
    parts = parse_form_body(request[bh::field::content_type], request.body());
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
    store::CreatedReport created = store.create_report(posted.submission, kActor, posted.uploads);
    return private_page(request, bh::status::ok, "receipt",
                        receipt_page_data(created, policy, site));
  } catch (const Refusal& r) {
    if (r.kind() == Refusal::Kind::not_found) return not_found_page(request, site);
    record(input, r);
    return form_page(request, bh::status::unprocessable_entity, policy, site, input);
  }
}

}  // namespace

void add_report_form_pages(Router& router, store::Store& store, const Site& site) {
  router.add(bh::verb::get, "/p/{slug}/report",
             [&store, site](const Request& request, const PathParams& params) {
               return show_form(request, params, store, site);
             });
  router.add(bh::verb::post, "/p/{slug}/report",
             [&store, site](const Request& request, const PathParams& params) {
               return submit(request, params, store, site);
             });
}

}  // namespace embargo::http
