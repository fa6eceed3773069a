#include "http/api/public_api.h"

#include <string>

#include "http/api/program_api.h"
#include "http/openapi.h"
#include "http/reporter/report_api.h"
#include "http/reporter/track_api.h"

namespace embargo::http {

void add_public_api_routes(Router& router, store::Store& store, const Site& site) {
  add_program_routes(router, store);
  add_report_routes(router, store, site);
  add_track_routes(router, store);
  // Built into the binary: it changes only with the binary.
  router.add(boost::beast::http::verb::get, "/api/v1/openapi.json", [](const Request& request) {
    Response response =
        json_response(request, boost::beast::http::status::ok, std::string(openapi_json()));
    response.set(boost::beast::http::field::cache_control, "public, max-age=3600");
    return response;
  });
}

}  // namespace embargo::http
