#pragma once

#include <kainjow/mustache.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::http {

// What a template is rendered with: strings, lists and objects of kainjow Mustache.
using TemplateData = kainjow::mustache::data;

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
  explicit Templates(Sources sources);

  // The templates embedded from web/templates/ ("index.mustache" is named "index").
  static const Templates& embedded();

  // Renders template `name` with `data`; throws std::invalid_argument for an unknown name.
  std::string render(std::string_view name, const TemplateData& data) const;
  // Renders, then puts each slot's HTML where the template writes <!--html:NAME--> (its first
  // such comment). Values are escaped before, so no value can make the comment.
  std::string render(std::string_view name, const TemplateData& data,
                     const std::vector<HtmlSlot>& slots) const;

 private:
  Sources sources_;
  std::map<std::string, TemplateData, std::less<>> partials_;  // the same texts, as partials
};

}  // namespace embargo::http
