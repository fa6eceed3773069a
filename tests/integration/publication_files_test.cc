// The machine-readable publication of advisories against a real `embargo serve` whose public
// address is https (as CSAF's requirement 3 and recommended test 6.2.11 ask): the instance as a
// CSAF 2.0 provider (provider-metadata.json valid against the OASIS provider schema; each
// program's directory, section 7.1.11-7.1.14: year folders, index.txt, changes.csv, listings,
// .sha256/.sha512 checked with coreutils; every document valid for
// @secvisogram/csaf-validator-lib) and the OSV all.zip (read back with Python's zipfile, each
// record valid against the OSV schema). Nothing of a draft or a scheduled advisory is in any of
// it until it is published.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "http_checks.h"
#include "process.h"
#include "schema_validation.h"
#include "test_server.h"

namespace embargo {
namespace {

using testing::HttpRequest;
using testing::HttpResponse;
using testing::Process;
using testing::TestServer;
using testing::validate_document;
namespace bh = boost::beast::http;
namespace json = boost::json;

using testing::kPublicUrl;

// The members of a zip archive as Python's zipfile reads them (an implementation independent of
// the libzip that wrote it): name, then content, for each.
std::map<std::string, std::string> zip_members(const std::string& bytes) {
  auto path = std::filesystem::temp_directory_path() /
              ("publication-" + std::to_string(::getpid()) + ".zip");
  std::ofstream(path, std::ios::binary) << bytes;
  Process python({"/usr/bin/python3", "-c",
                  "import json, sys, zipfile\n"
                  "z = zipfile.ZipFile(sys.argv[1])\n"
                  "print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))",
                  path.string()});
  std::string line = python.read_line(std::chrono::seconds(10));
  EXPECT_EQ(python.wait(std::chrono::seconds(10)), 0);
  std::filesystem::remove(path);
  std::map<std::string, std::string> members;
  boost::system::error_code ec;
  json::value read = json::parse(line, ec);
  EXPECT_FALSE(ec) << line;
  if (!read.is_object()) return members;
  for (const auto& [name, content] : read.as_object()) {
    members[std::string(name)] = std::string(content.as_string());
  }
  return members;
}

// What coreutils' sha256sum or sha512sum prints for these bytes: "HEX  NAME".
std::string coreutils_digest(const std::string& tool, const std::string& bytes,
                             const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("csaf-digest-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
  Process process({"/bin/sh", "-c", "cd '" + dir.string() + "' && " + tool + " " + name});
  std::string line = process.read_line(std::chrono::seconds(10));
  process.wait(std::chrono::seconds(10));
  std::filesystem::remove_all(dir);
  return line;
}

constexpr const char* kRulesDraft = R"({"summary": "Command injection through the --rules path",
  "details": "The rules path reached a shell.",
  "affected": [{"ecosystem": "PyPI", "name": "pyspector", "ranges": [">= 0.1.0, < 0.1.4"]}],
  "cvss_vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
  "cwes": [78]})";

class PublicationFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(
        "csaf", std::vector<std::string>{"company.toml", "pyspector.toml"},
        std::vector<std::string>{"--submission-rate-limit", "0", "--public-url", kPublicUrl});
    server_->add_member("owner@example.org", "pyspector", "owner");
    auto out = server_->cli("token create --user owner@example.org --scope admin");
    ASSERT_EQ(out.status, 0) << out.out;
    token_ = out.out.substr(0, out.out.find_first_of(" \n"));
  }
  void TearDown() override { server_.reset(); }

  static HttpResponse call(bh::verb method, const std::string& target,
                           const std::string& body = "") {
    HttpRequest request{method, target, 11};
    request.set(bh::field::authorization, "Bearer " + token_);
    if (!body.empty()) {
      request.set(bh::field::content_type, "application/json");
      request.body() = body;
    }
    return server_->send(request);
  }

  static HttpResponse get(const std::string& target) {
    return server_->send(HttpRequest{bh::verb::get, target, 11});
  }

  // A PySpector report (its reporter chose to be credited anonymously), accepted, with an
  // advisory drafted from it; the advisory's id.
  static std::string drafted_advisory() {
    // PySpector takes reports by mail and GitHub's private reporting, not the API.
    auto filed =
        server_->cli("report submit --program pyspector --json " + std::string(EMBARGO_SOURCE_DIR) +
                     "/examples/demo/pyspector-command-injection.json");
    EXPECT_EQ(filed.status, 0) << filed.out;
    std::string report(json::parse(filed.out).at("id").as_string());
    for (const char* to : {"acknowledged", "accepted"}) {
      auto moved = call(bh::verb::post, "/api/v1/reports/" + report + "/transitions",
                        std::string(R"({"to": ")") + to + "\"}");
      EXPECT_EQ(moved.result(), bh::status::ok) << moved.body();
    }
    auto advisory = call(bh::verb::post, "/api/v1/programs/pyspector/advisories",
                         R"({"reports": [")" + report + R"("], "draft": )" + kRulesDraft + "}");
    EXPECT_EQ(advisory.result(), bh::status::created) << advisory.body();
    return std::string(testing::json_object_of(advisory).at("id").as_string());
  }

  static std::unique_ptr<TestServer> server_;
  static std::string token_;
};
std::unique_ptr<TestServer> PublicationFilesTest::server_;
std::string PublicationFilesTest::token_;

