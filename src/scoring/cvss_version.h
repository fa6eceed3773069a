// The CVSS versions Embargo reads, the qualitative rating scale and scores in exact tenths.
#pragma once

#include <string>
#include <string_view>

namespace embargo::scoring {

enum class CvssVersion { k2_0, k3_0, k3_1, k4_0 };

// "2.0", "3.0", "3.1", "4.0".
std::string_view to_string(CvssVersion version);

// The qualitative severity rating of CVSS 3.x and 4.0 (None 0.0, Low 0.1-3.9, Medium 4.0-6.9,
// High 7.0-8.9, Critical 9.0-10.0). CVSS 2.0 defines none; NVD's Low/Medium/High is used there.
enum class CvssRating { kNone, kLow, kMedium, kHigh, kCritical };

CvssRating cvss_rating(CvssVersion version, int tenths);
std::string_view to_string(CvssRating rating);

// Scores are kept as integer tenths (87 for 8.7) so that they compare and print exactly.
std::string format_tenths(int tenths);

}  // namespace embargo::scoring
