#include "http/form_input.h"

namespace embargo::http {

std::string value_or(const FormInput& input, std::string_view name, const std::string& fallback) {
  auto it = input.values.find(name);
  return it == input.values.end() ? fallback : it->second;
}

}  // namespace embargo::http
