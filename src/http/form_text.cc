#include "http/form_text.h"

#include <algorithm>

namespace embargo::http {

std::vector<std::string> pieces(std::string_view text, std::string_view separators) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(separators, start);
    if (end == std::string_view::npos) end = text.size();
    std::string piece = trimmed(text.substr(start, end - start));
    if (!piece.empty()) out.push_back(std::move(piece));
    start = end + 1;
  }
  return out;
}

FormInput input_of(const DeskContext& c) {
  FormInput input;
  for (const auto& part : c.parts) {
    if (!part.is_file && part.name != "csrf") input.values[part.name] = part.content;
  }
  return input;
}

}  // namespace embargo::http
