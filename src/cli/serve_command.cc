#include <filesystem>
#include <iostream>

#include "auth/secret_box.h"
#include "cli/data_dir.h"
#include "cli/malloc_arenas.h"
#include "cli/subcommands.h"
#include "core/account_lifetimes.h"
#include "core/error.h"
#include "http/program_key_pairs.h"
#include "http/server.h"
#include "http/site.h"
#include "http/site_routes.h"
#include "jobs/clock_alerts.h"
#include "jobs/mailbox_fetcher.h"
#include "jobs/outbox_sender.h"
#include "jobs/periodic.h"
#include "mail/pgp.h"

namespace embargo::cli {
namespace {

// The programs' key pairs generated or imported on another server of the instance (or before a
// restore from a backup) come into this server's GnuPG home from the store; a server started
// with another instance's key stops here rather than failing each mail later.
void take_program_keys(store::Store& store, const auth::SecretBox& box,
                       const std::filesystem::path& home) {
  if (store.mail().program_key_pairs().empty()) return;  // no GnuPG needed
  mail::Keyring keyring(home);
  auto imported = http::share_program_keys(store.mail(), keyring, box);
  if (!imported.empty()) {
    std::cout << "took " << imported.size() << " program key pair"
              << (imported.size() == 1 ? "" : "s") << " from the store into " << home.string()
              << std::endl;
  }
}

struct ServeOptions {
  DataLocation data;
  std::string listen;
  std::string public_url;
  std::vector<std::string> trusted_proxies;
  int threads = 0;
  int workers = 0;
  int submission_rate_limit = 10;  // per client per minute; 0: off
  int session_idle_minutes = std::chrono::minutes(kDefaultSessionIdle).count();
  int session_lifetime_hours = kDefaultSessionLifetime.count();
  int mail_poll_seconds = 60;                  // 0: the programs' mailboxes are not fetched
  std::size_t max_connections = 0;             // 0: from the open-file limit
  std::size_t max_connections_per_client = 0;  // 0: from the open-file limit
  std::uint64_t min_body_rate = http::BodyPace{}.bytes_per_second;
  int body_rate_window = static_cast<int>(http::BodyPace{}.window.count());
  std::uint64_t body_memory_mib = http::ServerOptions{}.body_memory / (std::uint64_t{1024} * 1024);
  std::uint64_t body_disk_mib = http::ServerOptions{}.body_disk / (std::uint64_t{1024} * 1024);
  std::uint64_t hsts_max_age = std::uint64_t{365} * 24 * 60 * 60;
};

// The public URL when none is given: the address the server listens on, with the port it got.
std::string default_public_url(const http::ServerOptions& options, unsigned short port) {
  bool ipv6 = options.address.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + options.address + "]" : options.address;
  return "http://" + host + ":" + std::to_string(port);
}

void serve(const ServeOptions& o) {
  limit_malloc_arenas();
  auto options = http::parse_listen(o.listen);
  options.threads = o.threads;
  options.workers = o.workers;
  for (const auto& proxy : o.trusted_proxies) {
    boost::system::error_code ec;
    options.trusted_proxies.push_back(boost::asio::ip::make_address(proxy, ec));
    if (ec) throw invalid("trusted-proxy", "--trusted-proxy: '" + proxy + "' is not an IP address");
  }
  options.connections = {o.max_connections, o.max_connections_per_client};
  options.body_pace = {o.min_body_rate, std::chrono::seconds(o.body_rate_window)};
  options.body_memory = o.body_memory_mib * 1024 * 1024;
  options.body_disk = o.body_disk_mib * 1024 * 1024;
  options.spool_directory = o.data.dir;
  if (!o.public_url.empty()) {
    http::Site site = http::make_site(o.public_url);  // refuse a bad URL before binding
    if (site.public_url.starts_with("https://")) {
      options.strict_transport_security = "max-age=" + std::to_string(o.hsts_max_age);
    }
  }
  auto store = open_store(o.data);
  release_free_memory();
  // Public answers are kept while the data they were made from is unchanged; the first call
  // starts watching for other processes' changes, here rather than on an I/O thread.
  store->data_generation();
  options.data_generation = [&store] { return store->data_generation(); };
  options.clock = &store->time();
  auto box = auth::SecretBox::from_key_file(instance_key_path(o.data.dir));
  take_program_keys(*store, box, gnupg_home(o.data.dir));
  // Mail queued by any process (this server, `embargo mail receive`) leaves from here.
  jobs::OutboxSender outbox(*store, box);
  outbox.start(std::chrono::seconds(1));
  // The programs' hosted mailboxes are polled: libcurl cannot IDLE (docs/mail.md).
  jobs::MailboxFetcher fetcher(*store, box, gnupg_home(o.data.dir));
  if (o.mail_poll_seconds > 0) fetcher.start(std::chrono::seconds(o.mail_poll_seconds));
  // The team hears of SLA clocks due soon and overdue (docs/notifications.md).
  jobs::Periodic clocks(
      "clock alerts", [&] { jobs::alert_due_clocks(*store, box, store->time().now()); },
      store.get());
  clocks.start(std::chrono::minutes(1));
  // Scheduled advisories go public at their instant, to the second, and at start for any whose
  // instant passed while the server was down (docs/advisories.md).
  jobs::Periodic publisher(
      "advisory publication",
      [&] { store->advisories().publish_due_advisories(store->time().now()); }, store.get());
  publisher.start(std::chrono::seconds(1));
  http::SiteOptions site_options;
  site_options.submission_rate_limit = o.submission_rate_limit;
  site_options.gnupg_home = gnupg_home(o.data.dir);
  site_options.sessions.idle = std::chrono::minutes(o.session_idle_minutes);
  site_options.sessions.lifetime = std::chrono::hours(o.session_lifetime_hours);
  http::serve(options, [&](unsigned short port) {
    http::Site site =
        http::make_site(o.public_url.empty() ? default_public_url(options, port) : o.public_url);
    return http::site_routes(*store, box, site, site_options);
  });
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  auto* command = app.add_subcommand("serve", "Serve the web pages and the API");
  add_data_option(*command, options->data);
  command->add_option("--listen", options->listen, "Address and port to listen on")
      ->default_val("127.0.0.1:8080")
      ->capture_default_str();
  command->add_option("--public-url", options->public_url,
                      "The address the public reaches this server at, for links "
                      "(default: http://LISTEN)");
  command
      ->add_option("--trusted-proxy", options->trusted_proxies,
                   "Address of a reverse proxy whose X-Forwarded-For names the client "
                   "(repeat for several)")
      ->allow_extra_args(false);
  command->add_option("--threads", options->threads, "I/O threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  command
      ->add_option("--workers", options->workers,
                   "Threads that run handlers (default: 16 per core; a write waits for its "
                   "fsync, so more writes in flight make larger commit groups)")
      ->check(CLI::Range(0, 1024));
  command
      ->add_option("--submission-rate-limit", options->submission_rate_limit,
                   "Report submissions a client may send at once and then per minute; 0 turns "
                   "the limit off (for load tests)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1'000'000));
  command
      ->add_option("--session-idle-minutes", options->session_idle_minutes,
                   "Sign a team member out after this many minutes without a request")
      ->capture_default_str()
      ->check(CLI::Range(5, 7 * 24 * 60));
  command
      ->add_option("--session-lifetime-hours", options->session_lifetime_hours,
                   "Sign a team member out this many hours after signing in, active or not")
      ->capture_default_str()
      ->check(CLI::Range(1, 90 * 24));
  command
      ->add_option("--mail-poll-seconds", options->mail_poll_seconds,
                   "Fetch the programs' mailboxes (embargo settings mail-fetch) this often; 0 "
                   "turns fetching off")
      ->capture_default_str()
      ->check(CLI::Range(0, 24 * 60 * 60));
  command
      ->add_option("--max-connections", options->max_connections,
                   "Connections kept open at once; at the limit the one waiting longest for its "
                   "client is dropped (default: from the open-file limit, docs/security.md)")
      ->check(CLI::Range(1, 1'000'000));
  command
      ->add_option("--max-connections-per-client", options->max_connections_per_client,
                   "Connections one client address may keep open (not counted for a "
                   "--trusted-proxy; default: a quarter of --max-connections, 8 to 256)")
      ->check(CLI::Range(1, 1'000'000));
  command
      ->add_option("--min-body-rate", options->min_body_rate,
                   "Bytes per second a request body must arrive at, and an answer be taken at, "
                   "averaged over --body-rate-window; a slower client is disconnected")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000'000));
  command
      ->add_option("--body-rate-window", options->body_rate_window,
                   "Seconds over which --min-body-rate is measured")
      ->capture_default_str()
      ->check(CLI::Range(1, 600));
  command
      ->add_option("--body-memory-mib", options->body_memory_mib,
                   "MiB of request bodies held in memory at once, across all connections (a "
                   "body over 1 MiB is spooled to the data directory and takes 1 MiB); a body "
                   "that does not fit is answered 503 with Retry-After")
      ->capture_default_str()
      ->check(CLI::Range(2, 1'048'576));
  command
      ->add_option("--body-disk-mib", options->body_disk_mib,
                   "MiB of disk for request bodies over 1 MiB at once, each taking twice its "
                   "length (the body and its files); a body that does not fit is answered 503 "
                   "with Retry-After, one larger than half of it with 413")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'048'576));
  command
      ->add_option("--hsts-max-age", options->hsts_max_age,
                   "max-age of the Strict-Transport-Security header sent when --public-url is "
                   "https (0 tells browsers to forget it)")
      ->capture_default_str()
      ->check(CLI::Range(0, 2 * 365 * 24 * 60 * 60));
  command->callback([options] { serve(*options); });
}

}  // namespace embargo::cli
