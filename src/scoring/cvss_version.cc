#include "scoring/cvss_version.h"

namespace embargo::scoring {

std::string_view to_string(CvssVersion version) {
  switch (version) {
    case CvssVersion::k2_0:
      return "2.0";
    case CvssVersion::k3_0:
      return "3.0";
    case CvssVersion::k3_1:
      return "3.1";
    case CvssVersion::k4_0:
      return "4.0";
  }
  return "?";
}

CvssRating cvss_rating(CvssVersion version, int tenths) {
  if (version == CvssVersion::k2_0) {
    // NVD's scale for 2.0: Low 0.0-3.9, Medium 4.0-6.9, High 7.0-10.0.
    if (tenths < 40) return CvssRating::kLow;
    return tenths < 70 ? CvssRating::kMedium : CvssRating::kHigh;
  }
  if (tenths == 0) return CvssRating::kNone;
  if (tenths < 40) return CvssRating::kLow;
  if (tenths < 70) return CvssRating::kMedium;
  return tenths < 90 ? CvssRating::kHigh : CvssRating::kCritical;
}

std::string_view to_string(CvssRating rating) {
  switch (rating) {
    case CvssRating::kNone:
      return "None";
    case CvssRating::kLow:
      return "Low";
    case CvssRating::kMedium:
      return "Medium";
    case CvssRating::kHigh:
      return "High";
    case CvssRating::kCritical:
      return "Critical";
  }
  return "?";
}

std::string format_tenths(int tenths) {
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

}  // namespace embargo::scoring
