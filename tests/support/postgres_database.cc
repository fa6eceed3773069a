#include "postgres_database.h"

#include <libpq-fe.h>
#include <sodium.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <stdexcept>

#include "store/store.h"

namespace embargo::testing {
namespace {

constexpr const char* kTemplate = "embargo_migrated";
// Held by the test that makes the template, so that no other makes it at the same time.
constexpr const char* kTemplateLock = "SELECT pg_advisory_lock(7305218)";
constexpr const char* kTemplateUnlock = "SELECT pg_advisory_unlock(7305218)";

// The URL of another database of the same server: the path of a postgresql:///postgres?... URL.
std::string database_url(const std::string& server, const std::string& database) {
  std::string prefix = "postgresql:///postgres";
  if (server.rfind(prefix, 0) != 0) throw std::runtime_error("unexpected test URL " + server);
  return "postgresql:///" + database + server.substr(prefix.size());
}

// Runs `sql` on the server's maintenance database; returns the first value, if any.
std::string run(PGconn* conn, const std::string& sql) {
  PGresult* result = PQexec(conn, sql.c_str());
  auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    throw std::runtime_error("test PostgreSQL: " + message + " (in: " + sql + ")");
  }
  std::string value =
      status == PGRES_TUPLES_OK && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
  PQclear(result);
  return value;
}

PGconn* connect(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach the test PostgreSQL server: " + message);
  }
  return conn;
}

void make_template_once(PGconn* maintenance, const std::string& server) {
  run(maintenance, kTemplateLock);
  try {
    if (run(maintenance, std::string("SELECT count(*) FROM pg_database WHERE datname = '") +
                             kTemplate + "'") == "0") {
      run(maintenance, std::string("CREATE DATABASE ") + kTemplate);
      store::open_postgres({.url = database_url(server, kTemplate), .readers = 1, .max_batch = 1});
    }
  } catch (...) {
    run(maintenance, kTemplateUnlock);
    throw;
  }
  run(maintenance, kTemplateUnlock);
}

}  // namespace

std::optional<std::string> test_postgres_url() {
  const char* file = std::getenv("EMBARGO_TEST_POSTGRES");
  if (file == nullptr) return std::nullopt;
  std::ifstream in(file);
  std::string url;
  if (!std::getline(in, url) || url.empty()) {
    throw std::runtime_error(std::string("the test PostgreSQL server is not running: no URL in ") +
                             file);
  }
  return url;
}

bool store_on_postgres() {
  const char* store = std::getenv("EMBARGO_TEST_STORE");
  return store != nullptr && std::string(store) == "postgres";
}

namespace {

// The URL of the test server's maintenance database, or a runtime_error saying how to get one.
std::string required_server() {
  auto server = test_postgres_url();
  if (!server) {
    throw std::runtime_error(
        "this test needs the test PostgreSQL server: run it through CTest (EMBARGO_TEST_POSTGRES)");
  }
  return *server;
}

std::string random_name(const std::string& prefix) {
  unsigned char random[8];
  randombytes_buf(random, sizeof random);
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, random, sizeof random);
  return prefix + hex;
}

// Runs `make` on a connection to the server's maintenance database.
void on_maintenance(const std::function<void(PGconn*)>& make) {
  PGconn* maintenance = connect(required_server());
  try {
    make(maintenance);
  } catch (...) {
    PQfinish(maintenance);
    throw;
  }
  PQfinish(maintenance);
}

}  // namespace

TestDatabase::TestDatabase(bool migrated)
    : name_(random_name("embargo_test_")), url_(database_url(required_server(), name_)) {
  on_maintenance([&](PGconn* maintenance) {
    if (migrated) make_template_once(maintenance, required_server());
    run(maintenance,
        "CREATE DATABASE " + name_ + (migrated ? std::string(" TEMPLATE ") + kTemplate : ""));
  });
}

TestDatabase::TestDatabase(const std::string& template_name)
    : name_(random_name("embargo_test_")), url_(database_url(required_server(), name_)) {
  on_maintenance([&](PGconn* maintenance) {
    run(maintenance, "CREATE DATABASE " + name_ + " TEMPLATE " + template_name);
  });
}

std::string TestDatabase::keep_as_template() const {
  std::string name = random_name("embargo_prepared_");
  on_maintenance([&](PGconn* maintenance) {
    run(maintenance, "CREATE DATABASE " + name + " TEMPLATE " + name_);
  });
  return name;
}

TestDatabase::~TestDatabase() {
  auto server = test_postgres_url();
  PGconn* maintenance = PQconnectdb(server->c_str());
  PQclear(PQexec(maintenance, ("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)").c_str()));
  PQfinish(maintenance);
}

}  // namespace embargo::testing
