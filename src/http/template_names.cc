#include "http/template_names.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>

namespace embargo::http {

TemplateNames template_names(std::string_view text) {
  TemplateNames names;
  for (auto open = text.find("{{"); open != std::string_view::npos;
       open = text.find("{{", open + 2)) {
    auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    std::string_view tag = text.substr(open + 2, close - open - 2);
    if (tag.empty()) continue;
    char kind = tag.front();
    if (kind != '#' && kind != '^' && kind != '>') continue;
    tag.remove_prefix(1);
    auto first = tag.find_first_not_of(' ');
    auto last = tag.find_last_not_of(' ');
    if (first == std::string_view::npos) continue;
    std::string name(tag.substr(first, last - first + 1));
    (kind == '>' ? names.partials : names.sections).insert(std::move(name));
  }
  return names;
}

bool strict_templates() {
  static const bool strict = [] {
    const char* value = std::getenv("EMBARGO_STRICT_TEMPLATES");
    return value != nullptr && std::string_view(value) == "1";
  }();
  return strict;
}

void record_rendering(std::string_view name) {
  static const char* const directory = std::getenv("EMBARGO_RENDERED_TEMPLATES");
  if (directory == nullptr || *directory == '\0') return;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  static std::ofstream out(std::string(directory) + "/" + std::to_string(::getpid()),
                           std::ios::app);
  out << name << '\n' << std::flush;
}

}  // namespace embargo::http
