#include "http/multipart.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "core/spooled_bytes.h"
#include "refusal.h"

namespace embargo::http {
namespace {

using namespace std::string_literals;

// The boundary and framing Chrome uses (WebKitFormBoundary and 16 random characters).
const std::string kChromeBoundary = "----WebKitFormBoundaryePkpFF7tjBAqx29L";
const std::string kChromeType = "multipart/form-data; boundary=" + kChromeBoundary;

std::string field(const std::string& boundary, const std::string& name, const std::string& value) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
         value + "\r\n";
}

std::string file(const std::string& boundary, const std::string& name, const std::string& file_name,
                 const std::string& type, const std::string& content) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name +
         "\"; filename=\"" + file_name + "\"\r\nContent-Type: " + type + "\r\n\r\n" + content +
         "\r\n";
}

std::string close(const std::string& boundary) { return "--" + boundary + "--\r\n"; }

// A binary proof of concept with everything that trips a careless multipart reader: CRLFs, a
// line that starts like a boundary, NUL and high bytes, and a CRLF as its last two bytes.
const std::string kBinary = "\x89PNG\r\n\x1A\n\0\0\r\n--\r\n------WebKit\r\n\xFF\xFE\r\n\r\n"s;

// The body as a request larger than kSpoolAbove reaches the parser: in an unnamed temporary file.
SpooledBytes spooled(std::string_view body) {
  SpooledBytes bytes;
  bytes.spool_above(0, ::testing::TempDir());
  bytes.append(body);
  return bytes;
}

// Everything parse_form_body says of the parts, files' bytes included, to compare two parses.
std::string told(const std::vector<FormPart>& parts) {
  std::string out;
  for (const auto& part : parts) {
    out += part.name + "|" + part.file_name + "|" + (part.is_file ? "file" : "field") + "|" +
           part.media_type + "|" + part.content + "|" + part.file.str() + "\n";
  }
  return out;
}

bool is_multipart(const std::string& type) { return type.starts_with("multipart"); }

// Parses a body in memory, as a small request's is, and a multipart body also from a file, as a
// large one's is: both must give the same parts.
std::vector<FormPart> parse(const std::string& type, std::string_view body) {
  auto parts = parse_form_body(type, body);
  if (is_multipart(type) && !body.empty()) {
    EXPECT_EQ(told(parse_form_body(type, spooled(body))), told(parts));
  }
  return parts;
}

// The refusal of a body; a multipart body read from a file must be refused the same way.
Refusal refusal_of(const std::string& type, std::string_view body) {
  Refusal in_memory = testing::refusal_of([&] { parse_form_body(type, body); });
  if (is_multipart(type) && !body.empty()) {
    Refusal from_file = testing::refusal_of([&] { parse_form_body(type, spooled(body)); });
    EXPECT_STREQ(from_file.what(), in_memory.what());
    EXPECT_EQ(from_file.field(), in_memory.field());
  }
  return in_memory;
}

std::string spooled_body_refusal(const std::string& type, const SpooledBytes& body) {
  Refusal r = testing::refusal_of([&] { parse_form_body(type, body); });
  EXPECT_EQ(r.field(), "body") << r.what();
  return r.what();
}

std::string body_refusal(const std::string& type, std::string_view body) {
  Refusal r = refusal_of(type, body);
  EXPECT_EQ(r.field(), "body") << r.what();
  return r.what();
}

