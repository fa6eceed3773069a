#include "store/sql/settings_rows.h"

namespace embargo::store::sql {

void write_setting(Connection& db, const std::string& name, const std::string& value) {
  if (value.empty()) {
    db.query("DELETE FROM settings WHERE name = ?1").bind(1, name).run();
    return;
  }
  db.query(
        "INSERT INTO settings (name, value) VALUES (?1, ?2)"
        " ON CONFLICT (name) DO UPDATE SET value = excluded.value")
      .bind(1, name)
      .bind(2, value)
      .run();
}

}  // namespace embargo::store::sql
