#include "http/html_response.h"

#include "formats/due_words.h"
#include "http/page_data.h"

namespace embargo::http {

namespace bh = boost::beast::http;

Response private_page(const Request& request, bh::status status, const std::string& template_name,
                      const TemplateData& data) {
  return private_page(request, status, template_name, data, {});
}

Response private_page(const Request& request, bh::status status, const std::string& template_name,
                      const TemplateData& data, const std::vector<HtmlSlot>& slots) {
  Response response{status, request.version()};
  response.set(bh::field::content_type, kHtmlContentType);
  response.body() = Templates::embedded().render(template_name, data, slots);
  response.keep_alive(request.keep_alive());
  return response;
}

Response not_found_page(const Request& request, const Site& site) {
  return private_page(request, bh::status::not_found, "not_found", not_found_page_data(site));
}

Response message_page(const Request& request, const Site& site, bh::status status,
                      const std::string& heading, const std::string& sentence) {
  TemplateData data = frame_data(site, heading, "en");
  data.set("heading", heading);
  data.set("sentence", sentence);
  return private_page(request, status, "message", data);
}

Router::RateRefusal too_many_requests_page(const Site& site) {
  return [site](const Request& request, std::chrono::seconds retry_after) {
    return message_page(
        request, site, bh::status::too_many_requests, "Too many attempts",
        "Too many requests came from your address. Nothing was sent; try again in " +
            formats::span_words(retry_after) + ".");
  };
}

Response see_other(const Request& request, const std::string& location) {
  Response response{bh::status::see_other, request.version()};
  response.set(bh::field::location, location);
  response.keep_alive(request.keep_alive());
  return response;
}

}  // namespace embargo::http
