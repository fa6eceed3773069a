#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace embargo {

// A request refused because of what the caller sent or asked for. It always names what was
// wrong so that the CLI, the pages and the API can tell the user precisely; nothing has been
// written when it is thrown.
class Refusal : public std::runtime_error {
 public:
  enum class Kind { invalid, not_found, conflict, forbidden };

  Refusal(Kind kind, std::string field, const std::string& message)
      : std::runtime_error(message), kind_(kind), field_(std::move(field)) {}

  Kind kind() const { return kind_; }
  // The field or parameter at fault ("title", "to", "program"), or empty when none applies.
  const std::string& field() const { return field_; }

 private:
  Kind kind_;
  std::string field_;
};

inline Refusal invalid(std::string field, const std::string& message) {
  return Refusal(Refusal::Kind::invalid, std::move(field), message);
}
inline Refusal not_found(std::string field, const std::string& message) {
  return Refusal(Refusal::Kind::not_found, std::move(field), message);
}
inline Refusal conflict(std::string field, const std::string& message) {
  return Refusal(Refusal::Kind::conflict, std::move(field), message);
}

// The same refusals with a message that starts with the field ("summary: required"), for rules
// whose fields are paths ("affected[2].ranges[1]") the reader needs to see to find the entry.
inline Refusal invalid_at(const std::string& field, const std::string& message) {
  return invalid(field, field + ": " + message);
}
inline Refusal conflict_at(const std::string& field, const std::string& message) {
  return conflict(field, field + ": " + message);
}

}  // namespace embargo
