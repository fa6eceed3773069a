#pragma once

#include <gmime/gmime.h>

#include <memory>
#include <mutex>

namespace embargo::mail {

// GMime keeps charset tables and type registrations in globals set up once per process; every
// user of GMime (form bodies, inbound and outgoing mail) calls this first.
inline void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// GMime's objects and strings owned the C++ way.
struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* memory) const { g_free(memory); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

}  // namespace embargo::mail
