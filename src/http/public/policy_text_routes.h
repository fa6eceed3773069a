#pragma once

#include <filesystem>

#include "auth/secret_box.h"
#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The plain-text renderings of the programs' policies, public and cacheable:
//   GET /p/{slug}/security.txt     the program's RFC 9116 file (text/plain; charset=utf-8),
//                                  cleartext-signed with the program's own key when the
//                                  program has one (RFC 9116 section 2.3), from `gnupg_home`,
//                                  which takes it from the store (sealed with `box`) when it
//                                  was made on another server
//   GET /.well-known/security.txt  the instance's file (formats/security_txt.h); 404 while no
//                                  program exists, since a security.txt needs a Contact
//   GET /p/{slug}/SECURITY.md      the policy as Markdown (text/markdown; charset=utf-8)
// Each is rendered from the stored policy on request, with a strong ETag over the bytes (304
// for a matching If-None-Match). No credentials: they hold only what the policy publishes. An
// unknown slug is 404 unknown_program.
void add_policy_text_routes(Router& router, store::Store& store, const Site& site,
                            const std::filesystem::path& gnupg_home, const auth::SecretBox& box);

}  // namespace embargo::http
