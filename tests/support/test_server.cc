#include "test_server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <regex>
#include <stdexcept>
#include <thread>

#include "prepared_data.h"
#include "store/postgres/connection.h"
#include "store/sqlite/connection.h"

namespace embargo::testing {
namespace {

namespace asio = boost::asio;

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// A policy file as the tests name it: relative to examples/policies/ unless absolute.
std::filesystem::path policy_path(const std::string& policy) {
  std::filesystem::path path(policy);
  if (path.is_relative())
    path = std::filesystem::path(EMBARGO_SOURCE_DIR) / "examples/policies" / path;
  return path;
}

}  // namespace

TestServer::TestServer(const std::string& name, const std::vector<std::string>& policies,
                       const std::vector<std::string>& serve_args)
    : TestServer(name, policies, Prepare{}, serve_args) {}

TestServer::TestServer(const std::string& name, const std::vector<std::string>& policies,
                       const Prepare& prepare, const std::vector<std::string>& serve_args) {
  dir_ = std::filesystem::temp_directory_path() /
         ("embargo-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir_);
  time_file_ = dir_.string() + ".time";
  std::filesystem::remove(time_file_);
  std::vector<std::filesystem::path> inputs;
  inputs.reserve(policies.size());
  for (const auto& policy : policies) inputs.push_back(policy_path(policy));
  std::string key = name;
  for (const auto& arg : serve_args) key += " " + arg;
  // On PostgreSQL the prepared store is a template database of the test run's server: named in
  // the key, so that a later run (another server) prepares its own.
  if (store_on_postgres()) key += " postgres " + *test_postgres_url();
  bool made_here = false;
  std::filesystem::path kept = prepared_directory(
      key, inputs,
      [&](const std::filesystem::path& out) {
        if (store_on_postgres()) database_ = std::make_unique<TestDatabase>(false);
        make_data(policies, prepare, serve_args);
        if (::testing::Test::HasFailure()) return false;
        copy_data_directory(dir_, out / "data");
        save_values(out / "values");
        if (database_) std::ofstream(out / "template") << database_->keep_as_template() << '\n';
        return true;
      },
      &made_here);
  if (kept.empty()) throw std::runtime_error("the data of " + name + " could not be prepared");
  if (!made_here) {
    copy_data_directory(kept / "data", dir_);
    load_values(kept / "values");
    if (store_on_postgres()) {
      std::string template_name;
      std::ifstream(kept / "template") >> template_name;
      database_ = std::make_unique<TestDatabase>(template_name);
    }
  }
  serve(serve_args);
}

void TestServer::make_data(const std::vector<std::string>& policies, const Prepare& prepare,
                           const std::vector<std::string>& serve_args) {
  auto init = cli("init");
  if (init.status != 0) throw std::runtime_error("embargo init failed: " + init.out);
  std::smatch m;
  if (std::regex_search(init.out, m, std::regex(R"(Admin account: (\S+))"))) {
    admin_email_ = m[1];
  }
  if (std::regex_search(init.out, m, std::regex(R"(One-time password: (\S+))")))
    admin_password_ = m[1];
  std::string files;
  for (const auto& policy : policies) files += " " + shell_quote(policy_path(policy).string());
  if (!files.empty()) {
    auto applied = cli("program apply" + files);
    if (applied.status != 0) throw std::runtime_error("program apply failed: " + applied.out);
  }
  if (!prepare) return;
  serve(serve_args);
  prepare(*this);
  // A clean stop, so that the database is whole in its file when it is copied.
  server_->signal(SIGTERM);
  server_->wait(std::chrono::seconds(10));
  server_.reset();
}

void TestServer::remember(const std::string& key, const std::string& value) {
  if (key.find_first_of("\t\n") != std::string::npos || value.find('\n') != std::string::npos) {
    throw std::invalid_argument("a remembered value is one line: " + key);
  }
  remembered_[key] = value;
}

const std::string& TestServer::recall(const std::string& key) const {
  auto found = remembered_.find(key);
  if (found == remembered_.end()) throw std::out_of_range("nothing remembered as " + key);
  return found->second;
}

void TestServer::save_values(const std::filesystem::path& file) const {
  std::ofstream out(file);
  out << "admin_email\t" << admin_email_ << "\nadmin_password\t" << admin_password_
      << "\ntime_offset\t" << time_offset_.count() << '\n';
  for (const auto& [key, value] : remembered_) out << "value:" << key << '\t' << value << '\n';
}

void TestServer::load_values(const std::filesystem::path& file) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    auto tab = line.find('\t');
    std::string key = line.substr(0, tab);
    std::string value = tab == std::string::npos ? "" : line.substr(tab + 1);
    if (key == "admin_email") {
      admin_email_ = value;
    } else if (key == "admin_password") {
      admin_password_ = value;
    } else if (key == "time_offset") {
      if (std::stoll(value) != 0) advance_time(std::chrono::seconds(std::stoll(value)));
    } else if (key.rfind("value:", 0) == 0) {
      remembered_[key.substr(6)] = value;
    }
  }
}

