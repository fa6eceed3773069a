#pragma once

namespace embargo::cli {

// Limits glibc's malloc to one arena per core, before the server starts its threads. By
// default each of the server's many worker threads soon gets an arena of its own (up to eight
// per core), and each keeps the memory of the largest request it has handled: a dashboard over
// 20,000 reports run once on each worker left 390 MiB of anonymous memory at 100,000 reports,
// 59 MiB with two arenas at the same latency (docs/performance.md, issue 17).
void limit_malloc_arenas();

// Hands the memory malloc holds free back to the system. Opening a store applies its
// migrations, and building an index over a million reports leaves over 100 MiB free in the
// arena that a serving process would otherwise keep for good (139 MiB against 19 MiB after the
// same reads, docs/performance.md).
void release_free_memory();

}  // namespace embargo::cli
