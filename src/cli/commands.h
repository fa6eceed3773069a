#pragma once

namespace embargo::cli {

// The `embargo` command line: parses argv, runs one subcommand, returns the exit status
// (0 success, 1 refused or failed, 2 usage error).
int run(int argc, char** argv);

}  // namespace embargo::cli
