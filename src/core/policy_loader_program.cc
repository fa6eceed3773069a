#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <exception>
#include <sstream>

#include "core/email.h"
#include "core/policy_loader_sections.h"
#include "core/text.h"

namespace embargo {
namespace {

bool is_upper_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// ^[A-Z0-9]{1,16}$: the prefix of public report ids, "PYSPECTOR-2026-0007".
bool valid_id_prefix(std::string_view s) {
  return !s.empty() && s.size() <= 16 && std::all_of(s.begin(), s.end(), is_upper_alnum);
}

// A simplified RFC 5646 tag: a primary language of 2-8 letters, then subtags of 1-8 letters or
// digits separated by '-' ("en", "pt-BR", "zh-Hant-TW").
bool valid_language_tag(std::string_view tag) {
  std::size_t start = 0;
  bool first = true;
  while (true) {
    const std::size_t end = std::min(tag.find('-', start), tag.size());
    const std::string_view part = tag.substr(start, end - start);
    const bool letters = std::all_of(part.begin(), part.end(), [](char c) {
      return std::isalpha(static_cast<unsigned char>(c));
    });
    if (part.empty() || part.size() > 8 || !std::all_of(part.begin(), part.end(), is_alnum) ||
        (first && (part.size() < 2 || !letters))) {
      return false;
    }
    if (end == tag.size()) return true;
    start = end + 1;
    first = false;
  }
}

bool is_url(std::string_view s) {
  const bool scheme = s.starts_with("https://") || s.starts_with("http://");
  const std::size_t host = s.find("//") + 2;
  return scheme && s.size() > host && std::none_of(s.begin(), s.end(), [](char c) {
           return std::isspace(static_cast<unsigned char>(c)) ||
                  std::iscntrl(static_cast<unsigned char>(c));
         });
}

void check_url(const TableReader& table, std::string_view key, const std::string& value) {
  if (!value.empty() && !is_url(value)) {
    table.error(key, "expected an http:// or https:// URL, got \"" + value + "\"");
  }
}

constexpr std::array<std::string_view, 7> kDayNames = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};

// A holiday as a TOML date (2026-12-25) or an ISO string ("2026-12-25"), as "YYYY-MM-DD".
std::optional<std::string> holiday_date(const toml::node& node, std::string* problem) {
  if (const auto* d = node.as_date()) {
    const toml::date& v = d->get();
    const date::year_month_day ymd{date::year{v.year}, date::month{v.month}, date::day{v.day}};
    if (!ymd.ok()) {
      *problem = "not a date of the calendar";
      return std::nullopt;
    }
    return date::format("%F", date::sys_days{ymd});
  }
  const auto* s = node.as_string();
  if (s == nullptr) {
    *problem = "expected a date like 2026-12-25, got " + kind_of(node);
    return std::nullopt;
  }
  const std::string& text = s->get();
  const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                     std::all_of(text.begin(), text.end(), [](char c) {
                       return c == '-' || std::isdigit(static_cast<unsigned char>(c));
                     });
  if (shape) {
    const date::year_month_day ymd{date::year{std::stoi(text.substr(0, 4))},
                                   date::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                                   date::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
    if (ymd.ok()) return text;
  }
  *problem = "expected a date like 2026-12-25, got \"" + text + "\"";
  return std::nullopt;
}

}  // namespace

void read_program(const TableReader& root, Identity& identity) {
  auto program =
      root.table("program", {"slug", "name", "id_prefix", "homepage", "languages", "last_updated"});
  if (!program) {
    if (!root.has("program")) {
      root.diagnostics().error(root.table_position(), "missing required table [program]");
    }
    return;
  }
  if (auto slug = program->required_string("slug")) {
    if (is_program_slug(*slug)) {
      identity.slug = *slug;
    } else {
      program->error("slug", "\"" + *slug +
                                 "\" is not a slug: expected 1 to 40 lower-case letters, digits "
                                 "and '-', starting with a letter or digit");
    }
  }
  if (auto name = program->required_string("name")) identity.name = *name;
  if (auto prefix = program->string("id_prefix")) {
    if (valid_id_prefix(*prefix)) {
      identity.id_prefix = *prefix;
    } else {
      program->error("id_prefix", "\"" + *prefix +
                                      "\" is not an id prefix: expected 1 to 16 upper-case "
                                      "letters or digits");
    }
  } else if (!program->has("id_prefix") && !identity.slug.empty()) {
    identity.id_prefix = default_id_prefix(identity.slug);
    if (!valid_id_prefix(identity.id_prefix)) {
      program->error("slug", "the report id prefix made from the slug (\"" + identity.id_prefix +
                                 "\") is longer than 16 characters: set program.id_prefix");
    }
  }
  if (auto homepage = program->string("homepage")) {
    check_url(*program, "homepage", *homepage);
    identity.homepage = *homepage;
  }
  if (auto languages = program->located_strings("languages")) {
    if (languages->empty()) program->error("languages", "must name at least one language");
    identity.languages.clear();
    for (const auto& tag : *languages) {
      if (!valid_language_tag(tag.value)) {
        root.diagnostics().error(tag.where,
                                 "program.languages: \"" + tag.value +
                                     "\" is not a language tag like \"en\" or \"pt-BR\"");
      }
      identity.languages.push_back(tag.value);
    }
  }
  if (const toml::node* updated = program->node("last_updated")) {
    if (const auto* d = updated->as_date()) {
      std::ostringstream out;
      out << d->get();
      identity.last_updated = out.str();
    } else if (auto text = program->string("last_updated")) {
      identity.last_updated = *text;
    }
  }
}

void read_contacts(const TableReader& root, Contacts& contacts) {
  auto table =
      root.table("contacts", {"email", "pgp_key_file", "pgp_key_url", "questions_email", "note"});
  if (!table) return;
  auto email = [&](std::string_view key, std::string& out) {
    if (auto value = table->string(key)) {
      if (is_valid_email(*value)) {
        out = *value;
      } else {
        table->error(key, "\"" + *value +
                              "\" is not an email address: expected one '@', a domain with a dot, "
                              "and no spaces");
      }
    }
  };
  email("email", contacts.email);
  email("questions_email", contacts.questions_email);
  if (auto file = table->string("pgp_key_file")) contacts.pgp_key_file = *file;
  if (auto url = table->string("pgp_key_url")) {
    check_url(*table, "pgp_key_url", *url);
    contacts.pgp_key_url = *url;
  }
  if (auto note = table->string("note")) contacts.note = *note;
}

void read_intake(const TableReader& root, const Contacts& contacts, Intake& intake) {
  auto table = root.table(
      "intake", {"web_form", "api", "email", "encrypted_email_preferred", "links_allowed"});
  if (!table) return;
  if (auto v = table->boolean("web_form")) intake.web_form = *v;
  if (auto v = table->boolean("api")) intake.api = *v;
  if (auto v = table->boolean("email")) intake.email = *v;
  if (auto v = table->boolean("encrypted_email_preferred")) intake.encrypted_email_preferred = *v;
  if (auto v = table->boolean("links_allowed")) intake.links_allowed = *v;

  if (!intake.web_form && !intake.api && !intake.email) {
    root.diagnostics().error(table->table_position(),
                             "[intake] accepts no reports: set web_form, api or email to true");
  }
  if (intake.email && contacts.email.empty() && contacts.note.empty()) {
    table->error("email",
                 "reports by email need [contacts] email (or a note saying where to write)");
  }
  if (intake.encrypted_email_preferred && !intake.email) {
    table->error("encrypted_email_preferred", "encrypted email is preferred but email is off");
  }
  if (intake.encrypted_email_preferred && contacts.pgp_key_file.empty() &&
      contacts.pgp_key_url.empty()) {
    table->error("encrypted_email_preferred",
                 "encrypted email needs [contacts] pgp_key_file or pgp_key_url");
  }
}

void read_calendar(const TableReader& root, Calendar& calendar) {
  auto table = root.table("calendar", {"time_zone", "weekend", "holidays"});
  if (!table) return;
  if (auto zone = table->string("time_zone")) {
    try {
      date::locate_zone(*zone);
      calendar.time_zone = *zone;
    } catch (const std::exception&) {
      table->error("time_zone", "unknown time zone \"" + *zone +
                                    "\": expected an IANA name like \"Europe/Berlin\" or \"UTC\"");
    }
  }
  if (auto weekend = table->located_strings("weekend")) {
    std::vector<int> days;
    for (const auto& day : *weekend) {
      std::string lower = ascii_lower(day.value);
      const auto it = std::find(kDayNames.begin(), kDayNames.end(), lower);
      if (it == kDayNames.end()) {
        std::string message = "calendar.weekend: \"" + day.value + "\" is not a day of the week";
        if (auto guess = closest_match(lower, kDayNames)) {
          message += " (did you mean \"" + std::string(*guess) + "\"?)";
        }
        root.diagnostics().error(day.where, message);
        continue;
      }
      const int index = static_cast<int>(it - kDayNames.begin());
      if (std::find(days.begin(), days.end(), index) != days.end()) {
        root.diagnostics().error(day.where,
                                 "calendar.weekend: \"" + day.value + "\" is listed twice");
        continue;
      }
      days.push_back(index);
    }
    if (days.size() == kDayNames.size()) {
      table->error("weekend", "every day of the week is a weekend day: no business day is left");
    }
    calendar.weekend = days;
  }
  if (const toml::node* node = table->node("holidays")) {
    const auto* list = node->as_array();
    if (list == nullptr) {
      table->error("holidays", "expected an array of dates, got " + kind_of(*node));
      return;
    }
    calendar.holidays.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
      const toml::node& element = *list->get(i);
      const Position where = position_of(element.source());
      const std::string name = "calendar.holidays[" + std::to_string(i) + "]";
      std::string problem;
      auto day = holiday_date(element, &problem);
      if (!day) {
        root.diagnostics().error(where, std::string(name).append(": ").append(problem));
      } else if (std::find(calendar.holidays.begin(), calendar.holidays.end(), *day) !=
                 calendar.holidays.end()) {
        root.diagnostics().error(where, name + ": " + *day + " is listed twice");
      } else {
        calendar.holidays.push_back(*day);
      }
    }
  }
}

}  // namespace embargo
