#pragma once

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional/optional.hpp>
#include <cstdint>
#include <string_view>
#include <system_error>

#include "core/spooled_bytes.h"

namespace embargo::http {

// Request bodies up to this size are read into memory; a larger one (an upload) goes to a
// temporary file in the data directory as it arrives, so that memory does not grow with what
// clients send. Text (a JSON body, a form's fields) is never larger.
inline constexpr std::uint64_t kSpoolAbove = std::uint64_t{1024} * 1024;

// A Beast body type for requests whose value is SpooledBytes: where it spools is set on the
// value (SpooledBytes::spool_above) after the header is read and before the body is. Requests
// are only ever read with it, never written.
struct SpooledBody {
  using value_type = SpooledBytes;

  static std::uint64_t size(const value_type& body) { return body.size(); }

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>& /*header*/, value_type& body)
        : body_(body) {}

    // A declared length over the threshold opens the file before the first byte arrives.
    void init(const boost::optional<std::uint64_t>& length, boost::beast::error_code& ec) {
      ec = {};
      if (!length) return;
      try {
        body_.expect(*length);
      } catch (const std::system_error& e) {
        ec = boost::system::error_code(e.code().value(), boost::system::generic_category());
      }
    }

    // A file that cannot be made or written (the disk is full) fails the read with its errno,
    // in the generic category, which no socket error is in.
    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      std::size_t taken = 0;
      try {
        for (auto buffer : boost::beast::buffers_range_ref(buffers)) {
          body_.append({static_cast<const char*>(buffer.data()), buffer.size()});
          taken += buffer.size();
        }
        ec = {};
      } catch (const std::system_error& e) {
        ec = boost::system::error_code(e.code().value(), boost::system::generic_category());
      }
      return taken;
    }

    void finish(boost::beast::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

// The body as text, when it is in memory; one over kSpoolAbove is refused (field "body") for
// what it was sent as (`kind`: "JSON", "form"), telling the client to send files as parts.
std::string_view body_text(const SpooledBytes& body, std::string_view kind);

}  // namespace embargo::http
