// libFuzzer target: the JSON body of a report submission. Bad input is a Refusal, nothing else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "formats/report_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    embargo::formats::submission_from_json(text, "fuzz");
  } catch (const embargo::Refusal&) {
  }
  return 0;
}
