// Linked into every executable of the sanitized test build (the `embargo` binary, the test
// binaries and the fuzz corpus replays), nowhere else.
//
// The suite starts a few thousand sanitized processes, and half of the page faults of each one's
// start were on its own zero-filled globals: the sanitizer runtime keeps about 9 MB of tables
// there (its stack depot above all), which the depot touches page by page at random and
// LeakSanitizer reads in full at exit. On a virtual machine, where a page fault costs many times
// what it costs on bare metal, that was much of a process's start. Asking the kernel to map the
// whole area at once (one madvise) saves thousands of faults per process (docs/performance.md).
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

// The start and the end of the executable's zero-initialised data, set by the linker.
extern "C" char __bss_start[];  // NOLINT(bugprone-reserved-identifier): the linker's name
extern "C" char _end[];

// AddressSanitizer calls this hook for its default options as the first step of its start-up,
// before its tables are touched: the place to map them. The function runs before the
// sanitizers are ready, so it must not be instrumented; a kernel without MADV_POPULATE_WRITE
// (older than 5.14) refuses it and the faults happen as before.
extern "C" __attribute__((no_sanitize("address", "undefined"), visibility("default"))) const char*
__asan_default_options() {  // NOLINT(bugprone-reserved-identifier): AddressSanitizer's name
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<std::uintptr_t>(__bss_start) & ~(page - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(_end) + page - 1) & ~(page - 1);
  // NOLINTNEXTLINE(performance-no-int-to-ptr): a page-aligned address made from a symbol's
  madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
  return "";
}
