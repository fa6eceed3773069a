#pragma once

#include <string>

#include "store/sql/connection.h"

namespace embargo::store::sql {

// Where the mail setting `name` lives in the settings table, which other settings share.
inline std::string mail_setting_name(const std::string& name) { return "mail." + name; }

// Sets the setting with this full name, or removes it when `value` is empty, in the caller's
// transaction.
void write_setting(Connection& db, const std::string& name, const std::string& value);

}  // namespace embargo::store::sql
