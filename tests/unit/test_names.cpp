// SPDX-License-Identifier: GPL-3.0-or-later
// Names read from a tree: Debian 12's own files, missing files, hostile files, and
// /etc/hostname as systemd reads it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <limits>

#include "net/dns_name.hpp"
#include "net/names.hpp"
#include "process.hpp"

using namespace vs::net;
using vs::fs::Tree;
using vs::test::TempDir;

namespace {

// "127.0.0.1@/etc/hosts:1", or "127.0.0.1" for a literal (no line).
std::string show(const std::vector<HostAddress>& list) {
  std::string out;
  for (const auto& a : list) {
    out += (out.empty() ? "" : " ") + a.address.str();
    if (!a.where.str().empty()) out += "@" + a.where.str();
  }
  return out;
}

TEST(HostnameFile, FirstLineThatIsNotACommentTrimmed) {
  EXPECT_EQ(parse_hostname("vs1\n", "/etc/hostname").name, "vs1");
  const auto h = parse_hostname("# set by the installer\n\n  vs1.example.org \t\nother\n", "h");
  EXPECT_EQ(h.name, "vs1.example.org");
  EXPECT_EQ(h.where.str(), "h:3");
  EXPECT_EQ(h.problem, "");
}

TEST(HostnameFile, CleanedLikeSystemd) {
  EXPECT_EQ(parse_hostname("My_Host.example.\n", "h").name, "MyHost.example");
  EXPECT_EQ(parse_hostname(".-a..b-.c-\n", "h").name, "a.b-c");
  EXPECT_EQ(parse_hostname(std::string(80, 'a') + "\n", "h").name, std::string(64, 'a'));
}

TEST(HostnameFile, NothingUsableIsNoName) {
  EXPECT_EQ(parse_hostname("", "h").name, "");
  EXPECT_EQ(parse_hostname("# only a comment\n", "h").problem, "");
  const auto h = parse_hostname("!!!\n", "h");
  EXPECT_EQ(h.name, "");
  EXPECT_EQ(h.problem, "'!!!' is not a host name: systemd ignores it and keeps its fallback name");
  // Cleaning drops one trailing hyphen; the one left makes the name invalid.
  EXPECT_EQ(parse_hostname("a--\n", "h").name, "");
  EXPECT_NE(parse_hostname("a--\n", "h").problem, "");
}

class NamesTest : public ::testing::Test {
 protected:
  // A tree with Debian 12's files in /etc.
  std::string debian12() const {
    std::filesystem::copy(vs::test::fixture("names/debian12"), dir.path(),
                          std::filesystem::copy_options::recursive);
    return dir.path();
  }
  TempDir dir;
};

TEST_F(NamesTest, Debian12Host) {
  const Tree tree(debian12());
  const Names names(tree);
  const std::string hosts = dir.path() + "/etc/hosts";
  EXPECT_EQ(show(names.addresses("localhost", AF_UNSPEC)),
            "127.0.0.1@" + hosts + ":1 ::1@" + hosts + ":5");
  EXPECT_EQ(show(names.addresses("localhost", AF_INET)),
            "127.0.0.1@" + hosts + ":1 127.0.0.1@" + hosts + ":5");
  EXPECT_EQ(show(names.getaddrinfo_order("localhost", AF_UNSPEC)),
            "::1@" + hosts + ":5 127.0.0.1@" + hosts + ":1");
  EXPECT_EQ(show(names.addresses("vs1", AF_UNSPEC)), "127.0.1.1@" + hosts + ":2");
  EXPECT_EQ(show(names.addresses("mail.example.org", AF_UNSPEC)), "");

  const auto https = names.port("https", vs::net::Proto::tcp);
  ASSERT_TRUE(https);
  EXPECT_EQ(https->port, 443);
  EXPECT_EQ(https->where.str(), dir.path() + "/etc/services:83");
  EXPECT_FALSE(names.port("sieve", vs::net::Proto::udp));
  EXPECT_FALSE(names.port("22", vs::net::Proto::tcp));

  const auto hostname = names.hostname();
  ASSERT_TRUE(hostname);
  EXPECT_EQ(hostname->name, "vs1");
  // Debian's "127.0.1.1 <fqdn> <name>" line resolves the machine's own name.
  EXPECT_EQ(show(names.addresses(hostname->name, AF_INET)), "127.0.1.1@" + hosts + ":2");
  EXPECT_TRUE(names.problems().empty());
}

TEST_F(NamesTest, LiteralsAreAnsweredWithoutTheFiles) {
  const Tree tree(dir.path());
  const Names names(tree);
  EXPECT_EQ(show(names.addresses("127.1", AF_UNSPEC)), "127.0.0.1");
  EXPECT_EQ(show(names.addresses("0x7f.1", AF_INET)), "127.0.0.1");
  EXPECT_EQ(show(names.addresses("2130706433", AF_INET)), "127.0.0.1");
  EXPECT_EQ(show(names.addresses("127.0.0.1", AF_INET6)), "");
  EXPECT_EQ(show(names.addresses("::ffff:192.0.2.1", AF_INET)), "192.0.2.1");
  EXPECT_EQ(show(names.addresses("::ffff:192.0.2.1", AF_UNSPEC)), "::ffff:192.0.2.1");
  EXPECT_EQ(show(names.addresses("fe80::1%eth0", AF_INET6)), "fe80::1");
  EXPECT_EQ(show(names.addresses("2001:db8::1", AF_INET)), "");
  EXPECT_EQ(show(names.addresses("127.0.0.1 ", AF_INET)), "");
  EXPECT_EQ(show(names.addresses("127.0.0.1", AF_UNIX)), "");
}

TEST_F(NamesTest, MissingFilesAreEmptyAndNoProblem) {
  dir.mkdir("etc");
  const Tree tree(dir.path());
  const Names names(tree);
  EXPECT_TRUE(names.addresses("localhost", AF_UNSPEC).empty());
  EXPECT_FALSE(names.port("ssh", vs::net::Proto::tcp));
  EXPECT_FALSE(names.hostname());
  EXPECT_FALSE(names.host_conf().multi);
  EXPECT_TRUE(names.problems().empty());
}

TEST_F(NamesTest, WithoutHostConfOnlyTheFirstLineCounts) {
  dir.write("etc/hosts", "127.0.0.1 localhost\n::1 localhost\n");
  const Tree tree(dir.path());
  const Names names(tree);
  EXPECT_EQ(names.addresses("localhost", AF_UNSPEC).size(), 1u);
  EXPECT_EQ(names.addresses("localhost", AF_INET6).size(), 1u);
  dir.write("etc/host.conf", "multi on\n");
  const Names with_multi(tree);
  EXPECT_EQ(with_multi.addresses("localhost", AF_UNSPEC).size(), 2u);
}

TEST_F(NamesTest, GaiConfOfTheTreeDecidesTheOrder) {
  dir.write("etc/hosts", "::1 both\n127.0.0.1 both\n");
  dir.write("etc/host.conf", "multi on\n");
  dir.write("etc/gai.conf", "precedence ::ffff:0:0/96 100\n");
  const Tree tree(dir.path());
  const Names names(tree);
  EXPECT_EQ(names.getaddrinfo_order("both", AF_UNSPEC).front().address.str(), "127.0.0.1");
  EXPECT_EQ(names.addresses("both", AF_UNSPEC).front().address.str(), "::1");
}

TEST_F(NamesTest, HostileFilesBecomeProblemsNotExceptions) {
  dir.mkdir("etc");
  ASSERT_EQ(mkfifo((dir.path() + "/etc/hosts").c_str(), 0600), 0);
  dir.write("etc/services", std::string("ssh 22/tcp\n\0binary\n", 19));
  dir.mkdir("etc/hostname");
  dir.write("etc/host.conf", "nospoof on\n");
  const Tree tree(dir.path());
  const Names names(tree);
  EXPECT_TRUE(names.addresses("localhost", AF_UNSPEC).empty());
  EXPECT_FALSE(names.port("ssh", vs::net::Proto::tcp));
  EXPECT_FALSE(names.hostname());
  const auto problems = names.problems();
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].where.str(), dir.path() + "/etc/hosts");
  EXPECT_EQ(problems[0].message,
            "cannot be read (a FIFO, not a regular file): the names in it are not resolved");
  EXPECT_EQ(problems[1].where.str(), dir.path() + "/etc/services:2");
  EXPECT_EQ(problems[2].where.str(), dir.path() + "/etc/hostname");
  EXPECT_EQ(problems[3].where.str(), dir.path() + "/etc/host.conf:1");
}

