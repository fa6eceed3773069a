#include "data_file.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <fstream>
#include <sstream>

namespace embargo::testing {

std::vector<std::string> read_data_lines(const std::string& path_under_tests_data) {
  std::string path = std::string(EMBARGO_SOURCE_DIR) + "/tests/data/" + path_under_tests_data;
  std::vector<std::string> lines;
  gzFile file = gzopen(path.c_str(), "rb");  // reads plain files unchanged too
  if (file == nullptr) {
    ADD_FAILURE() << "cannot open " << path;
    return lines;
  }
  std::string line;
  std::array<char, 4096> buffer{};
  while (gzgets(file, buffer.data(), static_cast<int>(buffer.size())) != nullptr) {
    line += buffer.data();
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      lines.push_back(std::move(line));
      line.clear();
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));
  int status = 0;
  const char* message = gzerror(file, &status);
  if (status != Z_OK && status != Z_STREAM_END) ADD_FAILURE() << path << ": " << message;
  gzclose(file);
  return lines;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

}  // namespace embargo::testing