TEST(Multipart, ReadsABrowserFormWithTextAndABinaryFile) {
  std::string body =
      field(kChromeBoundary, "description", "Line one\r\nLine two: d\xC3\xA9j\xC3\xA0") +
      field(kChromeBoundary, "severity", "high") +
      file(kChromeBoundary, "attachments", "shot.png", "image/png", kBinary) +
      file(kChromeBoundary, "attachments", "poc.py", "text/x-python", "print('x')\n") +
      field(kChromeBoundary, "consent", "on") + close(kChromeBoundary);
  auto parts = parse(kChromeType, body);
  ASSERT_EQ(parts.size(), 5u);
  EXPECT_EQ(parts[0].name, "description");
  EXPECT_FALSE(parts[0].is_file);
  EXPECT_EQ(parts[0].content, "Line one\r\nLine two: d\xC3\xA9j\xC3\xA0");
  EXPECT_EQ(parts[0].media_type, "text/plain");  // RFC 7578's default for a field
  EXPECT_EQ(parts[1].content, "high");
  EXPECT_TRUE(parts[2].is_file);
  EXPECT_EQ(parts[2].name, "attachments");
  EXPECT_EQ(parts[2].file_name, "shot.png");
  EXPECT_EQ(parts[2].media_type, "image/png");
  EXPECT_EQ(parts[2].file, kBinary);  // byte for byte, the trailing CRLF included
  EXPECT_EQ(parts[3].file_name, "poc.py");
  EXPECT_EQ(parts[3].file, "print('x')\n");
  EXPECT_EQ(parts[4].name, "consent");
  EXPECT_EQ(parts[4].content, "on");
}

// Firefox's boundary is all dashes and digits; preamble and epilogue are ignored.
TEST(Multipart, ReadsFirefoxFramingWithPreambleAndEpilogue) {
  const std::string boundary = "---------------------------3245671826381412913483126412";
  std::string body = "ignored preamble\r\n" + field(boundary, "title", "") +
                     file(boundary, "attachments", "empty.txt", "text/plain", "") +
                     close(boundary) + "ignored epilogue";
  auto parts = parse("multipart/form-data; boundary=" + boundary, body);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].content, "");
  EXPECT_TRUE(parts[1].is_file);
  EXPECT_EQ(parts[1].file_name, "empty.txt");
  EXPECT_EQ(parts[1].file, "");
}

TEST(Multipart, AcceptsAQuotedBoundaryAndAnyCaseInTheType) {
  const std::string boundary = "simple boundary:with=specials";
  std::string body = field(boundary, "a", "1") + close(boundary);
  auto parts =
      parse_form_body("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"" + boundary + "\"", body);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].content, "1");
}

// A closing boundary at the very end, without its CRLF (curl-like clients may omit it), leaves
// the last part unchanged.
TEST(Multipart, AClosingBoundaryWithoutItsLineEndIsEnough) {
  std::string body = file(kChromeBoundary, "f", "a.bin", "application/octet-stream", "x\r") + "--" +
                     kChromeBoundary + "--";
  auto parts = parse(kChromeType, body);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].file, "x\r");
}

TEST(Multipart, KeepsOnlyTheBaseNameOfAFile) {
  struct Case {
    std::string sent;  // as it stands in the header
    std::string kept;
  };
  for (const auto& c : {Case{"../../etc/passwd", "passwd"},
                        Case{R"(C:\\Users\\me\\poc.txt)", "poc.txt"},  // escaped backslashes
                        Case{"/tmp/x/report.pdf", "report.pdf"},
                        Case{"r\xC3\xA9sum\xC3\xA9.txt", "r\xC3\xA9sum\xC3\xA9.txt"}}) {
    std::string body =
        file(kChromeBoundary, "f", c.sent, "text/plain", "x") + close(kChromeBoundary);
    auto parts = parse(kChromeType, body);
    ASSERT_EQ(parts.size(), 1u) << c.sent;
    EXPECT_EQ(parts[0].file_name, c.kept) << c.sent;
  }
  // RFC 2231's encoded form, as some clients send non-ASCII names.
  std::string body = "--" + kChromeBoundary +
                     "\r\nContent-Disposition: form-data; name=\"f\"; "
                     "filename*=UTF-8''dir%2Fr%C3%A9sum%C3%A9.txt\r\n\r\nx\r\n" +
                     close(kChromeBoundary);
  auto parts = parse(kChromeType, body);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].file_name, "r\xC3\xA9sum\xC3\xA9.txt");
}

