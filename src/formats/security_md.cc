#include "formats/security_md.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "formats/policy_words.h"
#include "formats/security_txt.h"

namespace embargo::formats {
namespace {

// Characters that start inline Markdown anywhere in a line (emphasis, code, links, raw HTML,
// entities, GFM tables and strikethrough).
constexpr std::string_view kInlineSpecial = "\\`*_[]<>|~&";
// Characters that start a block (heading, quote, list, rule, setext underline) at a line's start.
constexpr std::string_view kLineStartSpecial = "#>-+=";

bool is_blank_char(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string escape_line(std::string_view line) {
  while (!line.empty() && is_blank_char(line.front())) line.remove_prefix(1);
  while (!line.empty() && is_blank_char(line.back())) line.remove_suffix(1);
  std::size_t digits = 0;
  while (digits < line.size() && is_digit(line[digits])) ++digits;
  // "1." or "1)" at the start would begin an ordered list.
  const std::size_t list_marker =
      (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')'))
          ? digits
          : std::string_view::npos;
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (kInlineSpecial.find(c) != std::string_view::npos || i == list_marker ||
        (i == 0 && kLineStartSpecial.find(c) != std::string_view::npos)) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// Policy text inside a list item: escaped, its continuation lines indented by `indent` spaces
// (blank lines, which separate paragraphs, left empty).
std::string indented_text(std::string_view text, std::size_t indent) {
  const std::string escaped = markdown_text(text);
  std::string out;
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    out += escaped[i];
    const bool next_line_has_text = i + 1 < escaped.size() && escaped[i + 1] != '\n';
    if (escaped[i] == '\n' && next_line_has_text) out.append(indent, ' ');
  }
  return out;
}

std::string paragraph(std::string_view text) { return markdown_text(text) + "\n\n"; }

std::string bullets(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "- " + indented_text(item, 2) + "\n";
  return items.empty() ? out : out + "\n";
}

std::string numbered(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string marker = std::to_string(i + 1) + ". ";
    out += marker + indented_text(items[i], marker.size()) + "\n";
  }
  return items.empty() ? out : out + "\n";
}

// An address as a Markdown autolink; every byte that could end it is percent-encoded.
std::string autolink(std::string_view url) { return "<" + policy_url_as_uri(url) + ">"; }

std::string email_link(std::string_view address) {
  return "[" + markdown_text(address) + "](" + mailto_uri(address) + ")";
}

std::string section(std::string_view title, const std::string& body) {
  if (body.empty()) return "";
  return "## " + std::string(title) + "\n\n" + body;
}

// Pykour's case: reports go by mail, and the note says where ("email the lead maintainer
// listed in README.md"), so the note is the channel. Otherwise a note is about questions.
bool note_is_channel(const Policy& p) {
  return p.intake.email && p.contacts.email.empty() && !p.contacts.note.empty();
}

std::string reporting(const Policy& p, std::string_view public_url) {
  std::vector<std::string> channels;
  std::string out;
  if (p.intake.email && !p.contacts.email.empty()) {
    std::string channel = "By email to " + email_link(p.contacts.email) + ".";
    if (p.intake.encrypted_email_preferred) {
      channel += " If possible, encrypt it with our PGP key (see Encryption below).";
    }
    channels.push_back(channel);
  } else if (note_is_channel(p)) {
    channels.push_back("By email: " + indented_text(p.contacts.note, 3));
  }
  if (p.intake.web_form) {
    channels.push_back("Through the report form: " +
                       autolink(program_report_url(public_url, p.identity.slug)));
  }
  if (p.intake.api) {
    channels.push_back("Through the API: `POST " + std::string(public_url) + "/api/v1/programs/" +
                       p.identity.slug + "/reports` with a JSON body.");
  }
  // Channel lines are Markdown already (links, code): listed as they are.
  for (std::size_t i = 0; i < channels.size(); ++i) {
    out += std::to_string(i + 1) + ". " + channels[i] + "\n";
  }
  if (!channels.empty()) {
    out = (channels.size() > 1 ? "Report privately, in this order of preference:\n\n"
                               : "Report privately:\n\n") +
          out + "\n";
  }
  if (!p.intake.links_allowed) {
    out += "Put the whole report in the message itself, without links to anything outside it.\n\n";
  }
  if (!p.form.fields.empty()) {
    std::vector<std::string> fields;
    for (const auto& f : p.form.fields) {
      std::string line(f.label.empty() ? info(f.field).label : std::string_view(f.label));
      if (f.required) line += " (required)";
      if (!f.help.empty()) line += ": " + f.help;
      fields.push_back(line);
    }
    out += "Please include:\n\n" + bullets(fields);
  }
  const auto& a = p.form.attachments;
  if (a.allowed) {
    out += paragraph(attachments_sentence(a));
  } else {
    out += "Attachments are not accepted.\n\n";
  }
  if (!a.note.empty()) out += paragraph(a.note);
  if (p.form.anonymous_allowed) out += "You may report anonymously.\n\n";
  return out;
}

std::string scope(const Scope& s) {
  std::string out;
  if (!s.in.empty()) out += "In scope:\n\n" + bullets(s.in);
  if (!s.out.empty()) out += "Out of scope:\n\n" + bullets(s.out);
  if (!s.third_party.empty()) out += paragraph(s.third_party);
  return out;
}

// Text inside a table cell: escaped, on one line (a line break would end the table row).
std::string table_cell(std::string_view text) {
  std::string cell = markdown_text(text);
  for (char& c : cell) {
    if (c == '\n') c = ' ';
  }
  return cell;
}

std::string versions(const Versions& v) {
  std::string out;
  if (!v.supported.empty()) {
    out += "| Version | Supported | Notes |\n| --- | --- | --- |\n";
    for (const auto& r : v.supported) {
      out += "| " + table_cell(r.range) + " | " + (r.supported ? "yes" : "no") + " | " +
             table_cell(r.note) + " |\n";
    }
    out += "\n";
  }
  if (v.prerelease != Versions::Prerelease::unstated) {
    out += paragraph(prerelease_sentence(v));
  }
  if (!v.prerelease_note.empty()) out += paragraph(v.prerelease_note);
  return out;
}

std::string safe_harbor(const Texts& t) {
  std::string out;
  if (!t.safe_harbor.empty()) out += paragraph(t.safe_harbor);
  out += bullets(t.safe_harbor_conditions);
  if (!t.safe_harbor_void.empty()) out += paragraph(t.safe_harbor_void);
  return out;
}

// Plain words, one paragraph each.
std::string paragraphs(const std::vector<std::string>& sentences) {
  std::string out;
  for (const auto& s : sentences) out += paragraph(s);
  return out;
}

std::string response_times(const Policy& p) {
  std::vector<std::string> sentences = response_time_sentences(p);
  if (sentences.empty()) return "";
  std::string out = bullets(sentences);
  const std::string business = business_days_sentence(p);
  if (!business.empty()) out += paragraph(business);
  return out;
}

std::string disclosure(const Policy& p) {
  return numbered(p.disclosure.steps) + paragraphs(disclosure_sentences(p));
}

std::string rewards(const Policy& p) {
  const Rewards& r = p.rewards;
  // A note is the policy's own words on the kind ("We do not currently offer monetary rewards.").
  const std::string sentence = rewards_sentence(p);
  std::string out = (r.note.empty() || r.kind == Rewards::Kind::table) && !sentence.empty()
                        ? paragraph(sentence)
                        : std::string();
  if (r.kind == Rewards::Kind::table) {
    out += "| Severity | Reward (" + table_cell(r.currency) + ") |\n| --- | --- |\n";
    for (Severity s : {Severity::critical, Severity::high, Severity::medium, Severity::low}) {
      if (auto it = r.table.find(s); it != r.table.end()) {
        out += "| " + std::string(to_string(s)) + " | " + std::to_string(it->second.min) +
               (it->second.min == it->second.max ? "" : " to " + std::to_string(it->second.max)) +
               " |\n";
      }
    }
    out += "\n";
  }
  if (!r.note.empty()) out += paragraph(r.note);
  return out;
}

std::string credit(const Policy& p) {
  std::string out = paragraphs(credit_sentences(p));
  if (!p.credit.note.empty()) out += paragraph(p.credit.note);
  return out;
}

std::string encryption(const Policy& p) {
  if (p.contacts.pgp_key_url.empty()) return "";
  std::string out = "Our PGP public key: " + autolink(p.contacts.pgp_key_url) + "\n\n";
  if (p.intake.encrypted_email_preferred) {
    out += "Please encrypt what you send us by email with it if you can.\n\n";
  }
  return out;
}

std::string questions(const Policy& p) {
  std::string out;
  if (!p.contacts.questions_email.empty()) {
    out += "Questions about this policy: " + email_link(p.contacts.questions_email) + "\n\n";
  }
  if (!note_is_channel(p) && !p.contacts.note.empty()) out += paragraph(p.contacts.note);
  return out;
}

}  // namespace

