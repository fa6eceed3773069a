#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "http/request_reader.h"
#include "http/router.h"

namespace embargo::http {

// Writes an answer at `pace` or faster: a client must take at least bytes_per_second × window
// bytes in each window (or the rest of the answer), else error::timeout in `ec`. A 50 MB file
// reaches a slow but honest downlink in minutes, while a client that stops reading (slow read)
// holds its connection for one window; a spooled answer is read a piece at a time meanwhile.
boost::asio::awaitable<void> write_answer(boost::beast::tcp_stream& stream, Response& response,
                                          const BodyPace& pace, boost::beast::error_code& ec);

}  // namespace embargo::http
