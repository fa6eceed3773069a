#include "http/desk/queue_page.h"

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <map>

#include "core/error.h"
#include "formats/clock_words.h"
#include "formats/due_words.h"
#include "formats/state_words.h"
#include "http/desk/desk_page_data.h"
#include "http/desk_routes.h"
#include "http/html_response.h"
#include "http/queue_query.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;
using kainjow::mustache::list;
using kainjow::mustache::object;

constexpr int kOwnRows = 20;

std::string encoded(std::string_view text) {
  return boost::urls::encode(text, boost::urls::unreserved_chars);
}

// The query string parameters as the browser sent them, by name (the last of a repeated one),
// to fill the filter form back in.
std::multimap<std::string, std::string> params_of(std::string_view target) {
  std::multimap<std::string, std::string> out;
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return out;
  for (auto param : url->params()) out.emplace(param.key, param.value);
  return out;
}

std::string param(const std::multimap<std::string, std::string>& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

// The link to the next page: the same query string with `after` replaced.
std::string next_page_url(const Site& site, std::string_view target, const std::string& next) {
  std::string query;
  for (const auto& [name, value] : params_of(target)) {
    if (name == "after") continue;
    query += (query.empty() ? "" : "&") + encoded(name) + "=" + encoded(value);
  }
  query += (query.empty() ? "" : "&") + std::string("after=") + encoded(next);
  return site.path + "/desk?" + query;
}

class QueuePage {
 public:
  explicit QueuePage(store::Store& store) : store_(store) {}

  Response show(DeskContext& c) {
    const Caller& caller = c.caller();
    TemplateData page = desk_frame_data(c, "Queue");
    auto params = params_of(c.request.target());
    fill_filters(page, c, params);

    try {
      fill_lists(page, c, queue_query(c.request.target(), caller));
    } catch (const Refusal& r) {
      page.set("form_error", std::string(r.what()));
      return private_page(c.request, bh::status::bad_request, "queue", page);
    }
    return private_page(c.request, bh::status::ok, "queue", page);
  }

 private:
  // The member's own reports, the page of the queue and the counts, for `query`.
  void fill_lists(TemplateData& page, const DeskContext& c, const store::ReportQuery& query) {
    const Caller& caller = c.caller();
    Time at = store_.time().now();
    // The member's own open reports under the same filters; a list already filtered by handler
    // is someone's own list, and has no second one.
    if ((!caller.roles.empty() || caller.admin) && query.handler.empty()) {
      store::ReportQuery own = query;
      own.handler = caller.email;
      own.open_only = true;
      own.order = store::ReportOrder::due;
      own.after.clear();
      own.limit = kOwnRows;
      list own_rows = rows(store_.list_reports(own), c.site, at);
      page.set("has_own", !own_rows.empty());
      page.set("own_rows", own_rows);
    }
    store::ReportPage listed = store_.list_reports(query);
    list all = rows(listed, c.site, at);
    page.set("has_rows", !all.empty());
    page.set("rows", all);
    if (!listed.next.empty()) {
      page.set("next_url", next_page_url(c.site, c.request.target(), listed.next));
    }
    list counts;
    for (const auto& count : store_.counts_by_state(query)) {
      TemplateData row = object{};
      row.set("count_state", std::string(formats::state_title(count.state)));
      row.set("count_n", std::to_string(count.count));
      row.set("count_url", c.site.path + "/desk?state=" + std::string(to_string(count.state)) +
                               (query.program.empty() ? "" : "&program=" + query.program));
      counts.push_back(row);
    }
    page.set("counts", counts);
  }

  // Each program's calendar, read once per page: due times are shown in the program's zone.
  using Calendars = std::map<std::string, Calendar>;
  const Calendar& calendar_of(Calendars& calendars, const std::string& program) {
    auto found = calendars.find(program);
    if (found != calendars.end()) return found->second;
    auto stored = store_.find_program(program);
    return calendars.emplace(program, stored ? stored->policy.calendar : Calendar{}).first->second;
  }

  list rows(const store::ReportPage& listed, const Site& site, Time at) {
    list out;
    Calendars calendars;
    for (const auto& r : listed.reports) {
      TemplateData row = object{};
      row.set("row_id", r.id);
      row.set("row_url", site.path + "/desk/reports/" + r.id);
      row.set("row_title", r.title.empty() ? std::string("(no title)") : r.title);
      if (!r.snippet.empty()) row.set("row_snippet", r.snippet);
      row.set("row_program", r.program);
      row.set("row_state", std::string(formats::state_title(r.state)));
      if (r.reporter_replied) row.set("row_replied", true);
      row.set("row_severity",
              r.severity ? std::string(to_string(*r.severity)) : std::string("unrated"));
      row.set("row_handler", r.handler.empty() ? std::string("nobody") : r.handler);
      std::string labels;
      for (const auto& label : r.labels) labels += (labels.empty() ? "" : ", ") + label;
      row.set("row_labels", labels);
      row.set("row_received", format_time(r.received_at));
      formats::DueMark mark = formats::due_mark(r.due_at, at);
      row.set("row_mark", std::string(formats::to_string(mark)));
      if (r.due_at) {
        std::string clock = r.due_clock ? std::string(formats::clock_title(*r.due_clock)) : "";
        row.set("row_due", formats::due_words(*r.due_at, at));
        row.set("row_due_clock", clock);
        row.set("row_due_local",
                formats::local_time_words(*r.due_at, calendar_of(calendars, r.program)));
        row.set("row_overdue", mark == formats::DueMark::overdue);
        row.set("row_soon", mark == formats::DueMark::soon);
      } else {
        row.set("row_due", std::string("nothing due"));
        row.set("row_due_clock", std::string());
      }
      out.push_back(row);
    }
    return out;
  }

  void fill_filters(TemplateData& page, const DeskContext& c,
                    const std::multimap<std::string, std::string>& params) {
    const Caller& caller = c.caller();
    std::string chosen = param(params, "program");
    list programs;
    for (const auto& program : store_.list_programs()) {
      const std::string& slug = program.policy.identity.slug;
      if (!caller.may(Permission::read, slug)) continue;
      TemplateData option = object{};
      option.set("program_slug", slug);
      option.set("program_name", program.policy.identity.name);
      option.set("program_selected", slug == chosen);
      programs.push_back(option);
    }
    page.set("programs", programs);
    std::string state = param(params, "state");
    list states;
    for (State s : all_states()) {
      TemplateData option = object{};
      option.set("state_name", std::string(to_string(s)));
      option.set("state_title", std::string(formats::state_title(s)));
      option.set("state_selected", std::string(to_string(s)) == state);
      states.push_back(option);
    }
    page.set("states", states);
    std::string severity = param(params, "severity");
    list severities;
    for (const char* s : {"low", "medium", "high", "critical"}) {
      TemplateData option = object{};
      option.set("severity_name", std::string(s));
      option.set("severity_selected", severity == s);
      severities.push_back(option);
    }
    page.set("severities", severities);
    std::string order = param(params, "order");
    list orders;
    for (auto [value, words] : {std::pair<const char*, const char*>{"due", "Due first"},
                                {"received", "Newest received"},
                                {"severity", "Most severe"},
                                {"updated", "Recently changed"}}) {
      TemplateData option = object{};
      option.set("order_value", std::string(value));
      option.set("order_words", std::string(words));
      option.set("order_selected", order == value);
      orders.push_back(option);
    }
    page.set("orders", orders);
    page.set("filter_handler", param(params, "handler"));
    page.set("filter_label", param(params, "label"));
    page.set("filter_q", param(params, "q"));
    page.set("filter_overdue", param(params, "overdue") == "1");
    page.set("filter_all", param(params, "all") == "1");
    page.set("action", c.site.path + "/desk");
  }

  store::Store& store_;
};

}  // namespace

void add_queue_page(Router& router, store::Store& store, const Site& site,
                    const SessionRules& rules) {
  auto page = std::make_shared<QueuePage>(store);
  router.add(
      bh::verb::get, "/desk",
      desk_page(store.accounts(), site, rules, [page](DeskContext& c) { return page->show(c); }));
}

}  // namespace embargo::http
