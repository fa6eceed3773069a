#include "core/error.h"
#include "store/advisory_document.h"
#include "store/sql/advisory_rows.h"
#include "store/sql/report_rows.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {

std::optional<Advisory> SqlStore::find_advisory(const std::string& id) {
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto key = advisory_key(*db, id);
  if (!key) return std::nullopt;
  return load_advisory(*db, policies_, *key);
}

std::vector<Advisory> SqlStore::list_advisories(const std::string& program) {
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto program_row = db->query("SELECT key FROM programs WHERE slug = ?1");
  program_row.bind(1, program);
  if (!program_row.step()) throw not_found("program", "there is no program '" + program + "'");
  auto keys = db->query("SELECT key FROM advisories WHERE program = ?1 ORDER BY key DESC");
  keys.bind(1, program_row.integer(0));
  return load_advisories(*db, policies_, keys);
}

std::vector<Advisory> SqlStore::advisories_of_report(const std::string& report_id) {
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto report = report_key(*db, report_id);
  if (!report) return {};
  auto keys =
      db->query("SELECT advisory FROM advisory_reports WHERE report = ?1 ORDER BY advisory DESC");
  keys.bind(1, *report);
  return load_advisories(*db, policies_, keys);
}

std::optional<PublishedAdvisory> SqlStore::find_published(const std::string& id) {
  auto db = readers_->borrow();
  auto q = db->query(
      "SELECT r.document FROM advisory_revisions r JOIN advisories a ON a.key = r.advisory"
      " WHERE a.public_id = ?1 ORDER BY r.revision DESC LIMIT 1");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return published_from_json(q.text(0));
}

std::vector<PublishedAdvisory> SqlStore::published_revisions(const std::string& id) {
  auto db = readers_->borrow();
  auto q = db->query(
      "SELECT r.document FROM advisory_revisions r JOIN advisories a ON a.key = r.advisory"
      " WHERE a.public_id = ?1 ORDER BY r.revision");
  q.bind(1, id);
  std::vector<PublishedAdvisory> revisions;
  while (q.step()) revisions.push_back(published_from_json(q.text(0)));
  return revisions;
}

std::vector<PublishedAdvisory> SqlStore::list_published(const std::string& program, int limit) {
  if (limit < 1 || limit > 1000) throw invalid("limit", "limit: must be between 1 and 1000");
  auto db = readers_->borrow();
  // The latest revision of each advisory: no later revision of the same advisory exists.
  auto q = db->query(
      "SELECT r.document FROM advisory_revisions r JOIN programs p ON p.key = r.program"
      " WHERE (?1 = '' OR p.slug = ?1) AND NOT EXISTS (SELECT 1 FROM advisory_revisions l"
      " WHERE l.advisory = r.advisory AND l.revision > r.revision)"
      " ORDER BY r.modified_at DESC, r.advisory DESC LIMIT ?2");
  q.bind(1, program).bind(2, limit);
  std::vector<PublishedAdvisory> advisories;
  while (q.step()) advisories.push_back(published_from_json(q.text(0)));
  return advisories;
}

std::int64_t SqlStore::publication_count() {
  auto db = readers_->borrow();
  auto q = db->query("SELECT count(*) FROM advisory_revisions");
  q.step();
  return q.integer(0);
}

}  // namespace embargo::store::sql
