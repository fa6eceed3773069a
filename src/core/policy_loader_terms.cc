#include <algorithm>
#include <array>
#include <cctype>

#include "core/policy_loader_sections.h"

namespace embargo {
namespace {

// "EUR", "USD": an ISO 4217 code.
bool valid_currency(std::string_view c) {
  return c.size() == 3 &&
         std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

}  // namespace

void read_scope(const TableReader& root, Scope& scope) {
  auto table = root.table("scope", {"in", "out", "third_party"});
  if (!table) return;
  if (auto v = table->strings("in")) scope.in = *v;
  if (auto v = table->strings("out")) scope.out = *v;
  if (auto v = table->string("third_party")) scope.third_party = *v;
}

void read_versions(const TableReader& root, Versions& versions) {
  auto table = root.table("versions", {"scheme", "prerelease", "prerelease_note", "supported"});
  if (!table) return;
  if (auto scheme = table->choice("scheme", {"semver", "pep440", "generic"})) {
    versions.scheme = *scheme == "semver"   ? Versions::Scheme::semver
                      : *scheme == "pep440" ? Versions::Scheme::pep440
                                            : Versions::Scheme::generic;
  }
  if (auto pre =
          table->choice("prerelease", {"unstated", "supported", "best_effort", "unsupported"})) {
    versions.prerelease = *pre == "supported"     ? Versions::Prerelease::supported
                          : *pre == "best_effort" ? Versions::Prerelease::best_effort
                          : *pre == "unsupported" ? Versions::Prerelease::unsupported
                                                  : Versions::Prerelease::unstated;
  }
  if (auto note = table->string("prerelease_note")) versions.prerelease_note = *note;
  if (auto ranges = table->tables("supported", {"range", "supported", "note"})) {
    for (const TableReader& entry : *ranges) {
      auto range = entry.required_string("range");
      if (!range) continue;
      const bool repeated = std::any_of(versions.supported.begin(), versions.supported.end(),
                                        [&](const SupportedRange& r) { return r.range == *range; });
      if (repeated) {
        entry.error("range", "\"" + *range + "\" is listed twice");
        continue;
      }
      SupportedRange r{*range, true, ""};
      if (auto v = entry.boolean("supported")) r.supported = *v;
      if (auto v = entry.string("note")) r.note = *v;
      versions.supported.push_back(std::move(r));
    }
  }
}

// A reward table is per severity: [rewards.table.high] min = 100, max = 500.
void read_rewards(const TableReader& root, Rewards& rewards) {
  auto table = root.table("rewards", {"kind", "currency", "note", "table"});
  if (!table) return;
  if (auto kind = table->choice("kind", {"unstated", "none", "case_by_case", "table"})) {
    rewards.kind = *kind == "table"          ? Rewards::Kind::table
                   : *kind == "case_by_case" ? Rewards::Kind::case_by_case
                   : *kind == "none"         ? Rewards::Kind::none
                                             : Rewards::Kind::unstated;
  }
  if (auto note = table->string("note")) rewards.note = *note;
  if (auto currency = table->string("currency")) {
    if (valid_currency(*currency)) {
      rewards.currency = *currency;
    } else {
      table->error("currency",
                   "expected a currency code like \"EUR\" or \"USD\", got \"" + *currency + "\"");
    }
  }
  auto amounts = table->table("table", {"low", "medium", "high", "critical"});
  if (amounts && rewards.kind != Rewards::Kind::table) {
    table->error("table", "a reward table is given but kind is not \"table\"");
  }
  if (rewards.kind != Rewards::Kind::table) return;
  if (!table->has("currency")) table->missing("currency");
  if (!amounts) {
    if (!table->has("table")) {
      table->error("kind", "kind = \"table\" needs [rewards.table.<severity>] entries");
    }
    return;
  }
  bool any_severity = false;
  for (Severity s : {Severity::low, Severity::medium, Severity::high, Severity::critical}) {
    any_severity = any_severity || amounts->has(to_string(s));
    auto entry = amounts->table(to_string(s), {"min", "max"});
    if (!entry) continue;
    auto min = entry->integer("min");
    auto max = entry->integer("max");
    if (!entry->has("min")) entry->missing("min");
    if (!entry->has("max")) entry->missing("max");
    if (min && *min < 0) entry->error("min", "must not be negative");
    if (max && *max < 0) entry->error("max", "must not be negative");
    if (min && max && *min > *max) {
      entry->error("min",
                   std::to_string(*min) + " is more than max (" + std::to_string(*max) + ")");
    }
    if (min && max && *min >= 0 && *min <= *max) rewards.table[s] = {*min, *max};
  }
  if (!any_severity) {
    table->error("table", "kind = \"table\" needs at least one severity with min and max");
  }
}

void read_credit(const TableReader& root, Credit& credit) {
  auto table =
      root.table("credit", {"default", "anonymous_allowed", "where", "private_for", "note"});
  if (!table) return;
  if (auto d = table->choice("default", {"public", "ask", "private"})) {
    credit.by_default = *d == "public" ? Credit::Default::public_credit
                        : *d == "ask"  ? Credit::Default::ask
                                       : Credit::Default::private_credit;
  }
  if (auto v = table->boolean("anonymous_allowed")) credit.anonymous_allowed = *v;
  if (auto where = table->located_strings("where")) {
    static constexpr std::array<std::string_view, 3> kPlaces = {"advisory", "release_notes",
                                                                "hall_of_fame"};
    for (const auto& place : *where) {
      if (std::find(kPlaces.begin(), kPlaces.end(), place.value) == kPlaces.end()) {
        std::string message = "credit.where: unknown place \"" + place.value +
                              "\", expected advisory, release_notes or hall_of_fame";
        if (auto guess = closest_match(place.value, kPlaces)) {
          message += " (did you mean \"" + std::string(*guess) + "\"?)";
        }
        root.diagnostics().error(place.where, message);
      } else {
        credit.where.push_back(place.value);
      }
    }
  }
  if (auto reasons = table->located_strings("private_for")) {
    for (const auto& reason : *reasons) {
      if (reason.value == "duplicate") {
        credit.private_for_duplicates = true;
      } else if (reason.value == "low_impact") {
        credit.private_for_low_impact = true;
      } else {
        root.diagnostics().error(reason.where, "credit.private_for: unknown case \"" +
                                                   reason.value +
                                                   "\", expected \"duplicate\" or \"low_impact\"");
      }
    }
  }
  if (auto note = table->string("note")) credit.note = *note;
}

void read_texts(const TableReader& root, Texts& texts) {
  auto table = root.table("texts", {"intro", "safe_harbor", "safe_harbor_conditions",
                                    "safe_harbor_void", "rules", "promises", "closing"});
  if (!table) return;
  if (auto v = table->string("intro")) texts.intro = *v;
  if (auto v = table->string("safe_harbor")) texts.safe_harbor = *v;
  if (auto v = table->strings("safe_harbor_conditions")) texts.safe_harbor_conditions = *v;
  if (auto v = table->string("safe_harbor_void")) texts.safe_harbor_void = *v;
  if (auto v = table->strings("rules")) texts.rules = *v;
  if (auto v = table->strings("promises")) texts.promises = *v;
  if (auto v = table->string("closing")) texts.closing = *v;
}

}  // namespace embargo
