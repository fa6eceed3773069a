#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/policy_loader_diagnostics.h"

namespace embargo {

Position position_of(const toml::source_region& region);

// "a string", "an integer", ...: how a TOML value is named in "expected X, got Y" messages.
std::string kind_of(const toml::node& node);

// The closest of `candidates` to a misspelt `word`, if one is close enough to be a likely typo.
std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates);
std::optional<std::string_view> closest_match(std::string_view word,
                                              std::initializer_list<std::string_view> candidates);

// A string from the policy together with where it was written, for checks on single entries.
struct LocatedString {
  std::string value;
  Position where;
};

// Reads one table of a policy file. Every getter records a positioned error for a value of the
// wrong type or shape and returns nullopt, so section readers state only what they expect; on
// construction every key the caller does not know is reported, at every level of the file.
class TableReader {
 public:
  // `path` prefixes value messages ("sla" gives "sla.triage: ..."), empty at the top level;
  // `shown` says where the table is in key messages ("in [sla]", "in [[form.fields]]",
  // "at the top level").
  TableReader(const toml::table& table, std::string path, std::string shown,
              Diagnostics& diagnostics, std::initializer_list<std::string_view> known_keys);

  const toml::node* node(std::string_view key) const { return table_->get(key); }
  bool has(std::string_view key) const { return node(key) != nullptr; }
  // Where the key's value is written; the table itself when the key is absent.
  Position position(std::string_view key) const;
  Position table_position() const { return position_of(table_->source()); }
  // The dotted name of a key for messages: "sla.triage".
  std::string path_of(std::string_view key) const;
  Diagnostics& diagnostics() const { return *diagnostics_; }

  // An error about the key's value: "<path.key>: <message>" at the value.
  void error(std::string_view key, const std::string& message) const;
  // "missing required key 'slug' in [program]", at the table.
  void missing(std::string_view key) const;

  std::optional<std::string> string(std::string_view key) const;
  // Like string(), but absence is an error and the value must not be blank.
  std::optional<std::string> required_string(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<Duration> duration(std::string_view key) const;
  // An array of non-blank strings.
  std::optional<std::vector<std::string>> strings(std::string_view key) const;
  std::optional<std::vector<LocatedString>> located_strings(std::string_view key) const;
  // A value that must be one of `choices`, e.g. "semver" | "pep440" | "generic".
  std::optional<std::string> choice(std::string_view key,
                                    std::initializer_list<std::string_view> choices) const;

  // A sub-table, absent or of the wrong type: nullopt (the latter with an error).
  std::optional<TableReader> table(std::string_view key,
                                   std::initializer_list<std::string_view> known_keys) const;
  // An array of tables ([[versions.supported]]); each element is read with `known_keys`.
  std::optional<std::vector<TableReader>> tables(
      std::string_view key, std::initializer_list<std::string_view> known_keys) const;

 private:
  const toml::array* array(std::string_view key, std::string_view expected) const;
  void wrong_type(std::string_view key, std::string_view expected, const toml::node& got) const;

  const toml::table* table_;
  std::string path_;
  std::string shown_;
  Diagnostics* diagnostics_;
};

}  // namespace embargo