TEST_F(PublicationFilesTest, ProviderMetadataIsValidAndNamesEachProgramsDirectory) {
  auto metadata = get("/.well-known/csaf/provider-metadata.json");
  ASSERT_EQ(metadata.result(), bh::status::ok);
  EXPECT_EQ(metadata[bh::field::content_type], "application/json");
  auto check = validate_document("csaf-provider", metadata.body());
  EXPECT_TRUE(check.valid) << check.output << "\n" << metadata.body();
  json::object body = testing::json_object_of(metadata);
  EXPECT_EQ(body.at("canonical_url").as_string(),
            std::string(kPublicUrl) + "/.well-known/csaf/provider-metadata.json");
  EXPECT_EQ(body.at("role").as_string(), "csaf_provider");
  // Two programs: the instance coordinates them, named by its host.
  EXPECT_EQ(body.at("publisher").at("category").as_string(), "coordinator");
  EXPECT_EQ(body.at("publisher").at("name").as_string(), "security.example.org");
  std::vector<std::string> directories;
  for (const auto& d : body.at("distributions").as_array()) {
    directories.emplace_back(d.at("directory_url").as_string());
  }
  EXPECT_EQ(directories,
            (std::vector<std::string>{std::string(kPublicUrl) + "/p/company/csaf/",
                                      std::string(kPublicUrl) + "/p/pyspector/csaf/"}));
}

