#include "cli/malloc_arenas.h"

#include <malloc.h>

#include <algorithm>
#include <thread>

namespace embargo::cli {

void limit_malloc_arenas() {
  int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  mallopt(M_ARENA_MAX, std::max(2, cores));
}

void release_free_memory() { malloc_trim(0); }

}  // namespace embargo::cli
