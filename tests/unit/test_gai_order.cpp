// SPDX-License-Identifier: GPL-3.0-or-later
// getaddrinfo's order: RFC 3484 rules 6 (precedence) and 8 (scope) with glibc's
// tables, replaced by /etc/gai.conf lines. Checked against glibc itself in
// tests/integration/test_names_glibc.cpp.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "net/gai_order.hpp"
#include "process.hpp"

using namespace vs::net;

namespace {

Address addr(const char* text) {
  return *Address::parse(text);
}

std::vector<HostAddress> list(std::initializer_list<const char*> texts) {
  std::vector<HostAddress> out;
  int line = 0;
  for (const char* t : texts)
    out.push_back({addr(t), {"hosts", ++line}});
  return out;
}

std::string show(const std::vector<HostAddress>& l) {
  std::string out;
  for (const auto& a : l)
    out += (out.empty() ? "" : " ") + a.address.str();
  return out;
}

TEST(GaiOrder, DefaultTables) {
  const auto conf = GaiConf::defaults();
  EXPECT_EQ(gai_precedence(conf, addr("::1")), 50);
  EXPECT_EQ(gai_precedence(conf, addr("2001:db8::1")), 40);
  EXPECT_EQ(gai_precedence(conf, addr("2002:c000:20b::1")), 30);
  EXPECT_EQ(gai_precedence(conf, addr("::192.0.2.1")), 20);
  EXPECT_EQ(gai_precedence(conf, addr("192.0.2.1")), 10);
  EXPECT_EQ(gai_precedence(conf, addr("::ffff:192.0.2.1")), 10);
  EXPECT_EQ(gai_scope(conf, addr("127.0.0.2")), 2);
  EXPECT_EQ(gai_scope(conf, addr("169.254.1.1")), 2);
  EXPECT_EQ(gai_scope(conf, addr("192.0.2.1")), 14);
  EXPECT_EQ(gai_scope(conf, addr("::1")), 2);
  EXPECT_EQ(gai_scope(conf, addr("fe80::1")), 2);
  EXPECT_EQ(gai_scope(conf, addr("fec0::1")), 5);
  EXPECT_EQ(gai_scope(conf, addr("ff05::1")), 5);
  EXPECT_EQ(gai_scope(conf, addr("ff0e::1")), 14);
  EXPECT_EQ(gai_scope(conf, addr("::ffff:127.0.0.1")), 14);  // an IPv6 destination
}

TEST(GaiOrder, Ipv6BeforeIpv4AndSmallerScopeFirstElseFileOrder) {
  const auto conf = GaiConf::defaults();
  EXPECT_EQ(
      show(getaddrinfo_order(
          list({"192.0.2.10", "2001:db8::10", "127.0.0.2", "::1", "192.0.2.11", "fe80::1"}), conf)),
      "::1 fe80::1 2001:db8::10 127.0.0.2 192.0.2.10 192.0.2.11");
  // Ties keep the file order, and the lines stay with their addresses.
  const auto same = getaddrinfo_order(list({"192.0.2.2", "192.0.2.1"}), conf);
  EXPECT_EQ(show(same), "192.0.2.2 192.0.2.1");
  EXPECT_EQ(same[1].where.line, 2);
}

TEST(GaiOrder, Debian12FileIsAllCommentsSoTheDefaultsApply) {
  std::ifstream in(vs::test::fixture("names/debian12/etc/gai.conf"));
  std::stringstream text;
  text << in.rdbuf();
  const auto conf = parse_gai_conf(text.str(), "/etc/gai.conf");
  EXPECT_EQ(conf.precedence.size(), GaiConf::defaults().precedence.size());
  EXPECT_EQ(gai_precedence(conf, addr("192.0.2.1")), 10);
  EXPECT_EQ(gai_scope(conf, addr("127.0.0.1")), 2);
}

TEST(GaiOrder, PreferIpv4TweakReplacesTheWholeTable) {
  // The line Debian's gai.conf suggests to prefer IPv4: every other entry of the
  // built-in table goes, and ::/0 gets 40.
  const auto conf = parse_gai_conf("precedence ::ffff:0:0/96  100\n", "/etc/gai.conf");
  ASSERT_EQ(conf.precedence.size(), 2u);
  EXPECT_EQ(conf.precedence[0].where.str(), "/etc/gai.conf:1");
  EXPECT_EQ(gai_precedence(conf, addr("192.0.2.1")), 100);
  EXPECT_EQ(gai_precedence(conf, addr("::1")), 40);
  EXPECT_EQ(show(getaddrinfo_order(list({"::1", "192.0.2.1"}), conf)), "192.0.2.1 ::1");
}

TEST(GaiOrder, MostSpecificPrefixWinsWhateverTheLineOrder) {
  const auto conf = parse_gai_conf("precedence ::/0 5\nprecedence 2001:db8::/32 7 # doc\n", "g");
  EXPECT_EQ(gai_precedence(conf, addr("2001:db8::1")), 7);
  EXPECT_EQ(gai_precedence(conf, addr("2001:db9::1")), 5);
}

TEST(GaiOrder, InvalidLinesAreSkipped) {
  const auto conf = parse_gai_conf(
      "precedence 2001:db8::/129 7\nprecedence 192.0.2.0/24 7\nprecedence ::/0 -1\n"
      "Precedence ::/0 7\nprecedence ::/x 7\n",
      "g");
  EXPECT_EQ(conf.precedence.size(), GaiConf::defaults().precedence.size());
}

TEST(GaiOrder, ScopeV4TakesIpv4OrMappedPrefixes) {
  auto conf = parse_gai_conf("scopev4 192.0.2.0/24 3\n", "g");
  EXPECT_EQ(gai_scope(conf, addr("192.0.2.7")), 3);
  EXPECT_EQ(gai_scope(conf, addr("127.0.0.1")), 14);  // the built-in entries are gone
  conf = parse_gai_conf("scopev4 ::ffff:192.0.2.0/120 4\nscopev4 ::ffff:0.0.0.0/96 9\n", "g");
  EXPECT_EQ(gai_scope(conf, addr("192.0.2.7")), 4);
  EXPECT_EQ(gai_scope(conf, addr("198.51.100.1")), 9);
  conf = parse_gai_conf("scopev4 2001:db8::/96 4\nscopev4 ::ffff:1.2.3.4/95 4\n", "g");
  EXPECT_EQ(conf.scopev4.size(), GaiConf::defaults().scopev4.size());
}

}  // namespace
