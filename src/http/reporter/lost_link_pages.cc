#include "http/reporter/lost_link_pages.h"

#include "core/email.h"
#include "core/text.h"
#include "http/csrf.h"
#include "http/html_response.h"
#include "http/multipart.h"
#include "http/page_data.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

constexpr const char* kTitle = "Lost the link to your report?";

struct LostLinkForm {
  std::string email;
  std::string csrf;
};

Response form_page(const Request& request, const Site& site, bh::status status,
                   const LostLinkForm& form, bool sent, const std::string& form_error,
                   const std::string& email_error) {
  CsrfToken csrf = csrf_token(request, site);
  TemplateData page = frame_data(site, kTitle, "en");
  page.set("action", site.path + "/lost-link");
  page.set("csrf", csrf.value);
  page.set("email", form.email);
  if (sent) page.set("sent", true);
  if (!form_error.empty()) page.set("form_error", form_error);
  if (!email_error.empty()) page.set("email_error", email_error);
  Response response = private_page(request, status, "lost_link", page);
  set_csrf_cookie(response, csrf, site);
  return response;
}

Response send_lost_links(const Request& request, store::Store& store, const Site& site) {
  LostLinkForm form;
  try {
    for (const auto& part : parse_form_body(request[bh::field::content_type], request.body())) {
      if (part.is_file) continue;
      if (part.name == "email") form.email = std::string(trim_spaces(part.content));
      if (part.name == "csrf") form.csrf = part.content;
    }
  } catch (const Refusal& r) {
    return form_page(request, site, bh::status::bad_request, {}, false,
                     std::string("The form could not be read: ") + r.what(), "");
  }
  if (!csrf_accepts(request, form.csrf, site)) {
    return form_page(request, site, bh::status::forbidden, form, false,
                     "This form has expired or was not sent from this site, so nothing was sent. "
                     "Send it again.",
                     "");
  }
  if (!is_valid_email(form.email)) {
    return form_page(request, site, bh::status::unprocessable_entity, form, false, "",
                     "'" + form.email + "' is not an e-mail address");
  }
  store.mail().send_tracking_links(form.email);
  return form_page(request, site, bh::status::ok, form, true, "", "");
}

}  // namespace

void add_lost_link_pages(Router& router, store::Store& store, const Site& site) {
  router.add(bh::verb::get, "/lost-link", [site](const Request& request) {
    return form_page(request, site, bh::status::ok, {}, false, "", "");
  });
  router.add(bh::verb::post, "/lost-link", [&store, site](const Request& request) {
    return send_lost_links(request, store, site);
  });
}

}  // namespace embargo::http
