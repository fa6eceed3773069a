#pragma once

#include <filesystem>

#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The reporter's private thread behind the tracking link: GET /r/{token} shows it; POSTs to
// /r/{token}/reply, /credit, /key and /withdraw (each with the CSRF token) act on it and come
// back to it; GET /r/{token}/attachments/{id} downloads a file of the report as an attachment. A
// wrong, old or malformed token gets the same 404 page as any unknown path. A key the reporter
// pastes is read with the instance's keyring in `gnupg_home` (public keys only).
void add_thread_pages(Router& router, store::Store& store, const Site& site,
                      const std::filesystem::path& gnupg_home);

// What a post to a thread over its rate limit gets: the thread again with everything typed kept
// (files must be chosen again), and when to send it.
Router::RateRefusal thread_rate_refusal(store::Store& store, const Site& site);

}  // namespace embargo::http
