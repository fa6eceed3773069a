#include "auth/totp.h"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace embargo::auth {
namespace {

// RFC 6238 appendix B: the SHA-1 seed and its 8-digit codes; apps show the last 6 digits.
const std::string rfc_seed = "12345678901234567890";

Time at(std::int64_t unix_seconds) { return Time(std::chrono::seconds(unix_seconds)); }

TEST(Totp, GeneratesTheRfc6238Codes) {
  EXPECT_EQ(totp_code(rfc_seed, at(59)), "287082");
  EXPECT_EQ(totp_code(rfc_seed, at(1111111109)), "081804");
  EXPECT_EQ(totp_code(rfc_seed, at(1111111111)), "050471");
  EXPECT_EQ(totp_code(rfc_seed, at(1234567890)), "005924");
  EXPECT_EQ(totp_code(rfc_seed, at(2000000000)), "279037");
}

TEST(Totp, VerifiesTheRfc6238CodesAndReturnsTheirStep) {
  EXPECT_EQ(verify_totp(rfc_seed, "287082", at(59)), 1);
  EXPECT_EQ(verify_totp(rfc_seed, "081804", at(1111111109)), 37037036);
  EXPECT_EQ(verify_totp(rfc_seed, "050471", at(1111111111)), 37037037);
  EXPECT_EQ(verify_totp(rfc_seed, "005924", at(1234567890)), 41152263);
  EXPECT_EQ(verify_totp(rfc_seed, "279037", at(2000000000)), 66666666);
}

TEST(Totp, AcceptsOneStepOfDriftEachSideAndNoMore) {
  // "081804" is the code of step 37037036: seconds 1111111080 to 1111111109.
  EXPECT_EQ(verify_totp(rfc_seed, "081804", at(1111111080)), 37037036);
  EXPECT_EQ(verify_totp(rfc_seed, "081804", at(1111111139)), 37037036);  // one step late
  EXPECT_EQ(verify_totp(rfc_seed, "081804", at(1111111140)), std::nullopt);
  EXPECT_EQ(verify_totp(rfc_seed, "081804", at(1111111050)), 37037036);  // one step early
  EXPECT_EQ(verify_totp(rfc_seed, "081804", at(1111111049)), std::nullopt);
}

TEST(Totp, TheWindowIsTheNumberOfStepsAcceptedEachSide) {
  EXPECT_EQ(verify_totp(rfc_seed, "081804", at(1111111100), 0), 37037036);
  EXPECT_EQ(verify_totp(rfc_seed, "081804", at(1111111110), 0), std::nullopt);
  EXPECT_EQ(verify_totp(rfc_seed, "081804", at(1111111169), 2), 37037036);
  EXPECT_EQ(verify_totp(rfc_seed, "081804", at(1111111170), 2), std::nullopt);
}

TEST(Totp, AcceptsCodesTypedWithSpaces) {
  EXPECT_EQ(verify_totp(rfc_seed, "081 804", at(1111111109)), 37037036);
  EXPECT_EQ(verify_totp(rfc_seed, " 08 18 04 ", at(1111111109)), 37037036);
}

TEST(Totp, RefusesAnythingButSixDigits) {
  Time now = at(1111111109);
  for (const char* code : {"", "      ", "08180", "0818044", "10818 04", "08l804", "081-804",
                           "081\t804", "+81804", "-81804",
                           "\xef\xbc\x90"
                           "81804",
                           "081804\n"}) {
    EXPECT_EQ(verify_totp(rfc_seed, code, now), std::nullopt) << code;
  }
  EXPECT_EQ(verify_totp(rfc_seed, std::string_view("081804\0", 7), now), std::nullopt);
  EXPECT_EQ(verify_totp(rfc_seed, "123456", now), std::nullopt);
}

TEST(Totp, ACodeOfAnotherSecretIsRefused) {
  const std::string other = "ABCDEFGHIJabcdefghij";
  EXPECT_EQ(verify_totp(other, "081804", at(1111111109)), std::nullopt);
  EXPECT_EQ(verify_totp(other, totp_code(other, at(1111111109)), at(1111111109)), 37037036);
}

TEST(Totp, NewSecretsAre160RandomBits) {
  std::string a = new_totp_secret();
  EXPECT_EQ(a.size(), 20U);
  EXPECT_NE(a, new_totp_secret());
  EXPECT_EQ(totp_secret_base32(a).size(), 32U);
}

TEST(Totp, Base32IsUnpaddedRfc4648) {
  EXPECT_EQ(totp_secret_base32(rfc_seed), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(totp_secret_base32("f"), "MY");
  EXPECT_EQ(totp_secret_base32("foobar"), "MZXW6YTBOI");
}

TEST(Totp, UriNamesEmbargoWhenThereIsNoSiteName) {
  EXPECT_EQ(totp_uri(rfc_seed, "alice@example.com", ""),
            "otpauth://totp/Embargo:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Embargo&algorithm=SHA1&digits=6&period=30");
}

TEST(Totp, UriPercentEncodesTheLabelAndIssuer) {
  std::string uri = totp_uri(rfc_seed, "bob+2fa@example.com", "Acme Security: Desk & Co/é?#=");
  EXPECT_EQ(uri,
            "otpauth://totp/Acme%20Security%20%20Desk%20%26%20Co%2F%C3%A9%3F%23%3D:"
            "bob%2B2fa%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Acme%20Security%20%20Desk%20%26%20Co%2F%C3%A9%3F%23%3D"
            "&algorithm=SHA1&digits=6&period=30");
  // What an app reads back: the label splits at its one colon, the parameters decode.
  auto parsed = boost::urls::parse_uri(uri);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->scheme(), "otpauth");
  EXPECT_EQ(parsed->host(), "totp");
  EXPECT_EQ(parsed->path(), "/Acme Security  Desk & Co/é?#=:bob+2fa@example.com");
  auto issuer = parsed->params().find("issuer");
  ASSERT_NE(issuer, parsed->params().end());
  EXPECT_EQ((*issuer).value, "Acme Security  Desk & Co/é?#=");
}

}  // namespace
}  // namespace embargo::auth
