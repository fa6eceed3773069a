// The data the public page templates are rendered with, built from policies. The templates
// decide the markup; these functions decide what a page says, all of it from the policy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/policy.h"
#include "http/site.h"
#include "http/templates.h"

namespace embargo::http {

// The address of a file under web/static/ ("style.css"), with a digest of its bytes in the
// query: static files are cached for a year, and new bytes get a new address.
std::string static_file_url(const Site& site, std::string_view name);

// A program's policy page. Links between pages are root-relative (the public URL's path, no
// origin): a page and what it links stay on the origin the browser is on, which
// Content-Security-Policy 'self' requires.
std::string program_url(const Site& site, const std::string& slug);

// What every page's frame (header.mustache, footer.mustache) needs: title, language, the
// stylesheet's address and the home link, all absolute from the site's public URL.
TemplateData frame_data(const Site& site, const std::string& title, const std::string& lang);

// The index: every program's name, one-line summary and page link.
TemplateData index_page_data(const std::vector<Policy>& policies, const Site& site);

// One program's policy page: how to report, response times, scope, versions, safe harbor,
// rules, promises, rewards, credit, encryption and disclosure.
TemplateData program_page_data(const Policy& policy, const Site& site);

// The page of a path that names nothing; it says nothing about what exists.
TemplateData not_found_page_data(const Site& site);

}  // namespace embargo::http
