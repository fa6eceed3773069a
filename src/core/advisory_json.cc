#include "core/advisory_json.h"

#include <charconv>
#include <string>

#include "core/error.h"
#include "core/member_name.h"

namespace embargo {
namespace json = boost::json;

namespace {

std::string item(const std::string& list, std::size_t index) {
  return list + "[" + std::to_string(index + 1) + "]";
}

std::string key_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? member_name(key) : parent + "." + member_name(key);
}

const json::object& object_of(const std::string& field, const json::value& value) {
  const auto* object = value.if_object();
  if (object == nullptr) throw invalid_at(field.empty() ? "body" : field, "expected an object");
  return *object;
}

std::string string_of(const std::string& field, const json::value& value) {
  if (value.is_null()) return {};
  const auto* text = value.if_string();
  if (text == nullptr) throw invalid_at(field, "expected a string");
  return std::string(*text);
}

const json::array& array_of(const std::string& field, const json::value& value) {
  static const json::array empty;
  if (value.is_null()) return empty;
  const auto* array = value.if_array();
  if (array == nullptr) throw invalid_at(field, "expected an array");
  return *array;
}

std::vector<std::string> strings_of(const std::string& field, const json::value& value) {
  std::vector<std::string> out;
  const json::array& array = array_of(field, value);
  for (std::size_t i = 0; i < array.size(); ++i) out.push_back(string_of(item(field, i), array[i]));
  return out;
}

int cwe_of(const std::string& field, const json::value& value) {
  if (auto id = cwe_id_from_json(value)) return *id;
  throw invalid_at(field, "expected a CWE id such as 79 or \"CWE-79\"");
}

// Calls `read(key, value)` for each key, refusing the keys it does not know.
template <typename Read>
void each_key(const std::string& field, const json::object& object,
              std::initializer_list<std::string_view> known, Read read) {
  for (const auto& [key, value] : object) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string path = key_path(field, key);
      throw invalid_at(path, "unknown field '" + std::string(key) + "'");
    }
    read(std::string_view(key), value, key_path(field, key));
  }
}

AffectedPackage package_of(const std::string& field, const json::value& value) {
  AffectedPackage package;
  each_key(field, object_of(field, value), {"ecosystem", "name", "purl", "ranges"},
           [&](std::string_view key, const json::value& v, const std::string& path) {
             if (key == "ecosystem") package.ecosystem = string_of(path, v);
             if (key == "name") package.name = string_of(path, v);
             if (key == "purl") package.purl = string_of(path, v);
             if (key == "ranges") package.ranges = strings_of(path, v);
           });
  return package;
}

AdvisoryReference reference_of(const std::string& field, const json::value& value) {
  AdvisoryReference reference;
  bool typed = false;
  each_key(field, object_of(field, value), {"type", "url"},
           [&](std::string_view key, const json::value& v, const std::string& path) {
             if (key == "url") reference.url = string_of(path, v);
             if (key != "type") return;
             std::string name = string_of(path, v);
             auto type = parse_reference_type(name);
             if (!type) {
               throw invalid_at(path,
                                "'" + name +
                                    "' is not a reference type (advisory, article, detection, "
                                    "discussion, report, fix, introduced, git, package, "
                                    "evidence, web)");
             }
             reference.type = *type;
             typed = true;
           });
  if (!typed) throw invalid_at(key_path(field, "type"), "required");
  return reference;
}

AdvisoryCredit credit_of(const std::string& field, const json::value& value) {
  AdvisoryCredit credit;
  bool typed = false;
  each_key(field, object_of(field, value), {"role", "report", "name"},
           [&](std::string_view key, const json::value& v, const std::string& path) {
             if (key == "report") credit.report = string_of(path, v);
             if (key == "name") credit.name = string_of(path, v);
             if (key != "role") return;
             std::string name = string_of(path, v);
             auto role = parse_credit_role(name);
             if (!role) {
               throw invalid_at(path, "'" + name +
                                          "' is not a credit role (finder, reporter, analyst, "
                                          "coordinator, remediation_developer, "
                                          "remediation_reviewer, remediation_verifier, tool, "
                                          "sponsor, other)");
             }
             credit.role = *role;
             typed = true;
           });
  if (!typed) throw invalid_at(key_path(field, "role"), "required");
  return credit;
}

}  // namespace

