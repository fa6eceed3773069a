#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional/optional.hpp>
#include <cstdint>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/spooled_bytes.h"

namespace embargo::http {

// Request bodies up to this size are read into memory; a larger one (an upload) goes to a
// temporary file in the data directory as it arrives, so that memory does not grow with what
// clients send. Text (a JSON body, a form's fields) is never larger.
inline constexpr std::uint64_t kSpoolAbove = std::uint64_t{1024} * 1024;

// A Beast body type whose value is SpooledBytes. A request's: where it spools is set on the
// value (SpooledBytes::spool_above) after the header is read and before the body is. An
// answer's: text in memory, or a file sent a piece at a time as the client takes it.
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

  // Hands Beast the bytes in memory at once, or the next piece of spooled ones, read as the
  // previous one has been sent: at most one piece in memory per answer.
  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(const boost::beast::http::header<isRequest, Fields>& /*header*/, const value_type& body)
        : body_(body) {}

    void init(boost::beast::error_code& ec) { ec = {}; }

    // A source that fails mid-answer (a file deleted meanwhile) ends the answer with an error;
    // the connection is closed, so the client sees it cut short, never another file's bytes.
    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
      ec = {};
      if (!body_.spooled()) {
        if (sent_ == 1 || body_.empty()) return boost::none;
        sent_ = 1;
        return {{boost::asio::buffer(body_.memory().data(), body_.memory().size()), false}};
      }
      std::uint64_t size = body_.size();
      if (sent_ >= size) return boost::none;
      piece_.resize(SpooledBytes::kPieceBytes);
      std::size_t got = 0;
      try {
        got = body_.source().read_at(sent_, piece_.data(), piece_.size());
      } catch (const std::exception&) {
        ec = boost::beast::errc::make_error_code(boost::beast::errc::io_error);
        return boost::none;
      }
      if (got == 0) {
        ec = boost::beast::errc::make_error_code(boost::beast::errc::io_error);
        return boost::none;
      }
      sent_ += got;
      return {{boost::asio::buffer(piece_.data(), got), sent_ < size}};
    }

   private:
    const value_type& body_;
    std::uint64_t sent_ = 0;  // bytes handed over (1 once in-memory bytes are)
    std::vector<char> piece_;
  };
};

// The body as text, when it is in memory; one over kSpoolAbove is refused (field "body") for
// what it was sent as (`kind`: "JSON", "form"), telling the client to send files as parts.
std::string_view body_text(const SpooledBytes& body, std::string_view kind);

}  // namespace embargo::http
