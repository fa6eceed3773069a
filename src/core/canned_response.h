#pragma once

#include <cstdint>
#include <string>

#include "core/time.h"

namespace embargo {

// A reply a program's team sends often ("needs a reproducer", "out of scope: third-party
// dependency"), kept per program so that a handler picks it instead of typing it again. An
// internal one is a note template: it is posted as an internal note, never to the reporter.
struct CannedResponse {
  std::int64_t key = 0;  // assigned by the store; 0 for a new one
  std::string program;   // slug
  std::string title;     // unique within the program
  std::string body;
  bool internal = false;
  Time updated_at{};
};

// A title is one line of 1-100 bytes of text; the body 1 byte to 64 KiB of text with line
// breaks, not only whitespace. Throws Refusal naming the field ("title", "body").
void validate_canned_response(const CannedResponse& response);

}  // namespace embargo
