#pragma once

#include <cstddef>

namespace embargo::http {

// Raises the process's soft limit on open files to its hard limit (a server's connections each
// take one; the common soft limit of 1,024 is a desktop's) and returns the limit now in force.
std::size_t raise_open_file_limit();

}  // namespace embargo::http
