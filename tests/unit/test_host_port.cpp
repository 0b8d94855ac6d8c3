// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/host_port.hpp"

#include <gtest/gtest.h>

using vs::config::endpoint_for;
using vs::config::kApacheHostPort;
using vs::config::kSshdHostPort;
using vs::config::parse_host_port;
using vs::config::parse_port;
using vs::config::split_words;

using Strings = std::vector<std::string>;

TEST(SplitWords, BlanksSeparate) {
  EXPECT_EQ(split_words("  Port\t22  ", false).words, (Strings{"Port", "22"}));
  EXPECT_TRUE(split_words("", false).words.empty());
}

TEST(SplitWords, QuotesGroupAnywhereInAWord) {
  EXPECT_EQ(split_words(R"(a "b c" 'd e')", false).words, (Strings{"a", "b c", "d e"}));
  EXPECT_EQ(split_words(R"(x"y z"w)", false).words, (Strings{"xy zw"}));
  EXPECT_EQ(split_words(R"("" b)", false).words, (Strings{"", "b"}));
  EXPECT_EQ(split_words(R"('a"b')", false).words, (Strings{"a\"b"}));
}

TEST(SplitWords, BackslashEscapes) {
  EXPECT_EQ(split_words(R"(a\ b "c\"d" e\\f g\h)", false).words,
            (Strings{"a b", "c\"d", "e\\f", "g\\h"}));
}

TEST(SplitWords, UnterminatedQuoteIsAnError) {
  const auto w = split_words(R"(a "b c)", false);
  EXPECT_EQ(w.error, "unterminated quote");
  EXPECT_EQ(w.words, (Strings{"a"}));
}

TEST(SplitWords, HashStartingAWordEndsTheLineOnlyWhenAsked) {
  EXPECT_EQ(split_words("a b # c d", true).words, (Strings{"a", "b"}));
  EXPECT_EQ(split_words("a b#c", true).words, (Strings{"a", "b#c"}));
  EXPECT_EQ(split_words("a \"#b\"", true).words, (Strings{"a", "#b"}));
  EXPECT_EQ(split_words("a # c", false).words, (Strings{"a", "#", "c"}));
}

TEST(ParsePort, DecimalFrom1To65535) {
  EXPECT_EQ(parse_port("22"), 22);
  EXPECT_EQ(parse_port("65535"), 65535);
  EXPECT_EQ(parse_port("0"), std::nullopt);
  EXPECT_EQ(parse_port("65536"), std::nullopt);
  EXPECT_EQ(parse_port("0000022"), std::nullopt);
  EXPECT_EQ(parse_port("ssh"), std::nullopt);
  EXPECT_EQ(parse_port("-1"), std::nullopt);
  EXPECT_EQ(parse_port(""), std::nullopt);
}

TEST(ParseHostPort, AddressAndPort) {
  const auto hp = parse_host_port("192.0.2.1:2222", kSshdHostPort);
  EXPECT_EQ(hp.host, "192.0.2.1");
  EXPECT_EQ(hp.port, 2222);
  EXPECT_EQ(hp.error, "");
}

TEST(ParseHostPort, AddressAlone) {
  const auto hp = parse_host_port("192.0.2.1", kSshdHostPort);
  EXPECT_EQ(hp.host, "192.0.2.1");
  EXPECT_EQ(hp.port, std::nullopt);
}

TEST(ParseHostPort, BracketedV6) {
  auto hp = parse_host_port("[2001:db8::1]:443", kApacheHostPort);
  EXPECT_EQ(hp.host, "2001:db8::1");
  EXPECT_EQ(hp.port, 443);
  hp = parse_host_port("[::]", kSshdHostPort);
  EXPECT_EQ(hp.host, "::");
  EXPECT_EQ(hp.port, std::nullopt);
  EXPECT_EQ(hp.error, "");
}

TEST(ParseHostPort, BareV6DependsOnTheService) {
  auto hp = parse_host_port("2001:db8::1", kSshdHostPort);
  EXPECT_EQ(hp.host, "2001:db8::1");
  EXPECT_EQ(hp.port, std::nullopt);
  // APR takes the digits after the last colon as the port.
  hp = parse_host_port("2001:db8::1:80", kApacheHostPort);
  EXPECT_EQ(hp.host, "2001:db8::1");
  EXPECT_EQ(hp.port, 80);
}

TEST(ParseHostPort, DigitsAloneDependOnTheService) {
  auto hp = parse_host_port("80", kApacheHostPort);
  EXPECT_EQ(hp.host, "");
  EXPECT_EQ(hp.port, 80);
  hp = parse_host_port("80", kSshdHostPort);
  EXPECT_EQ(hp.host, "80");
  EXPECT_EQ(hp.port, std::nullopt);
}

TEST(ParseHostPort, Zone) {
  auto hp = parse_host_port("[fe80::1%eth0]:22", kSshdHostPort);
  EXPECT_EQ(hp.host, "fe80::1");
  EXPECT_EQ(hp.zone, "eth0");
  EXPECT_EQ(hp.port, 22);
  hp = parse_host_port("fe80::1%eth1", kSshdHostPort);
  EXPECT_EQ(hp.host, "fe80::1");
  EXPECT_EQ(hp.zone, "eth1");
}

TEST(ParseHostPort, Malformed) {
  EXPECT_NE(parse_host_port("", kSshdHostPort).error, "");
  EXPECT_NE(parse_host_port("[::1", kSshdHostPort).error, "");
  EXPECT_NE(parse_host_port("[::1]x", kSshdHostPort).error, "");
  EXPECT_NE(parse_host_port("[]:22", kSshdHostPort).error, "");
  EXPECT_NE(parse_host_port(":22", kSshdHostPort).error, "");
  EXPECT_NE(parse_host_port("host:", kSshdHostPort).error, "");
  EXPECT_NE(parse_host_port("host:0", kApacheHostPort).error, "");
  EXPECT_NE(parse_host_port("0", kApacheHostPort).error, "");
  EXPECT_NE(parse_host_port("host:http", kApacheHostPort).error, "");
}

TEST(EndpointFor, AddressOrName) {
  auto e = endpoint_for("192.0.2.1", 22);
  EXPECT_FALSE(e.is_name());
  EXPECT_EQ(e.str(), "tcp 192.0.2.1:22");
  e = endpoint_for("::", 80);
  EXPECT_TRUE(e.is_wildcard());
  EXPECT_EQ(e.str(), "tcp [::]:80");
  e = endpoint_for("fe80::1", 22, "eth0");
  EXPECT_EQ(e.device, "eth0");
  e = endpoint_for("www.example.org", 80);
  EXPECT_TRUE(e.is_name());
  EXPECT_EQ(e.hostname, "www.example.org");
  EXPECT_EQ(e.str(), "tcp www.example.org:80");
}

TEST(Bounded, LongValuesAreCutOnACharacterWithDots) {
  using vs::config::bounded;
  EXPECT_EQ(bounded("Port 22"), "Port 22");
  EXPECT_EQ(bounded(std::string(64, 'x')), std::string(64, 'x'));
  EXPECT_EQ(bounded(std::string(65, 'x')), std::string(64, 'x') + "...");
  EXPECT_EQ(bounded("ab\u00e9cd", 3), "ab...");  // not in the middle of the two bytes of \u00e9
  EXPECT_EQ(bounded("ab\u00e9cd", 4), "ab\u00e9...");
}
