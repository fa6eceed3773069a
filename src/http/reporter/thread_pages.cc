#include "http/reporter/thread_pages.h"

#include "core/error.h"
#include "core/secret.h"
#include "core/state.h"
#include "formats/due_words.h"
#include "http/csrf.h"
#include "http/form_text.h"
#include "http/form_upload.h"
#include "http/html_response.h"
#include "http/multipart.h"
#include "http/refusal_status.h"
#include "http/reporter/thread_page_data.h"
#include "http/reporter_access.h"
#include "mail/pgp.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// The report the path's token opens, with its program's policy; nullopt for anything else.
struct Opened {
  Report report;
  Policy policy;
  std::string token;
};

std::optional<Opened> open_thread(store::Store& store, std::string_view token) {
  if (!is_secret(token)) return std::nullopt;
  auto report = store.find_report_by_token(std::string(token));
  if (!report) return std::nullopt;
  auto program = store.find_program(report->program);
  if (!program) return std::nullopt;
  return Opened{std::move(*report), std::move(program->policy), std::string(token)};
}

std::optional<Opened> open_thread(store::Store& store, const PathParams& params) {
  return open_thread(store, params.get("token"));
}

Response thread_page(const Request& request, bh::status status, store::Store& store,
                     const Opened& thread, const Site& site, const FormInput& input) {
  CsrfToken csrf = csrf_token(request, site);
  Response response =
      private_page(request, status, "thread",
                   thread_page_data(thread.report, thread.policy,
                                    store.advisories().advisories_of_report(thread.report.id), site,
                                    thread.token, csrf.value, input, store.time().now()));
  set_csrf_cookie(response, csrf, site);
  return response;
}

// A form post to the thread: read, CSRF-checked, then `act` on it; back to the thread page on
// success (303, so a reload does not repeat it), the page with the problem beside its field
// otherwise.
template <typename Act>
Response post_to_thread(const Request& request, const PathParams& params, store::Store& store,
                        const Site& site, Act act) {
  auto thread = open_thread(store, params);
  if (!thread) return not_found_page(request, site);
  FormInput input;
  std::vector<FormPart> parts;
  try {
    parts = parse_form_body(request[bh::field::content_type], request.body());
  } catch (const Refusal& r) {
    input.errors["form"] = std::string("The form could not be read: ") + r.what();
    return thread_page(request, bh::status::bad_request, store, *thread, site, input);
  }
  for (const auto& part : parts) {
    if (!part.is_file) input.values[part.name] = part.content;
  }
  if (!csrf_accepts(request, input.values["csrf"], site)) {
    input.errors["form"] =
        "This form has expired or was not sent from this site, so nothing was changed. "
        "What you typed is below: send it again.";
    return thread_page(request, bh::status::forbidden, store, *thread, site, input);
  }
  try {
    act(*thread, input, parts);
  } catch (const Refusal& r) {
    if (r.kind() == Refusal::Kind::not_found) return not_found_page(request, site);
    std::string field = r.field();
    if (field != "body" && field != "credit" && field != "attachments" && field != "key" &&
        field != "advisory_credit" && field != "because") {
      field = "form";
    }
    input.errors[field] = r.what();
    return thread_page(request, status_of(r), store, *thread, site, input);
  }
  return see_other(request, site.path + "/r/" + thread->token);
}

void reply(store::Store& store, const Opened& thread, FormInput& input,
           const std::vector<FormPart>& parts) {
  NewMessage message;
  message.author = Actor::reporter;
  message.author_name = "reporter";
  message.body = unix_lines(input.values["body"]);
  for (const auto& part : parts) {
    if (part.is_file) message.uploads.push_back(form_upload(part));
  }
  store.add_message(thread.report.id, message);
}

void change_credit(store::Store& store, const Opened& thread, FormInput& input) {
  auto kind = parse_credit_kind(input.values["credit"]);
  if (!kind) throw invalid("credit", "Choose how you would like to be credited");
  std::string text = *kind == CreditChoice::Kind::anonymous ? "" : input.values["credit_text"];
  store.change_credit(thread.report.id, CreditChoice{*kind, text}, "reporter");
}

// The reporter's OpenPGP public key, pasted: every mail to them is encrypted to it from now on.
// Only public keys are taken (mail::Keyring::Material::public_only), and only one that encrypts.
void set_key(store::Store& store, const Opened& thread, FormInput& input,
             const std::filesystem::path& gnupg_home) {
  if (thread.report.submission.get(ReportField::reporter_email) == nullptr) {
    throw invalid("form", "This report has no e-mail address, so nothing is mailed to you");
  }
  mail::Keyring keyring(gnupg_home);
  for (const auto& key : keyring.import(input.values["key"])) {
    if (!key.can_encrypt) continue;
    store.mail().set_reporter_key(
        thread.report.id, {key.fingerprint, keyring.export_public(key.fingerprint)}, "reporter");
    return;
  }
  throw invalid("key",
                "This key cannot encrypt (it has no encryption subkey): paste the public "
                "key your mail program encrypts with");
}

// The reporter's answer to the credit line an advisory would carry for them.
void answer_advisory_credit(store::Store& store, const Opened& thread, FormInput& input) {
  const std::string& decision = input.values["decision"];
  if (decision != "accepted" && decision != "declined") {
    throw invalid("advisory_credit", "Choose whether to accept or decline the credit line");
  }
  try {
    store.advisories().answer_credit(
        input.values["advisory"], thread.report.id,
        decision == "accepted" ? CreditDecision::accepted : CreditDecision::declined);
  } catch (const Refusal& r) {
    if (r.kind() == Refusal::Kind::not_found) throw;
    throw Refusal(r.kind(), "advisory_credit", r.what());
  }
}

