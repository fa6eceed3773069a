#pragma once

#include "auth/secret_box.h"
#include "core/time.h"
#include "store/store.h"

namespace embargo::jobs {

// The daily digests: for each member whose held lines are due at `at` (every pending line when
// `all`), one mail listing them is queued, with the lines marked digested in the same write
// (store::MailStore::queue_digest). Nothing happens while mail is not configured. Returns how
// many digests were queued. The outbox sender calls it on each pass; `embargo mail digest --now`
// with `all`.
int queue_due_digests(store::Store& store, const auth::SecretBox& key, Time at, bool all);

}  // namespace embargo::jobs