std::string markdown_text(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    // CommonMark ends a line at "\n", "\r\n" and a lone "\r": each starts a line to escape.
    const std::size_t end = text.find_first_of("\r\n", start);
    out += escape_line(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    out += '\n';
    start = end + (text.substr(end, 2) == "\r\n" ? 2 : 1);
  }
}

std::string security_md(const Policy& p, std::string_view public_url) {
  std::string out = "# " + markdown_text(p.identity.name) + " Security Policy\n\n";
  if (!p.texts.intro.empty()) out += paragraph(p.texts.intro);
  out += section("How to report a vulnerability", reporting(p, public_url));
  out += section("Rules", bullets(p.texts.rules));
  out += section("Scope", scope(p.scope));
  out += section("Supported versions", versions(p.versions));
  out += section("Response times", response_times(p));
  out += section("Our promises", bullets(p.texts.promises));
  out += section("Safe harbor", safe_harbor(p.texts));
  out += section("Disclosure", disclosure(p));
  out += section("Rewards", rewards(p));
  out += section("Credit", credit(p));
  out += section("Encryption", encryption(p));
  out += section("Questions", questions(p));
  if (!p.texts.closing.empty()) out += paragraph(p.texts.closing);
  if (!p.identity.last_updated.empty()) {
    out += "Last updated: " + markdown_text(p.identity.last_updated) + "\n\n";
  }
  out += "---\n\nThis policy is published at " +
         autolink(program_page_url(public_url, p.identity.slug)) + ".\n";
  return out;
}

}  // namespace embargo::formats
