#include "core/secret.h"
#include "core/text.h"
#include "store/sql/outbox_rows.h"
#include "store/sql/program_rows.h"
#include "store/sql/report_rows.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {

int SqlStore::send_tracking_links(const std::string& address) {
  int made = 0;
  writer_->run([&](WriteContext& w) {
    made = 0;
    Time at = time_.now();
    {
      auto recent = w.db.query(
          "SELECT count(*) FROM outbox WHERE event = 'report.links' AND recipient = ?1"
          " COLLATE NOCASE AND created_at > ?2");
      recent.bind(1, address).bind(2, to_seconds(at - std::chrono::hours(1)));
      recent.step();
      if (recent.integer(0) >= kLinkMailsPerHour) return;
    }
    std::vector<std::int64_t> keys;
    {
      auto open = w.db.query(
          "SELECT key FROM reports WHERE reporter_address = ?1"
          " AND state NOT IN " +
          final_states_sql() + " ORDER BY key");
      open.bind(1, ascii_lower(address));
      while (open.step()) keys.push_back(open.integer(0));
    }
    if (keys.empty()) return;
    std::vector<ReportLink> links;
    for (std::int64_t key : keys) {
      ReportLink link;
      link.report = *load_report(w.db, key);
      link.program_name = program_policy_of_report(w.db, policies_, key).policy->identity.name;
      link.tracking_token = new_secret();
      w.db.query("INSERT INTO report_links (token_hash, report, created_at) VALUES (?1, ?2, ?3)")
          .bind(1, hash_secret(link.tracking_token))
          .bind(2, key)
          .bind(3, to_seconds(at))
          .run();
      links.push_back(std::move(link));
    }
    made = static_cast<int>(links.size());
    if (announcer_) queue_outbox(w.db, 0, announcer_->links_requested(address, links), at);
  });
  return made;
}

}  // namespace embargo::store::sql
