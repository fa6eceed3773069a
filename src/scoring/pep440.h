// PEP 440 versions (Python packages, OSV "PyPI" ranges): parsing with the PEP's normalisation,
// the canonical form, and the PEP's ordering.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::scoring {

// A PEP 440 version after normalisation: alternate spellings are folded (alpha -> a, c -> rc,
// rev -> post, "1.0-1" -> post 1) and missing numbers are filled in (1.0a -> 1.0a0).
struct Pep440Version {
  enum class PreKind { alpha, beta, release_candidate };
  struct Pre {
    PreKind kind;
    std::uint64_t number;
  };

  std::uint64_t epoch = 0;
  std::vector<std::uint64_t> release;
  std::optional<Pre> pre;
  std::optional<std::uint64_t> post;
  std::optional<std::uint64_t> dev;
  // Local segments, lowercased, separators dropped; all-digit segments compare numerically.
  std::vector<std::string> local;
};

// Parses the PEP's permissive syntax (case-insensitive, optional "v", "-", "_" or "." separators,
// surrounding whitespace). On failure returns std::nullopt and sets *error to what is wrong and
// at which character (1-based).
std::optional<Pep440Version> parse_pep440(std::string_view text, std::string* error);

// PEP 440 ordering: epoch, release (trailing zeros ignored), then dev < pre < final < post, and a
// local version sorts after the same public version. Negative, zero or positive.
int compare(const Pep440Version& a, const Pep440Version& b);

// The canonical form, e.g. "1.0-ALPHA1" -> "1.0a1", "1.0-5" -> "1.0.post5".
std::string to_string(const Pep440Version& version);

}  // namespace embargo::scoring
