#include "jobs/mail_templates.h"

#include <map>
#include <mutex>
#include <stdexcept>

#include "http/templates.h"
#include "http/web_files.h"

namespace embargo::jobs {
namespace {

// A mail template, parsed once, with the names it uses as sections.
struct MailTemplate {
  kainjow::mustache::mustache parsed;
  http::TemplateNames names;
};

// Every mail template.
std::map<std::string, MailTemplate, std::less<>>& templates() {
  static auto parsed = [] {
    constexpr std::string_view kDir = "templates/mail/";
    constexpr std::string_view kExtension = ".txt";
    std::map<std::string, MailTemplate, std::less<>> all;
    for (const auto& file : http::web_files()) {
      if (!file.path.starts_with(kDir) || !file.path.ends_with(kExtension)) continue;
      std::string name(file.path.substr(kDir.size()));
      name.resize(name.size() - kExtension.size());
      kainjow::mustache::mustache parsed_template{std::string(file.content)};
      if (!parsed_template.is_valid()) {
        throw std::invalid_argument("mail template " + name + ": " +
                                    parsed_template.error_message());
      }
      parsed_template.set_custom_escape([](const std::string& text) { return text; });
      all.emplace(name,
                  MailTemplate{std::move(parsed_template), http::template_names(file.content)});
    }
    return all;
  }();
  return parsed;
}

}  // namespace

std::string render_mail_text(std::string_view name, const kainjow::mustache::data& data) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  auto it = templates().find(name);
  if (it == templates().end()) {
    throw std::invalid_argument("no mail template named '" + std::string(name) + "'");
  }
  http::NameRecordingContext context(&data);
  std::string text = it->second.parsed.render(context);
  http::check_missing(http::strict_templates(), "mail/" + it->first, context.missing(),
                      it->second.names);
  http::record_rendering("mail/" + it->first);
  return text;
}

}  // namespace embargo::jobs
