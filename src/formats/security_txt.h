// security.txt (RFC 9116) for a program and for the instance, rendered from policies so that the
// file a researcher finds never disagrees with the policy page.
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.h"
#include "core/time.h"

namespace embargo::formats {

// How long a rendered file stays valid, counted from the start of the UTC day it is rendered
// on: under a year (RFC 9116 section 2.5.5), and the same bytes all day long, so a served file
// keeps one ETag for a day and renews itself the next.
inline constexpr std::chrono::days kSecurityTxtLifetime{364};

// The Expires value for a file rendered at `now`.
Time security_txt_expiry(Time now);

// The absolute addresses of a program's public pages, from the instance's public URL
// ("https://security.example.org", no trailing slash).
std::string program_page_url(std::string_view public_url, std::string_view slug);
std::string program_report_url(std::string_view public_url, std::string_view slug);
std::string program_security_txt_url(std::string_view public_url, std::string_view slug);
// Where Embargo serves a program's own OpenPGP public key (`embargo program key`).
std::string program_key_url(std::string_view public_url, std::string_view slug);

// A URL from a policy (the loader checked only its scheme and that it has no blanks) as an
// RFC 3986 URI: bytes a URI cannot hold where they stand (non-ASCII, quotes, braces, a '%' that
// starts no escape, brackets outside the host, a second '#') are percent-encoded.
std::string policy_url_as_uri(std::string_view url);

// A mail address as a mailto: URI (RFC 6068): every character but letters, digits, '@' and the
// few that need no escape is percent-encoded, so the address can end neither the URI nor a
// Markdown link.
std::string mailto_uri(std::string_view address);

// The Contact values of a program, most preferred first: its report form when it takes web
// reports, then its mail address when it takes mail. A program that gives neither (Pykour's
// "email the maintainer named in README.md") gets its policy page, which says how in its words.
std::vector<std::string> security_txt_contacts(const Policy& policy, std::string_view public_url);

// The program's file, served at /p/{slug}/security.txt. When Embargo holds the program's own key
// (`own_key`), an Encryption line names program_key_url after the policy's own key URL.
std::string program_security_txt(const Policy& policy, std::string_view public_url, Time now,
                                 bool own_key = false);

// The instance's /.well-known/security.txt. With one program it is that program's file (its
// Canonical the well-known address); with several, every program's contacts and policy page in
// turn, each under a comment naming the program. `programs` must not be empty: a file without
// a Contact is not a security.txt.
// `keyed` names the programs whose own key Embargo serves, as own_key does for one program.
std::string instance_security_txt(const std::vector<Policy>& programs, std::string_view public_url,
                                  Time now, const std::set<std::string>& keyed = {});

// What the rendered file cannot say as RFC 9116 wants, for the CLI to tell its user: an http
// public URL, a key URL that is not https (its Encryption line is left out).
std::vector<std::string> security_txt_warnings(const Policy& policy, std::string_view public_url);

}  // namespace embargo::formats
