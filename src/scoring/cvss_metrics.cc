#include "scoring/cvss_metrics.h"

#include <cstring>
#include <stdexcept>

namespace embargo::scoring {
namespace {

// A metric name of one to three bytes packed into an integer with its length in the top byte,
// so that names differing only by leading zero bytes ("\0AV" and "AV") never pack alike.
std::uint32_t pack(std::string_view name) {
  std::uint32_t key = 0;
  for (char c : name) key = (key << 8) | static_cast<unsigned char>(c);
  return key | static_cast<std::uint32_t>(name.size()) << 24;
}

std::size_t slot_of(std::uint32_t key, std::size_t size) {
  return (key * 2654435761u >> 7) & (size - 1);
}

std::string allowed_values(const CvssMetricSpec& spec) {
  std::string out;
  for (std::string_view v : spec.values) {
    if (v.empty()) break;
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

bool fail(CvssError* error, std::size_t position, std::string message) {
  if (error != nullptr) *error = {position, std::move(message)};
  return false;
}

}  // namespace

std::string describe(const CvssError& error) {
  return "at character " + std::to_string(error.position + 1) + ": " + error.message;
}

std::string quote_for_message(std::string_view text, std::size_t limit) {
  std::string out = "\"";
  for (char c : text.substr(0, limit)) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {  // the message stays ASCII whatever the input
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  if (text.size() > limit) out += "...";
  return out + "\"";
}

CvssGrammar::CvssGrammar(std::string_view version_name, std::string_view prefix,
                         std::span<const CvssMetricSpec> metrics)
    : version_name_(version_name), prefix_(prefix), metrics_(metrics) {
  if (metrics.size() > kMaxCvssMetrics) throw std::logic_error("too many CVSS metrics");
  slot_metrics_.fill(-1);
  for (auto& table : one_char_values_) table.fill(CvssMetricValues::kAbsent);
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    std::string_view name = metrics[m].name;
    if (name.empty() || name.size() > 3) throw std::logic_error("CVSS metric names are 1-3 bytes");
    std::size_t slot = slot_of(pack(name), slot_names_.size());
    while (slot_metrics_[slot] != -1) slot = (slot + 1) & (slot_names_.size() - 1);
    slot_names_[slot] = pack(name);
    slot_metrics_[slot] = static_cast<std::int8_t>(m);
    for (std::size_t v = 0; v < metrics[m].values.size(); ++v) {
      std::string_view value = metrics[m].values[v];
      if (value.size() == 1) {
        one_char_values_[m][static_cast<unsigned char>(value[0]) & 127] =
            static_cast<std::uint8_t>(v);
      }
    }
  }
}

int CvssGrammar::find_metric(std::uint32_t packed_name) const {
  std::size_t slot = slot_of(packed_name, slot_names_.size());
  while (slot_metrics_[slot] != -1) {
    if (slot_names_[slot] == packed_name) return slot_metrics_[slot];
    slot = (slot + 1) & (slot_names_.size() - 1);
  }
  return -1;
}

std::uint8_t CvssGrammar::find_value(std::size_t metric, std::string_view value) const {
  if (value.size() == 1 && static_cast<unsigned char>(value[0]) < 128) {
    return one_char_values_[metric][static_cast<unsigned char>(value[0])];
  }
  const auto& values = metrics_[metric].values;
  for (std::size_t v = 0; v < values.size() && !values[v].empty(); ++v) {
    if (values[v] == value) return static_cast<std::uint8_t>(v);
  }
  return CvssMetricValues::kAbsent;
}

bool CvssGrammar::parse(std::string_view text, CvssMetricValues* out, CvssError* error) const {
  out->index.fill(CvssMetricValues::kAbsent);
  out->reordered = false;
  if (text.empty()) {
    return fail(
        error, 0,
        "empty vector: expected " +
            (prefix_.empty() ? std::string("METRIC:VALUE pairs") : quote_for_message(prefix_)) +
            " followed by metrics");
  }
  if (text.substr(0, prefix_.size()) != prefix_) {
    return fail(
        error, 0,
        "expected the prefix " + quote_for_message(prefix_) + ", found " + quote_for_message(text));
  }
  const std::size_t size = text.size();
  std::size_t pos = prefix_.size();
  int last = -1;
  while (true) {
    // The metric name: one to three bytes up to the colon.
    std::size_t colon = pos;
    std::uint32_t name = 0;
    while (colon < size && colon - pos < 4 && text[colon] != ':' && text[colon] != '/') {
      name = (name << 8) | static_cast<unsigned char>(text[colon++]);
    }
    if (colon == size || text[colon] != ':') {
      std::string_view pair = text.substr(pos, text.find('/', pos) - pos);
      if (pair.empty()) {
        return fail(error, pos,
                    pos == size ? "the vector ends with \"/\" where a metric was expected"
                                : "empty metric: expected METRIC:VALUE");
      }
      if (pair.find(':') == std::string_view::npos) {
        return fail(error, pos, "expected METRIC:VALUE, found " + quote_for_message(pair));
      }
    }
    name |= static_cast<std::uint32_t>(colon - pos) << 24;
    int m = colon - pos >= 1 && colon - pos <= 3 && text[colon] == ':' ? find_metric(name) : -1;
    if (m < 0) {
      std::string_view bad = text.substr(pos, text.find(':', pos) - pos);
      return fail(error, pos,
                  "unknown metric " + quote_for_message(bad) + " in a CVSS " +
                      std::string(version_name_) + " vector");
    }
    std::size_t value_start = colon + 1;
    std::size_t end = value_start;
    while (end < size && text[end] != '/') ++end;
    auto metric = static_cast<std::size_t>(m);
    std::string_view value = text.substr(value_start, end - value_start);
    if (out->index[metric] != CvssMetricValues::kAbsent) {
      std::string first = std::string(metrics_[metric].name) + ":";
      std::size_t at = text.find("/" + first, prefix_.empty() ? 0 : prefix_.size() - 1);
      at = text.substr(0, first.size()) == first ? 0 : at + 1;
      return fail(error, pos,
                  "metric " + std::string(metrics_[metric].name) +
                      " appears twice (first at character " + std::to_string(at + 1) + ")");
    }
    std::uint8_t v = find_value(metric, value);
    if (v == CvssMetricValues::kAbsent) {
      return fail(error, value_start,
                  std::string(metrics_[metric].name) + " does not take the value " +
                      quote_for_message(value) + " (allowed: " + allowed_values(metrics_[metric]) +
                      ")");
    }
    out->index[metric] = v;
    if (m < last) out->reordered = true;
    if (m > last) last = m;
    if (end == size) break;
    pos = end + 1;
  }
  for (std::size_t m = 0; m < metrics_.size(); ++m) {
    if (metrics_[m].mandatory && out->index[m] == CvssMetricValues::kAbsent) {
      return fail(error, size, "mandatory metric " + std::string(metrics_[m].name) + " is missing");
    }
  }
  return true;
}

std::string CvssGrammar::format(const CvssMetricValues& values) const {
  std::string out(prefix_);
  for (std::size_t m = 0; m < metrics_.size(); ++m) {
    std::uint8_t v = values.index[m];
    if (v == CvssMetricValues::kAbsent || static_cast<int>(v) == metrics_[m].not_defined) continue;
    if (out.size() > prefix_.size()) out += '/';
    out += metrics_[m].name;
    out += ':';
    out += metrics_[m].values[v];
  }
  return out;
}

}  // namespace embargo::scoring
