// SHA-2 digests of bytes in lower-case hex (libsodium): an upload's checksum, and the .sha256
// and .sha512 files a CSAF provider serves beside each document.
#pragma once

#include <string>
#include <string_view>

#include "core/spooled_bytes.h"

namespace embargo {

std::string sha256_hex(std::string_view bytes);
// The same digest, read piece by piece: a spooled upload is never loaded whole.
std::string sha256_hex_of_pieces(const SpooledBytes& bytes);
std::string sha512_hex(std::string_view bytes);

}  // namespace embargo
