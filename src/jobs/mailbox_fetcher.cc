#include "jobs/mailbox_fetcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/error.h"
#include "mail/inbound.h"

namespace embargo::jobs {
namespace {

// Set on a message before it is fetched (a fetch sets \Seen): a pass takes what is unseen or
// carries it, so a message fetched just before a crash, seen but not stored, is fetched again.
constexpr const char* kTakenKeyword = "EmbargoFetched";
// How many messages one pass takes; the rest wait for the next.
constexpr std::size_t kBatch = 100;

std::string setting_name(const std::string& program, const char* field) {
  return "fetch." + program + "." + field;
}

}  // namespace

std::optional<MailboxSettings> load_mailbox_settings(store::MailStore& store,
                                                     const auth::SecretBox& key,
                                                     const std::string& program) {
  auto url = store.mail_setting(setting_name(program, "url"));
  if (!url) return std::nullopt;
  MailboxSettings settings;
  settings.imap.url = *url;
  settings.imap.user = store.mail_setting(setting_name(program, "user")).value_or("");
  if (auto sealed = store.mail_setting(setting_name(program, "password"))) {
    settings.imap.password = key.open(*sealed);
  }
  settings.imap.allow_plaintext =
      store.mail_setting(setting_name(program, "plaintext")).value_or("") == "true";
  settings.done_folder =
      store.mail_setting(setting_name(program, "folder")).value_or(settings.done_folder);
  return settings;
}

void save_mailbox_settings(store::Store& store, const auth::SecretBox& key,
                           const std::string& program, const MailboxSettings& settings,
                           const std::string& actor) {
  if (!store.find_program(program)) throw not_found("program", "there is no program " + program);
  if (auto problem = mail::imap_url_problem(settings.imap.url); !problem.empty()) {
    throw invalid("imap-url", "--imap-url: " + problem);
  }
  if (settings.imap.user.empty()) throw invalid("user", "--user: the mailbox's user is required");
  if (settings.imap.password.empty()) {
    throw invalid("password", "--password-stdin: the mailbox's password is required");
  }
  if (auto problem = mail::imap_folder_problem(settings.done_folder); !problem.empty()) {
    throw invalid("done-folder", "--done-folder: '" + settings.done_folder + "' " + problem);
  }
  auto& mail = store.mail();
  mail.set_mail_setting(setting_name(program, "user"), settings.imap.user, actor);
  mail.set_mail_setting(setting_name(program, "password"), key.seal(settings.imap.password), actor);
  mail.set_mail_setting(setting_name(program, "plaintext"),
                        settings.imap.allow_plaintext ? "true" : "", actor);
  mail.set_mail_setting(setting_name(program, "folder"), settings.done_folder, actor);
  // The URL last: it is what makes the mailbox configured.
  mail.set_mail_setting(setting_name(program, "url"), settings.imap.url, actor);
}

void remove_mailbox_settings(store::MailStore& store, const std::string& program,
                             const std::string& actor) {
  for (const char* field : {"url", "user", "password", "plaintext", "folder"}) {
    store.set_mail_setting(setting_name(program, field), "", actor);
  }
}

MailboxFetcher::MailboxFetcher(store::Store& store, const auth::SecretBox& key,
                               std::filesystem::path gnupg_home)
    : store_(store),
      key_(key),
      gnupg_home_(std::move(gnupg_home)),
      loop_(
          "mailbox", [this] { log_passes(); }, &store) {}

MailboxFetcher::~MailboxFetcher() { stop(); }

MailboxPass MailboxFetcher::fetch(const std::string& program) {
  auto settings = load_mailbox_settings(store_.mail(), key_, program);
  if (!settings) throw not_found("program", "program " + program + " has no mailbox to fetch");
  return fetch(program, *settings);
}

std::vector<MailboxPass> MailboxFetcher::fetch_all() {
  std::vector<MailboxPass> passes;
  for (const auto& program : store_.list_programs()) {
    const std::string& slug = program.policy.identity.slug;
    if (auto settings = load_mailbox_settings(store_.mail(), key_, slug)) {
      passes.push_back(fetch(slug, *settings));
    }
  }
  std::sort(passes.begin(), passes.end(),
            [](const MailboxPass& a, const MailboxPass& b) { return a.program < b.program; });
  return passes;
}

MailboxPass MailboxFetcher::fetch(const std::string& program, const MailboxSettings& settings) {
  MailboxPass pass{program, {}, {}};
  const std::size_t max_bytes = mail::InboundLimits{}.max_bytes;
  try {
    mail::ImapMailbox mailbox(settings.imap);
    auto uids = mailbox.search(std::string("UNDELETED OR UNSEEN KEYWORD ") + kTakenKeyword);
    if (uids.size() > kBatch) uids.resize(kBatch);
    std::string refused_folder;
    for (auto uid : uids) {
      FetchedMail mail{uid, {}, {}};
      try {
        mailbox.add_flags(uid, kTakenKeyword);
      } catch (const mail::ImapError&) {
        // A server that keeps no keywords: the message is fetched all the same.
      }
      auto message = mailbox.fetch(uid, max_bytes);
      if (message.raw.empty() && !message.too_large) continue;  // expunged by another client
      if (message.too_large) {
        mail.result = {IntakeStatus::refused_content,
                       "the message is larger than " + std::to_string(max_bytes) + " bytes"};
      } else {
        mail.result = receive_mail(store_, key_, gnupg_home_, message.raw, {"", program});
      }
      if (mail.result.status == IntakeStatus::try_again) {
        // The store cannot take mail now: this one and the rest wait for the next pass.
        mailbox.remove_flags(uid, "\\Seen");
        pass.mails.push_back(std::move(mail));
        break;
      }
      if (mail.result.status == IntakeStatus::stored) {
        mail.folder = settings.done_folder;
      } else {
        if (refused_folder.empty()) {
          refused_folder = settings.done_folder + mailbox.separator() + "Refused";
        }
        mail.folder = refused_folder;
      }
      mailbox.add_flags(uid, "\\Seen");
      mailbox.move(uid, mail.folder);
      pass.mails.push_back(std::move(mail));
    }
  } catch (const mail::ImapError& e) {
    pass.error = e.what();
  }
  return pass;
}

void MailboxFetcher::log_passes() {
  for (const auto& pass : fetch_all()) {
    for (const auto& mail : pass.mails) {
      if (mail.result.status == IntakeStatus::stored) {
        spdlog::info("mailbox {}: UID {}: {}", pass.program, mail.uid, mail.result.message);
      } else {
        spdlog::warn("mailbox {}: UID {} {}: {}", pass.program, mail.uid,
                     mail.folder.empty() ? "left for the next pass" : "moved to " + mail.folder,
                     mail.result.message);
      }
    }
    if (!pass.error.empty()) spdlog::warn("mailbox {}: {}", pass.program, pass.error);
  }
}

void MailboxFetcher::start(std::chrono::milliseconds interval) { loop_.start(interval); }

void MailboxFetcher::stop() { loop_.stop(); }

}  // namespace embargo::jobs
