#include "formats/security_txt.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace embargo::formats {
namespace {

bool is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string percent_encoded(unsigned char c) {
  char buffer[4];
  std::snprintf(buffer, sizeof buffer, "%%%02X", c);
  return buffer;
}

// Policy text in a comment line: control characters (a line break would end the comment and
// start a field) become spaces.
std::string comment(std::string_view text) {
  std::string out = "# ";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7F) ? ' ' : c;
  }
  return out + "\n";
}

std::string field(std::string_view name, std::string_view value) {
  return std::string(name) + ": " + std::string(value) + "\n";
}

std::string languages_value(const std::vector<std::string>& languages) {
  std::string out;
  for (const auto& tag : languages) {
    if (!out.empty()) out += ", ";
    out += tag;
  }
  return out;
}

// The lines every file has once: Expires, then Preferred-Languages when some are known.
std::string file_fields(const std::vector<std::string>& languages, Time now) {
  std::string out = field("Expires", format_time(security_txt_expiry(now)));
  if (!languages.empty()) out += field("Preferred-Languages", languages_value(languages));
  return out;
}

// One program's Contact, Encryption, Policy and (for a program that keeps a hall of fame, its
// credit.where naming one) Acknowledgments lines.
std::string program_fields(const Policy& policy, std::string_view public_url, bool own_key) {
  std::string out;
  for (const auto& contact : security_txt_contacts(policy, public_url)) {
    out += field("Contact", contact);
  }
  if (policy.contacts.pgp_key_url.starts_with("https://")) {
    out += field("Encryption", policy_url_as_uri(policy.contacts.pgp_key_url));
  }
  if (own_key) out += field("Encryption", program_key_url(public_url, policy.identity.slug));
  out += field("Policy", program_page_url(public_url, policy.identity.slug));
  const auto& where = policy.credit.where;
  if (std::find(where.begin(), where.end(), "hall_of_fame") != where.end()) {
    out += field("Acknowledgments",
                 program_page_url(public_url, policy.identity.slug) + "/hall-of-fame");
  }
  return out;
}

// The file of one program, found at `canonical`.
std::string one_program_file(const Policy& policy, std::string_view public_url, Time now,
                             const std::string& canonical, bool own_key) {
  std::string out = comment("How to report a vulnerability in " + policy.identity.name +
                            ", from its disclosure policy.");
  out += program_fields(policy, public_url, own_key);
  out += file_fields(policy.identity.languages, now);
  return out + field("Canonical", canonical);
}

}  // namespace

std::string policy_url_as_uri(std::string_view url) {
  static constexpr std::string_view kAllowed = "-._~:/?#@!$&'()*+,;=";
  const std::size_t authority = url.find("://") + 3;
  const std::size_t authority_end = std::min(url.find_first_of("/?#", authority), url.size());
  bool in_fragment = false;
  std::string out;
  for (std::size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    const bool escape = c == '%' && i + 2 < url.size() && is_hex(url[i + 1]) && is_hex(url[i + 2]);
    const bool bracket = (c == '[' || c == ']') && i < authority_end;
    const bool keep = is_ascii_alnum(static_cast<unsigned char>(c)) || escape || bracket ||
                      (c == '#' ? !in_fragment : kAllowed.find(c) != std::string_view::npos);
    if (c == '#') in_fragment = true;
    out += keep ? std::string(1, c) : percent_encoded(static_cast<unsigned char>(c));
  }
  return out;
}

std::string mailto_uri(std::string_view address) {
  static constexpr std::string_view kAllowed = "-._~!$'*+,;@";
  std::string out = "mailto:";
  for (unsigned char c : address) {
    if (is_ascii_alnum(c) || kAllowed.find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += percent_encoded(c);
    }
  }
  return out;
}

Time security_txt_expiry(Time now) {
  return std::chrono::floor<std::chrono::days>(now) + kSecurityTxtLifetime;
}

std::string program_page_url(std::string_view public_url, std::string_view slug) {
  return std::string(public_url) + "/p/" + std::string(slug);
}

std::string program_report_url(std::string_view public_url, std::string_view slug) {
  return program_page_url(public_url, slug) + "/report";
}

std::string program_security_txt_url(std::string_view public_url, std::string_view slug) {
  return program_page_url(public_url, slug) + "/security.txt";
}

std::vector<std::string> security_txt_contacts(const Policy& policy, std::string_view public_url) {
  std::vector<std::string> contacts;
  if (policy.intake.email && !policy.contacts.email.empty()) {
    contacts.push_back(mailto_uri(policy.contacts.email));
  }
  if (policy.intake.web_form) {
    contacts.push_back(program_report_url(public_url, policy.identity.slug));
  }
  if (contacts.empty()) contacts.push_back(program_page_url(public_url, policy.identity.slug));
  return contacts;
}

std::string program_key_url(std::string_view public_url, std::string_view slug) {
  return program_page_url(public_url, slug) + "/pgp-key.asc";
}

std::string program_security_txt(const Policy& policy, std::string_view public_url, Time now,
                                 bool own_key) {
  return one_program_file(policy, public_url, now,
                          program_security_txt_url(public_url, policy.identity.slug), own_key);
}

std::string instance_security_txt(const std::vector<Policy>& programs, std::string_view public_url,
                                  Time now, const std::set<std::string>& keyed) {
  auto own_key = [&keyed](const Policy& policy) { return keyed.contains(policy.identity.slug); };
  if (programs.empty()) {
    throw std::logic_error("instance_security_txt needs at least one program");
  }
  const std::string canonical = std::string(public_url) + "/.well-known/security.txt";
  if (programs.size() == 1) {
    return one_program_file(programs.front(), public_url, now, canonical,
                            own_key(programs.front()));
  }
  std::vector<std::string> languages;
  for (const auto& policy : programs) {
    for (const auto& tag : policy.identity.languages) {
      if (std::find(languages.begin(), languages.end(), tag) == languages.end()) {
        languages.push_back(tag);
      }
    }
  }
  std::string out = comment(
      "How to report a vulnerability in the programs of this instance, one program at a time.");
  out += file_fields(languages, now);
  out += field("Canonical", canonical);
  for (const auto& policy : programs) {
    out += "\n" + comment(policy.identity.name);
    out += program_fields(policy, public_url, own_key(policy));
  }
  return out;
}

std::vector<std::string> security_txt_warnings(const Policy& policy, std::string_view public_url) {
  std::vector<std::string> warnings;
  if (!public_url.starts_with("https://")) {
    warnings.push_back("the public URL " + std::string(public_url) +
                       " is not https: RFC 9116 wants every web address in security.txt, and the "
                       "file itself, served over https");
  }
  const auto& key = policy.contacts.pgp_key_url;
  if (!key.empty() && !key.starts_with("https://")) {
    warnings.push_back("contacts.pgp_key_url " + key +
                       " is not https: RFC 9116 allows only https key addresses, so the "
                       "Encryption line is left out");
  }
  return warnings;
}

}  // namespace embargo::formats
