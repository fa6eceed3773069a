// The one place where the desk decides whether a caller may act on a program, and what a
// refusal looks like: nobody is asked to sign in (401); a caller who may not even read the
// program learns nothing about it, not even that a report exists (404); a caller who may read
// it but not do this gets 403.
#pragma once

#include <exception>
#include <string_view>

#include "core/access.h"

namespace embargo::http {

enum class Verdict { allowed, unauthenticated, hidden, forbidden };

Verdict judge(const Caller& caller, Permission permission, std::string_view program);

// Thrown by the desk's handlers when the verdict is not `allowed`; the desk's route wrappers
// (desk_routes.h) turn it into the API's or the pages' refusal.
class Denied : public std::exception {
 public:
  explicit Denied(Verdict verdict) : verdict_(verdict) {}
  Verdict verdict() const { return verdict_; }
  const char* what() const noexcept override { return "denied"; }

 private:
  Verdict verdict_;
};

// Throws Denied unless the caller may do `permission` to `program`.
void require(const Caller& caller, Permission permission, std::string_view program);
// Throws Denied unless the caller may administer the instance (404 for everyone else, so the
// admin pages' existence is not advertised).
void require_admin(const Caller& caller);
// Throws Denied(unauthenticated) for nobody.
void require_signed_in(const Caller& caller);

}  // namespace embargo::http
