#include "http/connection_table.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

namespace embargo::http {
namespace {

namespace asio = boost::asio;
using Stream = ConnectionTable::Stream;

class ConnectionTableTest : public ::testing::Test {
 protected:
  std::shared_ptr<Stream> stream() { return std::make_shared<Stream>(ioc_); }
  // Whether the table still has the connection (set_phase is false for one it dropped).
  static bool kept(ConnectionTable& table, const std::shared_ptr<ConnectionTable::Entry>& entry) {
    return table.set_phase(*entry, ConnectionPhase::busy);
  }

  asio::io_context ioc_;
  const asio::ip::address alice_ = asio::ip::make_address("192.0.2.1");
  const asio::ip::address bob_ = asio::ip::make_address("192.0.2.2");
};

TEST(DefaultConnectionLimits, FollowTheOpenFileLimit) {
  auto low = default_connection_limits(256);  // `ulimit -n 256`
  EXPECT_EQ(low.total, 192U);                 // 64 kept for the store, mail and logs
  EXPECT_EQ(low.per_client, 48U);
  auto common = default_connection_limits(1024);
  EXPECT_EQ(common.total, 896U);
  EXPECT_EQ(common.per_client, 224U);
  auto high = default_connection_limits(1'048'576);
  EXPECT_EQ(high.total, 10'000U);
  EXPECT_EQ(high.per_client, 256U);
  EXPECT_GE(default_connection_limits(16).total, 1U);
  EXPECT_EQ(default_connection_limits(16).per_client, 8U);
}

TEST_F(ConnectionTableTest, AClientAtItsLimitLosesItsOwnLongestWaitingConnection) {
  ConnectionTable table({/*total=*/10, /*per_client=*/2});
  auto first = table.admit(stream(), alice_);
  auto bobs = table.admit(stream(), bob_);
  auto second = table.admit(stream(), alice_);
  ASSERT_TRUE(first && bobs && second);
  auto third = table.admit(stream(), alice_);
  ASSERT_TRUE(third);
  EXPECT_EQ(table.size(), 3U);
  EXPECT_FALSE(kept(table, first));
  EXPECT_TRUE(kept(table, bobs));  // older than alice's second, but bob is within his limit
  EXPECT_TRUE(kept(table, second));
  EXPECT_TRUE(kept(table, third));
}

TEST_F(ConnectionTableTest, AtTheTotalOneAwaitingARequestGoesBeforeOneSendingABody) {
  ConnectionTable table({/*total=*/2, /*per_client=*/10});
  auto uploading = table.admit(stream(), alice_);
  ASSERT_TRUE(uploading);
  table.set_phase(*uploading, ConnectionPhase::reading_body);
  auto waiting = table.admit(stream(), bob_);  // awaiting its request, and newer
  ASSERT_TRUE(waiting);
  ASSERT_TRUE(table.admit(stream(), bob_));
  EXPECT_FALSE(kept(table, waiting));
  EXPECT_TRUE(kept(table, uploading));
}

TEST_F(ConnectionTableTest, BusyConnectionsAreNeverDropped) {
  ConnectionTable table({/*total=*/2, /*per_client=*/1});
  auto answering = table.admit(stream(), alice_);
  ASSERT_TRUE(answering);
  table.set_phase(*answering, ConnectionPhase::busy);
  EXPECT_FALSE(table.admit(stream(), alice_));  // alice's only connection is busy
  ASSERT_TRUE(table.admit(stream(), bob_));
  EXPECT_EQ(table.size(), 2U);
  EXPECT_TRUE(table.drop_longest_waiting());  // bob's
  EXPECT_FALSE(table.drop_longest_waiting());
  EXPECT_TRUE(kept(table, answering));
}

TEST_F(ConnectionTableTest, DroppingClosesTheConnectionOnItsExecutor) {
  ConnectionTable table({/*total=*/1, /*per_client=*/1});
  auto socket = stream();
  socket->socket().open(asio::ip::tcp::v4());
  ASSERT_TRUE(table.admit(socket, alice_));
  ASSERT_TRUE(table.admit(stream(), bob_));
  EXPECT_TRUE(socket->socket().is_open());  // closed by the executor, not under the lock
  ioc_.run();
  EXPECT_FALSE(socket->socket().is_open());
}

TEST_F(ConnectionTableTest, ConnectionsNotCountedPerClientOnlyCountInAll) {
  ConnectionTable table({/*total=*/3, /*per_client=*/1});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(table.admit(stream(), std::nullopt));  // via a proxy
  EXPECT_EQ(table.size(), 3U);
}

TEST_F(ConnectionTableTest, StoppingEndsConnectionsAwaitingARequest) {
  ConnectionTable table({10, 10});
  auto answering = table.admit(stream(), alice_);
  ASSERT_TRUE(answering);
  table.set_phase(*answering, ConnectionPhase::busy);
  table.stop();
  EXPECT_TRUE(table.stopping());
  EXPECT_TRUE(table.set_phase(*answering, ConnectionPhase::busy));
  EXPECT_FALSE(table.set_phase(*answering, ConnectionPhase::awaiting_request));
  table.remove(*answering);
  EXPECT_EQ(table.size(), 0U);
}

}  // namespace
}  // namespace embargo::http
