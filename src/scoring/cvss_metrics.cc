#include "scoring/cvss_metrics.h"

#include <cstring>
#include <stdexcept>

namespace embargo::scoring {
namespace {

// A metric name of one to three bytes packed into an integer; longer names never match.
std::uint32_t pack(std::string_view name) {
  std::uint32_t key = 0;
  for (char c : name) key = (key << 8) | static_cast<unsigned char>(c);
  return key;
}

std::size_t slot_of(std::uint32_t key, std::size_t size) {
  return (key * 2654435761u >> 7) & (size - 1);
}

// The text shown for what the vector holds at a position; long runs are cut.
std::string quoted(std::string_view text) {
  constexpr std::size_t kShown = 24;
  std::string out = "\"";
  for (char c : text.substr(0, kShown)) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  if (text.size() > kShown) out += "...";
  return out + "\"";
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

CvssGrammar::CvssGrammar(std::string_view version_name, std::string_view prefix,
                         std::span<const CvssMetricSpec> metrics)
    : version_name_(version_name), prefix_(prefix), metrics_(metrics) {
  if (metrics.size() > kMaxCvssMetrics) throw std::logic_error("too many CVSS metrics");
  slots_.fill(-1);
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    std::size_t slot = slot_of(pack(metrics[m].name), slots_.size());
    while (slots_[slot] != -1) slot = (slot + 1) & (slots_.size() - 1);
    slots_[slot] = static_cast<std::int8_t>(m);
  }
}

int CvssGrammar::find_metric(std::string_view name) const {
  if (name.empty() || name.size() > 3) return -1;
  std::size_t slot = slot_of(pack(name), slots_.size());
  while (slots_[slot] != -1) {
    if (metrics_[static_cast<std::size_t>(slots_[slot])].name == name) return slots_[slot];
    slot = (slot + 1) & (slots_.size() - 1);
  }
  return -1;
}

bool CvssGrammar::parse(std::string_view text, CvssMetricValues* out, CvssError* error) const {
  out->index.fill(CvssMetricValues::kAbsent);
  out->reordered = false;
  if (text.empty()) {
    return fail(error, 0,
                "empty vector: expected " +
                    (prefix_.empty() ? std::string("METRIC:VALUE pairs") : quoted(prefix_)) +
                    " followed by metrics");
  }
  if (text.substr(0, prefix_.size()) != prefix_) {
    return fail(error, 0, "expected the prefix " + quoted(prefix_) + ", found " + quoted(text));
  }
  std::array<std::uint16_t, kMaxCvssMetrics> where{};
  std::size_t pos = prefix_.size();
  int last = -1;
  while (true) {
    std::size_t end = text.find('/', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view pair = text.substr(pos, end - pos);
    if (pair.empty()) {
      return fail(error, pos,
                  pos == text.size() ? "the vector ends with \"/\" where a metric was expected"
                                     : "empty metric: expected METRIC:VALUE");
    }
    std::size_t colon = pair.find(':');
    if (colon == std::string_view::npos) {
      return fail(error, pos, "expected METRIC:VALUE, found " + quoted(pair));
    }
    std::string_view name = pair.substr(0, colon);
    std::string_view value = pair.substr(colon + 1);
    int m = find_metric(name);
    if (m < 0) {
      return fail(error, pos,
                  "unknown metric " + quoted(name) + " in a CVSS " + std::string(version_name_) +
                      " vector");
    }
    const CvssMetricSpec& spec = metrics_[static_cast<std::size_t>(m)];
    auto& slot = out->index[static_cast<std::size_t>(m)];
    if (slot != CvssMetricValues::kAbsent) {
      return fail(error, pos,
                  "metric " + std::string(name) + " appears twice (first at character " +
                      std::to_string(where[static_cast<std::size_t>(m)] + 1) + ")");
    }
    std::uint8_t v = 0;
    while (v < spec.values.size() && !spec.values[v].empty() && spec.values[v] != value) ++v;
    if (v == spec.values.size() || spec.values[v].empty()) {
      return fail(error, pos + colon + 1,
                  std::string(name) + " does not take the value " + quoted(value) +
                      " (allowed: " + allowed_values(spec) + ")");
    }
    slot = v;
    where[static_cast<std::size_t>(m)] =
        static_cast<std::uint16_t>(std::min<std::size_t>(pos, 65535));
    if (m < last) out->reordered = true;
    last = std::max(last, m);
    if (end == text.size()) break;
    pos = end + 1;
  }
  for (std::size_t m = 0; m < metrics_.size(); ++m) {
    if (metrics_[m].mandatory && out->index[m] == CvssMetricValues::kAbsent) {
      return fail(error, text.size(),
                  "mandatory metric " + std::string(metrics_[m].name) + " is missing");
    }
  }
  return true;
}

std::string CvssGrammar::format(const CvssMetricValues& values) const {
  std::string out(prefix_);
  for (std::size_t m = 0; m < metrics_.size(); ++m) {
    std::uint8_t v = values.index[m];
    if (v == CvssMetricValues::kAbsent || v == metrics_[m].not_defined) continue;
    if (out.size() > prefix_.size()) out += '/';
    out += metrics_[m].name;
    out += ':';
    out += metrics_[m].values[v];
  }
  return out;
}

}  // namespace embargo::scoring
