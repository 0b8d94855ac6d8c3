// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/slapd.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include "config_lines.hpp"
#include "guests.hpp"
#include "policy/bind_policy.hpp"
#include "process.hpp"

using vs::config::parse_slapd_options;
using vs::config::parse_slapd_url;
using vs::config::SlapdUrl;
using vs::plugin::Status;
using vs::test::TempDir;

namespace {

using Strings = std::vector<std::string>;

// "scheme host port" of a URL slapd accepts, or its problem.
std::string url(std::string_view text) {
  const SlapdUrl u = parse_slapd_url(text);
  switch (u.kind) {
    case SlapdUrl::Kind::network:
      return u.scheme + " [" + u.host + "] " + std::to_string(u.port);
    case SlapdUrl::Kind::local_socket:
      return "local " + u.host;
    case SlapdUrl::Kind::invalid:
      break;
  }
  return u.problem;
}

// The Debian file's lines besides the one a test is about.
const std::string kHead =
    "SLAPD_CONF=\nSLAPD_USER=\"openldap\"\nSLAPD_GROUP=\"openldap\"\nSLAPD_PIDFILE=\n";

Strings read_tree(const vs::test::FileList& files) {
  TempDir dir;
  dir.write_tree(files);
  vs::fs::Tree tree(dir.path());
  return vs::test::config_lines(vs::config::read_slapd(tree, "/etc/default/slapd"), dir.path());
}

// The lines of a Debian /etc/default/slapd made of kHead and `rest` (line 5 on).
Strings read_lines(const std::string& rest, const std::string& hosts = "") {
  vs::test::FileList files{{"/etc/default/slapd", kHead + rest}};
  if (!hosts.empty()) {
    files.push_back({"/etc/hosts", hosts});
    files.push_back({"/etc/host.conf", "multi on\n"});  // Debian's: every matching line
  }
  return read_tree(files);
}

vs::config::ServiceConfig read(const std::string& content) {
  TempDir dir;
  dir.write("etc/default/slapd", content);
  vs::fs::Tree tree(dir.path());
  return vs::config::read_slapd(tree, "/etc/default/slapd");
}

const std::string kDebianHosts =
    "127.0.0.1\tlocalhost\n127.0.1.1\tvs1\n::1 localhost ip6-localhost\n192.0.2.1 ldap.example\n";

}  // namespace

TEST(SlapdUrl, SchemesAndTheirPorts) {
  EXPECT_EQ(url("ldap:///"), "ldap [] 389");
  EXPECT_EQ(url("LDAP://"), "ldap [] 389");
  EXPECT_EQ(url("ldaps:///"), "ldaps [] 636");
  EXPECT_EQ(url("pldap:///"), "pldap [] 389");
  EXPECT_EQ(url("pldaps:///"), "pldaps [] 389");  // the default port is 636 for ldaps only
  EXPECT_EQ(url("ldap://:3389/"), "ldap [] 3389");
  EXPECT_EQ(url("ldap://*:3389/"), "ldap [] 3389");
  EXPECT_EQ(url("<URL:ldap://192.0.2.1/>"), "ldap [192.0.2.1] 389");
  EXPECT_EQ(url("ldapi:///"), "local ");
  EXPECT_EQ(url("ldapi://%2Frun%2Fslapd%2Fldapi/"), "local /run/slapd/ldapi");
}

TEST(SlapdUrl, HostsAndPortsAsLdapUrlParseReadsThem) {
  EXPECT_EQ(url("ldap://192.0.2.1:1389"), "ldap [192.0.2.1] 1389");
  EXPECT_EQ(url("ldap://[2001:db8::1]:1389/"), "ldap [2001:db8::1] 1389");
  EXPECT_EQ(url("ldap://%31%39%32.0.2.1/"), "ldap [192.0.2.1] 389");
  EXPECT_EQ(url("ldap://ldap.example/"), "ldap [ldap.example] 389");
  EXPECT_EQ(url("ldap://127.1/"), "ldap [127.1] 389");  // resolved later, by getaddrinfo
  // A '%' without two hex digits empties the whole host: every address.
  EXPECT_EQ(url("ldap://192.0.2.1%zz/"), "ldap [] 389");
  // strtol, then slapd's (unsigned short) cast; 0 is the default port.
  EXPECT_EQ(url("ldap://:70000/"), "ldap [] 4464");
  EXPECT_EQ(url("ldap://:-1/"), "ldap [] 65535");
  EXPECT_EQ(url("ldap://:0/"), "ldap [] 389");
  EXPECT_EQ(url("ldap://:4294967685/"), "ldap [] 389");              // 2^32 + 389
  EXPECT_EQ(url("ldap://:99999999999999999999/"), "ldap [] 65535");  // LONG_MAX
  EXPECT_EQ(url("ldap://192.0.2.1?x"), "ldap [192.0.2.1] 389");
  EXPECT_EQ(url("ldap://192.0.2.1/?cn?"
                "?(cn=x)"),
            "ldap [192.0.2.1] 389");
}

