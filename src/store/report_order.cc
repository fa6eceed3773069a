#include <array>
#include <utility>

#include "store/store.h"

namespace embargo::store {
namespace {

// The words the API, the pages and the CLI use for each order.
constexpr std::array<std::pair<ReportOrder, std::string_view>, 5> kOrders = {{
    {ReportOrder::due, "due"},
    {ReportOrder::received, "received"},
    {ReportOrder::relevance, "relevance"},
    {ReportOrder::severity, "severity"},
    {ReportOrder::updated, "updated"},
}};

}  // namespace

std::string_view to_string(ReportOrder order) {
  for (const auto& [value, name] : kOrders) {
    if (value == order) return name;
  }
  return "received";
}

std::optional<ReportOrder> parse_report_order(std::string_view text) {
  for (const auto& [value, name] : kOrders) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace embargo::store