TEST(Multipart, AnEmptyFileInputIsLeftOut) {
  std::string body = field(kChromeBoundary, "description", "d") +
                     file(kChromeBoundary, "attachments", "", "application/octet-stream", "") +
                     close(kChromeBoundary);
  auto parts = parse(kChromeType, body);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].name, "description");
}

TEST(Multipart, RefusesFileNamesThatAreNotNames) {
  auto refused = [](const std::string& file_name, const std::string& content) {
    return body_refusal(kChromeType,
                        field(kChromeBoundary, "a", "1") +
                            file(kChromeBoundary, "attachments", file_name, "text/plain", content) +
                            close(kChromeBoundary));
  };
  EXPECT_EQ(refused("poc\x01.txt", "x"),
            "form body: part 2 ('attachments'): the file name 'poc\\x01.txt' holds a control "
            "character (at byte 3)");
  EXPECT_EQ(refused("dir/", "x"),
            "form body: part 2 ('attachments'): the file has no name ('dir/')");
  EXPECT_EQ(refused("", "content"), "form body: part 2 ('attachments'): the file has no name ('')");
  EXPECT_EQ(refused("..", "x"), "form body: part 2 ('attachments'): the file has no name ('..')");
}

TEST(Multipart, RefusesABodyWithoutItsClosingBoundary) {
  std::string whole = field(kChromeBoundary, "a", "1") +
                      file(kChromeBoundary, "f", "poc.txt", "text/plain", "partial upload");
  EXPECT_EQ(body_refusal(kChromeType, whole),
            "form body: the body ends before its closing boundary (cut short?)");
  // Cut in the middle of the file, and cut before any content.
  EXPECT_EQ(body_refusal(kChromeType, whole.substr(0, whole.size() - 8)),
            "form body: the body ends before its closing boundary (cut short?)");
  EXPECT_NE(
      body_refusal(kChromeType, "--" + kChromeBoundary + "\r\nContent-Dispo").find("form body: "),
      std::string::npos);
}

TEST(Multipart, RefusesAMissingOrInvalidBoundary) {
  std::string body = field(kChromeBoundary, "a", "1") + close(kChromeBoundary);
  EXPECT_EQ(body_refusal("multipart/form-data", body),
            "form body: the Content-Type multipart/form-data has no boundary parameter");
  EXPECT_EQ(body_refusal("multipart/form-data; boundary=\"\"", body),
            "form body: the boundary '' is not 1 to 70 letters, digits, spaces or '()+_,-./:=? "
            "(RFC 2046)");
  EXPECT_NE(body_refusal("multipart/form-data; boundary=" + std::string(71, 'a'), body)
                .find("is not 1 to 70 letters"),
            std::string::npos);
  EXPECT_NE(body_refusal("multipart/form-data; boundary=\"a{b}\"", body).find("is not 1 to 70"),
            std::string::npos);
  EXPECT_NE(body_refusal("multipart/form-data; boundary=\"ends with space \"", body)
                .find("is not 1 to 70"),
            std::string::npos);
  EXPECT_EQ(body_refusal("multipart/form-data; boundary=other", body),
            "form body: no line of the body starts with the boundary '--other'");
  EXPECT_EQ(body_refusal(kChromeType, ""),
            "form body: no line of the body starts with the boundary '--" + kChromeBoundary + "'");
  EXPECT_EQ(body_refusal("multipart/form-data; boundary=x\r\nX-Injected: 1", body),
            "form body: the Content-Type holds a line break or NUL");
}

TEST(Multipart, RefusesBareLineFeedsAroundBoundaries) {
  std::string lf_before = "--" + kChromeBoundary +
                          "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\n--" +
                          kChromeBoundary + "--\r\n";
  EXPECT_EQ(body_refusal(kChromeType, lf_before), "form body: the boundary line at byte " +
                                                      std::to_string(lf_before.find("\n--") + 1) +
                                                      " follows a bare LF; lines end in CRLF");
  std::string lf_after = "--" + kChromeBoundary +
                         "\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" + "v\r\n" +
                         close(kChromeBoundary);
  EXPECT_EQ(body_refusal(kChromeType, lf_after),
            "form body: the boundary line at byte 0 ends in a bare LF; lines end in CRLF");
}