TEST(SlapdUrl, WhatSlapdRefusesInItsOwnWords) {
  EXPECT_EQ(url("cldap:///"),
            "daemon: listen URL \"cldap:///\" parse error=3 (not an ldap://, ldaps://, pldap://, "
            "pldaps:// or ldapi:// URL)");
  EXPECT_EQ(url("http://192.0.2.1/"),
            "daemon: listen URL \"http://192.0.2.1/\" parse error=3 (not an ldap://, ldaps://, "
            "pldap://, pldaps:// or ldapi:// URL)");
  EXPECT_EQ(url("<ldap:///"),
            "daemon: listen URL \"<ldap:///\" parse error=4 (a '<' without its '>')");
  EXPECT_EQ(url("ldap://[2001:db8::1/"),
            "daemon: listen URL \"ldap://[2001:db8::1/\" parse error=5 (a bad host or port)");
  EXPECT_EQ(url("ldap://2001:db8::1/"),
            "daemon: listen URL \"ldap://2001:db8::1/\" parse error=5 (a bad host or port)");
  EXPECT_EQ(url("ldap://h:/"),
            "daemon: listen URL \"ldap://h:/\" parse error=5 (a bad host or port)");
  EXPECT_EQ(url("ldap://h:ldap/"),
            "daemon: listen URL \"ldap://h:ldap/\" parse error=5 (a bad host or port)");
  EXPECT_EQ(url("ldap://h/??nowhere"),
            "daemon: listen URL \"ldap://h/??nowhere\" parse error=8 (not a search scope)");
  EXPECT_EQ(url("ldap://h/????"),
            "daemon: listen URL \"ldap://h/????\" parse error=10 (empty extensions)");
  EXPECT_EQ(url("ldap://h/?????"),
            "daemon: listen URL \"ldap://h/?????\" parse error=5 (a bad host or port)");
  EXPECT_EQ(url("ldap://192.0.2.1/,ldap://127.0.0.1/"),
            "daemon: listener URL ldap://192.0.2.1/<junk> DN must be absent (,ldap://127.0.0.1/)");
  EXPECT_EQ(url("ldap://192.0.2.1/\tldap://127.0.0.1/"),
            "daemon: listener URL ldap://192.0.2.1/<junk> DN must be absent (\tldap://127.0.0.1/)");
  EXPECT_EQ(url("ldap://192.0.2.1/dc=example"),
            "daemon: listener URL ldap://192.0.2.1/<junk> DN must be absent (dc=example)");
  EXPECT_EQ(url("ldap://h/????x"),
            "slapd: listener initialization failed: \"ldap://h/????x\" has a URL extension other "
            "than x-mod");
  EXPECT_EQ(url("ldap://h/????x-mod=0777"), "ldap [h] 389");
  // Messages quote a bounded part of the URL only.
  EXPECT_LT(url("http://" + std::string(500, 'x')).size(), 200u);
}

TEST(SlapdUrl, SplitOnSpacesOnly) {
  EXPECT_EQ(vs::config::split_slapd_urls("  ldap:/// \tldapi:///  ldap://x/\n"),
            (Strings{"ldap:///", "\tldapi:///", "ldap://x/\n"}));
  EXPECT_TRUE(vs::config::split_slapd_urls("   ").empty());
}

TEST(SlapdOptions, GetoptOverTheBlankSeparatedWords) {
  const auto h = parse_slapd_options("-d 0 -h 'ldap://192.0.2.1/ -4");
  EXPECT_EQ(h.urls, Strings{"'ldap://192.0.2.1/"});
  EXPECT_EQ(h.family, AF_INET);
  EXPECT_TRUE(h.problem.empty());
  EXPECT_EQ(parse_slapd_options("-6hldap:///\t-h\nldapi:///").urls,
            (Strings{"ldap:///", "ldapi:///"}));
  EXPECT_EQ(parse_slapd_options("-6").family, AF_INET6);
  EXPECT_EQ(parse_slapd_options("-x").problem, "slapd: invalid option -- 'x'");
  EXPECT_EQ(parse_slapd_options("-h").problem, "slapd: option requires an argument -- 'h'");
  EXPECT_EQ(parse_slapd_options("ldap:///").problem,
            "slapd prints its usage and stops: 'ldap:///' is not an option (a URL goes after -h)");
  EXPECT_TRUE(parse_slapd_options("").problem.empty());
}

