#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "auth/secret_box.h"
#include "jobs/mail_intake.h"
#include "jobs/periodic.h"
#include "mail/imap.h"
#include "store/store.h"

namespace embargo::jobs {

// A program's hosted mailbox (`embargo settings mail-fetch`), kept in the store's mail settings
// as fetch.SLUG.*; the password sealed under the instance key and opened only to log in.
struct MailboxSettings {
  mail::ImapSettings imap;
  std::string done_folder = "Embargo";  // where handled mail goes; refused mail to its Refused
};

std::optional<MailboxSettings> load_mailbox_settings(store::MailStore& store,
                                                     const auth::SecretBox& key,
                                                     const std::string& program);
// Checks and stores the settings (Refusal naming the flag at fault). The program must exist.
void save_mailbox_settings(store::Store& store, const auth::SecretBox& key,
                           const std::string& program, const MailboxSettings& settings,
                           const std::string& actor);
void remove_mailbox_settings(store::MailStore& store, const std::string& program,
                             const std::string& actor);

// What one message of a pass became.
struct FetchedMail {
  std::uint64_t uid = 0;
  IntakeResult result;
  std::string folder;  // where it was moved; empty when it was left in the mailbox
};

// One pass over one program's mailbox; `error` is set when the mailbox could not be read (the
// messages handled before it stay handled).
struct MailboxPass {
  std::string program;
  std::vector<FetchedMail> mails;
  std::string error;
};

// Fetches a program's mailbox into the store. The order is what makes a crash harmless: a
// message is flagged as taken, fetched, stored (jobs::receive_mail), and only then marked \Seen
// and moved out of the mailbox, so a crash before the move leaves it to be fetched again and
// recognised by its Message-ID. A refused mail (65, 67) goes to the Refused folder, never
// deleted and never fetched again; one the store could not take now (75) is left unseen for the
// next pass. libcurl cannot IDLE, so the server polls.
class MailboxFetcher {
 public:
  MailboxFetcher(store::Store& store, const auth::SecretBox& key, std::filesystem::path gnupg_home);
  ~MailboxFetcher();
  MailboxFetcher(const MailboxFetcher&) = delete;
  MailboxFetcher& operator=(const MailboxFetcher&) = delete;

  // One pass over the program's mailbox; Refusal not_found when it has none configured.
  MailboxPass fetch(const std::string& program);
  // One pass over every program that has a mailbox, in slug order.
  std::vector<MailboxPass> fetch_all();

  // Passes every `interval` on a thread of its own, until stop() or destruction.
  void start(std::chrono::milliseconds interval);
  void stop();

 private:
  MailboxPass fetch(const std::string& program, const MailboxSettings& settings);
  // One pass over every mailbox, each message's outcome logged: what the server's loop runs.
  void log_passes();

  store::Store& store_;
  const auth::SecretBox& key_;
  std::filesystem::path gnupg_home_;
  Periodic loop_;  // last: it stops before the rest goes
};

}  // namespace embargo::jobs