TEST_F(NamesTest, SymlinksResolveInsideTheTree) {
  dir.write("etc/hosts.real", "192.0.2.40 web1\n");
  dir.symlink("etc/hosts", "/etc/hosts.real");  // absolute: inside the tree, not the host's
  const Tree tree(dir.path());
  const Names names(tree);
  EXPECT_EQ(names.addresses("web1", AF_INET).size(), 1u);
}

TEST_F(NamesTest, InvalidHostnameIsAProblem) {
  dir.write("etc/hostname", "...\n");
  const Tree tree(dir.path());
  const Names names(tree);
  EXPECT_FALSE(names.hostname());
  ASSERT_EQ(names.problems().size(), 1u);
  EXPECT_EQ(names.problems()[0].where.str(), dir.path() + "/etc/hostname:1");
}

}  // namespace

// The run's read budget is not one file's problem: running out of it stops the check
// (UNKNOWN, "read budget ... exhausted at FILE"), it does not leave a name unresolved.
TEST(Names, ARunOutOfReadBudgetIsNotAnUnreadableFile) {
  TempDir t;
  t.write_tree({{"/etc/hosts", std::string(4096, '#') + "\n192.0.2.1 mail\n"}});
  const Tree tree(t.path());
  const Names names(tree);
  vs::fs::set_read_budget(1000);
  EXPECT_THROW(names.addresses("mail", AF_INET), vs::fs::ReadBudgetExhausted);
  vs::fs::set_read_budget(std::numeric_limits<std::size_t>::max());
  EXPECT_EQ(show(Names(tree).addresses("mail", AF_INET)), "192.0.2.1@" + t.path() + "/etc/hosts:2");
}