TEST(SlapdRead, DebiansDefaultFileBindsEveryAddress) {
  const std::string root = vs::test::fixture("slapd/debian12");
  vs::fs::Tree tree(root);
  const auto c = vs::config::read_slapd(tree, "/etc/default/slapd");
  EXPECT_EQ(
      vs::test::config_lines(c, root),
      (Strings{"/etc/default/slapd:24: tcp 0.0.0.0:389 (ldap:///)",
               "/etc/default/slapd:24: tcp [::]:389 (ldap:///)",
               "info /etc/default/slapd:24: ldapi:///: a local socket, not a network address"}));
  EXPECT_EQ(c.files_read, Strings{root + "/etc/default/slapd"});
}

TEST(SlapdRead, OnlySlapdServicesIsSlapdsH) {
  EXPECT_EQ(read_lines("SLAPD_OPTIONS=\"\"\n"),
            (Strings{"/etc/default/slapd: tcp 0.0.0.0:389 (SLAPD_SERVICES not set: ldap:///)",
                     "/etc/default/slapd: tcp [::]:389 (SLAPD_SERVICES not set: ldap:///)"}));
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"\"\nSLAPD_URLS=\"ldap://192.0.2.1/\"\n"),
            (Strings{"/etc/default/slapd:5: tcp 0.0.0.0:389 (SLAPD_SERVICES is empty: ldap:///)",
                     "/etc/default/slapd:5: tcp [::]:389 (SLAPD_SERVICES is empty: ldap:///)",
                     "ignored /etc/default/slapd:6: SLAPD_URLS: Debian's init script does not read "
                     "it (SLAPD_SERVICES is slapd's -h)"}));
  EXPECT_EQ(
      read_lines("SLAPD_SERVICES=\"ldap://192.0.2.9/\"\nSLAPD_SERVICES=\"ldap://192.0.2.1/\"\n"),
      Strings{"/etc/default/slapd:6: tcp 192.0.2.1:389 (ldap://192.0.2.1/)"});
}

TEST(SlapdRead, DashHInSlapdOptions) {
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"\"\nSLAPD_OPTIONS=\"-h ldap://192.0.2.1/\"\n"),
            Strings{"/etc/default/slapd:6: tcp 192.0.2.1:389 (ldap://192.0.2.1/)"});
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://192.0.2.1/\"\nSLAPD_OPTIONS=\"-h ldap:///\"\n"),
            Strings{"refusal /etc/default/slapd:6: Segmentation fault: slapd 2.5 crashes when it "
                    "gets -h twice (SLAPD_SERVICES and -h in SLAPD_OPTIONS): give the URLs once"});
  EXPECT_EQ(read_lines("SLAPD_OPTIONS=\"-h ldap:/// -h ldapi:///\"\n"),
            Strings{"refusal /etc/default/slapd:5: Segmentation fault: slapd 2.5 crashes when it "
                    "gets -h twice (SLAPD_OPTIONS has -h twice): give the URLs once"});
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap:///\"\nSLAPD_OPTIONS=\"-4\"\n"),
            Strings{"/etc/default/slapd:5: tcp 0.0.0.0:389 (ldap:///)"});
  EXPECT_EQ(
      read_lines("SLAPD_SERVICES=\"ldap://localhost/\"\nSLAPD_OPTIONS=\"-6\"\n", kDebianHosts),
      Strings{"/etc/default/slapd:5: tcp [::1]:389 (ldap://localhost/; localhost is ::1 "
              "(/etc/hosts:3))"});
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://127.0.0.1/\"\nSLAPD_OPTIONS=\"-6\"\n"),
            Strings{"refusal /etc/default/slapd:5: daemon: getaddrinfo() failed: Address family "
                    "for hostname not supported (127.0.0.1)"});
  EXPECT_EQ(read_lines("SLAPD_OPTIONS=\"ldap://192.0.2.1/\"\n"),
            Strings{"refusal /etc/default/slapd:5: slapd prints its usage and stops: "
                    "'ldap://192.0.2.1/' is not an option (a URL goes after -h)"});
}

