#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace embargo::mail {

// A recipient a mail did not reach for good, as a delivery status notification reports it.
struct DeliveryFailure {
  std::string address;     // Final-Recipient, without its address type
  std::string status;      // the enhanced status code, e.g. "5.1.1"
  std::string diagnostic;  // Diagnostic-Code without its type, e.g. "550 5.1.1 User unknown"
};

// The recipients a message/delivery-status body (RFC 3464) reports as failed: only "Action:
// failed" counts, since "delayed" mail may still arrive and "delivered", "relayed" and "expanded"
// are no failures at all. Each block of fields is read by GMime (folding, comments, encoded
// words); a block without a Final-Recipient is skipped. At most `most` failures are returned.
std::vector<DeliveryFailure> delivery_failures(std::string_view status_body, std::size_t most);

// The Message-ID (without angle brackets) of a header section, such as the text/rfc822-headers
// part of a bounce that returns the headers of the mail that failed; empty when it has none.
std::string message_id_of_headers(std::string_view headers);

}  // namespace embargo::mail