TEST_F(PublicationFilesTest, ADocumentAppearsInItsDirectoryOnlyOncePublished) {
  std::string id = drafted_advisory();
  std::string file = id;
  for (char& c : file) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  file += ".json";
  auto hidden = [&](const std::string& when) {
    EXPECT_EQ(get("/p/pyspector/advisories/" + id + ".csaf.json").result(), bh::status::not_found)
        << when;
    for (const char* listing :
         {"/p/pyspector/csaf/", "/p/pyspector/csaf/index.txt", "/p/pyspector/csaf/changes.csv"}) {
      auto r = get(listing);
      EXPECT_EQ(r.result(), bh::status::ok) << when << " " << listing;
      EXPECT_EQ(r.body().find(file), std::string::npos) << when << " " << listing;
    }
    for (const char* archive : {"/p/pyspector/advisories/all.zip", "/advisories/all.zip"}) {
      auto r = get(archive);
      EXPECT_EQ(r.result(), bh::status::ok) << when << " " << archive;
      EXPECT_FALSE(zip_members(r.body()).contains("x_" + id + ".json")) << when << " " << archive;
    }
  };
  hidden("draft");
  auto scheduled = call(bh::verb::post, "/api/v1/advisories/" + id + "/schedule",
                        R"({"publish_at": "2099-01-01T09:00:00Z"})");
  ASSERT_EQ(scheduled.result(), bh::status::ok) << scheduled.body();
  hidden("scheduled");
  auto published = call(bh::verb::post, "/api/v1/advisories/" + id + "/publish");
  ASSERT_EQ(published.result(), bh::status::ok) << published.body();

  // index.txt names the document by the year of its first publication.
  auto index = get("/p/pyspector/csaf/index.txt");
  EXPECT_EQ(index[bh::field::content_type], "text/plain; charset=utf-8");
  std::smatch found;
  std::string index_text = index.body();
  ASSERT_TRUE(std::regex_search(index_text, found, std::regex("(20[0-9]{2})/" + file + "\n")))
      << index_text;
  std::string year = found[1];
  std::string path = year + "/" + file;
  auto changes = get("/p/pyspector/csaf/changes.csv");
  EXPECT_TRUE(std::regex_search(
      changes.body(),
      std::regex("^\"" + path + "\",\"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\"\n")))
      << changes.body();

  auto document = get("/p/pyspector/csaf/" + path);
  ASSERT_EQ(document.result(), bh::status::ok);
  auto check = validate_document("csaf", document.body());
  EXPECT_TRUE(check.valid) << check.output << "\n" << document.body();
  json::object csaf = testing::json_object_of(document);
  EXPECT_EQ(csaf.at("document").at("tracking").at("id").as_string(), id);
  EXPECT_EQ(csaf.at("document").at("references").as_array()[0].at("url").as_string(),
            std::string(kPublicUrl) + "/p/pyspector/csaf/" + path);
  // The reporter chose to be anonymous: their address is nowhere in it.
  EXPECT_EQ(document.body().find("finder@example.net"), std::string::npos) << document.body();
  // The advisory page's .csaf.json is the same document, byte for byte.
  EXPECT_EQ(get("/p/pyspector/advisories/" + id + ".csaf.json").body(), document.body());
  EXPECT_NE(get("/p/pyspector/advisories/" + id).body().find(id + ".csaf.json"), std::string::npos);

  // Requirement 18: the hashes are what coreutils computes for the same bytes.
  EXPECT_EQ(get("/p/pyspector/csaf/" + path + ".sha256").body(),
            coreutils_digest("sha256sum", document.body(), file) + "\n");
  EXPECT_EQ(get("/p/pyspector/csaf/" + path + ".sha512").body(),
            coreutils_digest("sha512sum", document.body(), file) + "\n");

  // The team API exports the same document.
  auto exported = call(bh::verb::get, "/api/v1/advisories/" + id + "/export?format=csaf");
  EXPECT_EQ(exported.body(), document.body());

  // OSV's all.zip: the record of each published advisory, as its own .osv.json.
  for (const char* archive : {"/p/pyspector/advisories/all.zip", "/advisories/all.zip"}) {
    auto zip = get(archive);
    EXPECT_EQ(zip[bh::field::content_type], "application/zip");
    auto members = zip_members(zip.body());
    ASSERT_TRUE(members.contains("x_" + id + ".json")) << archive;
    const std::string& record = members["x_" + id + ".json"];
    EXPECT_EQ(record, get("/p/pyspector/advisories/" + id + ".osv.json").body());
    auto osv = validate_document("osv", record);
    EXPECT_TRUE(osv.valid) << osv.output;
  }
  EXPECT_TRUE(zip_members(get("/p/company/advisories/all.zip").body()).empty());

  // Requirement 14: the folders are listed.
  auto top = get("/p/pyspector/csaf/");
  EXPECT_NE(top.body().find("href=\"/p/pyspector/csaf/" + year + "/\""), std::string::npos);
  EXPECT_NE(top.body().find("href=\"/p/pyspector/csaf/index.txt\""), std::string::npos);
  auto folder = get("/p/pyspector/csaf/" + year + "/");
  ASSERT_EQ(folder.result(), bh::status::ok);
  for (const char* suffix : {"", ".sha256", ".sha512"}) {
    EXPECT_NE(folder.body().find("href=\"/p/pyspector/csaf/" + path + suffix + "\""),
              std::string::npos)
        << suffix;
  }
}

TEST_F(PublicationFilesTest, WhatIsNotThereIsNotFoundAndNothingButGetIsAllowed) {
  for (const char* target :
       {"/p/nobody/csaf/", "/p/nobody/csaf/index.txt", "/p/pyspector/csaf/1999/",
        "/p/pyspector/csaf/20x6/", "/p/pyspector/csaf/2026/nothing.json",
        "/p/pyspector/csaf/2026/nothing.json.sha256", "/p/company/advisories/X.csaf.json",
        "/p/pyspector/csaf/2026/..%2F..%2Fetc%2Fpasswd", "/p/nobody/advisories/all.zip"}) {
    EXPECT_EQ(get(target).result(), bh::status::not_found) << target;
  }
  for (const char* target : {"/.well-known/csaf/provider-metadata.json", "/p/pyspector/csaf/",
                             "/p/pyspector/csaf/index.txt", "/advisories/all.zip"}) {
    auto r = server_->send(HttpRequest{bh::verb::post, target, 11});
    EXPECT_EQ(r.result(), bh::status::method_not_allowed) << target;
  }
}

}  // namespace
}  // namespace embargo
