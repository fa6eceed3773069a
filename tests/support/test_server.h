// A real `embargo serve` on its own data directory for an integration test, and a browser-like
// client for it: what each test file used to set up for itself. With EMBARGO_TEST_STORE=postgres
// (the "postgres." cases of CTest) the store is a PostgreSQL database of the server's own
// (`--database`), and the data directory keeps the instance key.
#pragma once

#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "postgres_database.h"
#include "process.h"
#include "store/sql/connection.h"
#include "store/store.h"
#include "test_values.h"

namespace embargo::testing {

namespace bh = boost::beast::http;
using HttpResponse = bh::response<bh::string_body>;
using HttpRequest = bh::request<bh::string_body>;

struct CommandOutput {
  int status = -1;
  std::string out;  // standard output; standard error goes to the test's log
};

class TestServer {
 public:
  // What a suite does to its data before its cases run (accounts, members, reports), with the
  // server already serving; it may remember() values the cases need (a tracking token).
  using Prepare = std::function<void(TestServer& server)>;

  // `embargo init` on a fresh directory named after `name`, `program apply` of each policy
  // file (paths relative to examples/policies/ unless absolute), then `serve` on a free port
  // with `serve_args` added. The admin's password that init printed is kept.
  // The prepared data is made once per build and copied for every later case
  // (prepared_data.h), so `name` must say what `prepare` makes: one name, one preparation.
  TestServer(const std::string& name, const std::vector<std::string>& policies,
             const std::vector<std::string>& serve_args = {});
  // The same, then `prepare`.
  TestServer(const std::string& name, const std::vector<std::string>& policies,
             const Prepare& prepare, const std::vector<std::string>& serve_args = {});
  // `serve` on a fresh directory named after `name` that `fill` has put files in, instead of
  // `embargo init`: e.g. a data directory restored from a backup. No admin password is known.
  TestServer(const std::string& name,
             const std::function<void(const std::filesystem::path& data)>& fill);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  unsigned short port() const { return port_; }
  const std::filesystem::path& data() const { return dir_; }
  const std::string& admin_email() const { return admin_email_; }
  const std::string& admin_password() const { return admin_password_; }

  // A value the preparation kept (one line of text), and what the cases read back.
  void remember(const std::string& key, const std::string& value);
  const std::string& recall(const std::string& key) const;
  bool remembers(const std::string& key) const { return remembered_.contains(key); }

  // The next line the server wrote (its log), waiting at most `timeout`; empty when none came.
  std::string log_line(std::chrono::milliseconds timeout);

  // Ends the server with SIGKILL, as a crash would, and waits for it; the data stays.
  void kill();
  // Serves the same data directory again (after kill), on a new free port.
  void restart(const std::vector<std::string>& serve_args = {});

  // Moves the time of the server and of every command cli() runs forward by `by`: they read
  // their time from the file EMBARGO_TEST_CLOCK names (src/cli/command_time.h), so a test makes
  // a deadline pass instead of sleeping until it has.
  void advance_time(std::chrono::seconds by);

  // Opens the server's store in this process (another connection to its SQLite file or its
  // PostgreSQL database), for looking under the interface or changing what a page shows.
  std::unique_ptr<store::Store> open_store(int readers = 1, int max_batch = 1,
                                           const TimeSource* time = nullptr) const;
  // A connection of this process to the server's database, for reading or changing a row behind
  // its back (SQL both engines take).
  std::unique_ptr<store::sql::Connection> raw() const;
  // The PostgreSQL database of the server, when the store is one.
  const TestDatabase* database() const { return database_.get(); }

  // Runs `embargo ARGS --data DIR` (ARGS must not contain --data), `input` on its standard input.
  CommandOutput cli(const std::string& args, const std::string& input = "") const;

  // Waits until the outbox holds nothing queued: the server's sender has delivered (or given up
  // on) every mail and webhook call the changes so far queued, and a sink that keeps a message
  // before it answers has them all. False when something is still queued after `timeout`.
  bool outbox_drained(std::chrono::seconds timeout = std::chrono::seconds(30)) const;

  // A team account with this password (if new) and this role in the program, through the CLI.
  void add_member(const std::string& email, const std::string& program, const std::string& role,
                  const std::string& password = kPassword) const;

  // Sends one request (Host and Content-Length set) from loopback address `from` (127.0.0.1
  // unless given, so per-client limits can be kept apart) and reads the answer.
  HttpResponse send(HttpRequest request, const std::string& from = "") const;

 private:
  void serve(const std::vector<std::string>& serve_args);
  // init and program apply in dir_, then `prepare` against the served data; stops the server.
  void make_data(const std::vector<std::string>& policies, const Prepare& prepare,
                 const std::vector<std::string>& serve_args);
  // The admin's account, the remembered values and the time offset, as a file kept with the data.
  void save_values(const std::filesystem::path& file) const;
  void load_values(const std::filesystem::path& file);

  // The flags that name the store to a command, after --data: --database URL on PostgreSQL.
  std::vector<std::string> store_flags() const;

  std::filesystem::path dir_;
  std::unique_ptr<TestDatabase> database_;  // on PostgreSQL
  std::filesystem::path time_file_;         // the whole seconds the server's time runs ahead
  std::chrono::seconds time_offset_{0};
  std::unique_ptr<Process> server_;
  unsigned short port_ = 0;
  std::string admin_email_;
  std::string admin_password_;
  std::map<std::string, std::string> remembered_;
};

// What a browser keeps between requests: its cookies and the CSRF token of the last page it
// was shown. Posts send url-encoded forms with that token.
class Browser {
 public:
  // Each browser comes from its own loopback address (127.0.0.2, .3, ...) unless `from` names
  // one, so that the per-client limits of the sign-in and report routes keep tests apart.
  explicit Browser(const TestServer& server, std::string from = "");

  HttpResponse get(const std::string& target);
  // Posts the fields as application/x-www-form-urlencoded, the page's CSRF token first
  // (unless with_token is false).
  HttpResponse post(const std::string& target,
                    const std::vector<std::pair<std::string, std::string>>& fields,
                    bool with_token = true);
  // Signs in with the password (and, when given, the TOTP or recovery code) through the pages,
  // then loads the page it is sent to (whose forms carry the session's token); true when a full
  // session was opened.
  bool sign_in(const std::string& email, const std::string& password, const std::string& code = "");

  const std::string& csrf() const { return csrf_; }
  std::string cookie(const std::string& name) const;
  void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }

 private:
  HttpResponse exchange(HttpRequest request);

  const TestServer& server_;
  std::string from_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

// application/x-www-form-urlencoded encoding of fields.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace embargo::testing
