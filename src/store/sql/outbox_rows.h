#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/mail.h"
#include "store/sql/connection.h"

namespace embargo::store::sql {

// Queues what an announcer returned, in the caller's transaction: each item as queued (due at
// `at`), or as failed with its failure (a mail to a bounced address fails so), or held for a
// digest (digest_entries) when it is a digest line; a mail to the reporter about a
// report also records its Message-ID as one the report sent, so that a reply naming it joins the
// thread. `report` is 0 for items about no one report.
void queue_outbox(Connection& db, std::int64_t report, const std::vector<OutboxItem>& items,
                  Time at);

// Marks an outbox item delivered (its payload emptied, its record kept), in the caller's
// transaction.
void mark_outbox_sent(Connection& db, std::int64_t key, Time at);

// Records a failed attempt of an outbox item in the caller's transaction: queued again for
// `retry_at`, or failed for good (its payload emptied) when that is unset.
void mark_outbox_failed(Connection& db, std::int64_t key, Time at, const std::string& error,
                        std::optional<Time> retry_at);

}  // namespace embargo::store::sql
