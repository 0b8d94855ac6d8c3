// SPDX-License-Identifier: GPL-3.0-or-later
// Postfix's own host name, address and service name checks (util/valid_hostname.c,
// util/host_port.c in Postfix 3.7).
#include "config/postfix_host.hpp"

#include <gtest/gtest.h>

namespace postfix = vs::config::postfix;

TEST(PostfixHostname, LabelsOfLettersDigitsUnderscoreAndInnerHyphens) {
  EXPECT_TRUE(postfix::valid_hostname("mail"));
  EXPECT_TRUE(postfix::valid_hostname("mail.example.org"));
  EXPECT_TRUE(postfix::valid_hostname("vs-daemon-test.localdomain"));
  EXPECT_TRUE(postfix::valid_hostname("a--b"));
  EXPECT_TRUE(postfix::valid_hostname("my_host"));
  EXPECT_TRUE(postfix::valid_hostname("1a.example"));
  EXPECT_FALSE(postfix::valid_hostname(""));
  EXPECT_FALSE(postfix::valid_hostname("mail.example."));  // a trailing dot
  EXPECT_FALSE(postfix::valid_hostname(".example"));
  EXPECT_FALSE(postfix::valid_hostname("a..b"));
  EXPECT_FALSE(postfix::valid_hostname("-a"));
  EXPECT_FALSE(postfix::valid_hostname("a-"));
  EXPECT_FALSE(postfix::valid_hostname("a-.b"));
  EXPECT_FALSE(postfix::valid_hostname("*"));
  EXPECT_FALSE(postfix::valid_hostname("a b"));
  EXPECT_FALSE(postfix::valid_hostname("#"));
  // All-numeric: an address is not a host name.
  EXPECT_FALSE(postfix::valid_hostname("127.1"));
  EXPECT_FALSE(postfix::valid_hostname("0"));
  EXPECT_FALSE(postfix::valid_hostname(std::string(64, 'a')));
  EXPECT_TRUE(postfix::valid_hostname(std::string(63, 'a')));
  std::string long_name;
  for (int i = 0; i < 64; ++i)
    long_name += "abc.";
  long_name += "de";
  EXPECT_FALSE(postfix::valid_hostname(long_name));  // 258 characters
}

TEST(PostfixHostaddr, FourDecimalOctets) {
  EXPECT_TRUE(postfix::valid_ipv4_hostaddr("192.0.2.1"));
  EXPECT_TRUE(postfix::valid_ipv4_hostaddr("0177.0.0.1"));  // decimal 177 here; octal later
  EXPECT_TRUE(postfix::valid_ipv4_hostaddr("0.0.0.0"));
  EXPECT_TRUE(postfix::valid_ipv4_hostaddr("00.00.00.00"));
  EXPECT_FALSE(postfix::valid_ipv4_hostaddr("0.1.2.3"));
  EXPECT_FALSE(postfix::valid_ipv4_hostaddr("127.1"));
  EXPECT_FALSE(postfix::valid_ipv4_hostaddr("0"));
  EXPECT_FALSE(postfix::valid_ipv4_hostaddr("256.0.0.1"));
  EXPECT_FALSE(postfix::valid_ipv4_hostaddr("1.2.3.4."));
  EXPECT_FALSE(postfix::valid_ipv4_hostaddr("1..2.3"));
  EXPECT_FALSE(postfix::valid_ipv4_hostaddr("1.2.3.4.5"));
  EXPECT_FALSE(postfix::valid_ipv4_hostaddr("0x7f.0.0.1"));
}

TEST(PostfixHostaddr, IPv6Fields) {
  EXPECT_TRUE(postfix::valid_ipv6_hostaddr("2001:db8::1"));
  EXPECT_TRUE(postfix::valid_ipv6_hostaddr("::1"));
  EXPECT_TRUE(postfix::valid_ipv6_hostaddr("::"));
  EXPECT_TRUE(postfix::valid_ipv6_hostaddr("1::"));
  EXPECT_TRUE(postfix::valid_ipv6_hostaddr("0:1:2:3:4:5:6:7"));
  EXPECT_TRUE(postfix::valid_ipv6_hostaddr("::ffff:192.0.2.1"));
  EXPECT_FALSE(postfix::valid_ipv6_hostaddr("1:2"));  // too few colons
  EXPECT_FALSE(postfix::valid_ipv6_hostaddr(":1::2"));
  EXPECT_FALSE(postfix::valid_ipv6_hostaddr("1:2:"));
  EXPECT_FALSE(postfix::valid_ipv6_hostaddr("1::2::3"));
  EXPECT_FALSE(postfix::valid_ipv6_hostaddr("0:1:2:3:4:5:6:7:8"));
  EXPECT_FALSE(postfix::valid_ipv6_hostaddr("12345::1"));
  EXPECT_FALSE(postfix::valid_ipv6_hostaddr("g::1"));
  EXPECT_FALSE(postfix::valid_ipv6_hostaddr("::ffff:192.0.2"));
  EXPECT_TRUE(postfix::valid_hostaddr("2001:db8::1"));
  EXPECT_TRUE(postfix::valid_hostaddr("192.0.2.1"));
  EXPECT_FALSE(postfix::valid_hostaddr(""));
}

TEST(PostfixServiceName, HostAndPortAsMasterReadsThem) {
  auto name = [](std::string_view text) {
    const auto s = postfix::parse_service_name(text);
    return s.error.empty() ? "[" + s.host + "]:" + s.port : "error: " + s.error;
  };
  EXPECT_EQ(name("smtp"), "[]:smtp");
  EXPECT_EQ(name("2525"), "[]:2525");
  EXPECT_EQ(name(":2525"), "[]:2525");  // an empty host is inet_interfaces
  EXPECT_EQ(name("127.0.0.1:10025"), "[127.0.0.1]:10025");
  EXPECT_EQ(name("[::1]:submission"), "[::1]:submission");
  EXPECT_EQ(name("[ipv6:::1]:25"), "[::1]:25");
  EXPECT_EQ(name("::1:smtps"), "[::1]:smtps");  // split at the last colon
  EXPECT_EQ(name("localhost:2525"), "[localhost]:2525");
  EXPECT_EQ(name("0177.0.0.1:2525"), "[0177.0.0.1]:2525");
  EXPECT_EQ(name("00.00.00.00:2525"), "[00.00.00.00]:2525");
  EXPECT_EQ(name("127.1:2525"), "error: valid hostname or network address required");
  EXPECT_EQ(name("0:2525"), "error: valid hostname or network address required");
  EXPECT_EQ(name("*:2525"), "error: valid hostname or network address required");
  EXPECT_EQ(name("[]:25"), "error: valid hostname or network address required");
  EXPECT_EQ(name("[::1"), "error: missing \"]\"");
  EXPECT_EQ(name("[::1]x"), "error: garbage after \"]\"");
  EXPECT_EQ(name("[ipv6:x]:25"), "error: malformed IPv6 address");
  EXPECT_EQ(name("[::1]"), "error: missing service information");
  EXPECT_EQ(name("127.0.0.1:"), "error: missing service information");
  EXPECT_EQ(name("25x"), "error: garbage after numerical service");
  EXPECT_EQ(name("127.0.0.1:25x"), "error: garbage after numerical service");
  EXPECT_EQ(name("x25"), "[]:x25");  // a name, looked up later
  // Internationalised names are for the resolver to judge.
  EXPECT_EQ(name("\xc3\xa9t\xc3\xa9.example:25"), "[\xc3\xa9t\xc3\xa9.example]:25");
}
