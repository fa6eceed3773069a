#pragma once

#include <cstdint>
#include <string>

namespace embargo::formats {

// The dashboard's figures in words, for people rather than spreadsheets.

// A length of time by its two largest units, cut (not rounded) to whole units: "2 days 4 hours",
// "1 day", "3 hours 12 minutes", "45 minutes", "less than a minute". Negative counts as 0.
std::string elapsed_words(std::int64_t seconds);

// A share between 0 and 1 as a percentage with at most one decimal, a trailing ".0" dropped:
// "66.7%", "50%", "100%".
std::string percent_words(double share);

}  // namespace embargo::formats