// What glibc 2.36 sends no DNS query for (measured with strace on getaddrinfo()), and
// top-level domains.
TEST(DnsName, NamesNoDnsAnswerCanResolve) {
  for (const char* name : {"mail", "mail.example.org", "mail.example.", "a_b", "_srv", "a-", "ALL",
                           "localhost", "a-b_c.example", "x1", "192.0.2.example"})
    EXPECT_FALSE(why_dns_cannot_resolve(name)) << name;
  for (const char* name :
       {"#", "a b", "a#b", "*", "a*b", "-a", "-", "a..b", ".a", "a..", "", ".", "192.0.2.1 # agent",
        "\"192.0.2.1\"", "192.0.2.1,127.0.0.1", "$LDAP_ADDRESS", "tab\there"})
    EXPECT_EQ(why_dns_cannot_resolve(name), "glibc does not look up such a name in DNS") << name;
  EXPECT_EQ(why_dns_cannot_resolve("mx."), "a top-level domain has no address");
  EXPECT_FALSE(why_dns_cannot_resolve("mx"));  // the search list may complete it
  for (const char* name : {"192.0.2.300", "1.2.3.4.5", "a.4."})
    EXPECT_EQ(why_dns_cannot_resolve(name), "no top-level domain is all digits") << name;
  EXPECT_FALSE(why_dns_cannot_resolve(std::string(63, 'a') + ".example"));
  EXPECT_EQ(why_dns_cannot_resolve(std::string(64, 'a') + ".example"),
            "a DNS label is at most 63 bytes");
  EXPECT_EQ(why_dns_cannot_resolve(std::string(254, 'a')), "a DNS name is at most 253 bytes");
}

// An escape or a UTF-8 name is malformed as bytes, but a daemon that converts names
// first (Postfix) may make a valid one of it.
TEST(DnsName, ConvertedNamesGetTheBenefitOfTheDoubt) {
  for (const char* name : {"a\\.b", "\xc3\xa9t\xc3\xa9.example"}) {
    EXPECT_FALSE(why_dns_cannot_resolve(name, NameBytes::idna)) << name;
    EXPECT_EQ(why_dns_cannot_resolve(name), "glibc does not look up such a name in DNS") << name;
  }
}
