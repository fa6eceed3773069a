#pragma once

namespace embargo::cli {

// Limits glibc's malloc to one arena per core, before the server starts its threads. By
// default each of the server's many worker threads soon gets an arena of its own (up to eight
// per core), and each keeps the memory of the largest request it has handled: a dashboard over
// 20,000 reports run once on each worker left 390 MiB of anonymous memory at 100,000 reports,
// 59 MiB with two arenas at the same latency (docs/performance.md, issue 17).
void limit_malloc_arenas();

}  // namespace embargo::cli
