// Mail intake inside one process, as the server's mailbox fetcher runs it: what the parser and
// the store can take when no process is started per message (bench/mail_load.sh measures
// `embargo mail receive` itself). The store is on a real disk, like store_bench.cc's.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>

#include "auth/secret_box.h"
#include "core/policy.h"
#include "jobs/announcers.h"
#include "jobs/mail_announcer.h"
#include "jobs/mail_config.h"
#include "jobs/mail_intake.h"
#include "jobs/team_announcer.h"
#include "mail/inbound.h"
#include "scratch_dir.h"
#include "store/store.h"

namespace embargo::jobs {
namespace {

// Mail number `n` of the run, each with its own Message-ID, sender and subject.
std::string mail_number(long n) {
  std::string id = std::to_string(n);
  return "From: Reporter " + id + " <reporter" + id +
         "@example.org>\r\nTo: lead@pykour.example\r\nSubject: Finding " + id +
         "\r\nMessage-ID: <finding." + id +
         "@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
         "The handler of the static route reads files outside the static root: GET "
         "/static/..%2f..%2fetc/passwd returns the file.\r\n";
}

std::filesystem::path g_dir;
std::unique_ptr<store::Store> g_store;
std::unique_ptr<auth::SecretBox> g_key;
std::atomic<long> g_next{0};

// Pykour's own policy; with `receipts`, mail is configured, so each report also renders and
// seals its receipt and its team mail into the outbox in the same write.
void open_store(bool receipts) {
  g_dir = bench::scratch_dir("mail-bench");
  g_store = store::open_sqlite({.path = g_dir / "embargo.db", .readers = 4, .max_batch = 256});
  std::string path = std::string(EMBARGO_SOURCE_DIR) + "/examples/policies/pykour.toml";
  std::ifstream in(path);
  std::string source{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  g_store->apply_program(*load_policy(source, path).policy, source, "bench");
  g_key = std::make_unique<auth::SecretBox>(auth::SecretBox::from_key_file(g_dir / "key"));
  if (!receipts) return;
  MailConfig config;
  config.smtp.url = "smtp://127.0.0.1:25";
  config.smtp.from = "desk@example.org";
  config.public_url = "https://security.example.org";
  save_mail_config(g_store->mail(), *g_key, config, "bench");
  g_store->accounts().add_user("lead@pykour.example", "$argon2id$x", false, "bench");
  g_store->accounts().set_member("pykour", "lead@pykour.example", Role::owner, "bench");
  std::vector<std::shared_ptr<store::Announcer>> announcers = {
      std::make_shared<MailAnnouncer>(
          g_store->mail(), auth::SecretBox::from_key_file(g_dir / "key"), g_dir / "gnupg"),
      std::make_shared<TeamAnnouncer>(*g_store, auth::SecretBox::from_key_file(g_dir / "key"))};
  g_store->mail().set_announcer(std::make_shared<CompositeAnnouncer>(std::move(announcers)));
}

void close_store(const benchmark::State&) {
  g_store.reset();
  g_key.reset();
  std::filesystem::remove_all(g_dir);
}

void run_intake(benchmark::State& state) {
  for (auto _ : state) {
    std::string raw = mail_number(g_next++);
    auto result = receive_mail(*g_store, *g_key, g_dir / "gnupg", raw, {"", "pykour"});
    if (result.status != IntakeStatus::stored) state.SkipWithError(result.message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
}

// Parse, check and store one mailed report per iteration, each acknowledged once on disk.
void BM_MailIntake(benchmark::State& state) { run_intake(state); }
BENCHMARK(BM_MailIntake)
    ->Setup([](const benchmark::State&) { open_store(false); })
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(8)
    ->UseRealTime()
    ->MinTime(3);

// The same with mail configured: the receipt and the team's mail rendered, sealed and queued.
void BM_MailIntakeWithReceipts(benchmark::State& state) { run_intake(state); }
BENCHMARK(BM_MailIntakeWithReceipts)
    ->Setup([](const benchmark::State&) { open_store(true); })
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(8)
    ->UseRealTime()
    ->MinTime(3);

// The MIME parser alone.
void BM_MailParse(benchmark::State& state) {
  std::string raw = mail_number(1);
  for (auto _ : state) benchmark::DoNotOptimize(mail::parse_inbound(raw));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MailParse);

}  // namespace
}  // namespace embargo::jobs