TEST(Multipart, RefusesPartsThatAreNotFormFields) {
  std::string no_disposition = "--" + kChromeBoundary + "\r\nContent-Type: text/plain\r\n\r\nx\r\n";
  EXPECT_EQ(body_refusal(kChromeType, field(kChromeBoundary, "a", "1") + no_disposition +
                                          close(kChromeBoundary)),
            "form body: part 2 has no 'Content-Disposition: form-data' with a name");
  std::string attachment =
      "--" + kChromeBoundary + "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n";
  EXPECT_EQ(body_refusal(kChromeType, attachment + close(kChromeBoundary)),
            "form body: part 1 has no 'Content-Disposition: form-data' with a name");
  std::string nameless = "--" + kChromeBoundary + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n";
  EXPECT_EQ(body_refusal(kChromeType, nameless + close(kChromeBoundary)),
            "form body: part 1 has no 'Content-Disposition: form-data' with a name");
  std::string empty_name =
      "--" + kChromeBoundary + "\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n";
  EXPECT_EQ(body_refusal(kChromeType, empty_name + close(kChromeBoundary)),
            "form body: part 1 has no 'Content-Disposition: form-data' with a name");
}

// Two names for one part would let two readers of the same body see different fields.
TEST(Multipart, RefusesAmbiguousHeaders) {
  std::string two_names = "--" + kChromeBoundary +
                          "\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\nx\r\n";
  EXPECT_NE(body_refusal(kChromeType,
                         field(kChromeBoundary, "ok", "1") + two_names + close(kChromeBoundary))
                .find("the parameter 'name' is given twice with different values (part 2"),
            std::string::npos);
  std::string two_dispositions = "--" + kChromeBoundary +
                                 "\r\nContent-Disposition: form-data; name=\"a\"\r\n"
                                 "Content-Disposition: form-data; name=\"b\"\r\n\r\nx\r\n";
  EXPECT_NE(body_refusal(kChromeType, two_dispositions + close(kChromeBoundary))
                .find("the header 'Content-Disposition' is given twice"),
            std::string::npos);
  std::string bad_header =
      "--" + kChromeBoundary +
      "\r\nContent-Disposition: form-data; name=\"a\"\r\nNo colon here\r\n\r\nx\r\n";
  EXPECT_NE(body_refusal(kChromeType, bad_header + close(kChromeBoundary)).find("'Name: value'"),
            std::string::npos);
}

TEST(Multipart, RefusesNestedMultipartsAndMessages) {
  std::string nested = "--" + kChromeBoundary +
                       "\r\nContent-Disposition: form-data; name=\"files\"\r\n"
                       "Content-Type: multipart/mixed; boundary=inner\r\n\r\n"
                       "--inner\r\nContent-Disposition: file; filename=\"a.txt\"\r\n\r\nx\r\n"
                       "--inner--\r\n\r\n";
  EXPECT_EQ(
      body_refusal(kChromeType, field(kChromeBoundary, "a", "1") + nested + close(kChromeBoundary)),
      "form body: part 2: a nested multipart or message is not accepted");
  std::string message = "--" + kChromeBoundary +
                        "\r\nContent-Disposition: form-data; name=\"m\"\r\n"
                        "Content-Type: message/rfc822\r\n\r\nSubject: hi\r\n\r\nbody\r\n";
  EXPECT_EQ(body_refusal(kChromeType, message + close(kChromeBoundary)),
            "form body: part 1: a nested multipart or message is not accepted");
}

