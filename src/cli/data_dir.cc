#include "cli/data_dir.h"

#include "auth/secret_box.h"
#include "cli/command_time.h"
#include "core/error.h"
#include "jobs/announcers.h"
#include "jobs/mail_announcer.h"
#include "jobs/team_announcer.h"
#include "jobs/webhook_announcer.h"

namespace embargo::cli {

void add_data_option(CLI::App& command, DataLocation& data) {
  command
      .add_option("--data", data.dir,
                  "Data directory holding the instance key, the GnuPG home and (without "
                  "--database) the database")
      ->default_val("./data")
      ->capture_default_str();
  command
      .add_option("--database", data.database,
                  "A PostgreSQL database shared by several servers (postgresql://...; a password "
                  "is better kept in ~/.pgpass)")
      ->envname("EMBARGO_DATABASE");
}

std::string store_name(const DataLocation& data) {
  if (data.database.empty()) return database_path(data.dir).string();
  return "PostgreSQL database " + store::postgres_database_name(data.database);
}

std::unique_ptr<store::Store> open_bare_store(const DataLocation& data) {
  if (!data.database.empty()) {
    return store::open_postgres({.url = data.database, .time = &command_time()});
  }
  return store::open_sqlite({.path = database_path(data.dir), .time = &command_time()});
}

std::filesystem::path database_path(const std::string& dir) {
  return std::filesystem::path(dir) / "embargo.db";
}

std::filesystem::path instance_key_path(const std::string& dir) {
  return std::filesystem::path(dir) / auth::instance_key_file;
}

std::filesystem::path gnupg_home(const std::string& dir) {
  return std::filesystem::path(dir) / "gnupg";
}

std::unique_ptr<store::Store> open_store(const DataLocation& data) {
  const std::string& dir = data.dir;
  auto needed = data.database.empty() ? database_path(dir) : instance_key_path(dir);
  if (!std::filesystem::exists(needed)) {
    throw not_found("data", "no Embargo data in '" + dir + "': run `embargo init --data " + dir +
                                (data.database.empty() ? "" : " --database ...") +
                                "` first, or copy the instance's data directory here");
  }
  auto store = open_bare_store(data);
  auto key_file = instance_key_path(dir);
  std::vector<std::shared_ptr<store::Announcer>> announcers = {
      std::make_shared<jobs::MailAnnouncer>(store->mail(), auth::SecretBox::from_key_file(key_file),
                                            gnupg_home(dir), store->time()),
      std::make_shared<jobs::TeamAnnouncer>(*store, auth::SecretBox::from_key_file(key_file)),
      std::make_shared<jobs::WebhookAnnouncer>(*store, auth::SecretBox::from_key_file(key_file))};
  store->mail().set_announcer(std::make_shared<jobs::CompositeAnnouncer>(std::move(announcers)));
  return store;
}

}  // namespace embargo::cli
