#include <boost/json.hpp>

#include "core/error.h"
#include "store/sql/audit_rows.h"
#include "store/sql/program_rows.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace json = boost::json;

std::vector<CannedResponse> SqlStore::list_canned_responses(const std::string& program) {
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto key = db->query("SELECT key FROM programs WHERE slug = ?1");
  key.bind(1, program);
  if (!key.step()) throw not_found("program", "there is no program '" + program + "'");
  auto q = db->query(
      "SELECT key, title, body, internal, updated_at FROM canned_responses WHERE program = ?1"
      " ORDER BY title");
  q.bind(1, key.integer(0));
  std::vector<CannedResponse> responses;
  while (q.step()) {
    responses.push_back({q.integer(0), program, q.text(1), q.text(2), q.integer(3) != 0,
                         from_seconds(q.integer(4))});
  }
  return responses;
}

CannedResponse SqlStore::put_canned_response(const CannedResponse& response,
                                             const std::string& actor) {
  validate_canned_response(response);
  CannedResponse saved = response;
  saved.updated_at = time_.now();
  writer_->run([&](WriteContext& w) {
    ProgramPolicy program = program_policy(w.db, policies_, response.program);
    auto same_title =
        w.db.query("SELECT key FROM canned_responses WHERE program = ?1 AND title = ?2");
    same_title.bind(1, program.key).bind(2, response.title);
    if (same_title.step() && same_title.integer(0) != response.key) {
      throw conflict("title",
                     "title: the program already has a canned response '" + response.title + "'");
    }
    if (response.key == 0) {
      auto insert = w.db.query(
          "INSERT INTO canned_responses (program, title, body, internal, created_at, updated_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING key");
      insert.bind(1, program.key)
          .bind(2, response.title)
          .bind(3, response.body)
          .bind(4, response.internal)
          .bind(5, to_seconds(saved.updated_at));
      insert.step();
      saved.key = insert.integer(0);
      insert.run();
    } else {
      auto update = w.db.query(
          "UPDATE canned_responses SET title = ?1, body = ?2, internal = ?3, updated_at = ?4"
          " WHERE key = ?5 AND program = ?6 RETURNING key");
      update.bind(1, response.title)
          .bind(2, response.body)
          .bind(3, response.internal)
          .bind(4, to_seconds(saved.updated_at))
          .bind(5, response.key)
          .bind(6, program.key);
      if (!update.step()) {
        throw not_found("key", "program " + response.program + " has no canned response " +
                                   std::to_string(response.key));
      }
      update.run();
    }
    json::object details{{"key", saved.key}, {"title", saved.title}, {"internal", saved.internal}};
    append_audit(w.db, {0, saved.updated_at, actor, "canned_response.saved", response.program, "",
                        json::serialize(details)});
  });
  return saved;
}

bool SqlStore::delete_canned_response(const std::string& program, std::int64_t key,
                                      const std::string& actor) {
  bool deleted = false;
  writer_->run([&](WriteContext& w) {
    ProgramPolicy owner = program_policy(w.db, policies_, program);
    auto q =
        w.db.query("DELETE FROM canned_responses WHERE key = ?1 AND program = ?2 RETURNING title");
    q.bind(1, key).bind(2, owner.key);
    deleted = q.step();
    if (!deleted) return;
    json::object details{{"key", key}, {"title", q.text(0)}};
    q.run();
    append_audit(w.db, {0, time_.now(), actor, "canned_response.deleted", program, "",
                        json::serialize(details)});
  });
  return deleted;
}

}  // namespace embargo::store::sql
