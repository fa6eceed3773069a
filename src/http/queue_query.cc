#include "http/queue_query.h"

#include <boost/url/parse.hpp>
#include <charconv>

#include "core/error.h"
#include "formats/cvss_json.h"

namespace embargo::http {
namespace {

bool flag(std::string_view name, std::string_view value) {
  if (value == "1" || value == "true" || value == "on") return true;
  if (value == "0" || value == "false" || value.empty()) return false;
  throw invalid(std::string(name),
                std::string(name) + ": '" + formats::utf8_or_escaped(value) + "' is not 1 or 0");
}

int limit_of(std::string_view value) {
  int limit = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), limit);
  if (error != std::errc() || end != value.data() + value.size() || limit < 1 || limit > 500) {
    throw invalid("limit", "limit: expected a number from 1 to 500");
  }
  return limit;
}

}  // namespace

store::ReportQuery queue_query(std::string_view target, const Caller& caller) {
  store::ReportQuery query;
  query.visible = caller.programs_with(Permission::read);
  bool all_states = false;
  std::optional<bool> open;
  auto url = boost::urls::parse_origin_form(target);
  if (!url) throw invalid("query", "the address's query string cannot be read");
  for (auto param : url->params()) {
    std::string_view name = param.key;
    std::string_view value = param.value;
    if (name.empty()) {
      // A stray '&' ("?state=new&") names nothing; "=x" is a value for nothing.
      if (value.empty()) continue;
      throw invalid("query", "the query string has a value without a parameter name ('=" +
                                 formats::utf8_or_escaped(value) + "')");
    }
    if (name == "program") {
      if (value.empty()) continue;
      if (!caller.may(Permission::read, value)) {
        throw not_found("program", "program: there is no program " + std::string(value));
      }
      query.program = value;
    } else if (name == "state") {
      if (value.empty()) continue;
      auto state = parse_state(value);
      if (!state) {
        throw invalid("state", "state: '" + formats::utf8_or_escaped(value) + "' is not a state");
      }
      query.states.push_back(*state);
    } else if (name == "all") {
      all_states = flag(name, value);
    } else if (name == "open") {
      open = flag(name, value);
    } else if (name == "severity") {
      if (value.empty()) continue;
      auto severity = parse_severity(value);
      if (!severity) {
        throw invalid("severity", "severity: '" + formats::utf8_or_escaped(value) +
                                      "' is not low, medium, high or critical");
      }
      query.severity = severity;
    } else if (name == "handler") {
      query.handler = value == "me" ? caller.email : std::string(value);
    } else if (name == "label") {
      query.label = value;
    } else if (name == "overdue") {
      query.overdue = flag(name, value);
    } else if (name == "q") {
      query.text = value;
    } else if (name == "order") {
      if (value.empty()) continue;
      auto order = store::parse_report_order(value);
      if (!order) {
        throw invalid("order", "order: '" + formats::utf8_or_escaped(value) +
                                   "' is not due, received or relevance");
      }
      query.order = order;
    } else if (name == "after") {
      query.after = value;
    } else if (name == "limit") {
      if (!value.empty()) query.limit = limit_of(value);
    } else {
      throw invalid(std::string(name),
                    "unknown parameter '" + formats::utf8_or_escaped(name) + "'");
    }
  }
  query.open_only = open.value_or(query.states.empty() && !all_states);
  if (!query.order && query.text.empty()) query.order = store::ReportOrder::due;
  return query;
}

}  // namespace embargo::http
