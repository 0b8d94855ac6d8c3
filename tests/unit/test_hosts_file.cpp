// SPDX-License-Identifier: GPL-3.0-or-later
// /etc/hosts and /etc/host.conf the way glibc reads them, rule by rule. The same
// rules are checked against glibc itself in tests/integration/test_names_glibc.cpp.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "net/host_conf.hpp"
#include "net/hosts_file.hpp"
#include "net/nss_lines.hpp"
#include "process.hpp"

using namespace vs::net;

namespace {

std::string read_fixture(const std::string& rel) {
  std::ifstream in(vs::test::fixture(rel), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "127.0.0.1@2 ::1@5": each address and its line, for one-line comparisons.
std::string show(const std::vector<HostAddress>& list) {
  std::string out;
  for (const auto& a : list) {
    if (!out.empty()) out += ' ';
    out += a.address.str() + "@" + std::to_string(a.where.line);
  }
  return out;
}

std::string lookup(const std::string& text, const std::string& host, int family,
                   bool multi = true) {
  return show(lookup_hosts(parse_hosts(text, "hosts"), host, family, multi));
}

TEST(NssLines, BlankAndCommentLinesAreNotRecords) {
  const auto r = nss::records("\n   \n# comment\n  \t# indented comment\na b\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].line, 5);
  EXPECT_EQ(r[0].text, "a b");
}

TEST(NssLines, HashStartsACommentAnywhereEvenInsideAField) {
  const auto r = nss::records("192.0.2.1 mail#old alias\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].text, "192.0.2.1 mail");
}

TEST(NssLines, IndentedLastLineWithoutNewlineKeepsGlibcsLeftover) {
  // memmove without the NUL: the two blanks' worth of old bytes stay at the end.
  const auto r = nss::records("  192.0.2.9 tail");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].text, "192.0.2.9 tailil");
  // With a newline the leftover sits after it and is cut.
  EXPECT_EQ(nss::records("  192.0.2.9 tail\n")[0].text, "192.0.2.9 tail");
}

TEST(NssLines, FieldsSplitOnEveryCBlank) {
  const auto f = nss::fields("a\tb \r c\v\fd ");
  EXPECT_EQ(f, (std::vector<std::string_view>{"a", "b", "c", "d"}));
}

TEST(HostsFile, Debian12File) {
  const std::string text = read_fixture("names/debian12/etc/hosts");
  const auto hosts = parse_hosts(text, "/etc/hosts");
  ASSERT_EQ(hosts.entries.size(), 5u);
  EXPECT_TRUE(hosts.ignored.empty());
  EXPECT_EQ(hosts.entries[1].name, "vs1.example.org");
  EXPECT_EQ(hosts.entries[1].aliases, std::vector<std::string>{"vs1"});
  EXPECT_EQ(hosts.entries[2].where.str(), "/etc/hosts:5");

  EXPECT_EQ(lookup(text, "localhost", AF_UNSPEC), "127.0.0.1@1 ::1@5");
  EXPECT_EQ(lookup(text, "localhost", AF_INET6), "::1@5");
  EXPECT_EQ(lookup(text, "vs1", AF_UNSPEC), "127.0.1.1@2");
  EXPECT_EQ(lookup(text, "vs1", AF_INET6), "");
  EXPECT_EQ(lookup(text, "ip6-allrouters", AF_UNSPEC), "ff02::2@7");
}

TEST(HostsFile, Ipv4LookupReadsLoopbackAndMappedIpv6AsIpv4) {
  // gethostbyname2(AF_INET), which getaddrinfo uses for AF_INET: "::1" is 127.0.0.1.
  const std::string text = "127.0.0.1 localhost\n::1 localhost\n::ffff:192.0.2.7 mapped\n";
  EXPECT_EQ(lookup(text, "localhost", AF_INET), "127.0.0.1@1 127.0.0.1@2");
  EXPECT_EQ(lookup(text, "mapped", AF_INET), "192.0.2.7@3");
  EXPECT_EQ(lookup(text, "mapped", AF_INET6), "::ffff:192.0.2.7@3");
  EXPECT_EQ(lookup(text, "mapped", AF_UNSPEC), "::ffff:192.0.2.7@3");
}

TEST(HostsFile, NamesMatchCaseInsensitivelyCanonicalOrAlias) {
  const std::string text = "192.0.2.1 Mail.Example.ORG mail MX\n";
  for (const char* host : {"mail.example.org", "MAIL.EXAMPLE.ORG", "Mail", "mx"})
    EXPECT_EQ(lookup(text, host, AF_UNSPEC), "192.0.2.1@1") << host;
  EXPECT_EQ(lookup(text, "mail.example", AF_UNSPEC), "");
  EXPECT_EQ(lookup(text, "mail.example.org.", AF_UNSPEC), "");
}

TEST(HostsFile, LinesWithABadAddressAreSkippedAndKept) {
  const std::string text =
      "192.0.2.300 broken\n[2001:db8::1] broken\nfe80::1%eth0 broken\n127.1 broken\n"
      "192.0.2.2 broken\n";
  const auto hosts = parse_hosts(text, "/etc/hosts");
  ASSERT_EQ(hosts.ignored.size(), 4u);
  EXPECT_EQ(hosts.ignored[0].address, "192.0.2.300");
  EXPECT_EQ(hosts.ignored[0].names, std::vector<std::string>{"broken"});
  EXPECT_EQ(hosts.ignored[3].where.str(), "/etc/hosts:4");
  EXPECT_EQ(lookup(text, "broken", AF_UNSPEC), "192.0.2.2@5");
}

TEST(HostsFile, TabsCarriageReturnsAndCommentsInsideFields) {
  const std::string text = "192.0.2.13\tTab\tAliasTab\r\n192.0.2.12 mail#old\n";
  EXPECT_EQ(lookup(text, "aliastab", AF_UNSPEC), "192.0.2.13@1");
  EXPECT_EQ(lookup(text, "mail", AF_UNSPEC), "192.0.2.12@2");
  EXPECT_EQ(lookup(text, "old", AF_UNSPEC), "");
}

TEST(HostsFile, AnAddressAloneHasTheEmptyName) {
  const auto hosts = parse_hosts("192.0.2.14\n", "h");
  ASSERT_EQ(hosts.entries.size(), 1u);
  EXPECT_EQ(hosts.entries[0].name, "");
  EXPECT_EQ(lookup("192.0.2.14\n", "", AF_UNSPEC), "192.0.2.14@1");
}

TEST(HostsFile, WithoutMultiOnlyTheFirstLineOfTheViewCounts) {
  const std::string text = "127.0.0.1 localhost\n::1 localhost\n127.0.0.2 localhost\n";
  EXPECT_EQ(lookup(text, "localhost", AF_UNSPEC, false), "127.0.0.1@1");
  // Per family the first line that parses in that family: ::1 is found for AF_INET6.
  EXPECT_EQ(lookup(text, "localhost", AF_INET6, false), "::1@2");
  EXPECT_EQ(lookup(text, "localhost", AF_INET, false), "127.0.0.1@1");
  EXPECT_EQ(lookup(text, "localhost", AF_INET, true), "127.0.0.1@1 127.0.0.1@2 127.0.0.2@3");
}

TEST(HostsFile, UnknownFamilyGivesNothing) {
  EXPECT_EQ(lookup("127.0.0.1 localhost\n", "localhost", AF_UNIX), "");
}

TEST(HostConf, Debian12FileTurnsMultiOn) {
  const auto conf = parse_host_conf(read_fixture("names/debian12/etc/host.conf"), "/etc/host.conf");
  EXPECT_TRUE(conf.multi);
  EXPECT_EQ(conf.multi_where.str(), "/etc/host.conf:1");
  EXPECT_TRUE(conf.notes.empty());
}

TEST(HostConf, DefaultIsOffAndTheLastLineWins) {
  EXPECT_FALSE(parse_host_conf("", "h").multi);
  EXPECT_FALSE(parse_host_conf("multi on\nmulti off\n", "h").multi);
  const auto conf = parse_host_conf("multi off\n  MULTI On # comment\n", "h");
  EXPECT_TRUE(conf.multi);
  EXPECT_EQ(conf.multi_where.line, 2);
  EXPECT_TRUE(conf.notes.empty());
}

TEST(HostConf, OnOffIsAPrefixTestAndTheRestIsGarbage) {
  const auto conf = parse_host_conf("multi onion\n", "h");
  EXPECT_TRUE(conf.multi);
  ASSERT_EQ(conf.notes.size(), 1u);
  EXPECT_EQ(conf.notes[0].message, "glibc ignores the text after the value: 'ion'");
}

TEST(HostConf, AValueThatIsNotOnOrOffChangesNothing) {
  const auto conf = parse_host_conf("multi on\nmulti yes\n", "h");
  EXPECT_TRUE(conf.multi);
  EXPECT_EQ(conf.multi_where.line, 1);
  ASSERT_EQ(conf.notes.size(), 1u);
  EXPECT_EQ(conf.notes[0].where.str(), "h:2");
  EXPECT_EQ(conf.notes[0].message, "'multi' takes on or off, not 'yes': glibc ignores the line");
}

TEST(HostConf, UnknownKeywordsAreComplaintsAndOrderIsIgnored) {
  const auto conf = parse_host_conf("order hosts,bind\nnospoof on\nmulti,on\n", "h");
  EXPECT_FALSE(conf.multi);
  ASSERT_EQ(conf.notes.size(), 2u);
  EXPECT_EQ(conf.notes[0].message,
            "glibc does not know 'nospoof': every program prints \"bad command\" and the line "
            "is ignored");
  EXPECT_EQ(conf.notes[1].message, "'multi' takes on or off, not ',on': glibc ignores the line");
}

TEST(HostConf, ReorderIsReadButNotMultiple) {
  const auto conf = parse_host_conf("reorder on\n", "h");
  EXPECT_TRUE(conf.reorder);
  EXPECT_FALSE(conf.multi);
}

TEST(HostConf, TrimListsAreCheckedLikeGlibc) {
  EXPECT_TRUE(parse_host_conf("trim .a.example,.b.example\n", "h").notes.empty());
  EXPECT_EQ(parse_host_conf("trim .a.example,\n", "h").notes.size(), 1u);
  EXPECT_EQ(parse_host_conf("trim a b c d e\n", "h").notes.size(), 1u);
}

TEST(HostConf, ALineOver255BytesGoesOnAsTheNextLine) {
  // fgets(buf, 256): a comment 255 bytes long, and what follows is read as a line.
  const std::string text = "#" + std::string(254, 'x') + "multi on\n";
  const auto conf = parse_host_conf(text, "h");
  EXPECT_TRUE(conf.multi);
  EXPECT_EQ(conf.multi_where.line, 1);
}

}  // namespace
