#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/policy.h"
#include "store/store.h"

namespace embargo::cli {

// Makes realistic reports for demos and benchmarks: varied titles and texts from word lists,
// each filling the fields its program's form asks for; received over the past 18 months, oldest
// first; moved along valid paths of the state table (older reports further along), with
// severities, CWE ids, versions and labels once triaged, and some closed as duplicates of an
// earlier report of their program (with a near copy of its text). A program's team (the emails
// of its handlers and owners, by program in the order of `programs`) takes most reports once
// they are acknowledged: a primary handler, who makes the team's moves. The same seed gives the
// same data set, apart from the times, which count back from now.
class DemoData {
 public:
  // The reports' times count back from `now`.
  DemoData(std::vector<Policy> programs, std::vector<std::vector<std::string>> teams,
           std::int64_t reports, std::uint64_t seed, Time now);

  // The next `count` reports (fewer at the end), oldest first; empty when all are made.
  std::vector<store::ImportedReport> next_batch(std::size_t count);
  // Tells the generator the ids a batch was stored under: later duplicates point at them.
  void stored(const std::vector<store::ImportedReport>& batch, const std::vector<std::string>& ids);

 private:
  // A stored report a later one may duplicate.
  struct Original {
    std::string id;
    Submission submission;
  };

  Submission make_submission(const Policy& policy);
  std::string field_value(ReportField field, const std::string& title,
                          const std::string& vulnerability, const std::string& component);
  std::vector<Transition> make_history(const Policy& policy, Time received, Submission& submission,
                                       TriageUpdate& triage);
  std::string pick(const std::vector<std::string>& words);
  int between(int low, int high);
  bool chance(double p);

  std::vector<Policy> programs_;
  std::vector<std::vector<std::string>> teams_;
  std::int64_t total_;
  std::int64_t made_ = 0;
  Time now_;
  Time start_;
  std::mt19937_64 random_;
  std::vector<std::vector<Original>> originals_;  // by program, the most recent stored reports
};

}  // namespace embargo::cli