TestServer::TestServer(const std::string& name,
                       const std::function<void(const std::filesystem::path& data)>& fill) {
  dir_ = std::filesystem::temp_directory_path() /
         ("embargo-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir_);
  time_file_ = dir_.string() + ".time";
  std::filesystem::remove(time_file_);
  std::filesystem::create_directory(dir_);
  fill(dir_);
  serve({});
}

std::vector<std::string> TestServer::store_flags() const {
  if (!database_) return {};
  return {"--database", database_->url()};
}

std::unique_ptr<store::Store> TestServer::open_store(int readers, int max_batch,
                                                     const TimeSource* time) const {
  if (database_) {
    return store::open_postgres(
        {.url = database_->url(), .readers = readers, .max_batch = max_batch, .time = time});
  }
  return store::open_sqlite(
      {.path = dir_ / "embargo.db", .readers = readers, .max_batch = max_batch, .time = time});
}

std::unique_ptr<store::sql::Connection> TestServer::raw() const {
  if (database_) return std::make_unique<store::postgres::Connection>(database_->url());
  return std::make_unique<store::sqlite::Connection>(dir_ / "embargo.db",
                                                     store::sqlite::Connection::Mode::read_write);
}

void TestServer::serve(const std::vector<std::string>& serve_args) {
  std::vector<std::string> argv{"/usr/bin/env", "EMBARGO_TEST_CLOCK=" + time_file_.string(),
                                EMBARGO_BINARY, "serve",
                                "--data",       dir_.string(),
                                "--listen",     "127.0.0.1:0"};
  auto flags = store_flags();
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), serve_args.begin(), serve_args.end());
  server_ = std::make_unique<Process>(argv);
  port_ = listening_port(*server_);
}

void TestServer::kill() {
  if (!server_) return;
  server_->signal(SIGKILL);
  server_->wait(std::chrono::seconds(10));
  server_.reset();
}

std::string TestServer::log_line(std::chrono::milliseconds timeout) {
  return server_ ? server_->read_line(timeout) : std::string();
}

void TestServer::restart(const std::vector<std::string>& serve_args) { serve(serve_args); }

TestServer::~TestServer() {
  server_.reset();
  database_.reset();
  std::filesystem::remove_all(dir_);
  std::filesystem::remove(time_file_);
}

void TestServer::advance_time(std::chrono::seconds by) {
  time_offset_ += by;
  std::ofstream(time_file_) << time_offset_.count() << '\n';
}

