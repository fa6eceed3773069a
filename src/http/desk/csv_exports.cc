#include "http/desk/csv_exports.h"

#include "core/error.h"
#include "formats/audit_csv.h"
#include "formats/queue_csv.h"
#include "http/authorize.h"
#include "http/content_disposition.h"
#include "http/html_response.h"
#include "http/media_types.h"
#include "http/queue_query.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

constexpr int kQueuePage = 500;
constexpr int kAuditPage = 1000;

// A download of `body` named `name` plus the UTC date of `today` ("embargo-queue-2026-03-31.csv").
Response csv_download(const Request& request, std::string body, const std::string& name,
                      Time today) {
  Response response{bh::status::ok, request.version()};
  response.set(bh::field::content_type, kCsvContentType);
  std::string day = format_time(today).substr(0, 10);  // RFC 3339 begins with the date
  response.set(bh::field::content_disposition, attachment_disposition(name + "-" + day + ".csv"));
  response.set(bh::field::cache_control, "no-store");
  response.body() = std::move(body);
  response.keep_alive(request.keep_alive());
  return response;
}

formats::QueueRow queue_row(store::ReportSummary r) {
  return {std::move(r.id),      std::move(r.program), r.state,  r.severity,
          std::move(r.title),   r.received_at,        r.due_at, r.due_clock,
          std::move(r.handler), std::move(r.labels)};
}

}  // namespace

Response queue_csv(DeskContext& c, store::Store& store) {
  store::ReportQuery query;
  try {
    query = queue_query(c.request.target(), c.caller());
  } catch (const Refusal& r) {
    if (r.kind() == Refusal::Kind::not_found) throw Denied(Verdict::hidden);
    return message_page(c.request, c.site, bh::status::bad_request, "This filter is not valid",
                        r.what());
  }
  query.order = store::ReportOrder::due;
  query.limit = kQueuePage;

  std::string body = formats::queue_csv_header();
  try {
    for (;;) {
      store::ReportPage page = store.list_reports(query);
      std::vector<formats::QueueRow> rows;
      for (auto& r : page.reports) rows.push_back(queue_row(std::move(r)));
      body += formats::queue_csv_records(rows);
      if (page.next.empty()) break;
      query.after = page.next;
    }
  } catch (const Refusal& r) {
    if (r.kind() == Refusal::Kind::not_found) return not_found_page(c.request, c.site);
    return message_page(c.request, c.site, bh::status::bad_request, "This filter is not valid",
                        r.what());
  }
  return csv_download(c.request, std::move(body), "embargo-queue", store.time().now());
}

// The audit log is read permission everywhere (the report page and the API show a report's
// events to viewers too), so its export is as well.
Response audit_csv(DeskContext& c, store::Store& store) {
  std::string slug(c.params.get("slug"));
  require(c.caller(), Permission::read, slug);
  if (!store.find_program(slug)) return not_found_page(c.request, c.site);

  std::string body = formats::audit_csv_header();
  store::AuditQuery query{.program = slug, .report = "", .after_seq = 0, .limit = kAuditPage};
  for (;;) {
    auto events = store.audit_log(query);
    body += formats::audit_csv_records(events);
    if (static_cast<int>(events.size()) < kAuditPage) break;
    query.after_seq = events.back().seq;
  }
  return csv_download(c.request, std::move(body), slug + "-audit-log", store.time().now());
}

}  // namespace embargo::http
