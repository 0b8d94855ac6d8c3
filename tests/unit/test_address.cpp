// SPDX-License-Identifier: GPL-3.0-or-later
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netdb.h>

#include <cstring>

#include "endpoints.hpp"

#include "net/address.hpp"

using vs::net::Address;
using vs::net::Endpoint;
using vs::net::Proto;
using vs::net::Scope;

namespace {

using vs::test::address;
using vs::test::endpoint;

TEST(Address, ParsesAndPrintsCanonically) {
  EXPECT_EQ(address("192.0.2.1").str(), "192.0.2.1");
  EXPECT_EQ(address("2001:DB8:0::1").str(), "2001:db8::1");
  EXPECT_EQ(address("[2001:db8::1]").str(), "2001:db8::1");
  EXPECT_EQ(address("::ffff:192.0.2.1").str(), "::ffff:192.0.2.1");
  for (const char* bad :
       {"", "1.2.3", "256.0.0.1", "host.example", "[::1", "fe80::1%eth0", "1.2.3.4 "}) {
    EXPECT_FALSE(Address::parse(bad)) << bad;
  }
}

// The numeric shorthand the daemons accept (through getaddrinfo): the answer is
// glibc's own, asked for every input of the table.
TEST(Address, InetAtonFormsAsGlibcReadsThem) {
  const std::vector<std::string> inputs = {"0",
                                           "00.00.00.00",
                                           "127.1",
                                           "0177.0.0.1",
                                           "0x7f.1",
                                           "0X7F.0.0.1",
                                           "0x7f.0x0.0x1",
                                           "1.2.3",
                                           "1.2.3.4",
                                           "1.2.3.04",
                                           "255.255.255.255",
                                           "0377.0377.0377.0377",
                                           "256.1",
                                           "1.256.1",
                                           "0400.1",
                                           "1.2.65535",
                                           "1.2.65536",
                                           "1.16777215",
                                           "1.16777216",
                                           "4294967295",
                                           "4294967296",
                                           "0xffffffff",
                                           "0x100000000",
                                           "99999999999999999999",
                                           "0000000000000000001",
                                           "0x0000000000000000000007f.1",
                                           "0x",
                                           "0x.1",
                                           "1.0x",
                                           "08",
                                           "09.1.1.1",
                                           "0018",
                                           "1..1",
                                           "",
                                           ".",
                                           ".1",
                                           "1.",
                                           "1.2.3.4.",
                                           "1.2.3.4.5",
                                           " 127.1",
                                           "+1",
                                           "-1",
                                           "1e3",
                                           "abc",
                                           "1a",
                                           "12345678901234567890.1",
                                           "192.0.2.1%eth0",
                                           "\xd9\xa1"};
  for (const auto& text : inputs) {
    in_addr glibc{};
    const bool accepted = inet_aton(text.c_str(), &glibc) == 1;
    const auto ours = Address::parse_inet_aton(text);
    ASSERT_EQ(ours.has_value(), accepted) << "'" << text << "'";
    if (!accepted) continue;
    EXPECT_EQ(ours->family(), vs::net::Family::v4);
    EXPECT_EQ(std::memcmp(ours->bytes().data(), &glibc.s_addr, 4), 0)
        << text << ": " << ours->str();
  }
  EXPECT_EQ(Address::parse_inet_aton("127.1")->str(), "127.0.0.1");
  EXPECT_TRUE(Address::parse_inet_aton("00.00.00.00")->is_wildcard());
  EXPECT_TRUE(Address::parse_inet_aton("0x7f.1")->is_loopback());
}

// inet_aton() stops at a blank and ignores the rest; getaddrinfo(), which daemons
// call, refuses trailing text, and so does parse_inet_aton.
TEST(Address, InetAtonFormsRefuseTrailingTextAsGetaddrinfoDoes) {
  for (const std::string text : {"127.1 ", "127.1\t", "127.1\n", "127.1 x", "0 0", "127.1"}) {
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_family = AF_INET;
    addrinfo* res = nullptr;
    const bool accepted = getaddrinfo(text.c_str(), nullptr, &hints, &res) == 0;
    if (res != nullptr) freeaddrinfo(res);
    EXPECT_EQ(Address::parse_inet_aton(text).has_value(), accepted) << "'" << text << "'";
  }
}

TEST(Address, Classifies) {
  EXPECT_TRUE(address("0.0.0.0").is_wildcard());
  EXPECT_TRUE(address("::").is_wildcard());
  EXPECT_TRUE(address("::ffff:0.0.0.0").is_wildcard());
  EXPECT_FALSE(address("::ffff:192.0.2.1").is_wildcard());
  EXPECT_TRUE(address("::ffff:192.0.2.1").is_v4_mapped());
  EXPECT_EQ(address("::ffff:192.0.2.1").unmapped(), address("192.0.2.1"));
  EXPECT_TRUE(address("127.3.2.1").is_loopback());
  EXPECT_TRUE(address("::1").is_loopback());
  EXPECT_TRUE(address("::ffff:127.0.0.1").is_loopback());
  EXPECT_FALSE(address("192.0.2.127").is_loopback());
  EXPECT_TRUE(vs::net::same_host(address("::ffff:192.0.2.1"), address("192.0.2.1")));
  EXPECT_EQ(Address::v4(0xC0000201), address("192.0.2.1"));
}

TEST(Endpoint, ScopeOfEachKindOfBind) {
  EXPECT_EQ(endpoint(Proto::tcp, address("0.0.0.0"), 22).scope(), Scope::wildcard_v4);
  EXPECT_EQ(endpoint(Proto::tcp, address("::"), 22).scope(), Scope::wildcard_dual);
  EXPECT_EQ(endpoint(Proto::tcp, address("::"), 22, false).scope(), Scope::wildcard_dual);
  EXPECT_EQ(endpoint(Proto::tcp, address("::"), 22, true).scope(), Scope::wildcard_v6_only);
  EXPECT_EQ(endpoint(Proto::tcp, address("::ffff:0.0.0.0"), 22).scope(), Scope::wildcard_v4);
  EXPECT_EQ(endpoint(Proto::tcp, address("::ffff:192.0.2.1"), 22).scope(), Scope::specific);
  Endpoint named = endpoint(Proto::tcp, Address{}, 25);
  named.hostname = "mail.example";
  EXPECT_EQ(named.scope(), Scope::specific);
  EXPECT_FALSE(named.is_wildcard());
}

TEST(Endpoint, AnswersFor) {
  const Endpoint v4 = endpoint(Proto::tcp, address("0.0.0.0"), 22);
  const Endpoint dual = endpoint(Proto::tcp, address("::"), 22);
  const Endpoint v6only = endpoint(Proto::tcp, address("::"), 22, true);
  const Endpoint mapped = endpoint(Proto::tcp, address("::ffff:192.0.2.40"), 22);
  EXPECT_TRUE(v4.answers_for(address("192.0.2.40")));
  EXPECT_FALSE(v4.answers_for(address("2001:db8::40")));
  EXPECT_TRUE(dual.answers_for(address("192.0.2.40")));
  EXPECT_TRUE(dual.answers_for(address("2001:db8::40")));
  EXPECT_FALSE(v6only.answers_for(address("192.0.2.40")));
  EXPECT_TRUE(v6only.answers_for(address("2001:db8::40")));
  EXPECT_TRUE(mapped.answers_for(address("192.0.2.40")));
  EXPECT_FALSE(mapped.answers_for(address("192.0.2.41")));
}

TEST(Endpoint, Prints) {
  EXPECT_EQ(endpoint(Proto::tcp, address("0.0.0.0"), 22).str(), "tcp 0.0.0.0:22");
  EXPECT_EQ(endpoint(Proto::tcp, address("::"), 80).str(), "tcp [::]:80");
  Endpoint dev = endpoint(Proto::udp, address("0.0.0.0"), 53);
  dev.device = "eth1";
  EXPECT_EQ(dev.str(), "udp 0.0.0.0%eth1:53");
  EXPECT_EQ(endpoint(Proto::tcp, address("192.0.2.1"), 0).str(), "tcp 192.0.2.1");
}

}  // namespace
