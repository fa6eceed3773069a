// Reads the version test data copied from ../shared/standards/versions into tests/data/versions.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace embargo::scoring::testing {

inline std::string read_version_data(const std::string& relative) {
  std::ifstream in(std::string(EMBARGO_SOURCE_DIR) + "/tests/data/versions/" + relative);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The non-empty lines of a data file.
inline std::vector<std::string> version_data_lines(const std::string& relative) {
  std::istringstream in(read_version_data(relative));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// The rows of a tab-separated data file without its header line, split on tabs.
inline std::vector<std::vector<std::string>> version_data_rows(const std::string& relative) {
  std::vector<std::vector<std::string>> rows;
  const auto lines = version_data_lines(relative);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells;
    std::istringstream line(lines[i]);
    for (std::string cell; std::getline(line, cell, '\t');) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace embargo::scoring::testing
