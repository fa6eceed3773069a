#include "http/site.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "refusal.h"

namespace embargo::http {
namespace {

TEST(Site, PublicUrlIsNormalised) {
  EXPECT_EQ(make_site("https://security.example.org/").public_url, "https://security.example.org");
  EXPECT_EQ(make_site("http://127.0.0.1:8080").public_url, "http://127.0.0.1:8080");
  EXPECT_EQ(make_site("https://example.org/security//").public_url, "https://example.org/security");
  EXPECT_EQ(make_site("https://example.org/security//").path, "/security");
  EXPECT_EQ(make_site("https://security.example.org/").path, "");
}

TEST(Site, RefusesWhatCannotPrefixALink) {
  for (const char* bad :
       {"", "security.example.org", "ftp://example.org", "https://", "https://example.org/?x=1",
        "https://example.org/#top", "https://user@example.org"}) {
    auto refusal = testing::refusal_of([&] { make_site(bad); });
    EXPECT_EQ(refusal.field(), "public-url") << bad;
  }
}

}  // namespace
}  // namespace embargo::http
