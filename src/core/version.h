// The release of Embargo this build is: what `embargo --version` prints and what the documents it
// generates name as their generator.
#pragma once

#include <string_view>

namespace embargo {

inline constexpr std::string_view kEmbargoVersion = "0.1.0";

}  // namespace embargo
