#include "http/upload_limits.h"

#include <algorithm>

#include "core/secret.h"
#include "http/multipart.h"
#include "http/program_lookup.h"
#include "http/reporter_access.h"

namespace embargo::http {
namespace {

constexpr std::uint64_t kTextFieldsBytes = std::uint64_t{1024} * 1024;
constexpr std::uint64_t kPartHeadersBytes = std::uint64_t{16} * 1024;

}  // namespace

std::uint64_t report_body_limit(const Policy& policy) {
  const Attachments& files = policy.form.attachments;
  if (!files.allowed) return kTextFieldsBytes;
  std::uint64_t count = files.max_files > 0 ? static_cast<std::uint64_t>(files.max_files)
                                            : std::uint64_t{kMostFormParts};
  std::uint64_t each =
      files.max_bytes > 0 ? std::min(files.max_bytes, kMostReportBodyBytes) : kMostReportBodyBytes;
  count = std::min(count, std::uint64_t{kMostFormParts});
  return std::min(kTextFieldsBytes + count * (each + kPartHeadersBytes), kMostReportBodyBytes);
}

Router::BodyLimit program_body_limit(store::Store& store) {
  return [&store](const PathParams& params) {
    auto program = find_program_by_slug(store, params.get("slug"));
    return program ? report_body_limit(program->policy) : kDefaultBodyLimit;
  };
}

Router::BodyLimit tracked_body_limit(store::Store& store) {
  return [&store](const PathParams& params) {
    std::string_view token = params.get("token");
    if (!is_secret(token)) return kDefaultBodyLimit;
    auto report = store.find_report_by_token(std::string(token));
    auto program = report ? store.find_program(report->program) : std::nullopt;
    return program ? report_body_limit(program->policy) : kDefaultBodyLimit;
  };
}

Router::BodyLimit team_body_limit(store::Store& store) {
  return [&store](const PathParams&) {
    std::uint64_t limit = kDefaultBodyLimit;
    for (const auto& program : store.list_programs()) {
      limit = std::max(limit, report_body_limit(program.policy));
    }
    return limit;
  };
}

}  // namespace embargo::http
