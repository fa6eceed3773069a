// An exact decimal number for the CVSS versions whose rounding is defined on the exact value of
// their formulas (3.0's "Round up", 2.0's "round_to_1_decimal"): doubles land a hair above a
// tenth and round it up to the next one.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <compare>
#include <cstdint>

namespace embargo::scoring {

// units × 10^-scale. The units are unbounded because 3.0 raises a nine-digit fraction to the
// 15th power (about 140 digits); every constant of the formulas is a short decimal.
class ExactDecimal {
 public:
  ExactDecimal() = default;
  // ExactDecimal(85, 2) is 0.85.
  ExactDecimal(std::int64_t units, int scale) : units_(units), scale_(scale) {}

  friend ExactDecimal operator+(const ExactDecimal& a, const ExactDecimal& b);
  friend ExactDecimal operator-(const ExactDecimal& a, const ExactDecimal& b);
  friend ExactDecimal operator*(const ExactDecimal& a, const ExactDecimal& b);
  friend std::strong_ordering operator<=>(const ExactDecimal& a, const ExactDecimal& b);
  friend bool operator==(const ExactDecimal& a, const ExactDecimal& b) {
    return (a <=> b) == std::strong_ordering::equal;
  }

  ExactDecimal power(unsigned exponent) const;

  // The smallest number of tenths that is >= the value (CVSS 3.0 "Round up").
  int ceil_tenths() const;
  // The nearest number of tenths, a tie going away from zero (CVSS 2.0 "round_to_1_decimal").
  int round_half_up_tenths() const;

 private:
  ExactDecimal(boost::multiprecision::cpp_int units, int scale)
      : units_(std::move(units)), scale_(scale) {}

  // The units of this value written with `scale` decimals (scale >= scale_).
  boost::multiprecision::cpp_int units_at(int scale) const;

  boost::multiprecision::cpp_int units_;
  int scale_ = 0;
};

}  // namespace embargo::scoring
