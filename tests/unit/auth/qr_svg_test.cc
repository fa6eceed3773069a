#include "auth/qr_svg.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <utility>

#include "refusal.h"

namespace embargo::auth {
namespace {

using Module = std::pair<int, int>;  // x, y in the viewBox

// The modules the SVG paints dark, read back from its path ("M4 4h7v1h-7z...").
std::set<Module> dark_modules(const std::string& svg) {
  std::smatch path;
  EXPECT_TRUE(std::regex_search(svg, path, std::regex(R"(<path [^>]*d="([^"]*)\")")));
  std::string d = path[1];
  std::set<Module> dark;
  std::regex run(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
  std::size_t covered = 0;
  for (auto it = std::sregex_iterator(d.begin(), d.end(), run); it != std::sregex_iterator();
       ++it) {
    int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), n = std::stoi((*it)[3]);
    EXPECT_EQ((*it)[3], (*it)[4]);
    for (int i = 0; i < n; ++i) dark.insert({x + i, y});
    covered += it->length();
  }
  EXPECT_EQ(covered, d.size()) << "the path holds only module runs";
  return dark;
}

int view_size(const std::string& svg) {
  std::smatch box;
  EXPECT_TRUE(std::regex_search(svg, box, std::regex(R"(viewBox="0 0 (\d+) (\d+)\")")));
  EXPECT_EQ(box[1], box[2]);
  return std::stoi(box[1]);
}

// A finder pattern with its top-left module at (x, y): a dark 7x7 ring, a light 5x5 ring, a
// dark 3x3 centre.
void expect_finder(const std::set<Module>& dark, int x, int y) {
  for (int dy = 0; dy < 7; ++dy) {
    for (int dx = 0; dx < 7; ++dx) {
      int ring = std::min(std::min(dx, dy), std::min(6 - dx, 6 - dy));
      EXPECT_EQ(dark.contains({x + dx, y + dy}), ring != 1) << x + dx << "," << y + dy;
    }
  }
}

TEST(QrSvg, SizeFollowsTheQrVersionForTheText) {
  // 8-bit mode at level M holds 14 bytes in version 1 (21 modules), 26 in version 2 (25),
  // 42 in version 3 (29); the quiet zone adds 4 modules each side.
  EXPECT_EQ(view_size(qr_svg(std::string(14, 'a'), "code")), 21 + 8);
  EXPECT_EQ(view_size(qr_svg(std::string(15, 'a'), "code")), 25 + 8);
  EXPECT_EQ(view_size(qr_svg(std::string(26, 'a'), "code")), 25 + 8);
  EXPECT_EQ(view_size(qr_svg(std::string(27, 'a'), "code")), 29 + 8);
  // A TOTP enrolment URI of 131 bytes: version 8 (version 7 holds 122 bytes), 49 modules.
  std::string uri =
      "otpauth://totp/Embargo:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
      "&issuer=Embargo&algorithm=SHA1&digits=6&period=30";
  ASSERT_EQ(uri.size(), 131U);
  EXPECT_EQ(view_size(qr_svg(uri, "code")), 49 + 8);
}

TEST(QrSvg, DrawsTheFinderPatternsInsideAnEmptyQuietZone) {
  std::string svg = qr_svg("otpauth://totp/Embargo:alice%40example.com?secret=GEZDGNBV", "x");
  int size = view_size(svg);
  int width = size - 8;
  std::set<Module> dark = dark_modules(svg);
  expect_finder(dark, 4, 4);
  expect_finder(dark, 4 + width - 7, 4);
  expect_finder(dark, 4, 4 + width - 7);
  for (auto [x, y] : dark) {
    EXPECT_TRUE(x >= 4 && y >= 4 && x < 4 + width && y < 4 + width) << x << "," << y;
  }
  // Timing pattern: row 6 of the symbol alternates dark and light between the finders.
  for (int x = 8; x < width - 8; ++x) EXPECT_EQ(dark.contains({4 + x, 4 + 6}), x % 2 == 0);
}

TEST(QrSvg, IsOneAccessibleSvgWithOnePath) {
  std::string svg = qr_svg("hello", "Authenticator setup code");
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\""));
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_NE(svg.find(" role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find(" aria-label=\"Authenticator setup code\""), std::string::npos);
  EXPECT_EQ(svg.find("<path"), svg.rfind("<path"));
}

TEST(QrSvg, EscapesTheLabelAndNeverCopiesTheText) {
  std::string svg = qr_svg("<script>alert(1)</script>", "Scan \"me\" <b>&'");
  EXPECT_NE(svg.find("aria-label=\"Scan &quot;me&quot; &lt;b&gt;&amp;&apos;\""), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_EQ(svg.find("alert"), std::string::npos);
  // Characters XML cannot hold are left out rather than breaking the document.
  EXPECT_NE(qr_svg("x", std::string("a\0b\x01"
                                    "c\x1f\td",
                                    8))
                .find("aria-label=\"abc\td\""),
            std::string::npos);
}

TEST(QrSvg, RefusesTextNoQrCodeCanHold) {
  using testing::refusal_of;
  EXPECT_EQ(refusal_of([] { qr_svg(std::string(3000, 'a'), "code"); }).field(), "text");
  EXPECT_EQ(refusal_of([] { qr_svg(std::string("a\0b", 3), "code"); }).field(), "text");
  EXPECT_EQ(refusal_of([] { qr_svg("", "code"); }).field(), "text");
}

}  // namespace
}  // namespace embargo::auth
