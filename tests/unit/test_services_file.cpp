// SPDX-License-Identifier: GPL-3.0-or-later
// /etc/services the way glibc's getservbyname reads it, rule by rule. The same rules
// are checked against glibc itself in tests/integration/test_names_glibc.cpp.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "net/services_file.hpp"
#include "process.hpp"

using namespace vs::net;

namespace {

// "443@83", "none": the port and its line, for one-line comparisons.
std::string find(const ServicesFile& s, std::string_view name, std::string_view proto) {
  const ServiceEntry* e = find_service(s, name, proto);
  return e == nullptr ? "none" : std::to_string(e->port) + "@" + std::to_string(e->where.line);
}

std::string find(const std::string& text, std::string_view name, std::string_view proto = "tcp") {
  return find(parse_services(text, "services"), name, proto);
}

TEST(ServicesFile, Debian12File) {
  std::ifstream in(vs::test::fixture("names/debian12/etc/services"));
  std::stringstream text;
  text << in.rdbuf();
  const auto s = parse_services(text.str(), "/etc/services");
  EXPECT_TRUE(s.ignored.empty());
  EXPECT_EQ(find(s, "ssh", "tcp"), "22@24");
  EXPECT_EQ(find(s, "ssh", "udp"), "none");
  EXPECT_EQ(find(s, "https", "udp"), "443@84");
  EXPECT_EQ(find(s, "www", "tcp"), "80@39");     // an alias
  EXPECT_EQ(find(s, "smtps", "tcp"), "465@89");  // the second alias
  EXPECT_EQ(find(s, "sieve", "tcp"), "4190@212");
  EXPECT_EQ(find(s, "nrpe", "tcp"), "5666@332");
  EXPECT_EQ(find(s, "domain", ""), "53@32");  // any protocol: the first line
  const ServiceEntry* kerberos = find_service(s, "kerberos", "udp");
  ASSERT_NE(kerberos, nullptr);
  EXPECT_EQ(kerberos->aliases, (std::vector<std::string>{"kerberos5", "krb5", "kerberos-sec"}));
  EXPECT_EQ(kerberos->where.str(), "/etc/services:41");
}

TEST(ServicesFile, NamesAndProtocolsAreCaseSensitive) {
  EXPECT_EQ(find("ssh 22/tcp\n", "SSH"), "none");
  EXPECT_EQ(find("ssh 22/tcp\n", "ssh", "TCP"), "none");
}

TEST(ServicesFile, TheFirstMatchingLineWins) {
  EXPECT_EQ(find("dup 1/tcp\ndup 2/tcp\n", "dup"), "1@1");
  EXPECT_EQ(find("dup 1/udp\ndup 2/tcp\n", "dup"), "2@2");
  EXPECT_EQ(find("a 1/tcp b\nb 2/tcp\n", "b"), "1@1");
}

TEST(ServicesFile, PortIsStrtoulWithBaseZeroCutTo16Bits) {
  EXPECT_EQ(find("hex 0x16/tcp\n", "hex"), "22@1");
  EXPECT_EQ(find("oct 026/tcp\n", "oct"), "22@1");
  EXPECT_EQ(find("wrap 65558/tcp\n", "wrap"), "22@1");
  EXPECT_EQ(find("plus +22/tcp\n", "plus"), "22@1");
  EXPECT_EQ(find("max 4294967295/tcp\n", "max"), "65535@1");
}

TEST(ServicesFile, APortOver32BitsSkipsTheLine) {
  EXPECT_EQ(find("over 4294967296/tcp\n", "over"), "none");
  EXPECT_EQ(find("neg -1/tcp\n", "neg"), "none");  // strtoul: ULONG_MAX
  EXPECT_EQ(find("huge 99999999999999999999/tcp\n", "huge"), "none");
  EXPECT_EQ(find("wraps -18446744073709551615/tcp\n", "wraps"), "1@1");
}

TEST(ServicesFile, WhatFollowsThePortDecidesTheLine) {
  EXPECT_EQ(find("slashes 22//tcp\n", "slashes"), "22@1");
  EXPECT_EQ(find("noproto 22\n", "noproto", ""), "22@1");
  EXPECT_EQ(find("noproto 22\n", "noproto"), "none");
  // A blank after the slash: the protocol is empty and "tcp" becomes an alias.
  const auto spaced = parse_services("spaced 22/ tcp\n", "s");
  ASSERT_EQ(spaced.entries.size(), 1u);
  EXPECT_EQ(spaced.entries[0].proto, "");
  EXPECT_EQ(spaced.entries[0].aliases, std::vector<std::string>{"tcp"});

  const auto bad = parse_services("bad 22tcp\nbad2 x/tcp\nbad3 08/tcp\nbad4 22 tcp\nlone\n", "s");
  EXPECT_TRUE(bad.entries.empty());
  ASSERT_EQ(bad.ignored.size(), 5u);
  EXPECT_EQ(bad.ignored[0].name, "bad");
  EXPECT_EQ(bad.ignored[4].where.str(), "s:5");
}

TEST(ServicesFile, CommentsAnywhereAndIndentation) {
  EXPECT_EQ(find("#x 5/tcp\n", "#x"), "none");
  EXPECT_EQ(find("mid 6/tcp#comment\n", "mid"), "6@1");
  EXPECT_EQ(find("   indent 7/tcp\n", "indent"), "7@1");
  EXPECT_EQ(find("alias 4/udp al1#al2\n", "al2", "udp"), "none");
}

}  // namespace
