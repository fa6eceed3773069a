#include "http/desk/dashboard_pages.h"

#include <boost/url/parse.hpp>
#include <optional>
#include <string>

#include "core/dashboard_period.h"
#include "core/error.h"
#include "http/authorize.h"
#include "http/desk/csv_exports.h"
#include "http/desk/dashboard_page_data.h"
#include "http/desk/desk_page_data.h"
#include "http/desk_routes.h"
#include "http/html_response.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;
using kainjow::mustache::list;
using kainjow::mustache::object;

// The period chooser's fields as the browser sent them (absent: the default period).
struct PeriodQuery {
  std::optional<std::string> from;
  std::optional<std::string> to;
};

PeriodQuery period_query(std::string_view target) {
  PeriodQuery query;
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return query;
  for (const auto& param : url->params()) {
    if (param.key == "from") query.from = param.value;
    if (param.key == "to") query.to = param.value;
  }
  return query;
}

// The period a dashboard request names, or the problems beside the chooser's fields.
struct ChosenPeriod {
  PeriodDays days;
  std::optional<Period> period;
  std::string from_error, to_error, period_error;
};

ChosenPeriod choose_period(const PeriodQuery& query, const BusinessCalendar& calendar,
                           date::local_days today) {
  ChosenPeriod chosen{preset_days(PeriodPreset::last_year, today), std::nullopt, "", "", ""};
  if (query.from || query.to) {
    try {
      chosen.days.first = parse_period_date(query.from.value_or(""), "from");
    } catch (const Refusal& r) {
      chosen.from_error = r.what();
    }
    try {
      chosen.days.last = parse_period_date(query.to.value_or(""), "to");
    } catch (const Refusal& r) {
      chosen.to_error = r.what();
    }
    if (!chosen.from_error.empty() || !chosen.to_error.empty()) return chosen;
  }
  try {
    chosen.period = period_of(chosen.days, calendar);
  } catch (const Refusal& r) {
    (r.field() == "to" ? chosen.to_error : chosen.period_error) = r.what();
  }
  return chosen;
}

class DashboardPages {
 public:
  explicit DashboardPages(store::Store& store) : store_(store) {}

  Response programs(DeskContext& c) {
    const Caller& caller = c.caller();
    list rows;
    for (const auto& program : store_.list_programs()) {
      const std::string& slug = program.policy.identity.slug;
      if (!caller.may(Permission::read, slug)) continue;
      std::string base = c.site.path + "/desk/programs/" + slug;
      auto role = caller.roles.find(slug);
      TemplateData row =
          object{{"program_name", program.policy.identity.name},
                 {"program_slug", slug},
                 {"program_role", role != caller.roles.end() ? std::string(to_string(role->second))
                                                             : "instance admin"},
                 {"program_policy_url", c.site.path + "/p/" + slug},
                 {"program_queue_csv_url", c.site.path + "/desk/queue.csv?program=" + slug},
                 {"program_audit_url", base + "/audit.csv"},
                 {"program_advisories_url", base + "/advisories"}};
      if (caller.may(Permission::triage, slug))
        row.set("program_dashboard_url", base + "/dashboard");
      if (caller.may(Permission::manage, slug)) row.set("program_settings_url", base + "/settings");
      rows.push_back(row);
    }
    TemplateData page = desk_frame_data(c, "Your programs");
    page.set("program_rows", rows);
    page.set("has_programs", !rows.empty());
    return private_page(c.request, bh::status::ok, "programs", page);
  }

  Response dashboard(DeskContext& c) {
    std::string slug(c.params.get("slug"));
    require(c.caller(), Permission::triage, slug);
    auto program = store_.find_program(slug);
    if (!program) return not_found_page(c.request, c.site);
    const Policy& policy = program->policy;
    BusinessCalendar calendar(policy.calendar);
    Time at = store_.time().now();
    date::local_days today = local_date(at, calendar);
    std::string url = c.site.path + "/desk/programs/" + slug + "/dashboard";

    PeriodQuery query = period_query(c.request.target());
    ChosenPeriod chosen = choose_period(query, calendar, today);

    TemplateData page = desk_frame_data(c, policy.identity.name + ": dashboard");
    page.set("program_name", policy.identity.name);
    page.set("dashboard_url", url);
    page.set("time_zone", policy.calendar.time_zone);
    page.set("audit_csv_url", c.site.path + "/desk/programs/" + slug + "/audit.csv");
    page.set("queue_csv_url", c.site.path + "/desk/queue.csv?program=" + slug);
    page.set("from", query.from.value_or(format_period_date(chosen.days.first)));
    page.set("to", query.to.value_or(format_period_date(chosen.days.last)));
    list presets;
    for (auto [preset, name] : {std::pair{PeriodPreset::last_30_days, "Last 30 days"},
                                std::pair{PeriodPreset::last_quarter, "Last quarter"},
                                std::pair{PeriodPreset::last_year, "Last 12 months"}}) {
      PeriodDays days = preset_days(preset, today);
      presets.push_back(object{{"preset_name", name},
                               {"preset_url", url + "?from=" + format_period_date(days.first) +
                                                  "&to=" + format_period_date(days.last)}});
    }
    page.set("presets", presets);

    if (!chosen.period) {
      if (!chosen.from_error.empty()) page.set("from_error", chosen.from_error);
      if (!chosen.to_error.empty()) page.set("to_error", chosen.to_error);
      if (!chosen.period_error.empty()) page.set("period_error", chosen.period_error);
      return private_page(c.request, bh::status::bad_request, "dashboard", page);
    }
    page.set("period_first", format_period_date(chosen.days.first));
    page.set("period_last", format_period_date(chosen.days.last));
    page.set("as_of", format_time(at));
    MetricsTally tally(policy, *chosen.period, at);
    store_.each_received_report(slug, chosen.period->from, chosen.period->to,
                                [&tally](const Report& r) { tally.add(r); });
    set_metrics_data(page, tally.result());
    return private_page(c.request, bh::status::ok, "dashboard", page);
  }

 private:
  store::Store& store_;
};

}  // namespace

void add_dashboard_pages(Router& router, store::Store& store, const Site& site,
                         const SessionRules& rules) {
  auto pages = std::make_shared<DashboardPages>(store);
  store::AccountStore& accounts = store.accounts();
  router.add(
      bh::verb::get, "/desk/programs",
      desk_page(accounts, site, rules, [pages](DeskContext& c) { return pages->programs(c); }));
  router.add(
      bh::verb::get, "/desk/programs/{slug}/dashboard",
      desk_page(accounts, site, rules, [pages](DeskContext& c) { return pages->dashboard(c); }));
  router.add(
      bh::verb::get, "/desk/queue.csv",
      desk_page(accounts, site, rules, [&store](DeskContext& c) { return queue_csv(c, store); }));
  router.add(
      bh::verb::get, "/desk/programs/{slug}/audit.csv",
      desk_page(accounts, site, rules, [&store](DeskContext& c) { return audit_csv(c, store); }));
}

}  // namespace embargo::http
