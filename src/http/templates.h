#pragma once

#include <kainjow/mustache.hpp>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "http/template_names.h"

namespace embargo::http {

// What a template is rendered with: strings, lists and objects of kainjow Mustache.
using TemplateData = kainjow::mustache::data;

// A rendering context that remembers each name it found no value for, so that a strict
// rendering (strict_templates()) can refuse a page with a forgotten or misspelt value.
class NameRecordingContext : public kainjow::mustache::context<std::string> {
 public:
  explicit NameRecordingContext(const TemplateData* data)
      : kainjow::mustache::context<std::string>(data) {}

  const TemplateData* get(const std::string& name) const override;
  const std::set<std::string, std::less<>>& missing() const { return missing_; }

 private:
  mutable std::set<std::string, std::less<>> missing_;
};

// When `strict`: throws std::logic_error naming the template and a name the rendering found no
// value for that the template does not use as a section ({{#x}} or {{^x}} may be absent; a
// {{x}} may not).
void check_missing(bool strict, std::string_view template_name,
                   const std::set<std::string, std::less<>>& missing, const TemplateNames& names);

// HTML that Embargo's own sanitising renderer made (formats::markdown_to_html), never a value
// from a request or the store: the one way markup that is not the template's reaches a page.
// A template places it by writing the comment <!--html:NAME-->.
struct HtmlSlot {
  std::string name;
  std::string html;
};

// The HTML pages' Mustache templates. `{{name}}` is HTML-escaped by the engine, so every value
// a page shows, policy text or a reporter's words, is inert. `{{> name}}` includes another
// template of the set (the page frame), never a value from the data: data can never become a
// template.
class Templates {
 public:
  using Sources = std::map<std::string, std::string, std::less<>>;  // name -> Mustache text

  // Parses every template once; throws std::invalid_argument naming the template and the
  // parser's message if one is malformed or uses an unescaped tag (`{{{x}}}`, `{{&x}}`).
  // `strict` renderings refuse a {{value}} their data lacks (strict_templates() by default).
  explicit Templates(Sources sources, bool strict = strict_templates());

  // The templates embedded from web/templates/ ("index.mustache" is named "index").
  static const Templates& embedded();

  // Renders template `name` with `data`; throws std::invalid_argument for an unknown name, and
  // std::logic_error when strict and a {{value}} has nothing in `data`.
  std::string render(std::string_view name, const TemplateData& data) const;
  // Renders, then puts each slot's HTML where the template writes <!--html:NAME--> (its first
  // such comment). Values are escaped before, so no value can make the comment.
  std::string render(std::string_view name, const TemplateData& data,
                     const std::vector<HtmlSlot>& slots) const;

 private:
  Sources sources_;
  bool strict_;
  std::map<std::string, TemplateData, std::less<>> partials_;  // the same texts, as partials
  std::map<std::string, TemplateNames, std::less<>> names_;    // with their partials' names
};

}  // namespace embargo::http
