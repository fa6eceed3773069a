// The Content-Type values the server answers with, each spelled once.
#pragma once

#include <string_view>

namespace embargo::http {

inline constexpr std::string_view kHtmlContentType = "text/html; charset=utf-8";
inline constexpr std::string_view kJsonContentType = "application/json";
inline constexpr std::string_view kPlainTextContentType = "text/plain; charset=utf-8";
inline constexpr std::string_view kCsvContentType = "text/csv; charset=utf-8";
inline constexpr std::string_view kAtomContentType = "application/atom+xml; charset=utf-8";
inline constexpr std::string_view kZipContentType = "application/zip";

}  // namespace embargo::http
