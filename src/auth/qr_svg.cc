#include "auth/qr_svg.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>
#include <stdexcept>

#include "core/error.h"

namespace embargo::auth {
namespace {

constexpr int quiet_zone = 4;

// Text for an XML attribute value. Control characters other than tab and line breaks are left
// out: XML 1.0 has no way to write them, and one would make the whole document unreadable.
std::string xml_escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The dark modules as one path: each horizontal run of dark modules in a row is a rectangle
// one module high, offset by the quiet zone.
std::string dark_modules_path(const QRcode& code) {
  std::string d;
  for (int y = 0; y < code.width; ++y) {
    const unsigned char* row = code.data + static_cast<std::ptrdiff_t>(y) * code.width;
    for (int x = 0; x < code.width;) {
      if ((row[x] & 1) == 0) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < code.width && (row[x + run] & 1) != 0) ++run;
      d += "M" + std::to_string(x + quiet_zone) + " " + std::to_string(y + quiet_zone) + "h" +
           std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  return d;
}

}  // namespace

std::string qr_svg(std::string_view text, std::string_view label) {
  if (text.empty()) throw invalid("text", "text: a QR code needs something to hold");
  if (text.find('\0') != std::string_view::npos) {
    throw invalid("text", "text: a QR code cannot hold a NUL byte");
  }
  std::string terminated(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(terminated.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) {
    if (errno == ERANGE) {
      throw invalid("text",
                    "text: too long for a QR code (" + std::to_string(text.size()) + " bytes)");
    }
    throw std::runtime_error("libqrencode failed to encode a QR code");
  }
  std::string size = std::to_string(code->width + 2 * quiet_zone);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size +
         "\" role=\"img\" aria-label=\"" + xml_escaped(label) +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + dark_modules_path(*code) + "\"/></svg>";
}

}  // namespace embargo::auth
