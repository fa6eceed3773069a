#include "core/error.h"
#include "core/secret.h"
#include "store/sql/report_rows.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace {

// Stored files up to this size are read whole; larger ones a piece at a time.
constexpr std::int64_t kAttachmentReadWhole = std::int64_t{256} * 1024;

}  // namespace

std::optional<Report> SqlStore::find_report(const std::string& id) {
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto key = report_key(*db, id);
  if (!key) return std::nullopt;
  return load_report(*db, *key);
}

std::optional<Report> SqlStore::find_report_by_token(const std::string& token) {
  std::string hash = hash_secret(token);
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  // The link the report was created with, or one sent again since (report_links).
  auto q = db->query(
      "SELECT key, tracking_hash FROM reports WHERE tracking_hash = ?1"
      " UNION ALL SELECT report, token_hash FROM report_links WHERE token_hash = ?1 LIMIT 1");
  q.bind(1, hash);
  if (!q.step() || !secrets_equal(q.text(1), hash)) return std::nullopt;
  return load_report(*db, q.integer(0));
}

std::optional<Upload> SqlStore::find_attachment(const std::string& report_id,
                                                std::int64_t attachment_id) {
  auto db = readers_->borrow();
  // A small file comes along; a large one is read a piece at a time as it is sent.
  auto q = db->query(
      "SELECT a.file_name, a.media_type, a.size, a.sha256, a.rowid,"
      " CASE WHEN a.size <= ?3 THEN a.content END FROM attachments a"
      " JOIN reports r ON r.key = a.report WHERE r.public_id = ?1 AND a.id = ?2");
  q.bind(1, report_id).bind(2, attachment_id).bind(3, kAttachmentReadWhole);
  if (!q.step()) return std::nullopt;
  Upload upload;
  upload.info = {q.text(0), q.text(1), static_cast<std::uint64_t>(q.integer(2)), q.text(3),
                 attachment_id};
  if (upload.info.size <= static_cast<std::uint64_t>(kAttachmentReadWhole)) {
    upload.content = q.blob(5);
  } else {
    upload.content = SpooledBytes(
        std::shared_ptr<const ByteSource>(engine_->attachment(q.integer(4), upload.info.size)));
  }
  return upload;
}

}  // namespace embargo::store::sql
