#include "http/public/advisory_page_data.h"

#include <date/date.h>

#include <algorithm>
#include <map>
#include <variant>

#include "http/page_data.h"
#include "scoring/cvss.h"
#include "scoring/cwe.h"
#include "scoring/range_interval.h"

namespace embargo::http {
namespace {

using kainjow::mustache::list;
using kainjow::mustache::object;

// "2026-12-06 10:41 UTC": the instant as the page shows it before the script (if any) adds the
// reader's own time zone; the <time> element carries the RFC 3339 form.
std::string utc_words(Time t) { return date::format("%Y-%m-%d %H:%M UTC", t); }

TemplateData time_data(Time t) {
  TemplateData out = object{};
  out.set("iso", format_time(t));
  out.set("words", utc_words(t));
  return out;
}

std::string role_words(CreditRole role) {
  std::string words(to_string(role));
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

// "8.7 High (CVSS 4.0)" for a vector the scoring library reads; the vector alone otherwise.
std::string severity_words(const std::string& vector) {
  auto assessed = scoring::assess_cvss(vector);
  const auto* assessment = std::get_if<scoring::CvssAssessment>(&assessed);
  if (assessment == nullptr) return "";
  return std::to_string(assessment->score_tenths / 10) + "." +
         std::to_string(assessment->score_tenths % 10) + " " +
         std::string(scoring::to_string(assessment->rating)) + " (CVSS " +
         std::string(scoring::to_string(assessment->version)) + ")";
}

TemplateData summary_row(const PublishedAdvisory& advisory, const Site& site) {
  TemplateData row = object{};
  row.set("id", advisory.id);
  row.set("url", advisory_url(site, advisory.program, advisory.id));
  row.set("summary", advisory.draft.summary);
  row.set("published", time_data(advisory.published_at));
  if (!advisory.draft.cvss_vector.empty()) {
    row.set("severity", severity_words(advisory.draft.cvss_vector));
  }
  if (advisory.withdrawn) row.set("withdrawn", true);
  return row;
}

list affected_rows(const PublishedAdvisory& advisory) {
  std::string error;
  auto scheme = scoring::parse_version_scheme(advisory.version_scheme, &error);
  list rows;
  for (const auto& package : advisory.draft.affected) {
    TemplateData row = object{};
    row.set("ecosystem", package.ecosystem);
    row.set("name", package.name);
    if (!package.purl.empty()) row.set("purl", package.purl);
    list ranges;
    list fixed;
    for (const auto& range : package.ranges) {
      ranges.emplace_back(range);
      auto interval =
          scheme ? scoring::parse_vulnerable_interval(*scheme, range, &error) : std::nullopt;
      if (interval && !interval->fixed.empty()) fixed.emplace_back(interval->fixed);
    }
    row.set("ranges", ranges);
    if (!fixed.empty()) row.set("fixed", fixed);
    rows.emplace_back(row);
  }
  return rows;
}

}  // namespace

std::string advisories_url(const Site& site, const std::string& slug) {
  return program_url(site, slug) + "/advisories";
}

std::string advisory_url(const Site& site, const std::string& slug, const std::string& id) {
  return advisories_url(site, slug) + "/" + id;
}

bool keeps_hall_of_fame(const Policy& policy) {
  const auto& where = policy.credit.where;
  return std::find(where.begin(), where.end(), "hall_of_fame") != where.end();
}

TemplateData advisories_page_data(const Policy& policy,
                                  const std::vector<PublishedAdvisory>& advisories,
                                  const Site& site) {
  const std::string& slug = policy.identity.slug;
  TemplateData page = frame_data(site, policy.identity.name + " security advisories",
                                 policy.identity.languages.front());
  page.set("name", policy.identity.name);
  page.set("policy_url", program_url(site, slug));
  page.set("feed_url", advisories_url(site, slug) + ".atom");
  page.set("script", static_file_url(site, "local_time.js"));
  if (keeps_hall_of_fame(policy)) {
    page.set("hall_of_fame_url", program_url(site, slug) + "/hall-of-fame");
  }
  page.set("osv_archive_url", advisories_url(site, slug) + "/all.zip");
  page.set("csaf_directory_url", program_url(site, slug) + "/csaf/");
  list rows;
  for (const auto& advisory : advisories) rows.emplace_back(summary_row(advisory, site));
  if (!advisories.empty()) {
    page.set("advisories", rows);
    page.set("has_advisories", true);
  }
  return page;
}

TemplateData advisory_page_data(const PublishedAdvisory& advisory, const Site& site) {
  const AdvisoryDraft& draft = advisory.draft;
  TemplateData page = frame_data(site, advisory.id + ": " + draft.summary, "en");
  page.set("id", advisory.id);
  page.set("summary", draft.summary);
  page.set("program_name", advisory.program_name);
  page.set("policy_url", program_url(site, advisory.program));
  page.set("advisories_url", advisories_url(site, advisory.program));
  page.set("osv_url", advisory_url(site, advisory.program, advisory.id) + ".osv.json");
  page.set("csaf_url", advisory_url(site, advisory.program, advisory.id) + ".csaf.json");
  page.set("script", static_file_url(site, "local_time.js"));
  page.set("published", time_data(advisory.published_at));
  if (advisory.revision > 1) {
    page.set("modified", time_data(advisory.modified_at));
    page.set("revision", std::to_string(advisory.revision));
  }
  if (advisory.withdrawn) {
    page.set("withdrawn", time_data(*advisory.withdrawn_at));
    page.set("withdrawn_reason", advisory.withdrawn_reason);
  }
  if (!draft.details.empty()) page.set("has_details", true);
  if (!draft.cvss_vector.empty()) {
    page.set("severity", severity_words(draft.cvss_vector));
    page.set("cvss_vector", draft.cvss_vector);
  }
  if (!draft.affected.empty()) page.set("affected", affected_rows(advisory));
  list cwes;
  for (int id : draft.cwes) {
    TemplateData cwe = object{};
    cwe.set("id", "CWE-" + std::to_string(id));
    cwe.set("url", "https://cwe.mitre.org/data/definitions/" + std::to_string(id) + ".html");
    if (const auto* entry = scoring::find_cwe(id)) cwe.set("name", std::string(entry->name));
    cwes.emplace_back(cwe);
  }
  if (!cwes.empty()) page.set("cwes", cwes);
  list aliases;
  for (const auto& alias : draft.aliases) aliases.emplace_back(alias);
  if (!aliases.empty()) page.set("aliases", aliases);
  list references;
  for (const auto& reference : draft.references) {
    TemplateData ref = object{};
    ref.set("type", std::string(to_string(reference.type)));
    ref.set("url", reference.url);
    references.emplace_back(ref);
  }
  if (!references.empty()) page.set("references", references);
  list credits;
  for (const auto& credit : advisory.credits) {
    TemplateData c = object{};
    c.set("name", credit.name);
    c.set("role", role_words(credit.role));
    credits.emplace_back(c);
  }
  if (!credits.empty()) {
    page.set("credits", credits);
    page.set("has_credits", true);
  }
  if (!advisory.hall_of_fame.empty() && !advisory.withdrawn) {
    page.set("hall_of_fame_url", program_url(site, advisory.program) + "/hall-of-fame");
  }
  return page;
}

TemplateData hall_of_fame_page_data(const Policy& policy,
                                    const std::vector<PublishedAdvisory>& advisories,
                                    const Site& site) {
  struct Year {
    std::vector<std::string> names;
    int anonymous = 0;
  };
  std::map<int, Year, std::greater<>> years;
  // Oldest publication first, so that each year lists its names in the order they were credited.
  std::vector<const PublishedAdvisory*> ordered;
  for (const auto& advisory : advisories) {
    if (!advisory.withdrawn) ordered.push_back(&advisory);
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const auto* a, const auto* b) { return a->published_at < b->published_at; });
  for (const auto* advisory : ordered) {
    int year = static_cast<int>(
        date::year_month_day(date::floor<date::days>(advisory->published_at)).year());
    for (const auto& line : advisory->hall_of_fame) {
      Year& entry = years[year];
      if (line == "Anonymous") {
        ++entry.anonymous;
      } else if (std::find(entry.names.begin(), entry.names.end(), line) == entry.names.end()) {
        entry.names.push_back(line);
      }
    }
  }
  TemplateData page =
      frame_data(site, policy.identity.name + " hall of fame", policy.identity.languages.front());
  page.set("name", policy.identity.name);
  page.set("policy_url", program_url(site, policy.identity.slug));
  page.set("advisories_url", advisories_url(site, policy.identity.slug));
  if (!policy.credit.note.empty()) page.set("note", policy.credit.note);
  list rows;
  for (const auto& [year, entry] : years) {
    if (entry.names.empty() && entry.anonymous == 0) continue;
    TemplateData row = object{};
    row.set("year", std::to_string(year));
    list names;
    for (const auto& name : entry.names) names.emplace_back(name);
    if (!names.empty()) {
      row.set("names", names);
      row.set("has_names", true);
    }
    if (entry.anonymous > 0) {
      row.set("anonymous",
              entry.anonymous == 1
                  ? std::string("One reporter who asked not to be named.")
                  : std::to_string(entry.anonymous) + " reporters who asked not to be named.");
    }
    rows.emplace_back(row);
  }
  if (!rows.empty()) page.set("years", rows);
  return page;
}

TemplateData atom_feed_data(const std::string& title, const std::string& self,
                            const std::vector<PublishedAdvisory>& advisories, const Site& site) {
  TemplateData feed = object{};
  feed.set("title", title);
  feed.set("self", self);
  feed.set("id", self);
  Time updated{};
  list entries;
  for (const auto& advisory : advisories) {
    updated = std::max(updated, advisory.modified_at);
    TemplateData entry = object{};
    std::string url = site.public_url + advisory_url(Site{}, advisory.program, advisory.id);
    entry.set("id", url);
    entry.set("url", url);
    entry.set("title", (advisory.withdrawn ? "[Withdrawn] " : "") + advisory.id + ": " +
                           advisory.draft.summary);
    entry.set("published", format_time(advisory.published_at));
    entry.set("updated", format_time(advisory.modified_at));
    entry.set("program", advisory.program_name);
    std::string summary = advisory.draft.summary;
    if (!advisory.draft.cvss_vector.empty()) {
      summary += " Severity: " + severity_words(advisory.draft.cvss_vector) + ".";
    }
    if (advisory.withdrawn) summary += " Withdrawn: " + advisory.withdrawn_reason;
    entry.set("summary", summary);
    entries.emplace_back(entry);
  }
  feed.set("updated", format_time(updated));
  if (!entries.empty()) feed.set("entries", entries);
  return feed;
}

}  // namespace embargo::http
