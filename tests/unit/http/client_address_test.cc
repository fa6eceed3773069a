#include "http/client_address.h"

#include <gtest/gtest.h>

namespace embargo::http {
namespace {

namespace ip = boost::asio::ip;

const std::vector<ip::address> kProxies = {ip::make_address("127.0.0.1"),
                                           ip::make_address("10.0.0.5")};

TEST(ClientKey, ADirectPeerIsItsOwnAddressWhateverItsHeadersSay) {
  EXPECT_EQ(client_key(ip::make_address("192.0.2.7"), "198.51.100.1", kProxies), "192.0.2.7");
  EXPECT_EQ(client_key(ip::make_address("192.0.2.7"), "", {}), "192.0.2.7");
}

TEST(ClientKey, BehindATrustedProxyTheRightMostUntrustedHopCounts) {
  EXPECT_EQ(client_key(ip::make_address("127.0.0.1"), "198.51.100.1", kProxies), "198.51.100.1");
  // A client can put anything on the left; only what our proxies appended is believed.
  EXPECT_EQ(client_key(ip::make_address("127.0.0.1"), "203.0.113.9, 198.51.100.1", kProxies),
            "198.51.100.1");
  EXPECT_EQ(client_key(ip::make_address("127.0.0.1"), "198.51.100.1 , 10.0.0.5", kProxies),
            "198.51.100.1");
}

TEST(ClientKey, WithoutAUsableHeaderTheProxyItselfCounts) {
  EXPECT_EQ(client_key(ip::make_address("127.0.0.1"), "", kProxies), "127.0.0.1");
  EXPECT_EQ(client_key(ip::make_address("127.0.0.1"), "unknown", kProxies), "127.0.0.1");
  EXPECT_EQ(client_key(ip::make_address("127.0.0.1"), "198.51.100.1, garbage", kProxies),
            "127.0.0.1");
}

TEST(ClientKey, Ipv6ClientsCountPerSlash64) {
  EXPECT_EQ(client_key(ip::make_address("2001:db8:1:2:aaaa::1"), "", {}), "2001:db8:1:2::/64");
  EXPECT_EQ(client_key(ip::make_address("2001:db8:1:2:bbbb::9"), "", {}), "2001:db8:1:2::/64");
  EXPECT_EQ(client_key(ip::make_address("::ffff:192.0.2.7"), "", {}), "192.0.2.7");
}

}  // namespace
}  // namespace embargo::http
