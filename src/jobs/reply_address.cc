#include "jobs/reply_address.h"

#include <sodium.h>

#include "core/text.h"

namespace embargo::jobs {
namespace {

constexpr std::string_view kPurpose = "embargo reply address";
constexpr std::string_view kMarker = "+r.";

}  // namespace

std::string reply_address(std::string_view mailbox, std::string_view report_id,
                          const auth::SecretBox& key) {
  auto at = mailbox.rfind('@');
  std::string_view local = mailbox.substr(0, at);
  if (auto plus = local.find('+'); plus != std::string_view::npos) local = local.substr(0, plus);
  std::string id = ascii_lower(report_id);
  return std::string(local) + std::string(kMarker) + id + "." + key.tag(kPurpose, id) +
         std::string(mailbox.substr(at));
}

std::optional<std::string> report_of_reply_address(std::string_view address,
                                                   const auth::SecretBox& key) {
  auto at = address.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view local = address.substr(0, at);
  auto marker = local.find(kMarker);
  if (marker == std::string_view::npos) return std::nullopt;
  std::string_view rest = local.substr(marker + kMarker.size());
  auto dot = rest.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string id = ascii_lower(rest.substr(0, dot));
  std::string given = ascii_lower(rest.substr(dot + 1));
  std::string expected = key.tag(kPurpose, id);
  if (given.size() != expected.size() ||
      sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  return ascii_upper(id);
}

}  // namespace embargo::jobs
