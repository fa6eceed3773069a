#include "http/authorize.h"

namespace embargo::http {

Verdict judge(const Caller& caller, Permission permission, std::string_view program) {
  if (caller.user == 0) return Verdict::unauthenticated;
  if (!caller.may(Permission::read, program)) return Verdict::hidden;
  if (!caller.may(permission, program)) return Verdict::forbidden;
  return Verdict::allowed;
}

void require(const Caller& caller, Permission permission, std::string_view program) {
  Verdict verdict = judge(caller, permission, program);
  if (verdict != Verdict::allowed) throw Denied(verdict);
}

void require_admin(const Caller& caller) {
  require_signed_in(caller);
  if (!caller.may_administer()) throw Denied(Verdict::hidden);
}

void require_signed_in(const Caller& caller) {
  if (caller.user == 0) throw Denied(Verdict::unauthenticated);
}

}  // namespace embargo::http
