// A policy's promises in plain words, for the pages people read ("We acknowledge reports within
// 3 business days."). Every sentence is derived from the policy, so a page built from them
// cannot promise what the policy does not.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.h"

namespace embargo::formats {

// The acknowledgement, triage, status-update and resolution times, one sentence each (empty
// when the policy promises none).
std::vector<std::string> response_time_sentences(const Policy& policy);

// What a business day is for this program ("Business days are Monday to Friday in the time
// zone Europe/Amsterdam, except these holidays: 1 January 2026, ..."); empty when no promised
// time counts business days.
std::string business_days_sentence(const Policy& policy);

// When details become public, whether the reporter may verify the fix, where advisories appear.
std::vector<std::string> disclosure_sentences(const Policy& policy);

// Who is credited, how, and where.
std::vector<std::string> credit_sentences(const Policy& policy);

// The kind of reward ("This program offers no rewards."); empty when the policy is silent.
std::string rewards_sentence(const Policy& policy);

// How pre-releases are treated ("Pre-releases are supported."); empty when the policy is silent.
std::string prerelease_sentence(const Versions& versions);

// Which files a report may carry ("You may attach up to 3 files of at most 5 MB each, of these
// types: .txt, .md and .png."); empty when attachments are not allowed.
std::string attachments_sentence(const Attachments& attachments);

// A byte count the way a policy writes it: "1 MB", "512 KiB", "300 bytes".
std::string size_words(std::uint64_t bytes);

// The words before the first ". " (or the whole text): a one-line summary of an introduction.
std::string first_sentence(std::string_view text);

// "a", "a and b", "a, b and c".
std::string join_words(const std::vector<std::string>& words);

}  // namespace embargo::formats
