#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/report.h"
#include "store/sqlite/connection.h"

namespace embargo::store::sqlite {

// A report as stored, with its history, read in the caller's transaction.
std::optional<Report> load_report(Connection& db, std::int64_t key);

// The internal key of the report with this public id.
std::optional<std::int64_t> report_key(Connection& db, const std::string& public_id);

}  // namespace embargo::store::sqlite
