#pragma once

#include <string>

namespace embargo::cli {

// The first line of standard input, without its line ending: how every command takes a password
// or a secret, never from argv, where other users of the machine could read it in the process
// list.
std::string read_secret_line();

}  // namespace embargo::cli
