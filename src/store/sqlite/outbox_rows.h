#pragma once

#include <cstdint>
#include <vector>

#include "store/mail.h"
#include "store/sqlite/connection.h"

namespace embargo::store::sqlite {

// Queues what an announcer returned, in the caller's transaction: each item as queued (due at
// `at`), or as failed with its failure; a mail about a report also records its Message-ID as
// one the report sent, so that a reply naming it joins the thread. `report` is 0 for items
// about no one report.
void queue_outbox(Connection& db, std::int64_t report, const std::vector<OutboxItem>& items,
                  Time at);

}  // namespace embargo::store::sqlite
