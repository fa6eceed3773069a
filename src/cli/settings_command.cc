#include <iostream>

#include "auth/secret_box.h"
#include "cli/data_dir.h"
#include "cli/secret_input.h"
#include "cli/subcommands.h"
#include "core/error.h"
#include "jobs/mail_config.h"
#include "jobs/mailbox_fetcher.h"

namespace embargo::cli {
namespace {

struct SettingsOptions {
  DataLocation data;
  bool required = false;
  bool optional = false;
};

// The instance-wide switch the admin page has too: with --required every account must set up
// two-factor sign-in before it reaches any other desk page. Without a flag it shows the setting.
void two_factor(const SettingsOptions& o) {
  auto store = open_store(o.data);
  auto& accounts = store->accounts();
  if (o.required || o.optional) accounts.set_two_factor_required(o.required, "cli");
  if (!accounts.two_factor_required()) {
    std::cout << "two-factor sign-in: optional\n";
    return;
  }
  std::int64_t without = 0;
  for (const auto& user : accounts.list_users()) {
    if (!user.two_factor) ++without;
  }
  std::cout << "two-factor sign-in: required for every account\n";
  if (without > 0) {
    std::cout << without << (without == 1 ? " account" : " accounts")
              << " without it must set it up at the next sign-in\n";
  }
}

struct MailSettingsOptions {
  DataLocation data;
  std::string smtp_url;
  std::string from;
  std::string user;
  std::string public_url;
  bool password_stdin = false;
  bool require_tls = false;
};

// Where mail goes out: with no flag it shows the settings (never the password).
void mail_settings(const MailSettingsOptions& o) {
  auto store = open_store(o.data);
  auto key = auth::SecretBox::from_key_file(instance_key_path(o.data.dir));
  if (!o.smtp_url.empty() || !o.from.empty() || !o.public_url.empty()) {
    jobs::MailConfig config;
    config.smtp.url = o.smtp_url;
    config.smtp.from = o.from;
    config.smtp.user = o.user;
    config.smtp.require_tls = o.require_tls;
    config.public_url = o.public_url;
    if (o.password_stdin) config.smtp.password = read_secret_line();
    jobs::save_mail_config(store->mail(), key, config, "cli");
  }
  auto config = jobs::load_mail_config(store->mail(), key);
  if (!config.configured()) {
    std::cout << "mail: off (set --smtp-url, --from and --public-url)\n";
    return;
  }
  std::cout << "smtp: " << config.smtp.url << (config.smtp.require_tls ? " (TLS required)" : "")
            << "\nfrom: " << config.smtp.from
            << "\nuser: " << (config.smtp.user.empty() ? "(none)" : config.smtp.user)
            << "\npassword: " << (config.smtp.password.empty() ? "(none)" : "(set, sealed)")
            << "\nlinks: " << config.public_url << '\n';
}

struct MailFetchOptions {
  DataLocation data;
  std::string program;
  std::string imap_url;
  std::string user;
  std::string done_folder = "Embargo";
  bool password_stdin = false;
  bool allow_plaintext = false;
  bool remove = false;
};

// A program's hosted mailbox, which `embargo serve` and `embargo mail fetch` read: set, removed,
// or with no flag shown (never the password).
void mail_fetch_settings(const MailFetchOptions& o) {
  auto store = open_store(o.data);
  auto key = auth::SecretBox::from_key_file(instance_key_path(o.data.dir));
  if (!store->find_program(o.program)) {
    throw not_found("program", "--program: there is no program " + o.program);
  }
  if (o.remove) {
    jobs::remove_mailbox_settings(store->mail(), o.program, "cli");
  } else if (!o.imap_url.empty()) {
    jobs::MailboxSettings settings;
    settings.imap.url = o.imap_url;
    settings.imap.user = o.user;
    settings.imap.allow_plaintext = o.allow_plaintext;
    settings.done_folder = o.done_folder;
    if (o.password_stdin) settings.imap.password = read_secret_line();
    jobs::save_mailbox_settings(*store, key, o.program, settings, "cli");
  }
  auto settings = jobs::load_mailbox_settings(store->mail(), key, o.program);
  if (!settings) {
    std::cout << o.program << ": no mailbox (set --imap-url, --user and --password-stdin)\n";
    return;
  }
  bool clear = settings->imap.url.starts_with("imap://");
  std::cout << "program: " << o.program << "\nimap: " << settings->imap.url
            << (clear ? (settings->imap.allow_plaintext ? " (STARTTLS when offered, else in clear)"
                                                        : " (STARTTLS required)")
                      : "")
            << "\nuser: " << settings->imap.user
            << "\npassword: " << (settings->imap.password.empty() ? "(none)" : "(set, sealed)")
            << "\ndone folder: " << settings->done_folder << '\n';
}

}  // namespace

void add_settings_command(CLI::App& app) {
  auto* settings = app.add_subcommand("settings", "Change the instance's settings");
  settings->require_subcommand(1);

  auto options = std::make_shared<SettingsOptions>();
  auto* two_factor_command = settings->add_subcommand(
      "two-factor", "Require two-factor sign-in for every account, or make it optional");
  add_data_option(*two_factor_command, options->data);
  auto* required = two_factor_command->add_flag("--required", options->required,
                                                "Every account must use two-factor sign-in");
  auto* optional = two_factor_command->add_flag("--optional", options->optional,
                                                "Each account chooses (the default)");
  required->excludes(optional);
  two_factor_command->callback([options] { two_factor(*options); });

  auto mail = std::make_shared<MailSettingsOptions>();
  auto* mail_command =
      settings->add_subcommand("mail", "Where mail goes out: the SMTP server and the sender");
  add_data_option(*mail_command, mail->data);
  auto* url = mail_command->add_option("--smtp-url", mail->smtp_url,
                                       "smtp://HOST:PORT (STARTTLS when offered) or smtps://...");
  auto* from = mail_command->add_option("--from", mail->from, "The sender address");
  auto* links = mail_command->add_option("--public-url", mail->public_url,
                                         "The address links in mails start with");
  url->needs(from)->needs(links);
  from->needs(url);
  links->needs(url);
  mail_command->add_option("--user", mail->user, "SMTP user name")->needs(url);
  mail_command
      ->add_flag("--password-stdin", mail->password_stdin,
                 "Read the SMTP password from standard input (sealed when stored)")
      ->needs(url);
  mail_command
      ->add_flag("--require-tls", mail->require_tls,
                 "Never send in clear: refuse a server without STARTTLS")
      ->needs(url);
  mail_command->callback([mail] { mail_settings(*mail); });

  auto fetch = std::make_shared<MailFetchOptions>();
  auto* fetch_command = settings->add_subcommand(
      "mail-fetch", "A program's hosted mailbox, whose mail the server fetches over IMAP");
  add_data_option(*fetch_command, fetch->data);
  fetch_command->add_option("--program", fetch->program, "The program's slug")->required();
  auto* imap_url = fetch_command->add_option(
      "--imap-url", fetch->imap_url,
      "imaps://HOST[:PORT]/MAILBOX, or imap://... with STARTTLS required");
  auto* user = fetch_command->add_option("--user", fetch->user, "The mailbox's user name");
  auto* password = fetch_command->add_flag(
      "--password-stdin", fetch->password_stdin,
      "Read the mailbox's password from standard input (sealed when stored)");
  imap_url->needs(user)->needs(password);
  user->needs(imap_url);
  password->needs(imap_url);
  fetch_command
      ->add_option("--done-folder", fetch->done_folder,
                   "Where fetched mail is moved (refused mail to its subfolder Refused)")
      ->capture_default_str()
      ->needs(imap_url);
  fetch_command
      ->add_flag("--allow-plaintext", fetch->allow_plaintext,
                 "With imap://, log in and read in clear when the server offers no STARTTLS "
                 "(a server on loopback)")
      ->needs(imap_url);
  fetch_command->add_flag("--remove", fetch->remove, "Stop fetching the program's mailbox")
      ->excludes(imap_url);
  fetch_command->callback([fetch] { mail_fetch_settings(*fetch); });
}

}  // namespace embargo::cli
