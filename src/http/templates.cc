#include "http/templates.h"

#include <set>
#include <stdexcept>
#include <utility>

#include "http/web_files.h"

namespace embargo::http {
namespace {

using Mustache = kainjow::mustache::mustache;

// A rendering context whose partials come only from the template set. kainjow's own context
// looks partials up in the data, where a value holding "{{...}}" would be parsed as a template.
class TemplateContext : public NameRecordingContext {
 public:
  TemplateContext(const TemplateData* data,
                  const std::map<std::string, TemplateData, std::less<>>& partials)
      : NameRecordingContext(data), partials_(partials) {}

  const TemplateData* get_partial(const std::string& name) const override {
    auto it = partials_.find(name);
    return it == partials_.end() ? nullptr : &it->second;
  }

 private:
  const std::map<std::string, TemplateData, std::less<>>& partials_;
};

// Whether the text has a tag that writes a value without escaping it, or changes the delimiters
// (which would hide such a tag from this check).
bool has_unescaped_tag(std::string_view text) {
  return text.find("{{{") != std::string_view::npos || text.find("{{&") != std::string_view::npos ||
         text.find("{{=") != std::string_view::npos;
}

}  // namespace

const TemplateData* NameRecordingContext::get(const std::string& name) const {
  const TemplateData* found = kainjow::mustache::context<std::string>::get(name);
  if (found == nullptr) missing_.insert(name);
  return found;
}

void check_missing(bool strict, std::string_view template_name,
                   const std::set<std::string, std::less<>>& missing, const TemplateNames& names) {
  if (!strict) return;
  for (const auto& name : missing) {
    if (names.sections.contains(name)) continue;
    throw std::logic_error("template '" + std::string(template_name) + "' has no value for {{" +
                           name + "}}");
  }
}

Templates::Templates(Sources sources, bool strict) : sources_(std::move(sources)), strict_(strict) {
  for (const auto& [name, text] : sources_) {
    Mustache parsed(text);
    if (!parsed.is_valid()) {
      throw std::invalid_argument("template '" + name + "': " + parsed.error_message());
    }
    if (has_unescaped_tag(text)) {
      throw std::invalid_argument(
          "template '" + name +
          "': unescaped tags ({{{x}}}, {{&x}}) and delimiter changes are not allowed");
    }
    partials_.emplace(name, TemplateData(text));
  }
  for (const auto& [name, text] : sources_) {
    // A template's names with those of the partials it includes, and theirs.
    TemplateNames all;
    std::vector<std::string> pending{name};
    std::set<std::string, std::less<>> seen;
    while (!pending.empty()) {
      std::string next = std::move(pending.back());
      pending.pop_back();
      auto source = sources_.find(next);
      if (source == sources_.end() || !seen.insert(next).second) continue;
      TemplateNames own = template_names(source->second);
      all.sections.merge(own.sections);
      pending.insert(pending.end(), own.partials.begin(), own.partials.end());
    }
    names_.emplace(name, std::move(all));
  }
}

const Templates& Templates::embedded() {
  static const Templates templates = [] {
    constexpr std::string_view kDir = "templates/";
    constexpr std::string_view kExtension = ".mustache";
    Sources sources;
    for (const auto& file : web_files()) {
      if (!file.path.starts_with(kDir) || !file.path.ends_with(kExtension)) continue;
      std::string_view name = file.path.substr(kDir.size());
      name.remove_suffix(kExtension.size());
      sources.emplace(std::string(name), std::string(file.content));
    }
    return Templates(std::move(sources));
  }();
  return templates;
}

std::string Templates::render(std::string_view name, const TemplateData& data) const {
  auto it = sources_.find(name);
  if (it == sources_.end()) {
    throw std::invalid_argument("no template named '" + std::string(name) + "'");
  }
  // A fresh parse per rendering: kainjow's renderer keeps state in the template object, and
  // pages render on several threads at once.
  Mustache page(it->second);
  TemplateContext context(&data, partials_);
  std::string html = page.render(context);
  if (!page.is_valid()) {
    throw std::invalid_argument("template '" + it->first + "': " + page.error_message());
  }
  check_missing(strict_, it->first, context.missing(), names_.at(it->first));
  record_rendering(it->first);
  return html;
}

std::string Templates::render(std::string_view name, const TemplateData& data,
                              const std::vector<HtmlSlot>& slots) const {
  std::string html = render(name, data);
  for (const auto& slot : slots) {
    std::string marker = "<!--html:" + slot.name + "-->";
    auto at = html.find(marker);
    if (at != std::string::npos) html.replace(at, marker.size(), slot.html);
  }
  return html;
}

}  // namespace embargo::http
