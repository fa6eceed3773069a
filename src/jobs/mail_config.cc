#include "jobs/mail_config.h"

#include "core/email.h"
#include "core/error.h"

namespace embargo::jobs {

MailConfig load_mail_config(store::MailStore& store, const auth::SecretBox& key) {
  auto settings = store.mail_settings(
      {"smtp_url", "from", "smtp_user", "require_tls", "smtp_password", "public_url"});
  auto value = [&](const std::string& name) {
    auto found = settings.find(name);
    return found != settings.end() ? found->second : std::string();
  };
  MailConfig config;
  config.smtp.url = value("smtp_url");
  config.smtp.from = value("from");
  config.smtp.user = value("smtp_user");
  config.smtp.require_tls = value("require_tls") == "true";
  if (settings.contains("smtp_password")) config.smtp.password = key.open(value("smtp_password"));
  config.public_url = value("public_url");
  return config;
}

void save_mail_config(store::MailStore& store, const auth::SecretBox& key, const MailConfig& config,
                      const std::string& actor) {
  const std::string& url = config.smtp.url;
  if (!url.starts_with("smtp://") && !url.starts_with("smtps://")) {
    throw invalid("smtp-url",
                  "--smtp-url: must start with smtp:// or smtps:// (got '" + url + "')");
  }
  if (!is_valid_email(config.smtp.from)) {
    throw invalid("from", "--from: '" + config.smtp.from + "' is not an email address");
  }
  if (!config.public_url.starts_with("http://") && !config.public_url.starts_with("https://")) {
    throw invalid("public-url", "--public-url: must start with http:// or https:// (got '" +
                                    config.public_url + "')");
  }
  store.set_mail_setting("smtp_url", url, actor);
  store.set_mail_setting("from", config.smtp.from, actor);
  store.set_mail_setting("smtp_user", config.smtp.user, actor);
  store.set_mail_setting("smtp_password",
                         config.smtp.password.empty() ? "" : key.seal(config.smtp.password), actor);
  store.set_mail_setting("require_tls", config.smtp.require_tls ? "true" : "", actor);
  std::string public_url = config.public_url;
  while (public_url.ends_with('/')) public_url.pop_back();
  store.set_mail_setting("public_url", public_url, actor);
}

}  // namespace embargo::jobs