TEST(Multipart, RefusesMoreThan64Parts) {
  std::string body;
  for (std::size_t i = 0; i < kMostFormParts; ++i) {
    body += field(kChromeBoundary, "f" + std::to_string(i), "v");
  }
  EXPECT_EQ(parse_form_body(kChromeType, body + close(kChromeBoundary)).size(), kMostFormParts);
  body += field(kChromeBoundary, "one-more", "v");
  EXPECT_EQ(body_refusal(kChromeType, body + close(kChromeBoundary)),
            "form body: more than 64 parts");
}

TEST(Multipart, AFieldThatIsNotUtf8IsRefusedByItsName) {
  std::string body = field(kChromeBoundary, "description", "caf\xE9") + close(kChromeBoundary);
  Refusal r = refusal_of(kChromeType, body);
  EXPECT_EQ(r.field(), "description");
  EXPECT_STREQ(r.what(), "description: not valid UTF-8 (at byte 3)");
  // A file's bytes are not text and are not checked here.
  body = file(kChromeBoundary, "f", "a.bin", "application/octet-stream", "caf\xE9") +
         close(kChromeBoundary);
  EXPECT_EQ(parse(kChromeType, body).at(0).file, "caf\xE9");
}

TEST(Multipart, ATransferEncodingIsUndone) {
  std::string body = "--" + kChromeBoundary +
                     "\r\nContent-Disposition: form-data; name=\"a\"\r\n"
                     "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n" +
                     close(kChromeBoundary);
  EXPECT_EQ(parse(kChromeType, body).at(0).content, "hello");
}

TEST(UrlEncodedForm, ReadsFieldsLikeAMultipartForm) {
  auto parts = parse("application/x-www-form-urlencoded",
                     "description=Line+one%0D%0Ad%C3%A9j%C3%A0&&consent=on&empty=&flag");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0].name, "description");
  EXPECT_EQ(parts[0].content, "Line one\r\nd\xC3\xA9j\xC3\xA0");
  EXPECT_FALSE(parts[0].is_file);
  EXPECT_EQ(parts[1].name, "consent");
  EXPECT_EQ(parts[1].content, "on");
  EXPECT_EQ(parts[2].content, "");
  EXPECT_EQ(parts[3].name, "flag");
  EXPECT_TRUE(parse_form_body("application/x-www-form-urlencoded; charset=UTF-8", "").empty());
}

// The body is read to its end and no further, even when the bytes after it would continue it
// (Boost.URL 1.81's parse_query measures its input with strlen).
TEST(UrlEncodedForm, ReadsTheBodyAndNothingAfterIt) {
  const std::string buffer = "a=1&b=2&c=3";
  auto parts =
      parse_form_body("application/x-www-form-urlencoded", std::string_view(buffer).substr(0, 7));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].name, "b");
  EXPECT_EQ(parts[1].content, "2");
  EXPECT_NE(
      body_refusal("application/x-www-form-urlencoded", std::string_view("a=1&b=%zz").substr(0, 7))
          .find("field 2 is not valid"),
      std::string::npos);
}

TEST(UrlEncodedForm, RefusesWhatIsNotUrlEncodedUtf8) {
  const std::string type = "application/x-www-form-urlencoded";
  EXPECT_EQ(body_refusal(type, "a=1&b=%zz&c=3"),
            "form body: field 2 is not valid application/x-www-form-urlencoded (a '%' not followed "
            "by two hex digits, or a character that must be percent-encoded)");
  EXPECT_NE(body_refusal(type, "a=1 2").find("field 1 is not valid"), std::string::npos);
  EXPECT_EQ(body_refusal(type + "; charset=iso-8859-1", "a=1"),
            "form body: the charset 'iso-8859-1' is not read; forms are sent as UTF-8");
  EXPECT_EQ(body_refusal(type, "=1"), "form body: the name of field 1 is empty");
  EXPECT_EQ(body_refusal(type, "a=1&%FF=2"),
            "form body: the name of field 2 is not valid UTF-8 (at byte 0)");
  Refusal r = refusal_of(type, "title=ok&description=caf%E9");
  EXPECT_EQ(r.field(), "description");
  EXPECT_STREQ(r.what(), "description: not valid UTF-8 (at byte 3)");
  std::string many;
  for (std::size_t i = 0; i <= kMostFormParts; ++i) many += "f" + std::to_string(i) + "=v&";
  EXPECT_EQ(body_refusal(type, many), "form body: more than 64 fields");
}

