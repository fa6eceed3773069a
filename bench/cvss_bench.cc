// How many CVSS 4.0 vectors one core parses and scores per second (the goal is ten million),
// and how many the CLI answers per second reading them from standard input.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "scoring/cvss4.h"

namespace embargo::scoring {
namespace {

// Random valid vectors: every base metric, each threat, environmental and supplemental metric
// with probability 1/2 (any value, X included); the same set on every run.
std::vector<std::string> random_vectors(std::size_t count, bool base_only) {
  std::mt19937 random(20261123);
  const auto metrics = cvss4_grammar().metrics();
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::string v = "CVSS:4.0";
    for (const auto& m : metrics) {
      if (!m.mandatory && (base_only || random() % 2 == 0)) continue;
      std::size_t n = 0;
      while (n < m.values.size() && !m.values[n].empty()) ++n;
      v += "/" + std::string(m.name) + ":" + std::string(m.values[random() % n]);
    }
    out.push_back(std::move(v));
  }
  return out;
}

void parse_and_score(benchmark::State& state, bool base_only) {
  const auto vectors = random_vectors(4096, base_only);
  std::size_t i = 0;
  int sum = 0;
  for (auto _ : state) {
    Cvss4Vector parsed;
    CvssError error;
    if (!parse_cvss4(vectors[i++ & 4095], &parsed, &error)) throw std::runtime_error(error.message);
    sum += score_cvss4(parsed);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_Cvss4ParseAndScoreBase(benchmark::State& state) { parse_and_score(state, true); }
void BM_Cvss4ParseAndScoreMixed(benchmark::State& state) { parse_and_score(state, false); }
BENCHMARK(BM_Cvss4ParseAndScoreBase);
BENCHMARK(BM_Cvss4ParseAndScoreMixed);

// The score alone, on vectors parsed beforehand.
void BM_Cvss4ScoreOnly(benchmark::State& state) {
  std::vector<Cvss4Vector> parsed;
  for (const auto& text : random_vectors(4096, false)) {
    CvssError error;
    parsed.emplace_back();
    if (!parse_cvss4(text, &parsed.back(), &error)) throw std::runtime_error(error.message);
  }
  std::size_t i = 0;
  int sum = 0;
  for (auto _ : state) {
    sum += score_cvss4(parsed[i++ & 4095]);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_Cvss4ScoreOnly);

// `embargo cvss` reading one million mixed vectors from a file on standard input, writing its
// answers to /dev/null: the whole process, start-up included.
void BM_Cvss4CliStdin(benchmark::State& state) {
  constexpr std::size_t kLines = 1'000'000;
  std::filesystem::path input =
      std::filesystem::temp_directory_path() / ("embargo-bench-cvss-" + std::to_string(getpid()));
  {
    std::ofstream out(input);
    const auto vectors = random_vectors(4096, false);
    for (std::size_t i = 0; i < kLines; ++i) out << vectors[i & 4095] << '\n';
  }
  std::string command = std::string(EMBARGO_BINARY) + " cvss < " + input.string() + " > /dev/null";
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    if (std::system(command.c_str()) != 0) throw std::runtime_error(command + " failed");
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::filesystem::remove(input);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kLines));
}
BENCHMARK(BM_Cvss4CliStdin)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace embargo::scoring
