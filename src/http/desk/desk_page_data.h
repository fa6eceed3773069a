// The frame of the desk's pages: the public frame plus the desk's navigation and the signed-in
// member's sign-out form.
#pragma once

#include <string>

#include "http/desk_routes.h"
#include "http/templates.h"

namespace embargo::http {

// Where a signed-in member lands when nothing else was asked for.
std::string desk_home(const Site& site);

// A path on this site that sign-in may send the browser back to, or desk_home: only a path
// under the site's own path, never another origin ("//evil.example", "/\\evil.example").
std::string safe_next(const Site& site, std::string_view next);

TemplateData desk_frame_data(const DeskContext& context, const std::string& title);

}  // namespace embargo::http