bool TestServer::outbox_drained(std::chrono::seconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (cli("mail outbox --state queued").out != "the outbox is empty\n") {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

CommandOutput TestServer::cli(const std::string& args, const std::string& input) const {
  std::string command = "EMBARGO_TEST_CLOCK=" + shell_quote(time_file_.string()) + " " +
                        std::string(EMBARGO_BINARY) + " " + args + " --data " +
                        shell_quote(dir_.string());
  for (const auto& flag : store_flags()) command += " " + shell_quote(flag);
  std::filesystem::path stdin_file;
  if (!input.empty()) {
    stdin_file = dir_.parent_path() / (dir_.filename().string() + ".stdin");
    std::ofstream(stdin_file) << input;
    command += " < " + shell_quote(stdin_file.string());
  }
  CommandOutput output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.out.append(buffer, n);
  int status = ::pclose(pipe);
  output.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (!stdin_file.empty()) std::filesystem::remove(stdin_file);
  return output;
}

void TestServer::add_member(const std::string& email, const std::string& program,
                            const std::string& role, const std::string& password) const {
  if (cli("user list").out.find(email + "\t") == std::string::npos) {
    auto added =
        cli("user add --email " + shell_quote(email) + " --password-stdin", password + "\n");
    if (added.status != 0) throw std::runtime_error("user add " + email + ": " + added.out);
  }
  auto member = cli("member add --program " + shell_quote(program) + " --email " +
                    shell_quote(email) + " --role " + shell_quote(role));
  if (member.status != 0) throw std::runtime_error("member add " + email + ": " + member.out);
}

HttpResponse TestServer::send(HttpRequest request, const std::string& from) const {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.open(asio::ip::tcp::v4());
  if (!from.empty()) socket.bind({asio::ip::make_address(from), 0});
  socket.connect({asio::ip::make_address("127.0.0.1"), port_});
  request.set(bh::field::host, "127.0.0.1");
  request.prepare_payload();
  bh::write(socket, request);
  boost::beast::flat_buffer buffer;
  bh::response_parser<bh::string_body> parser;
  parser.body_limit(std::uint64_t{64} * 1024 * 1024);
  if (request.method() == bh::verb::head) parser.skip(true);
  bh::read(socket, buffer, parser);
  HttpResponse response = parser.release();
  if (response.result() == bh::status::internal_server_error && server_) {
    // What the server logged about it (a strict template's missing key, an exception), which
    // the test's log would not show otherwise.
    for (std::string line = server_->read_line(std::chrono::milliseconds(500)); !line.empty();
         line = server_->read_line(std::chrono::milliseconds(100))) {
      std::cerr << "server: " << line << '\n';
    }
  }
  return response;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    body += boost::urls::encode(name, boost::urls::unreserved_chars) + "=" +
            boost::urls::encode(value, boost::urls::unreserved_chars);
  }
  return body;
}

Browser::Browser(const TestServer& server, std::string from)
    : server_(server), from_(std::move(from)) {
  static std::atomic<int> browsers{0};
  if (from_.empty()) from_ = "127.0.0." + std::to_string(2 + browsers++ % 250);
}

HttpResponse Browser::exchange(HttpRequest request) {
  std::string cookie;
  for (const auto& [name, value] : cookies_) {
    if (!cookie.empty()) cookie += "; ";
    cookie.append(name).append("=").append(value);
  }
  if (!cookie.empty()) request.set(bh::field::cookie, cookie);
  HttpResponse response = server_.send(std::move(request), from_);
  for (auto it = response.find(bh::field::set_cookie);
       it != response.end() && it->name() == bh::field::set_cookie; ++it) {
    std::string text(it->value());
    std::string pair = text.substr(0, text.find(';'));
    auto equals = pair.find('=');
    std::string name = pair.substr(0, equals);
    std::string value = pair.substr(equals + 1);
    if (value.empty() || text.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
  std::smatch m;
  static const std::regex token(R"re(name="csrf" value="([A-Za-z0-9_-]+)")re");
  if (std::regex_search(response.body(), m, token)) csrf_ = m[1];
  return response;
}

HttpResponse Browser::get(const std::string& target) {
  return exchange(HttpRequest{bh::verb::get, target, 11});
}

HttpResponse Browser::post(const std::string& target,
                           const std::vector<std::pair<std::string, std::string>>& fields,
                           bool with_token) {
  std::vector<std::pair<std::string, std::string>> all;
  if (with_token) all.emplace_back("csrf", csrf_);
  all.insert(all.end(), fields.begin(), fields.end());
  HttpRequest request{bh::verb::post, target, 11};
  request.set(bh::field::content_type, "application/x-www-form-urlencoded");
  request.body() = form_encode(all);
  return exchange(std::move(request));
}

bool Browser::sign_in(const std::string& email, const std::string& password,
                      const std::string& code) {
  get("/signin");
  HttpResponse r = post("/signin", {{"email", email}, {"password", password}});
  if (r.result() != bh::status::see_other) return false;
  if (std::string(r[bh::field::location]).starts_with("/signin/code")) {
    get("/signin/code");
    r = post("/signin/code", {{"code", code}});
    if (r.result() != bh::status::see_other) return false;
  }
  // Like a browser, follow to the page signed in to: its forms carry the session's token.
  for (int hops = 0; hops < 3 && r.result() == bh::status::see_other; ++hops) {
    r = get(std::string(r[bh::field::location]));
  }
  return true;
}

std::string Browser::cookie(const std::string& name) const {
  auto it = cookies_.find(name);
  return it == cookies_.end() ? std::string() : it->second;
}

}  // namespace embargo::testing
