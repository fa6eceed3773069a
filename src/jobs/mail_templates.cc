#include "jobs/mail_templates.h"

#include <map>
#include <mutex>
#include <stdexcept>

#include "http/web_files.h"

namespace embargo::jobs {
namespace {

// Every mail template, parsed once.
std::map<std::string, kainjow::mustache::mustache, std::less<>>& templates() {
  static auto parsed = [] {
    constexpr std::string_view kDir = "templates/mail/";
    constexpr std::string_view kExtension = ".txt";
    std::map<std::string, kainjow::mustache::mustache, std::less<>> all;
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
      all.emplace(name, std::move(parsed_template));
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
  return it->second.render(data);
}

}  // namespace embargo::jobs
