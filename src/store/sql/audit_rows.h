#pragma once

#include <vector>

#include "core/audit.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace embargo::store::sql {

// Appends one audit event (its seq is assigned by the table) in the caller's transaction.
void append_audit(Connection& db, const AuditEvent& event);

// Events after query.after_seq, oldest first, filtered by program slug and report id.
std::vector<AuditEvent> read_audit(Connection& db, const AuditQuery& query);

}  // namespace embargo::store::sql
