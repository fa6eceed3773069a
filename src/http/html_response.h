// HTML answers of the pages: a rendered template with its status, and the one "not found" page
// every miss gets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/media_types.h"
#include "http/router.h"
#include "http/site.h"
#include "http/templates.h"

namespace embargo::http {

// A page rendered from `template_name`, not cached (the default of every response): for pages
// that show a reporter's own data or a form with its token.
Response private_page(const Request& request, boost::beast::http::status status,
                      const std::string& template_name, const TemplateData& data);
// The same with HTML from Embargo's own renderer placed in the template (Templates::render).
Response private_page(const Request& request, boost::beast::http::status status,
                      const std::string& template_name, const TemplateData& data,
                      const std::vector<HtmlSlot>& slots);

// 404 with the page of a path that names nothing; it says nothing about what exists.
Response not_found_page(const Request& request, const Site& site);

// A page that only says what happened, in a heading and a sentence (a refusal, an expired form).
Response message_page(const Request& request, const Site& site, boost::beast::http::status status,
                      const std::string& heading, const std::string& sentence);

// The page a browser's form gets when its sender is over the route's rate limit (429): when to
// try again, in words; the router adds Retry-After.
Router::RateRefusal too_many_requests_page(const Site& site);

// 303 See Other to `location` (a path on this site), the answer to a form that was acted on.
Response see_other(const Request& request, const std::string& location);

}  // namespace embargo::http
