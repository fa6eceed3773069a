#include "formats/advisory_team_json.h"

#include "core/advisory_json.h"

namespace embargo::formats {
namespace json = boost::json;

json::object team_advisory_json(const Advisory& a) {
  json::array changes;
  for (const auto& c : a.embargo_changes) {
    json::object change{{"at", format_time(c.at)},
                        {"actor", c.actor},
                        {"to", format_time(c.to)},
                        {"reason", c.reason}};
    change["from"] = c.from ? json::value(format_time(*c.from)) : json::value();
    changes.push_back(std::move(change));
  }
  json::array credits;
  for (const auto& c : a.reporter_credits) {
    json::object credit{{"report", c.report},
                        {"role", to_string(c.role)},
                        {"line", c.line},
                        {"consent_needed", c.consent_needed},
                        {"private_only", c.private_only},
                        {"publishable", c.publishable()}};
    credit["decision"] = c.decision ? json::value(to_string(*c.decision)) : json::value();
    credits.push_back(std::move(credit));
  }
  json::object out{{"id", a.id},
                   {"program", a.program},
                   {"state", to_string(a.state)},
                   {"reports", json::array(a.reports.begin(), a.reports.end())},
                   {"draft", advisory_draft_to_json(a.draft)},
                   {"revision", a.revision},
                   {"unpublished_changes", a.unpublished_changes},
                   {"embargo_changes", std::move(changes)},
                   {"reporter_credits", std::move(credits)},
                   {"created_at", format_time(a.created_at)},
                   {"created_by", a.created_by}};
  out["publish_at"] = a.publish_at ? json::value(format_time(*a.publish_at)) : json::value();
  out["published_at"] = a.published_at ? json::value(format_time(*a.published_at)) : json::value();
  out["modified_at"] = a.modified_at ? json::value(format_time(*a.modified_at)) : json::value();
  if (a.state == AdvisoryState::withdrawn) out["withdrawn_reason"] = a.withdrawn_reason;
  return out;
}

}  // namespace embargo::formats
