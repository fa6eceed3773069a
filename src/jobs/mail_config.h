#pragma once

#include <string>

#include "auth/secret_box.h"
#include "mail/smtp.h"
#include "store/mail.h"

namespace embargo::jobs {

// The instance's mail settings (`embargo settings mail`), kept in the store; the SMTP password
// sealed under the instance key and opened only here.
struct MailConfig {
  mail::SmtpSettings smtp;
  std::string public_url;  // what tracking links in mails start with

  // Mail is sent only once an admin named a sender and a server.
  bool configured() const { return !smtp.from.empty() && !smtp.url.empty(); }
  // The domain of the sender address, where the instance's Message-IDs live.
  std::string sender_domain() const { return smtp.from.substr(smtp.from.rfind('@') + 1); }
};

MailConfig load_mail_config(store::MailStore& store, const auth::SecretBox& key);
// Checks and stores the settings (Refusal naming the flag at fault); the password is sealed.
void save_mail_config(store::MailStore& store, const auth::SecretBox& key, const MailConfig& config,
                      const std::string& actor);

}  // namespace embargo::jobs
