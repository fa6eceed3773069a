#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace embargo::testing {

// The lines of a reference data file under tests/data, gzipped or not (large files are kept
// gzipped in the repository). Fails the calling test when the file cannot be read.
std::vector<std::string> read_data_lines(const std::string& path_under_tests_data);

// The whole of a file's bytes; empty when it cannot be read (a test compares it with what it
// expected, so a missing file fails there with the path in the message).
std::string read_text(const std::filesystem::path& path);

// A line split at tabs.
std::vector<std::string> split_tabs(const std::string& line);

}  // namespace embargo::testing
