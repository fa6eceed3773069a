#include "cli/data_dir.h"

#include "auth/secret_box.h"
#include "cli/command_time.h"
#include "core/error.h"
#include "jobs/announcers.h"
#include "jobs/mail_announcer.h"
#include "jobs/team_announcer.h"
#include "jobs/webhook_announcer.h"

namespace embargo::cli {

void add_data_option(CLI::App& command, std::string& dir) {
  command.add_option("--data", dir, "Data directory holding the database")
      ->default_val("./data")
      ->capture_default_str();
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

std::unique_ptr<store::Store> open_store(const std::string& dir) {
  auto path = database_path(dir);
  if (!std::filesystem::exists(path)) {
    throw not_found(
        "data", "no Embargo data in '" + dir + "': run `embargo init --data " + dir + "` first");
  }
  auto store = store::open_sqlite({.path = path, .time = &command_time()});
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