TEST(FormBody, OtherTypesAreNotForms) {
  EXPECT_TRUE(is_form_body(kChromeType));
  EXPECT_TRUE(is_form_body("multipart/form-data"));  // parse_form_body refuses it, naming why
  EXPECT_TRUE(is_form_body("application/x-www-form-urlencoded;charset=utf-8"));
  for (const char* other : {"application/json", "multipart/mixed; boundary=x", "text/plain", "",
                            "form-data", "multipart/form-data\r\nX: y"}) {
    EXPECT_FALSE(is_form_body(other)) << other;
  }
  EXPECT_EQ(body_refusal("application/json", "{}"),
            "form body: a form is sent as multipart/form-data or "
            "application/x-www-form-urlencoded, not 'application/json'");
}

// A large request's body is in a file, and so are its large files, each in one of its own;
// small files and the text stay in memory.
TEST(FormBody, ALargeBodysLargeFilesStayOnDisk) {
  std::string large(200 * 1024, '\0');
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>(i % 253);
  std::string body = field(kChromeBoundary, "description", "See the files.") +
                     file(kChromeBoundary, "attachments", "dump.bin", "application/zip", large) +
                     file(kChromeBoundary, "attachments", "poc.py", "text/x-python", "print()\n") +
                     close(kChromeBoundary);
  auto parts = parse_form_body(kChromeType, spooled(body));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].content, "See the files.");
  EXPECT_TRUE(parts[1].file.spooled());
  EXPECT_EQ(parts[1].file, large);
  EXPECT_FALSE(parts[2].file.spooled());
  EXPECT_EQ(parts[2].file, "print()\n");
}

TEST(FormBody, TextFieldsHoldAtMostAMebibyteInAll) {
  std::string half(kMostFormTextBytes / 2, 'x');
  std::string body = field(kChromeBoundary, "description", half) +
                     field(kChromeBoundary, "impact", half) + close(kChromeBoundary);
  EXPECT_EQ(parse(kChromeType, body).size(), 2u);
  body = field(kChromeBoundary, "description", half) +
         field(kChromeBoundary, "impact", half + "y") + close(kChromeBoundary);
  EXPECT_EQ(body_refusal(kChromeType, body),
            "form body: the text fields hold more than 1024 KiB in all; send long text as a file");
  // Files do not count.
  body = field(kChromeBoundary, "description", half) +
         file(kChromeBoundary, "attachments", "a.log", "text/plain", half + half) +
         close(kChromeBoundary);
  EXPECT_EQ(parse(kChromeType, body).size(), 2u);
}

// An urlencoded body is text: one spooled to a file (over kSpoolAbove) is refused, not read.
TEST(UrlEncodedForm, ALargeOneIsRefused) {
  EXPECT_EQ(spooled_body_refusal("application/x-www-form-urlencoded", spooled("a=1")),
            "a form body is at most 1024 KiB; send files as parts of a multipart/form-data body");
}

// GMime is initialised on first use; forms parsed on several worker threads at once.
TEST(FormBody, ParsesOnSeveralThreadsAtOnce) {
  std::string body = field(kChromeBoundary, "a", "1") +
                     file(kChromeBoundary, "f", "x.png", "image/png", kBinary) +
                     close(kChromeBoundary);
  std::vector<std::thread> threads;
  std::vector<int> good(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto parts = parse_form_body(kChromeType, body);
        good[t] += parts.size() == 2 && parts[1].file == kBinary ? 1 : 0;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good, std::vector<int>(4, 50));
}

}  // namespace
}  // namespace embargo::http
