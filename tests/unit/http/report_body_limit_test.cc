#include <gtest/gtest.h>

#include "core/policy.h"
#include "http/multipart.h"
#include "http/upload_limits.h"

namespace embargo::http {
namespace {

constexpr std::uint64_t kMiB = 1024 * 1024;
constexpr std::uint64_t kPartHeaders = 16 * 1024;

Policy with_attachments(bool allowed, int max_files, std::uint64_t max_bytes) {
  Policy policy;
  policy.form.attachments.allowed = allowed;
  policy.form.attachments.max_files = max_files;
  policy.form.attachments.max_bytes = max_bytes;
  return policy;
}

TEST(ReportBodyLimit, TextFieldsAloneWithoutAttachments) {
  EXPECT_EQ(report_body_limit(with_attachments(false, 5, 10'000'000)), kMiB);
}

TEST(ReportBodyLimit, EveryAllowedFileAtItsLargestWithItsHeaders) {
  // PySpector: one .txt of up to 1 MB.
  EXPECT_EQ(report_body_limit(with_attachments(true, 1, 1'000'000)),
            kMiB + 1'000'000 + kPartHeaders);
  // The company: 5 files of 10 MB.
  EXPECT_EQ(report_body_limit(with_attachments(true, 5, 10'000'000)),
            kMiB + 5 * (10'000'000 + kPartHeaders));
}

// A policy's 0 means it sets no limit of its own: the form's most parts and the server's ceiling
// bound what a request may carry.
TEST(ReportBodyLimit, PoliciesWithoutLimitsAreBoundedByTheServer) {
  EXPECT_EQ(report_body_limit(with_attachments(true, 0, 100 * 1024)),
            kMiB + kMostFormParts * (100 * 1024 + kPartHeaders));
  EXPECT_EQ(report_body_limit(with_attachments(true, 1, 0)), kMostReportBodyBytes);
  EXPECT_EQ(report_body_limit(with_attachments(true, 0, 0)), kMostReportBodyBytes);
  EXPECT_EQ(report_body_limit(with_attachments(true, 3, 1'000'000'000'000)), kMostReportBodyBytes);
  EXPECT_EQ(report_body_limit(with_attachments(true, 1000, 10'000'000)), kMostReportBodyBytes);
  EXPECT_EQ(kMostReportBodyBytes, 64 * kMiB);
}

}  // namespace
}  // namespace embargo::http
