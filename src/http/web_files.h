// The files under web/ (Mustache templates, the stylesheet), compiled into the binary by
// cmake/embed_web.cmake so that a deployed server needs no data files beside it.
#pragma once

#include <span>
#include <string_view>

namespace embargo::http {

struct WebFile {
  std::string_view path;     // relative to web/, e.g. "templates/page.mustache", "static/style.css"
  std::string_view content;  // the file's bytes
};

// Every embedded file, in the order CMake listed them (sorted by path).
std::span<const WebFile> web_files();

// The embedded file at exactly `path`, or nullptr. Only names in the set match, so no request
// path can reach outside it.
inline const WebFile* find_web_file(std::string_view path) {
  for (const auto& file : web_files()) {
    if (file.path == path) return &file;
  }
  return nullptr;
}

}  // namespace embargo::http
