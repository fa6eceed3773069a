// What pages and API answers need to know about the instance itself: the address the public
// reaches it at. Tracking links, security.txt's Canonical and Policy lines and the API's
// absolute URLs are built from it, never from the request's Host header (which a client
// chooses).
#pragma once

#include <string>

namespace embargo::http {

struct Site {
  // "https://security.example.org" (no trailing slash); `embargo serve --public-url`.
  std::string public_url;
  // The path part of public_url ("" or "/security"): what links inside the pages start with, so
  // that a page and its stylesheet stay on the origin the browser is on.
  std::string path;
};

// Checks and normalises a public URL: http or https, a host, no query or fragment; a trailing
// slash is dropped. Throws Refusal naming what is wrong.
Site make_site(const std::string& public_url);

}  // namespace embargo::http
