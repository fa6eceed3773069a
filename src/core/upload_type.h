#pragma once

#include <string>
#include <string_view>

#include "core/spooled_bytes.h"

namespace embargo {

// Decides what an uploaded file is from its name's extension and checks that its bytes are
// that: the client's Content-Type is never trusted, and a file stored as text or as an image
// must be one, since the team downloads and opens it.
//
// Text (.txt .md .log .csv .json .py .sh .rs .ps1 .bat and the other source and data
// extensions of docs/api.md) must be valid UTF-8, a byte order mark allowed, holding no control
// character but tab, line feed, carriage return and form feed: no NUL, no ESC and no C1 control,
// so that printing a proof of concept in a terminal cannot drive the terminal. Images, PDF and
// ZIP files must start with their format's signature (PNG, JPEG, GIF, %PDF-, PK).
//
// Returns the media type to store and serve the file with ("text/plain; charset=utf-8" for all
// text, "image/png", "image/jpeg", "image/gif", "application/pdf", "application/zip"). Throws
// Refusal (field "attachments") naming the file and the first thing wrong: "'poc.txt' is not
// text: byte 12 is 0x00". A name without an extension, or with one not listed, is refused.
std::string upload_media_type(std::string_view file_name, const SpooledBytes& content);

}  // namespace embargo
