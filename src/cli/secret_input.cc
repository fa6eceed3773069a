#include "cli/secret_input.h"

#include <iostream>

namespace embargo::cli {

std::string read_secret_line() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace embargo::cli
