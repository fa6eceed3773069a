// The Content-Disposition of downloads: a stored file's name, whatever it holds, never breaks
// out of the header or makes the browser show the file inline.
#include "http/content_disposition.h"

#include <gtest/gtest.h>

namespace embargo::http {
namespace {

TEST(AttachmentDisposition, APlainNameIsQuotedAsItIs) {
  EXPECT_EQ(attachment_disposition("poc.txt"), "attachment; filename=\"poc.txt\"");
  EXPECT_EQ(attachment_disposition("a b-c_(1).tar.gz"),
            "attachment; filename=\"a b-c_(1).tar.gz\"");
}

TEST(AttachmentDisposition, NonAsciiNamesGetAnRfc8187Value) {
  // "résumé.pdf": each accented letter (two bytes) is one '_' in the ASCII name.
  EXPECT_EQ(attachment_disposition("r\xc3\xa9sum\xc3\xa9.pdf"),
            "attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf");
  // A four-byte character, and characters RFC 8187 keeps as they are.
  EXPECT_EQ(attachment_disposition("\xf0\x9f\x99\x82!#$&+-.^_`|~.txt"),
            "attachment; filename=\"_!#$&+-.^_`|~.txt\"; "
            "filename*=UTF-8''%F0%9F%99%82!#$&+-.^_`|~.txt");
}

TEST(AttachmentDisposition, QuotesBackslashesAndControlsCannotEscape) {
  EXPECT_EQ(attachment_disposition("a\"; filename=\"b.exe"),
            "attachment; filename=\"a_; filename=_b.exe\"; "
            "filename*=UTF-8''a%22%3B%20filename%3D%22b.exe");
  EXPECT_EQ(attachment_disposition("a\\\"b"),
            "attachment; filename=\"a__b\"; filename*=UTF-8''a%5C%22b");
  EXPECT_EQ(attachment_disposition("a\r\nSet-Cookie: x=1"),
            "attachment; filename=\"a__Set-Cookie: x=1\"; "
            "filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x%3D1");
  // A percent sign some browsers would decode in the plain name.
  EXPECT_EQ(attachment_disposition("100%.txt"),
            "attachment; filename=\"100_.txt\"; filename*=UTF-8''100%25.txt");
}

TEST(AttachmentDisposition, ANameWithNothingPlainLeftStillHasOne) {
  EXPECT_EQ(attachment_disposition(""), "attachment; filename=\"download\"; filename*=UTF-8''");
}

}  // namespace
}  // namespace embargo::http
