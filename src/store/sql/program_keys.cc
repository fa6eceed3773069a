#include <boost/json.hpp>
#include <map>
#include <string_view>

#include "core/error.h"
#include "store/sql/audit_rows.h"
#include "store/sql/settings_rows.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

// A program's key is three mail settings: "key.SLUG" (the fingerprint), "key_armored.SLUG" (the
// public key) and "key_secret.SLUG" (the sealed secret key).
constexpr std::string_view kFingerprint = "key.";
constexpr std::string_view kArmored = "key_armored.";
constexpr std::string_view kSecret = "key_secret.";

std::string key_setting(std::string_view kind, const std::string& slug) {
  return mail_setting_name(std::string(kind) + slug);
}

void audit_key_change(WriteContext& w, const std::string& slug, Time at, const std::string& actor) {
  json::object details{{"name", std::string(kFingerprint) + slug}, {"set", true}};
  append_audit(w.db, {0, at, actor, "settings.mail", "", "", json::serialize(details)});
}

}  // namespace

std::optional<OpenPgpKey> SqlStore::program_key(const std::string& slug) {
  std::string fingerprint = std::string(kFingerprint) + slug;
  std::string armored = std::string(kArmored) + slug;
  auto found = mail_settings({fingerprint, armored});
  if (!found.contains(fingerprint) || !found.contains(armored)) return std::nullopt;
  return OpenPgpKey{found[fingerprint], found[armored]};
}

void SqlStore::set_program_key(const std::string& slug, const OpenPgpKey& key,
                               const std::string& sealed_secret, const std::string& actor) {
  if (!find_program(slug)) throw not_found("program", "there is no program " + slug);
  writer_->run([&](WriteContext& w) {
    write_setting(w.db, key_setting(kFingerprint, slug), key.fingerprint);
    write_setting(w.db, key_setting(kArmored, slug), key.armored);
    write_setting(w.db, key_setting(kSecret, slug), sealed_secret);
    audit_key_change(w, slug, time_.now(), actor);
  });
}

std::vector<ProgramKeyPair> SqlStore::program_key_pairs() {
  std::map<std::string, ProgramKeyPair> pairs;
  std::string prefix = mail_setting_name("key");
  auto db = readers_->borrow();
  auto q = db->query("SELECT name, value FROM settings WHERE name >= ?1 AND name < ?2");
  q.bind(1, prefix).bind(2, prefix + "\x7f");
  while (q.step()) {
    std::string name = q.text(0).substr(mail_setting_name("").size());
    if (name.starts_with(kFingerprint)) {
      std::string slug = name.substr(kFingerprint.size());
      pairs[slug].program = slug;
      pairs[slug].fingerprint = q.text(1);
    } else if (name.starts_with(kSecret)) {
      pairs[name.substr(kSecret.size())].sealed_secret = q.text(1);
    }
  }
  std::vector<ProgramKeyPair> out;
  for (auto& [slug, pair] : pairs) {
    if (!pair.fingerprint.empty()) out.push_back(std::move(pair));
  }
  return out;
}

bool SqlStore::keep_program_secret_key(const std::string& slug, const std::string& fingerprint,
                                       const std::string& sealed_secret, const std::string& actor) {
  bool kept = false;
  writer_->run([&](WriteContext& w) {
    kept = false;
    auto q = w.db.query(
        "SELECT (SELECT value FROM settings WHERE name = ?1),"
        " (SELECT count(*) FROM settings WHERE name = ?2)");
    q.bind(1, key_setting(kFingerprint, slug)).bind(2, key_setting(kSecret, slug));
    q.step();
    if (q.is_null(0) || q.text(0) != fingerprint || q.integer(1) != 0) return;
    write_setting(w.db, key_setting(kSecret, slug), sealed_secret);
    audit_key_change(w, slug, time_.now(), actor);
    kept = true;
  });
  return kept;
}

}  // namespace embargo::store::sql
