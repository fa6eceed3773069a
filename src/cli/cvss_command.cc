#include <array>
#include <iostream>
#include <limits>

#include "cli/subcommands.h"
#include "formats/cvss_json.h"
#include "scoring/cvss.h"

namespace embargo::cli {
namespace {

struct CvssOptions {
  std::vector<std::string> vectors;
  bool json = false;
};

// The longest line read from standard input. The longest valid vector (CVSS 4.0 with every
// metric) is under 300 characters; a longer line is refused without being held in memory.
constexpr std::size_t kMaxLine = 4096;

// Prints the answer for one vector on one line of stdout (warnings on stderr) and says whether
// the vector was valid.
bool answer(std::string_view vector, bool json) {
  auto result = scoring::assess_cvss(vector);
  if (json) {
    std::cout << formats::cvss_to_json(vector, result) << '\n';
  } else if (const auto* a = std::get_if<scoring::CvssAssessment>(&result)) {
    std::cout << scoring::format_tenths(a->score_tenths) << '\t' << scoring::to_string(a->rating)
              << '\t' << a->nomenclature << '\t' << a->normalized << '\n';
  } else {
    std::cout << "error: " << scoring::describe(std::get<scoring::CvssError>(result)) << '\n';
  }
  if (const auto* a = std::get_if<scoring::CvssAssessment>(&result)) {
    for (const auto& w : a->warnings) {
      std::cerr << "warning: " << scoring::quote_for_message(vector, vector.size()) << ": " << w
                << '\n';
    }
  }
  return result.index() == 0;
}

// Answers each line of stdin as it arrives. Output is buffered for speed (a million vectors in
// one call) but flushed whenever no more input is waiting, so a program that writes one vector
// and waits for its answer gets it. Returns whether every line was a valid vector.
bool answer_stdin(bool json) {
  std::array<char, kMaxLine + 1> line;
  bool all_valid = true;
  for (;;) {
    std::cin.getline(line.data(), line.size());
    auto length = static_cast<std::size_t>(std::cin.gcount());
    if (std::cin.bad()) throw std::runtime_error("cannot read standard input");
    bool too_long = std::cin.fail() && !std::cin.eof();
    if (std::cin.fail() && !too_long) break;  // end of input, nothing read
    if (too_long) {
      std::cin.clear();
      std::cin.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
      scoring::CvssError error{kMaxLine, "the line is longer than " + std::to_string(kMaxLine) +
                                             " characters, which no CVSS vector is"};
      std::string_view start(line.data(), length);
      std::cout << (json ? formats::cvss_to_json(start, error)
                         : "error: " + scoring::describe(error))
                << '\n';
      all_valid = false;
    } else {
      if (!std::cin.eof()) --length;  // the newline, extracted but not stored
      std::string_view vector(line.data(), length);
      if (vector.ends_with('\r')) vector.remove_suffix(1);
      all_valid = answer(vector, json) && all_valid;
    }
    if (std::cin.eof()) break;
    if (std::cin.rdbuf()->in_avail() <= 0) std::cout.flush();
  }
  return all_valid;
}

void run_cvss(const CvssOptions& o) {
  std::ios::sync_with_stdio(false);
  std::cin.tie(nullptr);
  bool all_valid = true;
  if (o.vectors.empty()) {
    all_valid = answer_stdin(o.json);
  } else {
    for (const auto& v : o.vectors) all_valid = answer(v, o.json) && all_valid;
  }
  std::cout.flush();
  if (!all_valid) throw CLI::RuntimeError(1);
}

}  // namespace

void add_cvss_command(CLI::App& app) {
  auto options = std::make_shared<CvssOptions>();
  auto* command = app.add_subcommand(
      "cvss",
      "Score CVSS 4.0, 3.1, 3.0 or 2.0 vectors: score, rating, nomenclature and normalised "
      "vector, one line per vector (read from standard input, one per line, when none is given)");
  command->add_option("VECTOR", options->vectors, "Vectors to score");
  command->add_flag("--json", options->json, "One JSON object per line");
  command->callback([options] { run_cvss(*options); });
}

}  // namespace embargo::cli
