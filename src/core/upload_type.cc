#include "core/upload_type.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/error.h"
#include "core/utf8.h"

namespace embargo {
namespace {

constexpr std::string_view kText = "text/plain; charset=utf-8";

// Extensions whose files are read as text: proofs of concept in the languages the seed policies
// name, logs, data, patches and web pages (stored as plain text, never served as HTML).
constexpr std::array<std::string_view, 40> kTextExtensions = {
    ".txt",  ".md",  ".markdown", ".log",  ".csv", ".tsv",  ".json",  ".xml",  ".yaml", ".yml",
    ".toml", ".ini", ".cfg",      ".conf", ".py",  ".sh",   ".bash",  ".zsh",  ".rs",   ".ps1",
    ".bat",  ".cmd", ".c",        ".h",    ".cc",  ".cpp",  ".hpp",   ".go",   ".java", ".js",
    ".ts",   ".rb",  ".php",      ".pl",   ".sql", ".diff", ".patch", ".html", ".htm",  ".svg"};

// A binary format recognised by the bytes it starts with.
struct Signed {
  std::string_view extension;
  std::string_view media_type;
  std::string_view format;                     // as a refusal names it
  std::array<std::string_view, 2> signatures;  // the second one empty when there is one
};

using namespace std::string_view_literals;

const std::array<Signed, 6> kSignedFormats = {{
    {".png", "image/png", "a PNG image", {"\x89PNG\r\n\x1A\n"sv}},
    {".jpg", "image/jpeg", "a JPEG image", {"\xFF\xD8\xFF"sv}},
    {".jpeg", "image/jpeg", "a JPEG image", {"\xFF\xD8\xFF"sv}},
    {".gif", "image/gif", "a GIF image", {"GIF87a"sv, "GIF89a"sv}},
    {".pdf", "application/pdf", "a PDF document", {"%PDF-"sv}},
    // A ZIP archive starts with a local file header, or is an empty archive's end record.
    {".zip", "application/zip", "a ZIP archive", {"PK\x03\x04"sv, "PK\x05\x06"sv}},
}};

constexpr std::size_t kLongestSignature = 8;  // PNG's

std::string lower_extension(std::string_view file_name) {
  auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  std::string extension(file_name.substr(dot));
  std::transform(extension.begin(), extension.end(), extension.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return extension;
}

std::string hex_byte(unsigned char byte) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[byte >> 4] + kDigits[byte & 0xF];
}

std::string code_point(std::uint32_t cp) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out = "U+";
  for (int shift = 12; shift >= 0; shift -= 4) out += kDigits[(cp >> shift) & 0xF];
  return out;
}

bool allowed_control(std::uint32_t cp) {
  return cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f';
}

// Why the bytes fed to it are not text by the rules of upload_type.h, found piece by piece:
// a character cut between two pieces is carried over to the next.
class TextCheck {
 public:
  // Reads the next piece; `last` says no piece follows. Returns false once a problem is found.
  bool feed(std::string_view piece, bool last) {
    std::string window = carry_ + std::string(piece);
    std::size_t pos = 0;
    // A character is at most 4 bytes: fewer at a piece's end may continue in the next one.
    while (pos < window.size() && (last || window.size() - pos >= 4)) {
      std::size_t at = pos;
      auto cp = decode_utf8(window, pos);
      std::string where = "byte " + std::to_string(offset_ + at);
      if (!cp) {
        problem_ = where + " (" + hex_byte(static_cast<unsigned char>(window[at])) +
                   ") is not valid UTF-8";
      } else if ((*cp < 0x20 && !allowed_control(*cp)) || *cp == 0x7F) {
        problem_ = where + " is " + hex_byte(static_cast<unsigned char>(*cp));
      } else if (*cp >= 0x80 && *cp <= 0x9F) {
        problem_ = where + " is the control character " + code_point(*cp);
      }
      if (!problem_.empty()) return false;
    }
    carry_ = window.substr(pos);
    offset_ += pos;
    return true;
  }

  // The first problem, or an empty string when every byte so far is text.
  const std::string& problem() const { return problem_; }

 private:
  std::string carry_;
  std::uint64_t offset_ = 0;  // of carry_'s first byte in the whole file
  std::string problem_;
};

// Why `content` is not text by the rules of upload_type.h, or an empty string when it is.
std::string text_problem(const SpooledBytes& content) {
  TextCheck check;
  std::uint64_t seen = 0;
  bool going = true;
  content.for_each_piece([&](std::string_view piece) {
    seen += piece.size();
    if (going) going = check.feed(piece, seen == content.size());
  });
  return check.problem();
}

}  // namespace

std::string upload_media_type(std::string_view file_name, const SpooledBytes& content) {
  std::string named = "'" + std::string(file_name) + "'";
  std::string extension = lower_extension(file_name);
  if (extension.empty()) {
    throw invalid("attachments",
                  named + " has no extension saying what it is (e.g. .txt, .png, .pdf)");
  }
  if (std::find(kTextExtensions.begin(), kTextExtensions.end(), extension) !=
      kTextExtensions.end()) {
    std::string problem = text_problem(content);
    if (!problem.empty()) throw invalid("attachments", named + " is not text: " + problem);
    return std::string(kText);
  }
  std::string start = content.head(kLongestSignature);
  for (const auto& format : kSignedFormats) {
    if (format.extension != extension) continue;
    for (std::string_view signature : format.signatures) {
      if (!signature.empty() && start.starts_with(signature)) {
        return std::string(format.media_type);
      }
    }
    throw invalid("attachments", named + " is not " + std::string(format.format) +
                                     ": it does not start with the format's signature");
  }
  throw invalid("attachments", named + ": files ending in '" + extension +
                                   "' are not accepted (text, PNG, JPEG, GIF, PDF or ZIP)");
}

}  // namespace embargo
