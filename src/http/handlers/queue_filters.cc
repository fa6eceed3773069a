#include "http/handlers/queue_filters.h"

#include <boost/url/parse.hpp>

#include "core/error.h"
#include "formats/cvss_json.h"

namespace embargo::http {

store::ReportQuery queue_filters(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) throw invalid("query", "the address is not a path with a query string");
  store::ReportQuery query;
  for (const auto& param : url->params()) {
    const std::string& value = param.value;
    if (value.empty()) continue;
    if (param.key == "program") {
      query.program = value;
    } else if (param.key == "state") {
      auto state = parse_state(value);
      if (!state)
        throw invalid(
            "state", "state: '" + formats::utf8_or_escaped(value) + "' is not a state of a report");
      query.states.push_back(*state);
    } else if (param.key == "severity") {
      query.severity = parse_severity(value);
      if (!query.severity) {
        throw invalid("severity", "severity: '" + formats::utf8_or_escaped(value) +
                                      "' is not low, medium, high or critical");
      }
    } else if (param.key == "handler") {
      query.handler = value;
    } else if (param.key == "label") {
      query.label = value;
    } else if (param.key == "overdue") {
      if (value != "1" && value != "on" && value != "true") {
        throw invalid("overdue",
                      "overdue: '" + formats::utf8_or_escaped(value) + "' is not 1, on or true");
      }
      query.overdue = true;
    } else if (param.key == "q") {
      query.text = value;
    }
  }
  query.open_only = query.states.empty();
  return query;
}

}  // namespace embargo::http