TEST(SlapdRead, DisabledStartsNothing) {
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap:///\"\nSLAPD_NO_START=1\n"),
            Strings{"unjudged /etc/default/slapd:6: slapd is disabled: SLAPD_NO_START is set, so "
                    "Debian's init script starts nothing (\"Not starting slapd\"); whatever starts "
                    "slapd instead chooses its URLs"});
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap:///\"\nSLAPD_NO_START=\n").size(), 2u);
  const vs::test::FileList sentinel{
      {"/etc/default/slapd", kHead + "SLAPD_SENTINEL_FILE=/etc/ldap/noslapd\n"},
      {"/etc/ldap/noslapd", ""}};
  EXPECT_EQ(read_tree(sentinel),
            Strings{"unjudged /etc/default/slapd:5: slapd is disabled: SLAPD_SENTINEL_FILE "
                    "/etc/ldap/noslapd exists, so Debian's init script starts nothing (\"Not "
                    "starting slapd\"); whatever starts slapd instead chooses its URLs"});
  // The fixture names the sentinel file, which does not exist: slapd starts.
  EXPECT_EQ(
      read_lines("SLAPD_SENTINEL_FILE=/etc/ldap/noslapd\nSLAPD_SERVICES=\"ldap:///\"\n").size(),
      2u);
}

TEST(SlapdRead, TheFileIsSourcedBySh) {
  EXPECT_EQ(
      read_lines("IP=192.0.2.1\nSLAPD_SERVICES=\"ldap://$IP/ ldap://${OTHER:-127.0.0.1}:3389/\"\n"),
      (Strings{"/etc/default/slapd:6: tcp 192.0.2.1:389 (ldap://192.0.2.1/)",
               "/etc/default/slapd:6: tcp 127.0.0.1:3389 (ldap://127.0.0.1:3389/)"}));
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://$NOWHERE:3389/\"\n"),
            (Strings{"/etc/default/slapd:5: tcp 0.0.0.0:3389 (ldap://:3389/)",
                     "/etc/default/slapd:5: tcp [::]:3389 (ldap://:3389/)",
                     "info /etc/default/slapd:5: SLAPD_SERVICES: $NOWHERE is set nowhere in this "
                     "file, so sh expands it to nothing"}));
  EXPECT_EQ(read_lines("IP=192.0.2.1\nSLAPD_SERVICES='ldap://$IP/'\n"),
            Strings{"refusal /etc/default/slapd:6: daemon: getaddrinfo() failed: Name or service "
                    "not known ($IP)"});
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://$(hostname)/\"\n"),
            Strings{"unjudged /etc/default/slapd:5: SLAPD_SERVICES: $(...): a command's output: "
                    "cannot tell which addresses slapd binds"});
  EXPECT_EQ(read_lines("SLAPD_SERVICES=ldap:/// ldapi:///\n"),
            Strings{"refusal /etc/default/slapd:5: ldapi:///: not found: sh ends SLAPD_SERVICES at "
                    "the blank and runs the next URL as a command, and the init script stops "
                    "(quote the whole value)"});
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap:///\nSLAPD_OPTIONS=\n"),
            Strings{"refusal /etc/default/slapd:5: Syntax error: Unterminated quoted string (the "
                    "init script stops)"});
  EXPECT_EQ(read_lines("echo hello\nSLAPD_SERVICES=\"ldap://192.0.2.1/\"\n"),
            (Strings{"/etc/default/slapd:6: tcp 192.0.2.1:389 (ldap://192.0.2.1/)",
                     "unjudged /etc/default/slapd:5: sh runs a command here when the init script "
                     "sources this file; if it fails, the script stops and slapd does not start "
                     "(not checked)"}));
}

TEST(SlapdRead, UrlsSplitOnSpacesOnly) {
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://192.0.2.1/\tldap://127.0.0.1/\"\n"),
            Strings{"refusal /etc/default/slapd:5: daemon: listener URL ldap://192.0.2.1/<junk> DN "
                    "must be absent (\tldap://127.0.0.1/)"});
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\" \"\n"),
            Strings{"refusal /etc/default/slapd:5: daemon_init: no urls ( ) provided"});
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://192.0.2.1/  ldap://127.0.0.1:3389/ \"\n"),
            (Strings{"/etc/default/slapd:5: tcp 192.0.2.1:389 (ldap://192.0.2.1/)",
                     "/etc/default/slapd:5: tcp 127.0.0.1:3389 (ldap://127.0.0.1:3389/)"}));
}

