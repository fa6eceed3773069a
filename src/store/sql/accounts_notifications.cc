#include "store/sql/accounts_rows.h"
#include "store/sql/sql_accounts.h"

namespace embargo::store::sql {

NotifyMode SqlAccounts::notify_mode(std::int64_t user) {
  auto db = readers_.borrow();
  auto q = db->query("SELECT mode FROM notification_modes WHERE account = ?1");
  q.bind(1, user);
  if (!q.step()) return NotifyMode::immediately;
  return parse_notify_mode(q.text(0)).value_or(NotifyMode::immediately);
}

void SqlAccounts::set_notify_mode(std::int64_t user, NotifyMode mode, const std::string& actor) {
  writer_.run([&](WriteContext& w) {
    Time at = time_.now();
    std::string email = account_email(w.db, user);
    w.db.query(
            "INSERT INTO notification_modes (account, mode, updated_at) VALUES (?1, ?2, ?3)"
            " ON CONFLICT (account) DO UPDATE SET mode = excluded.mode, updated_at = "
            "excluded.updated_at")
        .bind(1, user)
        .bind(2, std::string(to_string(mode)))
        .bind(3, to_seconds(at))
        .run();
    audit_account(w.db, at, actor, "user.notifications", "",
                  {{"user", email}, {"mode", std::string(to_string(mode))}});
  });
}

}  // namespace embargo::store::sql
