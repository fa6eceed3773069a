#include "http/reporter/thread_advisory_data.h"

#include <date/date.h>

#include <algorithm>

#include "formats/clock_words.h"
#include "http/public/advisory_page_data.h"

namespace embargo::http {
namespace {

using kainjow::mustache::list;
using kainjow::mustache::object;

std::string instant_words(Time t, const Policy& policy) {
  std::string utc = date::format("%Y-%m-%d %H:%M UTC", t);
  const Calendar shown = published_calendar(policy);
  if (shown.time_zone == "UTC") return utc;
  return utc + " (" + formats::local_time_words(t, shown) + ")";
}

std::string role_words(CreditRole role) {
  std::string words(to_string(role));
  for (char& c : words) c = c == '_' ? ' ' : c;
  return words;
}

// What the reporter is told about their credit on an unpublished advisory, and which answers
// they are offered.
// Where the program puts a reporter's credit (credit.where): the advisory unless it names only
// other places, as the company names only its hall of fame.
std::string credit_intro(const Credit& rules) {
  auto names = [&rules](std::string_view place) {
    return std::find(rules.where.begin(), rules.where.end(), place) != rules.where.end();
  };
  if (!rules.where.empty() && !names("advisory") && names("hall_of_fame")) {
    return "The hall of fame will list you as:";
  }
  return names("hall_of_fame") ? "The advisory and the hall of fame will credit you as:"
                               : "The advisory will credit you as:";
}

void add_credit(TemplateData& entry, const std::string& advisory, const ReporterCredit& credit,
                const Credit& rules) {
  if (credit.private_only) {
    entry.set("credit_private",
              std::string("This program acknowledges duplicates and low-impact reports "
                          "privately: the advisory will not name you for this report. Thank you "
                          "for reporting it."));
    return;
  }
  TemplateData c = object{};
  c.set("advisory", advisory);
  c.set("intro", credit_intro(rules));
  c.set("line", credit.line);
  c.set("role", role_words(credit.role));
  bool accepted = credit.decision == CreditDecision::accepted && credit.decided_line == credit.line;
  bool declined = credit.decision == CreditDecision::declined;
  std::string status;
  if (declined) {
    status = "You declined: the advisory will not name you.";
  } else if (accepted) {
    status = "You accepted: the advisory will credit you with this line.";
  } else if (credit.decision == CreditDecision::accepted) {
    status =
        "You changed how you are credited since you accepted: the advisory names you with "
        "the new line only if you accept it.";
  } else if (credit.consent_needed) {
    status = "The advisory names you only if you accept this line.";
  } else {
    status =
        "This program credits reporters unless they decline: the advisory will carry this "
        "line unless you decline.";
  }
  c.set("status", status);
  if (!accepted) c.set("may_accept", true);
  if (!declined) c.set("may_decline", true);
  entry.set("credit", c);
}

}  // namespace

list reporter_advisories(const std::string& report_id, const std::vector<Advisory>& advisories,
                         const Policy& policy, const Site& site) {
  list entries;
  for (const auto& advisory : advisories) {
    TemplateData entry = object{};
    entry.set("id", advisory.id);
    bool is_public = advisory.revision > 0;
    if (is_public) entry.set("url", advisory_url(site, advisory.program, advisory.id));
    switch (advisory.state) {
      case AdvisoryState::draft:
      case AdvisoryState::in_review:
        entry.set("words", std::string("The team is writing this advisory; it is not public."));
        break;
      case AdvisoryState::scheduled: {
        TemplateData at = object{};
        at.set("iso", format_time(*advisory.publish_at));
        at.set("words", instant_words(*advisory.publish_at, policy));
        entry.set("scheduled", at);
        break;
      }
      case AdvisoryState::published:
        entry.set("words", std::string("Published."));
        break;
      case AdvisoryState::withdrawn:
        entry.set("words", "Withdrawn: " + advisory.withdrawn_reason);
        break;
    }
    list changes;
    for (std::size_t i = 1; i < advisory.embargo_changes.size(); ++i) {
      const auto& change = advisory.embargo_changes[i];
      if (!change.from) continue;
      changes.emplace_back("Moved on " + instant_words(change.at, policy) + " from " +
                           instant_words(*change.from, policy) + " to " +
                           instant_words(change.to, policy) + ": " + change.reason);
    }
    if (!changes.empty()) {
      entry.set("changes", changes);
      entry.set("has_changes", true);
    }
    if (!is_public) {
      for (const auto& credit : advisory.reporter_credits) {
        if (credit.report == report_id) add_credit(entry, advisory.id, credit, policy.credit);
      }
    }
    entries.emplace_back(entry);
  }
  return entries;
}

}  // namespace embargo::http
