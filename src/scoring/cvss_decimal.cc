#include "scoring/cvss_decimal.h"

#include <algorithm>
#include <utility>

namespace embargo::scoring {
namespace {

using boost::multiprecision::cpp_int;

cpp_int ten_to(int exponent) { return boost::multiprecision::pow(cpp_int(10), exponent); }

// units × 10^-scale as whole tenths truncated toward zero, plus the dropped part
// (remainder / divisor of a tenth, with the sign of the value).
struct Tenths {
  cpp_int quotient;
  cpp_int remainder;
  cpp_int divisor;
};

Tenths split_tenths(const cpp_int& units, int scale) {
  Tenths t;
  if (scale <= 1) {
    t.quotient = units * ten_to(1 - scale);
    t.divisor = 1;
    return t;
  }
  t.divisor = ten_to(scale - 1);
  divide_qr(units, t.divisor, t.quotient, t.remainder);
  return t;
}

}  // namespace

cpp_int ExactDecimal::units_at(int scale) const {
  return scale == scale_ ? units_ : units_ * ten_to(scale - scale_);
}

ExactDecimal operator+(const ExactDecimal& a, const ExactDecimal& b) {
  int scale = std::max(a.scale_, b.scale_);
  return ExactDecimal(a.units_at(scale) + b.units_at(scale), scale);
}

ExactDecimal operator-(const ExactDecimal& a, const ExactDecimal& b) {
  int scale = std::max(a.scale_, b.scale_);
  return ExactDecimal(a.units_at(scale) - b.units_at(scale), scale);
}

ExactDecimal operator*(const ExactDecimal& a, const ExactDecimal& b) {
  return ExactDecimal(a.units_ * b.units_, a.scale_ + b.scale_);
}

std::strong_ordering operator<=>(const ExactDecimal& a, const ExactDecimal& b) {
  int scale = std::max(a.scale_, b.scale_);
  int c = a.units_at(scale).compare(b.units_at(scale));
  return c < 0 ? std::strong_ordering::less
               : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

ExactDecimal ExactDecimal::power(unsigned exponent) const {
  return ExactDecimal(boost::multiprecision::pow(units_, exponent),
                      scale_ * static_cast<int>(exponent));
}

int ExactDecimal::ceil_tenths() const {
  Tenths t = split_tenths(units_, scale_);
  if (t.remainder > 0) ++t.quotient;
  return t.quotient.convert_to<int>();
}

int ExactDecimal::round_half_up_tenths() const {
  Tenths t = split_tenths(units_, scale_);
  cpp_int twice = abs(t.remainder) * 2;
  if (twice >= t.divisor) t.quotient += units_ < 0 ? -1 : 1;
  return t.quotient.convert_to<int>();
}

}  // namespace embargo::scoring
