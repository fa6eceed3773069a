#include "core/policy_loader_reader.h"

#include <algorithm>
#include <numeric>

#include "core/text.h"

namespace embargo {
namespace {

constexpr std::string_view kDurationExpected =
    R"(a duration like "48h", "7d" or "7 business days")";

// Edit distance with adjacent transpositions counted as one edit ("recieve" -> "receive").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  std::iota(d[0].begin(), d[0].end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string join_choices(std::initializer_list<std::string_view> choices) {
  std::string out;
  for (auto c : choices) {
    if (!out.empty()) out += ", ";
    out += "\"" + std::string(c) + "\"";
  }
  return out;
}

}  // namespace

Position position_of(const toml::source_region& region) {
  return {static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::string kind_of(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates) {
  // Typos of short words are caught only when one edit away; longer ones allow a third of the
  // word, so that "acknowlege" finds "acknowledge" but "in" does not find "out".
  const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string_view> best;
  std::size_t best_distance = allowed + 1;
  for (auto candidate : candidates) {
    // Lengths further apart than the allowance cannot be close; skipping them also keeps a
    // hostile megabyte-long key from costing a megabyte-squared table.
    const std::size_t gap = word.size() > candidate.size() ? word.size() - candidate.size()
                                                           : candidate.size() - word.size();
    if (gap > allowed) continue;
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::optional<std::string_view> closest_match(std::string_view word,
                                              std::initializer_list<std::string_view> candidates) {
  return closest_match(word,
                       std::span<const std::string_view>(candidates.begin(), candidates.size()));
}

TableReader::TableReader(const toml::table& table, std::string path, std::string shown,
                         Diagnostics& diagnostics,
                         std::initializer_list<std::string_view> known_keys)
    : table_(&table), path_(std::move(path)), shown_(std::move(shown)), diagnostics_(&diagnostics) {
  for (auto&& [key, value] : table) {
    const std::string_view name = key.str();
    if (std::find(known_keys.begin(), known_keys.end(), name) != known_keys.end()) continue;
    std::string message = "unknown key '" + std::string(name) + "' " + shown_;
    if (auto guess = closest_match(name, known_keys)) {
      message += " (did you mean '" + std::string(*guess) + "'?)";
    }
    diagnostics_->error(position_of(key.source()), std::move(message));
  }
}

Position TableReader::position(std::string_view key) const {
  const toml::node* n = node(key);
  return n != nullptr ? position_of(n->source()) : table_position();
}

std::string TableReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void TableReader::error(std::string_view key, const std::string& message) const {
  diagnostics_->error(position(key), path_of(key) + ": " + message);
}

void TableReader::missing(std::string_view key) const {
  diagnostics_->error(table_position(),
                      "missing required key '" + std::string(key) + "' " + shown_);
}

void TableReader::wrong_type(std::string_view key, std::string_view expected,
                             const toml::node& got) const {
  error(key, "expected " + std::string(expected) + ", got " + kind_of(got));
}

std::optional<std::string> TableReader::string(std::string_view key) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* s = n->as_string()) return s->get();
  wrong_type(key, "a string", *n);
  return std::nullopt;
}

std::optional<std::string> TableReader::required_string(std::string_view key) const {
  if (!has(key)) {
    missing(key);
    return std::nullopt;
  }
  auto s = string(key);
  if (s && is_blank(*s)) {
    error(key, "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> TableReader::boolean(std::string_view key) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* b = n->as_boolean()) return b->get();
  wrong_type(key, "true or false", *n);
  return std::nullopt;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* i = n->as_integer()) return i->get();
  wrong_type(key, "a whole number", *n);
  return std::nullopt;
}

std::optional<Duration> TableReader::duration(std::string_view key) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  const auto* s = n->as_string();
  if (s == nullptr) {
    wrong_type(key, kDurationExpected, *n);
    return std::nullopt;
  }
  std::string problem;
  auto d = parse_duration(s->get(), &problem);
  if (!d) error(key, problem);
  return d;
}

const toml::array* TableReader::array(std::string_view key, std::string_view expected) const {
  const toml::node* n = node(key);
  if (n == nullptr) return nullptr;
  if (const auto* a = n->as_array()) return a;
  wrong_type(key, expected, *n);
  return nullptr;
}

std::optional<std::vector<LocatedString>> TableReader::located_strings(std::string_view key) const {
  const toml::array* a = array(key, "an array of strings");
  if (a == nullptr) return std::nullopt;
  std::vector<LocatedString> out;
  bool ok = true;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const toml::node& element = *a->get(i);
    const Position where = position_of(element.source());
    const std::string name = path_of(key) + "[" + std::to_string(i) + "]";
    if (const auto* s = element.as_string()) {
      if (is_blank(s->get())) {
        diagnostics_->error(where, name + ": must not be empty");
        ok = false;
      } else {
        out.push_back({s->get(), where});
      }
    } else {
      diagnostics_->error(where, name + ": expected a string, got " + kind_of(element));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> TableReader::strings(std::string_view key) const {
  auto located = located_strings(key);
  if (!located) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(located->size());
  for (auto& s : *located) out.push_back(std::move(s.value));
  return out;
}

std::optional<std::string> TableReader::choice(
    std::string_view key, std::initializer_list<std::string_view> choices) const {
  auto value = string(key);
  if (!value) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *value) != choices.end()) return value;
  std::string message = "expected one of " + join_choices(choices) + ", got \"" + *value + "\"";
  if (auto guess = closest_match(*value, choices)) {
    message += " (did you mean \"" + std::string(*guess) + "\"?)";
  }
  error(key, message);
  return std::nullopt;
}

std::optional<TableReader> TableReader::table(
    std::string_view key, std::initializer_list<std::string_view> known_keys) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  const auto* t = n->as_table();
  if (t == nullptr) {
    wrong_type(key, "a table", *n);
    return std::nullopt;
  }
  const std::string path = path_of(key);
  return TableReader(*t, path, "in [" + path + "]", *diagnostics_, known_keys);
}

std::optional<std::vector<TableReader>> TableReader::tables(
    std::string_view key, std::initializer_list<std::string_view> known_keys) const {
  const std::string path = path_of(key);
  const toml::array* a = array(key, "an array of tables ([[" + path + "]])");
  if (a == nullptr) return std::nullopt;
  std::vector<TableReader> out;
  bool ok = true;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const toml::node& element = *a->get(i);
    const std::string name = path + "[" + std::to_string(i) + "]";
    if (const auto* t = element.as_table()) {
      out.emplace_back(*t, name, "in [[" + path + "]]", *diagnostics_, known_keys);
    } else {
      diagnostics_->error(position_of(element.source()),
                          name + ": expected a table, got " + kind_of(element));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace embargo
