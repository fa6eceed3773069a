// What the pages of a program's settings share: finding the program once the caller's
// permission is checked, the frame with the settings' own navigation, and their addresses.
#pragma once

#include <boost/beast/http/status.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/access.h"
#include "core/error.h"
#include "http/desk_routes.h"
#include "http/templates.h"
#include "store/store.h"

namespace embargo::http {

// The program of the path's {slug}, once require(caller, permission, slug) has let the caller
// through. A program that does not exist throws Denied(hidden): the same 404 page a program the
// caller may not read gets.
store::Program settings_program(store::Store& store, const DeskContext& context,
                                Permission permission);

// A record's key as a path segment holds it ("/canned/12"), or nullopt for anything else.
std::optional<std::int64_t> path_key(std::string_view text);

// "/desk/programs/{slug}/settings" under the site's path, followed by `rest` ("/team").
std::string settings_url(const Site& site, std::string_view slug, std::string_view rest = "");

// The desk frame of a settings page: the program's name and slug, and the links between its
// settings pages (the owner's ones only when the caller may manage the program).
TemplateData settings_frame_data(const DeskContext& context, const store::Program& program,
                                 const std::string& title);

}  // namespace embargo::http
