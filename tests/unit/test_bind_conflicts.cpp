// SPDX-License-Identifier: GPL-3.0-or-later
// The bind model alone (tests/integration/test_bind_conflicts checks it against the
// kernel itself).
#include "net/bind_conflicts.hpp"

#include <gtest/gtest.h>

#include "config/host_port.hpp"

namespace net = vs::net;
using net::BindError;

namespace {

net::Endpoint tcp(const std::string& host, std::uint16_t port, std::optional<bool> v6only = {}) {
  net::Endpoint e = vs::config::endpoint_for(host, port);
  e.v6only = v6only;
  return e;
}

}  // namespace

TEST(BindConflicts, WildcardsTakeTheirFamilyAndDualStackTakesBoth) {
  net::BoundSockets s;
  EXPECT_EQ(s.bind(tcp("0.0.0.0", 80)), BindError::none);
  EXPECT_EQ(s.bind(tcp("192.0.2.1", 80)), BindError::address_in_use);
  EXPECT_EQ(s.bind(tcp("::", 80, true)), BindError::none);
  EXPECT_EQ(s.bind(tcp("2001:db8::1", 80, true)), BindError::address_in_use);
  EXPECT_EQ(s.bind(tcp("192.0.2.1", 81)), BindError::none);
  EXPECT_EQ(s.bound().size(), 3u);

  net::BoundSockets dual;
  EXPECT_EQ(dual.bind(tcp("::", 80, false)), BindError::none);
  EXPECT_EQ(dual.bind(tcp("0.0.0.0", 80)), BindError::address_in_use);
  EXPECT_EQ(dual.check(tcp("127.0.0.1", 80)), BindError::address_in_use);
  EXPECT_EQ(dual.check(tcp("::ffff:127.0.0.1", 80, false)), BindError::address_in_use);
}

TEST(BindConflicts, V4MappedAddressesAreTheirIpv4Address) {
  net::BoundSockets s;
  EXPECT_EQ(s.bind(tcp("::ffff:192.0.2.1", 80, false)), BindError::none);
  EXPECT_EQ(s.check(tcp("192.0.2.1", 80)), BindError::address_in_use);
  EXPECT_EQ(s.check(tcp("192.0.2.2", 80)), BindError::none);
  EXPECT_EQ(s.check(tcp("::", 80, true)), BindError::none);
  EXPECT_EQ(s.check(tcp("::ffff:127.0.0.1", 80, true)), BindError::invalid_argument);
}

TEST(BindConflicts, DevicesNamesAndUdp) {
  net::BoundSockets s;
  net::Endpoint on_lo = tcp("0.0.0.0", 80);
  on_lo.device = "lo";
  EXPECT_EQ(s.bind(on_lo), BindError::none);
  net::Endpoint on_eth = on_lo;
  on_eth.device = "eth0";
  EXPECT_EQ(s.check(on_eth), BindError::none);
  EXPECT_EQ(s.check(tcp("0.0.0.0", 80)), BindError::address_in_use);
  EXPECT_EQ(s.check(tcp("www.example", 80)), BindError::none);
  net::Endpoint udp = tcp("0.0.0.0", 80);
  udp.proto = net::Proto::udp;
  EXPECT_EQ(s.bind(udp), BindError::none);
  EXPECT_EQ(s.bind(udp), BindError::none);
}

TEST(BindConflicts, AnAddressTheMachineDoesNotHave) {
  const std::vector<net::Address> local = {*net::Address::parse("127.0.0.1"),
                                           *net::Address::parse("192.0.2.1")};
  net::BoundSockets s(local);
  EXPECT_EQ(s.bind(tcp("192.0.2.9", 80)), BindError::address_not_available);
  EXPECT_EQ(s.bind(tcp("::ffff:192.0.2.9", 80, false)), BindError::address_not_available);
  EXPECT_EQ(s.bind(tcp("2001:db8::1", 80, true)), BindError::address_not_available);
  EXPECT_EQ(s.bind(tcp("127.0.0.2", 80)), BindError::none);  // lo's 127.0.0.0/8
  EXPECT_EQ(s.bind(tcp("192.0.2.1", 80)), BindError::none);
  EXPECT_EQ(s.bind(tcp("::", 81, true)), BindError::none);
  EXPECT_TRUE(net::BoundSockets().check(tcp("192.0.2.9", 80)) == BindError::none);  // unknown
  EXPECT_EQ(net::errno_of(BindError::address_not_available), 99);
  EXPECT_EQ(net::strerror_text(BindError::address_not_available),
            "Cannot assign requested address");
}

TEST(BindConflicts, ErrnoAndText) {
  EXPECT_EQ(net::errno_of(BindError::address_in_use), 98);
  EXPECT_EQ(net::strerror_text(BindError::address_in_use), "Address already in use");
  EXPECT_EQ(net::errno_of(BindError::invalid_argument), 22);
  EXPECT_EQ(net::strerror_text(BindError::none), "");
}
