#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/advisory.h"
#include "core/time.h"

namespace embargo::store {

// A new advisory: its program, the reports it is about (at least one, all of that program), and
// the first draft. An empty summary takes the first report's title; no credits credit every
// report's reporter as finder; no CVSS vector or CWE takes the reports' own.
struct NewAdvisory {
  std::string program;
  std::vector<std::string> reports;
  AdvisoryDraft draft;
};

// Advisories, their publication and their public revisions, in the same database and
// transactions as the reports they publish. See docs/advisories.md.
class AdvisoryStore {
 public:
  virtual ~AdvisoryStore() = default;

  // Creates a draft (Refusal naming the field: a report of another program or unknown, a draft
  // normalize_advisory_draft refuses, a range that does not parse in the program's scheme, a
  // CVSS vector that does not score, a CWE not in the catalogue, a credit naming a report that
  // is not one of the advisory's). Audit event "advisory.created".
  virtual Advisory create_advisory(const NewAdvisory& advisory, const std::string& actor) = 0;
  // Replaces the draft (the same checks); a published advisory keeps its public revision until
  // publish_advisory publishes the change. Refusal conflict "state" once withdrawn.
  virtual Advisory update_advisory(const std::string& id, const AdvisoryDraft& draft,
                                   const std::string& actor) = 0;
  // draft -> in_review, in_review -> draft (Refusal conflict "state" otherwise).
  virtual Advisory set_advisory_review(const std::string& id, bool in_review,
                                       const std::string& actor) = 0;
  // Schedules (or moves) publication to `instant`, which must be after `at` (the caller's now):
  // Refusal invalid "publish_at" otherwise; moving it needs a reason (invalid "reason"). Every
  // report must be an accepted vulnerability (accepted, fixing, fixed), disclosed or closed
  // (Refusal conflict "reports" naming the one that is not). Audit event "advisory.scheduled" with
  // the old and new instant and the reason.
  virtual Advisory schedule_advisory(const std::string& id, Time instant, const std::string& reason,
                                     const std::string& actor, Time at) = 0;
  // Publishes now: the first revision, or an update of a published advisory. Refused (conflict,
  // naming "reports" or "credits[N]") while a report is still being evaluated or a reporter named
  // in a credit has not agreed where the program needs it. The publication is the fix's
  // release: in the same write each accepted or fixing report becomes fixed, and each fixed one
  // disclosed, at `at` (its reporter told of the last step, like any transition). Audit event
  // "advisory.published".
  virtual Advisory publish_advisory(const std::string& id, const std::string& actor, Time at) = 0;
  // Publishes every scheduled advisory whose instant is at or before `at`, each exactly once
  // whichever process runs this first. A reporter's credit that is not publishable then is left
  // out (audit event lists it); an advisory with a report that went back to evaluation (needs_info,
  // say) goes back to in_review instead (audit event "advisory.held"). Returns the ids published.
  virtual std::vector<std::string> publish_due_advisories(Time at) = 0;
  // Withdraws a published advisory (Refusal conflict "state" otherwise; invalid "reason" when
  // blank): a new public revision marked withdrawn with the reason.
  virtual Advisory withdraw_advisory(const std::string& id, const std::string& reason,
                                     const std::string& actor, Time at) = 0;

  // The reporter's answer to the credit line of their report on an advisory: Refusal not_found
  // when the advisory does not credit that report, conflict "credit" once it is published or
  // when the credit is private only. Audit event "advisory.credit_answered".
  virtual Advisory answer_credit(const std::string& advisory_id, const std::string& report_id,
                                 CreditDecision decision) = 0;

  virtual std::optional<Advisory> find_advisory(const std::string& id) = 0;
  // The program's advisories, newest first (Refusal not_found "program").
  virtual std::vector<Advisory> list_advisories(const std::string& program) = 0;
  // The advisories that name this report, newest first (what its reporter's page shows).
  virtual std::vector<Advisory> advisories_of_report(const std::string& report_id) = 0;

  // The public side reads only published revisions: never a draft, a schedule or a credit the
  // reporter has not agreed to. The latest revision of an advisory; nullopt when it has none.
  virtual std::optional<PublishedAdvisory> find_published(const std::string& id) = 0;
  // Every revision, oldest first.
  virtual std::vector<PublishedAdvisory> published_revisions(const std::string& id) = 0;
  // The latest revision of each published advisory of a program (empty: of every program),
  // newest modification first; at most `limit` (1..1000).
  virtual std::vector<PublishedAdvisory> list_published(const std::string& program, int limit) = 0;
  // How many revisions have been published, on every program: it grows with every publication
  // (revisions are never deleted), so pages and feeds rendered from revisions are cached on it.
  virtual std::int64_t publication_count() = 0;
};

}  // namespace embargo::store
