#pragma once

#include <string>
#include <string_view>

namespace embargo::auth {

// The QR code of `text` (libqrencode, error correction level M, 8-bit mode) as a standalone SVG
// document: one <path> of the dark modules on a white square with the 4-module quiet zone
// scanners need, the viewBox in modules, and role="img" with `label` as its aria-label for
// screen readers. Refusal "text" when the text is empty, holds a NUL byte or is too long for a QR
// code.
std::string qr_svg(std::string_view text, std::string_view label);

}  // namespace embargo::auth
