#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/policy.h"
#include "core/time.h"

namespace embargo {

// The team's expected fix date as the reporter is told it: the date, the evaluation of the report
// it comes with, and why it moved. The company promises "an expected resolution date" with its
// evaluation within 7 business days; every change is kept.
struct ExpectedFix {
  std::string fix_on;      // "2026-12-20", a date of the program's calendar
  std::string evaluation;  // the team's evaluation, as the reporter reads it
  std::string reason;      // why the date moved; empty for the first
  Time at{};
  std::string actor;
};

// A request to the reporter to verify a fix (the policy's reporter_may_verify: PySpector invites
// the reporter "to verify the patch"), and their answer.
struct FixVerification {
  std::int64_t key = 0;
  Time asked_at{};
  std::string asked_by;
  std::string fixed_in;  // the release or patch to verify, as the team names it
  std::optional<Time> answered_at;
  std::optional<bool> fixed;  // the answer: fixed, or still vulnerable
  std::string because;        // the reporter's words; required when still vulnerable
};

inline constexpr std::size_t kMaxEvaluationBytes = 10000;

// Checks an expected fix before it is stored: `fix_on` a real date (YYYY-MM-DD), the evaluation
// 1-10000 bytes of text (lines allowed), and a reason when it replaces an earlier date. Throws
// Refusal naming "fix_on", "evaluation" or "reason"; returns the values trimmed.
ExpectedFix checked_expected_fix(const ExpectedFix& fix, bool replaces);

// The release or patch a verification request names: one line of 1-200 bytes (Refusal
// "fixed_in"), trimmed.
std::string checked_fixed_in(std::string_view fixed_in);

// The reporter's answer: "still vulnerable" needs their reason, 1-10000 bytes of text (Refusal
// "because"); returns it trimmed.
std::string checked_verification_answer(bool fixed, std::string_view because);

// What the team may attach to a verification request, whatever the program lets reporters send:
// patches (.patch, .diff), up to 5 files of 1 MiB.
Attachments patch_file_rules();

}  // namespace embargo
