#include <gtest/gtest.h>

#include "net/address.hpp"

using vs::net::Address;
using vs::net::Endpoint;
using vs::net::Proto;
using vs::net::Scope;

namespace {

// An endpoint; v6only unknown unless given.
Endpoint E(Proto proto, Address address, std::uint16_t port,
           std::optional<bool> v6only = std::nullopt) {
  Endpoint e;
  e.proto = proto;
  e.address = address;
  e.port = port;
  e.v6only = v6only;
  return e;
}

Address A(const char* s) {
  auto a = Address::parse(s);
  EXPECT_TRUE(a) << s;
  return a.value_or(Address{});
}

TEST(Address, ParsesAndPrintsCanonically) {
  EXPECT_EQ(A("192.0.2.1").str(), "192.0.2.1");
  EXPECT_EQ(A("2001:DB8:0::1").str(), "2001:db8::1");
  EXPECT_EQ(A("[2001:db8::1]").str(), "2001:db8::1");
  EXPECT_EQ(A("::ffff:192.0.2.1").str(), "::ffff:192.0.2.1");
  for (const char* bad :
       {"", "1.2.3", "256.0.0.1", "host.example", "[::1", "fe80::1%eth0", "1.2.3.4 "}) {
    EXPECT_FALSE(Address::parse(bad)) << bad;
  }
}

TEST(Address, Classifies) {
  EXPECT_TRUE(A("0.0.0.0").is_wildcard());
  EXPECT_TRUE(A("::").is_wildcard());
  EXPECT_TRUE(A("::ffff:0.0.0.0").is_wildcard());
  EXPECT_FALSE(A("::ffff:192.0.2.1").is_wildcard());
  EXPECT_TRUE(A("::ffff:192.0.2.1").is_v4_mapped());
  EXPECT_EQ(A("::ffff:192.0.2.1").unmapped(), A("192.0.2.1"));
  EXPECT_TRUE(A("127.3.2.1").is_loopback());
  EXPECT_TRUE(A("::1").is_loopback());
  EXPECT_TRUE(A("::ffff:127.0.0.1").is_loopback());
  EXPECT_FALSE(A("192.0.2.127").is_loopback());
  EXPECT_TRUE(vs::net::same_host(A("::ffff:192.0.2.1"), A("192.0.2.1")));
  EXPECT_EQ(Address::v4(0xC0000201), A("192.0.2.1"));
}

TEST(Endpoint, ScopeOfEachKindOfBind) {
  EXPECT_EQ(E(Proto::tcp, A("0.0.0.0"), 22).scope(), Scope::wildcard_v4);
  EXPECT_EQ(E(Proto::tcp, A("::"), 22).scope(), Scope::wildcard_dual);
  EXPECT_EQ(E(Proto::tcp, A("::"), 22, false).scope(), Scope::wildcard_dual);
  EXPECT_EQ(E(Proto::tcp, A("::"), 22, true).scope(), Scope::wildcard_v6_only);
  EXPECT_EQ(E(Proto::tcp, A("::ffff:0.0.0.0"), 22).scope(), Scope::wildcard_v4);
  EXPECT_EQ(E(Proto::tcp, A("::ffff:192.0.2.1"), 22).scope(), Scope::specific);
  Endpoint named = E(Proto::tcp, Address{}, 25);
  named.hostname = "mail.example";
  EXPECT_EQ(named.scope(), Scope::specific);
  EXPECT_FALSE(named.is_wildcard());
}

TEST(Endpoint, AnswersFor) {
  const Endpoint v4 = E(Proto::tcp, A("0.0.0.0"), 22);
  const Endpoint dual = E(Proto::tcp, A("::"), 22);
  const Endpoint v6only = E(Proto::tcp, A("::"), 22, true);
  const Endpoint mapped = E(Proto::tcp, A("::ffff:192.0.2.40"), 22);
  EXPECT_TRUE(v4.answers_for(A("192.0.2.40")));
  EXPECT_FALSE(v4.answers_for(A("2001:db8::40")));
  EXPECT_TRUE(dual.answers_for(A("192.0.2.40")));
  EXPECT_TRUE(dual.answers_for(A("2001:db8::40")));
  EXPECT_FALSE(v6only.answers_for(A("192.0.2.40")));
  EXPECT_TRUE(v6only.answers_for(A("2001:db8::40")));
  EXPECT_TRUE(mapped.answers_for(A("192.0.2.40")));
  EXPECT_FALSE(mapped.answers_for(A("192.0.2.41")));
}

TEST(Endpoint, Prints) {
  EXPECT_EQ(E(Proto::tcp, A("0.0.0.0"), 22).str(), "tcp 0.0.0.0:22");
  EXPECT_EQ(E(Proto::tcp, A("::"), 80).str(), "tcp [::]:80");
  Endpoint dev = E(Proto::udp, A("0.0.0.0"), 53);
  dev.device = "eth1";
  EXPECT_EQ(dev.str(), "udp 0.0.0.0%eth1:53");
  EXPECT_EQ(E(Proto::tcp, A("192.0.2.1"), 0).str(), "tcp 192.0.2.1");
}

}  // namespace
