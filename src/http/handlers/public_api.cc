#include "http/handlers/public_api.h"

#include <string>

#include "http/handlers/program_api.h"
#include "http/handlers/report_api.h"
#include "http/handlers/track_api.h"
#include "http/openapi.h"

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