json::object advisory_draft_to_json(const AdvisoryDraft& draft) {
  json::array affected;
  for (const auto& package : draft.affected) {
    json::array ranges(package.ranges.begin(), package.ranges.end());
    affected.push_back(json::object{{"ecosystem", package.ecosystem},
                                    {"name", package.name},
                                    {"purl", package.purl},
                                    {"ranges", std::move(ranges)}});
  }
  json::array cwes;
  for (int cwe : draft.cwes) cwes.push_back(json::value("CWE-" + std::to_string(cwe)));
  json::array references;
  for (const auto& reference : draft.references) {
    references.push_back(json::object{{"type", to_string(reference.type)}, {"url", reference.url}});
  }
  json::array credits;
  for (const auto& credit : draft.credits) {
    json::object c{{"role", to_string(credit.role)}};
    if (!credit.report.empty()) c["report"] = credit.report;
    if (!credit.name.empty()) c["name"] = credit.name;
    credits.push_back(std::move(c));
  }
  return {{"summary", draft.summary},
          {"details", draft.details},
          {"affected", std::move(affected)},
          {"cvss_vector", draft.cvss_vector},
          {"cwes", std::move(cwes)},
          {"references", std::move(references)},
          {"aliases", json::array(draft.aliases.begin(), draft.aliases.end())},
          {"credits", std::move(credits)}};
}

std::optional<int> cwe_id_from_json(const json::value& value) {
  if (const auto* number = value.if_int64()) {
    if (*number > 0 && *number < 100000) return static_cast<int>(*number);
  } else if (const auto* text = value.if_string()) {
    std::string_view digits(*text);
    if (digits.starts_with("CWE-")) digits.remove_prefix(4);
    int id = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (!digits.empty() && error == std::errc() && end == digits.data() + digits.size() && id > 0) {
      return id;
    }
  }
  return std::nullopt;
}

AdvisoryDraft advisory_draft_from_json(const json::value& value) {
  AdvisoryDraft draft;
  each_key(
      "", object_of("", value),
      {"summary", "details", "affected", "cvss_vector", "cwes", "references", "aliases", "credits"},
      [&](std::string_view key, const json::value& v, const std::string& path) {
        if (key == "summary") draft.summary = string_of(path, v);
        if (key == "details") draft.details = string_of(path, v);
        if (key == "cvss_vector") draft.cvss_vector = string_of(path, v);
        if (key == "aliases") draft.aliases = strings_of(path, v);
        const json::array* list = nullptr;
        if (key == "affected" || key == "cwes" || key == "references" || key == "credits") {
          list = &array_of(path, v);
        }
        for (std::size_t i = 0; list != nullptr && i < list->size(); ++i) {
          std::string at = item(path, i);
          if (key == "affected") draft.affected.push_back(package_of(at, (*list)[i]));
          if (key == "cwes") draft.cwes.push_back(cwe_of(at, (*list)[i]));
          if (key == "references") draft.references.push_back(reference_of(at, (*list)[i]));
          if (key == "credits") draft.credits.push_back(credit_of(at, (*list)[i]));
        }
      });
  return draft;
}

json::array published_credits_to_json(const std::vector<PublishedCredit>& credits) {
  json::array out;
  for (const auto& credit : credits) {
    out.push_back(json::object{{"role", to_string(credit.role)}, {"name", credit.name}});
  }
  return out;
}

std::vector<PublishedCredit> published_credits_from_json(const json::value& value) {
  std::vector<PublishedCredit> out;
  const json::array& array = array_of("credits", value);
  for (std::size_t i = 0; i < array.size(); ++i) {
    AdvisoryCredit credit = credit_of(item("credits", i), array[i]);
    out.push_back({credit.role, credit.name});
  }
  return out;
}

}  // namespace embargo
