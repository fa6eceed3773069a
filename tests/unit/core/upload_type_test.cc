#include "core/upload_type.h"

#include <gtest/gtest.h>

#include <string>

#include "refusal.h"

namespace embargo {
namespace {

using namespace std::string_literals;

std::string refusal_message(std::string_view name, const std::string& content) {
  Refusal r = testing::refusal_of([&] { upload_media_type(name, content); });
  EXPECT_EQ(r.field(), "attachments");
  return r.what();
}

TEST(UploadType, TextOfEveryProofOfConceptLanguageIsPlainUtf8Text) {
  const std::string poc =
      "#!/usr/bin/env python3\n# d\xC3\xA9j\xC3\xA0 vu \xE2\x9C\x93\n\tprint()\r\n\f";
  for (const char* name :
       {"poc.txt", "poc.py", "poc.sh", "poc.rs", "poc.ps1", "poc.bat", "notes.md", "run.log",
        "data.csv", "request.json", "xss.html", "POC.TXT", "archive.tar.txt"}) {
    EXPECT_EQ(upload_media_type(name, poc), "text/plain; charset=utf-8") << name;
  }
  EXPECT_EQ(upload_media_type("empty.txt", ""), "text/plain; charset=utf-8");
  EXPECT_EQ(upload_media_type("bom.txt", "\xEF\xBB\xBFhello"), "text/plain; charset=utf-8");
}

TEST(UploadType, TextWithControlBytesOrBadUtf8IsRefusedAtTheByte) {
  EXPECT_EQ(refusal_message("poc.txt", "hello world\0!"s),
            "'poc.txt' is not text: byte 11 is 0x00");
  EXPECT_EQ(refusal_message("poc.txt", "0123456789ab\0"s),
            "'poc.txt' is not text: byte 12 is 0x00");
  // ESC would let a file printed in a terminal drive the terminal; DEL and C1 controls too.
  EXPECT_EQ(refusal_message("run.log", "\x1B[31mred"), "'run.log' is not text: byte 0 is 0x1B");
  EXPECT_EQ(refusal_message("a.py", "x\x7F"), "'a.py' is not text: byte 1 is 0x7F");
  EXPECT_EQ(refusal_message("a.sh", "x\x0B"), "'a.sh' is not text: byte 1 is 0x0B");
  EXPECT_EQ(refusal_message("a.md",
                            "ok \xC2\x9B"
                            "2J"),
            "'a.md' is not text: byte 3 is the control character U+009B");
  EXPECT_EQ(refusal_message("a.txt", "caf\xE9"),
            "'a.txt' is not text: byte 3 (0xE9) is not valid UTF-8");
  EXPECT_EQ(refusal_message("a.txt", "\xED\xA0\x80"),  // a surrogate
            "'a.txt' is not text: byte 0 (0xED) is not valid UTF-8");
  EXPECT_EQ(refusal_message("a.txt", "\xC0\xAF"),  // an overlong '/'
            "'a.txt' is not text: byte 0 (0xC0) is not valid UTF-8");
  EXPECT_EQ(refusal_message("a.txt", "ok\xE2\x9C"),  // cut in the middle of a character
            "'a.txt' is not text: byte 2 (0xE2) is not valid UTF-8");
  // A PNG renamed to .txt is not text.
  EXPECT_NE(refusal_message("shot.txt", "\x89PNG\r\n\x1A\n"s).find("not valid UTF-8"),
            std::string::npos);
}

TEST(UploadType, BinaryFormatsAreRecognisedByTheirSignature) {
  const std::string png = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"s;
  EXPECT_EQ(upload_media_type("shot.png", png), "image/png");
  EXPECT_EQ(upload_media_type("Shot.PNG", png), "image/png");
  EXPECT_EQ(upload_media_type("photo.jpg", "\xFF\xD8\xFF\xE0\0\x10JFIF"s), "image/jpeg");
  EXPECT_EQ(upload_media_type("photo.jpeg", "\xFF\xD8\xFF\xDB"), "image/jpeg");
  EXPECT_EQ(upload_media_type("anim.gif", "GIF89a\x01\0"s), "image/gif");
  EXPECT_EQ(upload_media_type("old.gif", "GIF87a"), "image/gif");
  EXPECT_EQ(upload_media_type("report.pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3"), "application/pdf");
  EXPECT_EQ(upload_media_type("poc.zip", "PK\x03\x04\x14\0"s), "application/zip");
  EXPECT_EQ(upload_media_type("empty.zip", "PK\x05\x06"s + std::string(18, '\0')),
            "application/zip");
}

TEST(UploadType, TheClaimedFormatMustMatchTheBytes) {
  EXPECT_EQ(refusal_message("shot.png", "GIF89a"),
            "'shot.png' is not a PNG image: it does not start with the format's signature");
  EXPECT_EQ(refusal_message("shot.jpg", "\x89PNG\r\n\x1A\n"),
            "'shot.jpg' is not a JPEG image: it does not start with the format's signature");
  EXPECT_EQ(refusal_message("doc.pdf", "<html>%PDF-1.7"),
            "'doc.pdf' is not a PDF document: it does not start with the format's signature");
  EXPECT_EQ(refusal_message("poc.zip", "MZ\x90\0"s),
            "'poc.zip' is not a ZIP archive: it does not start with the format's signature");
  EXPECT_EQ(refusal_message("x.png", ""),
            "'x.png' is not a PNG image: it does not start with the format's signature");
  EXPECT_EQ(refusal_message("x.gif", "GIF8"),  // a signature cut short
            "'x.gif' is not a GIF image: it does not start with the format's signature");
}

TEST(UploadType, UnknownOrMissingExtensionsAreRefused) {
  EXPECT_EQ(refusal_message("payload.exe", "MZ"),
            "'payload.exe': files ending in '.exe' are not accepted (text, PNG, JPEG, GIF, PDF "
            "or ZIP)");
  EXPECT_EQ(refusal_message("poc.svgz", "x"),
            "'poc.svgz': files ending in '.svgz' are not accepted (text, PNG, JPEG, GIF, PDF or "
            "ZIP)");
  EXPECT_EQ(refusal_message("README", "text"),
            "'README' has no extension saying what it is (e.g. .txt, .png, .pdf)");
  EXPECT_EQ(refusal_message(".txt", "hidden"),
            "'.txt' has no extension saying what it is (e.g. .txt, .png, .pdf)");
  EXPECT_EQ(refusal_message("poc.txt.", "x"),
            "'poc.txt.': files ending in '.' are not accepted (text, PNG, JPEG, GIF, PDF or ZIP)");
}

// A large upload is checked a piece at a time from its temporary file: a character cut by the
// end of a piece is whole in the next, and a problem is placed by its byte in the whole file.
TEST(UploadType, ALargeFileIsCheckedAcrossItsPieces) {
  SpooledBytes spooled;
  spooled.spool_above(0, ::testing::TempDir());
  std::string text(SpooledBytes::kPieceBytes - 1, 'a');
  text += "\xE2\x9C\x93";  // a check mark over the first piece's end
  text += std::string(SpooledBytes::kPieceBytes, 'b');
  spooled.append(text);
  ASSERT_TRUE(spooled.spooled());
  EXPECT_EQ(upload_media_type("long.log", spooled), "text/plain; charset=utf-8");
  EXPECT_EQ(upload_media_type("long.log", text), "text/plain; charset=utf-8");

  std::string bad = text + "c\x1B";
  SpooledBytes spooled_bad;
  spooled_bad.spool_above(0, ::testing::TempDir());
  spooled_bad.append(bad);
  std::string expected =
      "'long.log' is not text: byte " + std::to_string(bad.size() - 1) + " is 0x1B";
  EXPECT_EQ(testing::refusal_of([&] { upload_media_type("long.log", spooled_bad); }).what(),
            expected);
  EXPECT_EQ(refusal_message("long.log", bad), expected);

  SpooledBytes png;
  png.spool_above(0, ::testing::TempDir());
  png.append("\x89PNG\r\n\x1A\n" + std::string(SpooledBytes::kPieceBytes * 2, '\0'));
  EXPECT_EQ(upload_media_type("shot.png", png), "image/png");
}

}  // namespace
}  // namespace embargo
