#pragma once

#include <optional>
#include <string>

namespace embargo::testing {

// The URL of the maintenance database of the PostgreSQL server CTest started for this run
// (tests/postgres/server.sh writes it to the file EMBARGO_TEST_POSTGRES names); nullopt when
// the test runs without one.
std::optional<std::string> test_postgres_url();

// Whether this test runs its store on PostgreSQL (EMBARGO_TEST_STORE=postgres, set by CTest for
// the PostgreSQL run of a test binary) rather than on SQLite.
bool store_on_postgres();

// A database of its own on the test server for one test, dropped when the test ends. `migrated`
// copies it from a template that every migration was applied to (made once per server, under an
// advisory lock, by the first test that needs it); otherwise it starts empty.
class TestDatabase {
 public:
  explicit TestDatabase(bool migrated = true);
  // A copy of the template database `template_name` (keep_as_template made it).
  explicit TestDatabase(const std::string& template_name);
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase();

  const std::string& url() const { return url_; }
  // Copies this database, as it is now, into a template other tests start from (nothing may be
  // connected to it meanwhile), and returns the template's name. The template stays until the
  // server stops.
  std::string keep_as_template() const;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::string url_;
};

}  // namespace embargo::testing
