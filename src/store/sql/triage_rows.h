#pragma once

#include <cstdint>
#include <optional>

#include "core/triage.h"
#include "store/sql/connection.h"

namespace embargo::store::sql {

// The accounts a report's triage names, by key.
struct HandlerKeys {
  std::optional<std::int64_t> handler;
  std::optional<std::int64_t> backup;
};

// Finds the accounts of `triage`'s handler and backup and writes their emails as the accounts
// spell them. One newly named (not the one `before` had) must be a member of the program as
// handler or owner: Refusal invalid naming the field otherwise. One kept from before stays even
// if its membership has ended since, so that changing a label never needs a re-assignment.
HandlerKeys resolve_handlers(Connection& db, std::int64_t program, const Triage& before,
                             Triage& triage);

// Writes the triage columns and labels of a report in the caller's transaction, as given (the
// caller has checked them).
void store_triage(Connection& db, std::int64_t report, const Triage& triage,
                  const HandlerKeys& handlers);

}  // namespace embargo::store::sql
