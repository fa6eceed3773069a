#include "http/health.h"

namespace embargo::http {

void add_health_routes(Router& router) {
  router.add(boost::beast::http::verb::get, "/healthz", [](const Request& request) {
    return json_response(request, boost::beast::http::status::ok, R"({"status":"ok"})");
  });
}

}  // namespace embargo::http
