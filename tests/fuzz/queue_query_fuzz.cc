// libFuzzer target: the queue's query string (http/queue_query.h), one parser for the
// desk page, the API and the CSV export. The input is the request target ("/desk?state=new...").
// It is read for a member of two programs and for an instance admin; bad input is a Refusal
// naming the parameter, nothing else. What is read never reaches past the caller's programs and
// keeps the limit and order the store relies on.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/access.h"
#include "core/error.h"
#include "http/queue_query.h"

namespace {

embargo::Caller member() {
  embargo::Caller caller;
  caller.user = 7;
  caller.email = "me@example.org";
  caller.roles = {{"acme", embargo::Role::handler}, {"beta", embargo::Role::viewer}};
  return caller;
}

embargo::Caller admin() {
  embargo::Caller caller;
  caller.user = 1;
  caller.email = "admin@example.org";
  caller.admin = true;
  return caller;
}

void check(std::string_view target, const embargo::Caller& caller) {
  try {
    embargo::store::ReportQuery query = embargo::http::queue_query(target, caller);
    if (query.visible != caller.programs_with(embargo::Permission::read)) __builtin_trap();
    if (!query.program.empty() && !caller.may(embargo::Permission::read, query.program)) {
      __builtin_trap();
    }
    if (query.limit < 1 || query.limit > 500) __builtin_trap();
    if (!query.order && query.text.empty()) __builtin_trap();
  } catch (const embargo::Refusal& r) {
    if (std::string_view(r.what()).empty() || r.field().empty()) __builtin_trap();
    if (r.field() == "program" && r.kind() != embargo::Refusal::Kind::not_found) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view target(reinterpret_cast<const char*>(data), size);
  static const embargo::Caller kMember = member();
  static const embargo::Caller kAdmin = admin();
  check(target, kMember);
  check(target, kAdmin);
  return 0;
}
