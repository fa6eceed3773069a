#include "store/sql/sql_store.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "store/public_id.h"
#include "store/sql/audit_rows.h"
#include "store/sql/due_rows.h"
#include "store/sql/migrate.h"
#include "store/sql/program_rows.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

// The migration that added reports.due_at: reports stored before it get their due time once.
constexpr int kDueColumnsVersion = 4;

std::string program_sql(std::string_view where) {
  return "SELECT key, slug, source, revision, created_at, updated_at FROM programs " +
         std::string(where);
}

}  // namespace

SqlStore::SqlStore(SqlStoreOptions options)
    : time_(options.time != nullptr ? *options.time : system_time()),
      engine_(std::move(options.engine)) {
  auto db = engine_->open_writer();
  int version = schema_version(*db);
  migrate(*db, engine_->migrations(), time_.now());
  readers_ = std::make_unique<ReaderPool>(*engine_, options.readers);
  writer_ = std::make_unique<Writer>(std::move(db), options.max_batch);
  accounts_ = std::make_unique<SqlAccounts>(*writer_, *readers_, announcer_, time_);
  if (version < kDueColumnsVersion) fill_due_columns();
}

std::uint64_t SqlStore::data_generation() {
  std::call_once(watch_started_, [this] {
    watch_ = std::make_unique<ChangeWatch>(engine_->open_reader(), std::chrono::milliseconds(10));
  });
  return writer_->commits() + watch_->changes();
}

void SqlStore::fill_due_columns() {
  writer_->run([this](WriteContext& w) {
    std::vector<ProgramPolicy> programs;
    {
      auto q = w.db.query("SELECT slug FROM programs");
      while (q.step()) programs.push_back(program_policy(w.db, policies_, q.text(0)));
    }
    for (const auto& program : programs)
      refresh_program_due(w.db, program.key, *program.policy, time_.now());
  });
}

Program SqlStore::read_program(Query& row) {
  Program program;
  program.key = row.integer(0);
  program.source = row.text(2);
  program.policy = *policies_.get(program.key, row.integer(3), program.source, row.text(1));
  program.created_at = from_seconds(row.integer(4));
  program.updated_at = from_seconds(row.integer(5));
  return program;
}

std::vector<Program> SqlStore::apply_programs(const std::vector<PolicySource>& sources,
                                              const std::string& actor) {
  std::vector<Program> programs;
  writer_->run([&](WriteContext& w) {
    programs.clear();
    for (const auto& source : sources) programs.push_back(apply_one(w, source, actor));
  });
  return programs;
}

Program SqlStore::apply_one(WriteContext& w, const PolicySource& applied,
                            const std::string& actor) {
  const Policy& policy = applied.policy;
  const std::string& source = applied.source;
  const std::string& slug = policy.identity.slug;
  if (slug.empty()) throw invalid("slug", "a program needs a slug");
  if (applied.expected_revision) check_revision(w.db, slug, *applied.expected_revision);
  std::string prefix = id_prefix(policy);
  Program program{0, policy, source, time_.now(), time_.now()};
  auto other = w.db.query("SELECT slug FROM programs WHERE id_prefix = ?1 AND slug <> ?2");
  other.bind(1, prefix).bind(2, slug);
  if (other.step()) {
    throw conflict("id_prefix",
                   "report id prefix " + prefix + " is already used by program " + other.text(0));
  }
  // Ids already given out keep their prefix, so a program with reports keeps it too: otherwise
  // a later program could take the old prefix and collide with those ids.
  auto current = w.db.query(
      "SELECT id_prefix, EXISTS (SELECT 1 FROM reports WHERE reports.program = programs.key)"
      " FROM programs WHERE slug = ?1");
  current.bind(1, slug);
  if (current.step() && current.text(0) != prefix && current.integer(1) != 0) {
    throw conflict("id_prefix", "program " + slug + " already has reports numbered " +
                                    current.text(0) + "-...: its id_prefix cannot change to " +
                                    prefix);
  }
  auto q = w.db.query(
      "INSERT INTO programs (slug, id_prefix, source, revision, created_at, updated_at)"
      " VALUES (?1, ?2, ?3, 1, ?4, ?4)"
      " ON CONFLICT (slug) DO UPDATE SET id_prefix = excluded.id_prefix,"
      " source = excluded.source, revision = programs.revision + 1, updated_at = "
      "excluded.updated_at"
      " RETURNING key, revision, created_at");
  q.bind(1, slug).bind(2, prefix).bind(3, source).bind(4, to_seconds(program.updated_at));
  q.step();
  program.key = q.integer(0);
  std::int64_t revision = q.integer(1);
  program.created_at = from_seconds(q.integer(2));
  q.run();
  json::object details{
      {"name", policy.identity.name}, {"revision", revision}, {"id_prefix", prefix}};
  append_audit(
      w.db, {0, program.updated_at, actor, "program.applied", slug, "", json::serialize(details)});
  refresh_program_due(w.db, program.key, policy, time_.now());
  w.after_commit(
      [this, key = program.key, revision, &policy] { policies_.put(key, revision, policy); });
  return program;
}

// Refuses an apply reviewed against another revision than the program has now: it is checked
// inside the write that applies, so of two saves of the same review only the first lands.
void SqlStore::check_revision(Connection& db, const std::string& slug, std::int64_t expected) {
  auto q = db.query("SELECT revision FROM programs WHERE slug = ?1");
  q.bind(1, slug);
  std::int64_t current = q.step() ? q.integer(0) : 0;
  if (current != expected) {
    throw conflict("revision", "the policy of " + slug + " changed since revision " +
                                   std::to_string(expected) + " (it is now revision " +
                                   std::to_string(current) + ")");
  }
}

std::optional<Program> SqlStore::find_program(const std::string& slug) {
  auto db = readers_->borrow();
  auto q = db->query(program_sql("WHERE slug = ?1"));
  q.bind(1, slug);
  if (!q.step()) return std::nullopt;
  return read_program(q);
}

std::vector<Program> SqlStore::list_programs() {
  auto db = readers_->borrow();
  auto q = db->query(program_sql("ORDER BY slug"));
  std::vector<Program> programs;
  while (q.step()) programs.push_back(read_program(q));
  return programs;
}

std::vector<ProgramRevision> SqlStore::program_revisions() {
  auto db = readers_->borrow();
  auto q = db->query("SELECT slug, revision FROM programs ORDER BY slug");
  std::vector<ProgramRevision> revisions;
  while (q.step()) revisions.push_back({q.text(0), q.integer(1)});
  return revisions;
}

std::optional<std::int64_t> SqlStore::program_revision(const std::string& slug) {
  auto db = readers_->borrow();
  auto q = db->query("SELECT revision FROM programs WHERE slug = ?1");
  q.bind(1, slug);
  if (!q.step()) return std::nullopt;
  return q.integer(0);
}

std::vector<AuditEvent> SqlStore::audit_log(const AuditQuery& query) {
  auto db = readers_->borrow();
  return read_audit(*db, query);
}

}  // namespace embargo::store::sql
