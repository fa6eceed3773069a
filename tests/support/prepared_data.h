// Data directories that a test suite prepares once and every case starts from a copy of.
//
// CTest runs each case in a process of its own, so a suite's set-up (embargo init, programs,
// accounts, reports) would otherwise run again for every case. The first process that needs a
// directory makes it under a lock and keeps it in the build tree; the others wait for it and
// copy it. A directory is kept for the binaries and the files it was made from, for one day:
// rebuilding the server or the test, editing an example policy, or a new day makes it again.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace embargo::testing {

// The kept directory for `name` and `inputs` (files whose contents it depends on, besides the
// server's and this test's binaries). When none is kept yet, `make(directory)` fills an empty
// one and returns whether it succeeded; a failure keeps nothing and returns an empty path.
// `made_here` tells the caller whether this process ran `make`.
std::filesystem::path prepared_directory(
    const std::string& name, const std::vector<std::filesystem::path>& inputs,
    const std::function<bool(const std::filesystem::path& directory)>& make, bool* made_here);

// Copies a data directory into `to` (created), leaving out sockets (a GnuPG agent's), which
// belong to the process that made them.
void copy_data_directory(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace embargo::testing
