// libFuzzer target: the pagination cursor, which comes back from clients. Anything that decodes
// must encode to a cursor that decodes to the same position.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "store/cursor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    embargo::store::Cursor cursor = embargo::store::decode_cursor(text);
    embargo::store::Cursor again =
        embargo::store::decode_cursor(embargo::store::encode_cursor(cursor));
    if (cursor.index() != again.index()) __builtin_trap();
  } catch (const embargo::Refusal&) {
  }
  return 0;
}