TEST(SlapdRead, NamesAndShorthandResolveThroughTheTreesFiles) {
  EXPECT_EQ(
      read_lines("SLAPD_SERVICES=\"ldap://ldap.example:3389/ ldap://localhost/\"\n", kDebianHosts),
      (Strings{"/etc/default/slapd:5: tcp 192.0.2.1:3389 (ldap://ldap.example:3389/; "
               "ldap.example is 192.0.2.1 (/etc/hosts:4))",
               "/etc/default/slapd:5: tcp 127.0.0.1:389 (ldap://localhost/; localhost is "
               "127.0.0.1 (/etc/hosts:1), ::1 (/etc/hosts:3))",
               "/etc/default/slapd:5: tcp [::1]:389 (ldap://localhost/; localhost is "
               "127.0.0.1 (/etc/hosts:1), ::1 (/etc/hosts:3))"}));
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://0177.0.0.1/ ldap://127.1:3389/\"\n"),
            (Strings{"/etc/default/slapd:5: tcp 127.0.0.1:389 (ldap://0177.0.0.1/; 0177.0.0.1 is "
                     "127.0.0.1)",
                     "/etc/default/slapd:5: tcp 127.0.0.1:3389 (ldap://127.1:3389/; 127.1 is "
                     "127.0.0.1)"}));
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://0/\"\n"),
            Strings{"/etc/default/slapd:5: tcp 0.0.0.0:389 (ldap://0/; 0 is 0.0.0.0)"});
  // Absent from the files: DNS might know it, the policy cannot judge a name.
  const auto named = read("SLAPD_SERVICES=ldap://ldap.example.org/\n");
  ASSERT_EQ(named.endpoints.size(), 1u);
  EXPECT_EQ(named.endpoints[0].endpoint.str(), "tcp ldap.example.org:389");
}

TEST(SlapdRead, OverlappingSocketsFailWhenTheyListen) {
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://192.0.2.1/ ldap://192.0.2.1/\"\n"),
            Strings{"refusal /etc/default/slapd:5: daemon: listen(ldap://192.0.2.1/, 5) failed "
                    "errno=98 (Address already in use): tcp 192.0.2.1:389 overlaps tcp "
                    "192.0.2.1:389 of ldap://192.0.2.1/"});
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap:/// ldap://192.0.2.1/\"\n").front().substr(0, 52),
            "refusal /etc/default/slapd:5: daemon: listen(ldap://");
  // An IPv6-only [::] and an IPv4 address share nothing; nor do two ports.
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://[::]/ ldap://192.0.2.1/ ldap://192.0.2.1:3389/\"\n")
                .size(),
            3u);
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://[::ffff:127.0.0.1]/\"\n"),
            Strings{"refusal /etc/default/slapd:5: ldap://[::ffff:127.0.0.1]/: daemon: bind() "
                    "failed errno=22 (Invalid argument): ::ffff:127.0.0.1 on an IPv6-only socket: "
                    "slapd has no address left for this URL and exits"});
}

// Given the machine's addresses, slapd cannot bind one it lacks (EADDRNOTAVAIL): a URL
// left with no address stops it; one of two addresses of a name is only dropped.
TEST(SlapdRead, AnAddressTheMachineLacksFailsToBind) {
  TempDir dir;
  dir.write("etc/default/slapd", kHead + "SLAPD_SERVICES=\"ldap://192.0.2.9/\"\n");
  dir.write("etc/hosts", "192.0.2.1 both\n192.0.2.9 both\n");
  dir.write("etc/host.conf", "multi on\n");
  vs::fs::Tree tree(dir.path());
  const std::vector<vs::net::Address> here{*vs::net::Address::parse("127.0.0.1"),
                                           *vs::net::Address::parse("192.0.2.1")};
  auto lines = [&](const std::optional<std::vector<vs::net::Address>>& local) {
    return vs::test::config_lines(vs::config::read_slapd(tree, "/etc/default/slapd", local),
                                  dir.path());
  };
  EXPECT_EQ(lines(here),
            Strings{"refusal /etc/default/slapd:5: ldap://192.0.2.9/: daemon: bind() failed "
                    "errno=99 (Cannot assign requested address): 192.0.2.9 is not an address of "
                    "this machine: slapd has no address left for this URL and exits"});
  // Unknown addresses (a --root tree): nothing is claimed missing.
  EXPECT_EQ(lines(std::nullopt),
            Strings{"/etc/default/slapd:5: tcp 192.0.2.9:389 (ldap://192.0.2.9/)"});
  dir.write("etc/default/slapd", kHead + "SLAPD_SERVICES=\"ldap://both/\"\n");
  const auto both = lines(here);
  ASSERT_EQ(both.size(), 2u) << testing::PrintToString(both);
  EXPECT_EQ(both[0].substr(0, 42), "/etc/default/slapd:5: tcp 192.0.2.1:389 (l");
  EXPECT_EQ(both[1].substr(0, 77),
            "ignored /etc/default/slapd:5: ldap://both/: daemon: bind() failed errno=99 (C");
  // The wildcards always bind.
  dir.write("etc/default/slapd", kHead + "SLAPD_SERVICES=\"ldap:///\"\n");
  EXPECT_EQ(lines(here).size(), 2u);
}

