// The grammar every CVSS version shares: a prefix, then "/"-separated METRIC:VALUE pairs with
// each metric at most once. A version describes its metrics in a table; this parser turns the
// text into one value index per metric and says precisely what is wrong when it cannot.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace embargo::scoring {

// One metric of a version's table: its abbreviation, its values in the specification's order,
// whether a vector must carry it, and which value (if any) means "Not Defined".
struct CvssMetricSpec {
  std::string_view name;
  std::array<std::string_view, 6> values;  // unused slots are empty
  bool mandatory = false;
  int not_defined = -1;  // index of X (or ND in 2.0); -1 when the metric has none
};

inline constexpr std::size_t kMaxCvssMetrics = 32;

// The parsed metrics of one vector: a value index per metric of the table, in table order.
struct CvssMetricValues {
  static constexpr std::uint8_t kAbsent = 0xff;
  std::array<std::uint8_t, kMaxCvssMetrics> index{};
  // The vector listed its metrics out of the table's order (accepted, but worth a warning).
  bool reordered = false;
};

// Where a vector went wrong (0-based byte offset into the text) and what was wrong there.
struct CvssError {
  std::size_t position = 0;
  std::string message;
};

// "at character 24: AV does not take the value "Q" (allowed: N, A, L, P)" (1-based for people).
std::string describe(const CvssError& error);

// Input text as an error message quotes it: in double quotes, cut at `limit` bytes, every byte
// outside printable ASCII written as \xNN, so a message is short and plain whatever was sent.
std::string quote_for_message(std::string_view text, std::size_t limit = 24);

// A version's vector grammar: its prefix ("CVSS:4.0/", or "" for 2.0) and metric table.
// Built once per version; parsing allocates nothing unless it fails.
class CvssGrammar {
 public:
  CvssGrammar(std::string_view version_name, std::string_view prefix,
              std::span<const CvssMetricSpec> metrics);

  // Fills `out` from `text`. Refuses (false, with `error` set) an empty text, a missing prefix,
  // an empty or colon-less pair, an unknown metric, an unknown value, a repeated metric and a
  // missing mandatory metric. Trailing text is refused as part of the last value it touches.
  bool parse(std::string_view text, CvssMetricValues* out, CvssError* error) const;

  // The canonical text: the prefix, then every present metric in table order, leaving out
  // metrics whose value is Not Defined (they mean the same as absent).
  std::string format(const CvssMetricValues& values) const;

  std::span<const CvssMetricSpec> metrics() const { return metrics_; }
  std::string_view prefix() const { return prefix_; }

 private:
  int find_metric(std::uint32_t packed_name) const;
  std::uint8_t find_value(std::size_t metric, std::string_view value) const;

  std::string_view version_name_;
  std::string_view prefix_;
  std::span<const CvssMetricSpec> metrics_;
  // Open-addressed table from a metric name's packed bytes to its index (-1 when empty).
  std::array<std::uint32_t, 128> slot_names_{};
  std::array<std::int8_t, 128> slot_metrics_{};
  // Per metric, the index of each one-character value by that character (kAbsent if none):
  // most values are one character, and this keeps parsing at a few nanoseconds per metric.
  std::array<std::array<std::uint8_t, 128>, kMaxCvssMetrics> one_char_values_{};
};

}  // namespace embargo::scoring