// The reporter's answer to the request to verify the fix: fixed, or still vulnerable because ...
void answer_verification(store::Store& store, const Opened& thread, FormInput& input) {
  const std::string& answer = input.values["answer"];
  if (answer != "fixed" && answer != "still_vulnerable") {
    throw invalid("because", "Choose whether the fix works");
  }
  try {
    store.answer_verification(thread.report.id, answer == "fixed",
                              unix_lines(input.values["because"]));
  } catch (const Refusal& r) {
    if (r.field() != "verification") throw;
    throw conflict("form", "There is no request to verify a fix waiting for your answer.");
  }
}

void withdraw(store::Store& store, const Opened& thread, FormInput& input) {
  if (input.values["confirm"] != "yes") {
    throw invalid("form", "Tick the box to confirm that you want to withdraw the report");
  }
  Transition t;
  t.from = thread.report.state;
  t.to = State::withdrawn;
  t.at = store.time().now();
  t.actor = Actor::reporter;
  t.actor_name = "reporter";
  store.transition_report(thread.report.id, t);
}

}  // namespace

Router::RateRefusal thread_rate_refusal(store::Store& store, const Site& site) {
  return [&store, site](const Request& request, std::chrono::seconds retry_after) {
    std::string wait =
        "Too many requests came from your address in a short time, so nothing "
        "was sent. What you typed is below (files must be chosen again): send it "
        "again in " +
        formats::span_words(retry_after) + ".";
    // "/r/{token}/...", as the limited route matched it.
    std::string_view path = request.target();
    path = path.substr(0, path.find('?'));
    std::string_view token = path.substr(std::min<std::size_t>(3, path.size()));
    token = token.substr(0, token.find('/'));
    auto thread = open_thread(store, token);
    if (!thread) {
      return message_page(request, site, bh::status::too_many_requests, "Too many requests", wait);
    }
    FormInput input;
    try {
      for (const auto& part : parse_form_body(request[bh::field::content_type], request.body())) {
        if (!part.is_file && part.name != "csrf") input.values[part.name] = part.content;
      }
    } catch (const Refusal&) {
      input.values.clear();
    }
    input.errors["form"] = wait;
    return thread_page(request, bh::status::too_many_requests, store, *thread, site, input);
  };
}

void add_thread_pages(Router& router, store::Store& store, const Site& site,
                      const std::filesystem::path& gnupg_home) {
  router.add(bh::verb::get, "/r/{token}",
             [&store, site](const Request& request, const PathParams& params) {
               auto thread = open_thread(store, params);
               if (!thread) return not_found_page(request, site);
               return thread_page(request, bh::status::ok, store, *thread, site, FormInput{});
             });
  router.add(bh::verb::post, "/r/{token}/reply",
             [&store, site](const Request& request, const PathParams& params) {
               return post_to_thread(request, params, store, site,
                                     [&store](const Opened& t, FormInput& in, const auto& parts) {
                                       reply(store, t, in, parts);
                                     });
             });
  router.add(bh::verb::post, "/r/{token}/credit",
             [&store, site](const Request& request, const PathParams& params) {
               return post_to_thread(request, params, store, site,
                                     [&store](const Opened& t, FormInput& in, const auto&) {
                                       change_credit(store, t, in);
                                     });
             });
  router.add(bh::verb::post, "/r/{token}/advisory-credit",
             [&store, site](const Request& request, const PathParams& params) {
               return post_to_thread(request, params, store, site,
                                     [&store](const Opened& t, FormInput& in, const auto&) {
                                       answer_advisory_credit(store, t, in);
                                     });
             });
  router.add(bh::verb::post, "/r/{token}/verification",
             [&store, site](const Request& request, const PathParams& params) {
               return post_to_thread(request, params, store, site,
                                     [&store](const Opened& t, FormInput& in, const auto&) {
                                       answer_verification(store, t, in);
                                     });
             });
  router.add(bh::verb::post, "/r/{token}/key",
             [&store, site, gnupg_home](const Request& request, const PathParams& params) {
               return post_to_thread(
                   request, params, store, site,
                   [&store, &gnupg_home](const Opened& t, FormInput& in, const auto&) {
                     set_key(store, t, in, gnupg_home);
                   });
             });
  router.add(bh::verb::post, "/r/{token}/withdraw",
             [&store, site](const Request& request, const PathParams& params) {
               return post_to_thread(request, params, store, site,
                                     [&store](const Opened& t, FormInput& in, const auto&) {
                                       withdraw(store, t, in);
                                     });
             });
  router.add(bh::verb::get, "/r/{token}/attachments/{id}",
             [&store, site](const Request& request, const PathParams& params) {
               auto thread = open_thread(store, params);
               auto number = file_id(params.get("id"));
               auto id =
                   thread && number ? ReporterFiles(thread->report).id_of(*number) : std::nullopt;
               if (!id) return not_found_page(request, site);
               auto file = store.find_attachment(thread->report.id, *id);
               if (!file) return not_found_page(request, site);
               return file_download(request, std::move(*file));
             });
}

}  // namespace embargo::http
