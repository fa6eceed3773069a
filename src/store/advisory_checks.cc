#include "store/advisory_checks.h"

#include <algorithm>

#include "core/error.h"
#include "core/text.h"
#include "scoring/cwe.h"
#include "scoring/range_interval.h"
#include "store/triage_checks.h"

namespace embargo::store {
namespace {

std::string at(const std::string& list, std::size_t index) {
  return list + "[" + std::to_string(index + 1) + "]";
}

bool credited_in(const Credit& rules, std::string_view place) {
  return std::find(rules.where.begin(), rules.where.end(), place) != rules.where.end();
}

const ReporterCredit* credit_of(const Advisory& advisory, const AdvisoryCredit& credit) {
  for (const auto& reporter : advisory.reporter_credits) {
    if (reporter.report == credit.report && reporter.role == credit.role) return &reporter;
  }
  return nullptr;
}

}  // namespace

AdvisoryDraft check_advisory_draft(const AdvisoryDraft& draft, const Versions& versions,
                                   const std::vector<std::string>& reports) {
  AdvisoryDraft checked = normalize_advisory_draft(draft);
  scoring::VersionScheme scheme = version_scheme(versions);
  for (std::size_t i = 0; i < checked.affected.size(); ++i) {
    const auto& ranges = checked.affected[i].ranges;
    for (std::size_t r = 0; r < ranges.size(); ++r) {
      std::string error;
      if (!scoring::parse_vulnerable_interval(scheme, ranges[r], &error)) {
        throw invalid_at(at(at("affected", i) + ".ranges", r),
                         "'" + ranges[r] + "' (" + std::string(to_string(versions.scheme)) +
                             " versions): " + error);
      }
    }
  }
  if (!checked.cvss_vector.empty()) {
    try {
      checked.cvss_vector = score_cvss_vector(checked.cvss_vector).normalized;
    } catch (const Refusal& refusal) {
      throw Refusal(refusal.kind(), "cvss_vector", refusal.what());
    }
  }
  for (std::size_t i = 0; i < checked.cwes.size(); ++i) {
    if (scoring::find_cwe(checked.cwes[i]) == nullptr) {
      throw invalid_at(at("cwes", i),
                       "CWE-" + std::to_string(checked.cwes[i]) + " is not in the CWE catalogue");
    }
  }
  for (std::size_t i = 0; i < checked.credits.size(); ++i) {
    const std::string& report = checked.credits[i].report;
    if (!report.empty() && std::find(reports.begin(), reports.end(), report) == reports.end()) {
      throw invalid_at(at("credits", i) + ".report",
                       report + " is not one of this advisory's reports (" + joined(reports) + ")");
    }
  }
  return checked;
}

AdvisoryDraft complete_from_reports(AdvisoryDraft draft, const std::vector<Report>& reports) {
  if (reports.empty()) return draft;
  if (draft.summary.empty()) draft.summary = display_title(reports.front().submission);
  for (const auto& report : reports) {
    if (draft.cvss_vector.empty()) draft.cvss_vector = report.triage.cvss_vector;
    if (report.triage.cwe &&
        std::find(draft.cwes.begin(), draft.cwes.end(), *report.triage.cwe) == draft.cwes.end()) {
      draft.cwes.push_back(*report.triage.cwe);
    }
  }
  if (draft.credits.empty()) {
    for (const auto& report : reports) draft.credits.push_back({CreditRole::finder, report.id, {}});
  }
  return draft;
}

std::string credit_line(const CreditChoice& choice) {
  return choice.kind == CreditChoice::Kind::anonymous ? "Anonymous" : choice.text;
}

ReporterCredit reporter_credit(const Report& report, CreditRole role, const Credit& rules) {
  ReporterCredit credit;
  credit.report = report.id;
  credit.role = role;
  credit.line = credit_line(report.submission.credit);
  credit.consent_needed = rules.by_default != Credit::Default::public_credit;
  credit.private_only = (rules.private_for_duplicates && report.state == State::duplicate) ||
                        (rules.private_for_low_impact && report.severity == Severity::low);
  return credit;
}

void check_publishable(const Advisory& advisory, const std::vector<Report>& reports, bool strict) {
  for (const auto& report : reports) {
    bool ready = report.state == State::accepted || report.state == State::fixing ||
                 report.state == State::fixed || report.state == State::disclosed ||
                 is_closed(report.state);
    if (!ready) {
      throw conflict_at("reports", report.id + " is '" + std::string(to_string(report.state)) +
                                       "': only an accepted vulnerability is published (accept it, "
                                       "or remove it from the advisory)");
    }
  }
  if (!strict) return;
  for (std::size_t i = 0; i < advisory.draft.credits.size(); ++i) {
    const ReporterCredit* credit = credit_of(advisory, advisory.draft.credits[i]);
    if (credit == nullptr || credit->publishable() || credit->private_only ||
        credit->decision == CreditDecision::declined) {
      continue;
    }
    throw conflict_at(at("credits", i), "the reporter of " + credit->report +
                                            " has not agreed to be credited as \"" + credit->line +
                                            "\" yet: wait for their answer, or remove the credit");
  }
}

std::vector<PublishedCredit> credits_to_publish(const Advisory& advisory, const Credit& rules) {
  bool reporters = rules.where.empty() || credited_in(rules, "advisory");
  std::vector<PublishedCredit> credits;
  for (const auto& credit : advisory.draft.credits) {
    if (credit.report.empty()) {
      credits.push_back({credit.role, credit.name});
    } else if (const ReporterCredit* reporter = credit_of(advisory, credit);
               reporters && reporter != nullptr && reporter->publishable()) {
      credits.push_back({credit.role, reporter->line});
    }
  }
  return credits;
}

std::vector<std::string> hall_of_fame_lines(const Advisory& advisory, const Credit& rules) {
  std::vector<std::string> lines;
  if (!credited_in(rules, "hall_of_fame")) return lines;
  for (const auto& credit : advisory.draft.credits) {
    if (credit.role != CreditRole::finder && credit.role != CreditRole::reporter) continue;
    const ReporterCredit* reporter = credit_of(advisory, credit);
    if (reporter != nullptr && reporter->publishable() &&
        std::find(lines.begin(), lines.end(), reporter->line) == lines.end()) {
      lines.push_back(reporter->line);
    }
  }
  return lines;
}

}  // namespace embargo::store