TEST(SlapdRead, RhelUsesSlapdUrls) {
  TempDir dir;
  dir.write("etc/sysconfig/slapd", "SLAPD_URLS=\"ldapi:/// ldap://192.0.2.1/\"\n");
  vs::fs::Tree tree(dir.path());
  EXPECT_EQ(
      vs::test::config_lines(vs::config::read_slapd(tree, "/etc/sysconfig/slapd"), dir.path()),
      (Strings{"/etc/sysconfig/slapd:1: tcp 192.0.2.1:389 (ldap://192.0.2.1/)",
               "info /etc/sysconfig/slapd:1: ldapi:///: a local socket, not a network "
               "address"}));
}

TEST(SlapdRead, MissingFileThrows) {
  TempDir dir;
  vs::fs::Tree tree(dir.path());
  EXPECT_THROW(vs::config::read_slapd(tree, "/etc/default/slapd"), vs::fs::FileMissing);
}

// Issue 15: --config /etc/shadow must not print what the file holds.
TEST(SlapdRead, UnparsedLinesAreNeverQuoted) {
  const std::string hash = "$6$rounds=5000$saltsalt$Zm9vYmFyYmF6cXV4c2VjcmV0aGFzaA";
  for (const std::string& secret :
       {"root:" + hash + ":19000:0:99999:7:::\n", "SLAPD_SERVICES=" + hash + "\n",
        "SLAPD_SERVICES=\"ldap://x/ " + hash + "\n", "A=1 " + hash + "\n"}) {
    for (const auto& line : read_lines(secret)) {
      EXPECT_EQ(line.find("Zm9vYmFy"), std::string::npos) << line;
    }
  }
  // A value the reader understood is quoted, but only its first bytes.
  for (const auto& line : read_lines("SLAPD_SERVICES=\"ldap://" + std::string(300, 'a') + "/\"\n"))
    EXPECT_LT(line.size(), 250u) << line;
}

TEST(SlapdPolicy, HostAndGuestRoles) {
  const auto c = read("SLAPD_SERVICES=\"ldap://192.0.2.40/ ldap://127.0.0.1/ ldap://:3389/\"\n");
  ASSERT_EQ(c.endpoints.size(), 4u);
  const std::vector<vs::vserver::Guest> guests{vs::test::guest("web1", {"192.0.2.40"})};
  const auto host = vs::policy::BindPolicy::host(guests);
  EXPECT_EQ(host.judge(c.endpoints[0].endpoint).status, Status::critical);  // a guest's address
  EXPECT_EQ(host.judge(c.endpoints[1].endpoint).status, Status::ok);        // loopback
  EXPECT_EQ(host.judge(c.endpoints[2].endpoint).status, Status::critical);  // wildcard
  const auto in_guest = vs::test::guest_policy(guests[0], false);
  EXPECT_EQ(in_guest.judge(c.endpoints[0].endpoint).status, Status::ok);
  EXPECT_EQ(in_guest.judge(c.endpoints[1].endpoint).status, Status::critical);  // no loopback
  EXPECT_EQ(in_guest.judge(c.endpoints[2].endpoint).status, Status::ok);
  const auto strict =
      vs::test::guest_policy(vs::test::guest("web1", {"192.0.2.40"}, {"lback_remap"}), true);
  EXPECT_EQ(strict.judge(c.endpoints[1].endpoint).status, Status::ok);       // lback_remap
  EXPECT_EQ(strict.judge(c.endpoints[2].endpoint).status, Status::warning);  // --strict
  const auto named = read("SLAPD_SERVICES=ldap://ldap.example/\n");
  EXPECT_EQ(host.judge(named.endpoints[0].endpoint).status, Status::warning);
}
