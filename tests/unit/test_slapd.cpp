#include "config/slapd.hpp"

#include <gtest/gtest.h>

#include "config_lines.hpp"
#include "guests.hpp"
#include "policy/bind_policy.hpp"
#include "process.hpp"

using vs::config::parse_slapd_defaults;
using vs::config::parse_slapd_url;
using vs::config::SlapdUrl;
using vs::plugin::Status;
using vs::test::TempDir;

namespace {

using Strings = std::vector<std::string>;

Strings endpoints(const SlapdUrl& url) {
  Strings out;
  for (const auto& e : url.endpoints)
    out.push_back(e.str());
  return out;
}

vs::config::ServiceConfig read(const std::string& content) {
  TempDir dir;
  dir.write("etc/default/slapd", content);
  vs::fs::Tree tree(dir.path());
  return vs::config::read_slapd(tree, "/etc/default/slapd");
}

Strings read_lines(const std::string& content) {
  TempDir dir;
  dir.write("etc/default/slapd", content);
  vs::fs::Tree tree(dir.path());
  return vs::test::config_lines(vs::config::read_slapd(tree, "/etc/default/slapd"), dir.path());
}

}  // namespace

TEST(SlapdUrl, WildcardsListenOnEveryAddressOnTheSchemesPort) {
  EXPECT_EQ(endpoints(parse_slapd_url("ldap:///")), (Strings{"tcp 0.0.0.0:389", "tcp [::]:389"}));
  EXPECT_EQ(endpoints(parse_slapd_url("ldaps:///")), (Strings{"tcp 0.0.0.0:636", "tcp [::]:636"}));
  EXPECT_EQ(endpoints(parse_slapd_url("LDAP://")), (Strings{"tcp 0.0.0.0:389", "tcp [::]:389"}));
  EXPECT_EQ(endpoints(parse_slapd_url("ldap://:1389/")),
            (Strings{"tcp 0.0.0.0:1389", "tcp [::]:1389"}));
  const auto any = parse_slapd_url("ldap:///");
  EXPECT_TRUE(any.endpoints[0].is_wildcard());
  EXPECT_EQ(any.endpoints[1].scope(), vs::net::Scope::wildcard_v6_only);
}

TEST(SlapdUrl, AddressesPortsAndIpv6) {
  EXPECT_EQ(endpoints(parse_slapd_url("ldap://192.0.2.1:389/")), Strings{"tcp 192.0.2.1:389"});
  EXPECT_EQ(endpoints(parse_slapd_url("ldap://192.0.2.1:1389")), Strings{"tcp 192.0.2.1:1389"});
  EXPECT_EQ(endpoints(parse_slapd_url("ldaps://192.0.2.1/")), Strings{"tcp 192.0.2.1:636"});
  EXPECT_EQ(endpoints(parse_slapd_url("ldap://[2001:db8::1]:1389/")),
            Strings{"tcp [2001:db8::1]:1389"});
  EXPECT_EQ(endpoints(parse_slapd_url("ldap://[2001:db8::1]/")), Strings{"tcp [2001:db8::1]:389"});
  EXPECT_EQ(endpoints(parse_slapd_url("ldap://127.0.0.1:389/????x")), Strings{"tcp 127.0.0.1:389"});
  EXPECT_EQ(endpoints(parse_slapd_url("ldap://0.0.0.0/")), Strings{"tcp 0.0.0.0:389"});
  EXPECT_EQ(endpoints(parse_slapd_url("ldap://%31%39%32.0.2.1/")), Strings{"tcp 192.0.2.1:389"});
  EXPECT_EQ(endpoints(parse_slapd_url("cldap://192.0.2.1/")), Strings{"udp 192.0.2.1:389"});
}

TEST(SlapdUrl, AHostNameStaysAName) {
  const auto url = parse_slapd_url("ldap://ldap.example.org/");
  ASSERT_EQ(url.endpoints.size(), 1u);
  EXPECT_EQ(url.endpoints[0].hostname, "ldap.example.org");
  EXPECT_EQ(url.endpoints[0].str(), "tcp ldap.example.org:389");
}

TEST(SlapdUrl, LocalSocketsAndInvalidUrls) {
  EXPECT_EQ(parse_slapd_url("ldapi:///").kind, SlapdUrl::Kind::local_socket);
  EXPECT_EQ(parse_slapd_url("ldapi://%2Frun%2Fslapd%2Fldapi/").kind, SlapdUrl::Kind::local_socket);
  EXPECT_TRUE(parse_slapd_url("ldapi:///").endpoints.empty());
  const auto bad_port = parse_slapd_url("ldap://192.0.2.1:ldap/");
  EXPECT_EQ(bad_port.kind, SlapdUrl::Kind::invalid);
  EXPECT_EQ(bad_port.problem, "port 'ldap' is not a number from 1 to 65535");
  EXPECT_EQ(parse_slapd_url("http://192.0.2.1/").problem,
            "not an ldap://, ldaps://, ldapi:// or cldap:// URL");
  EXPECT_EQ(parse_slapd_url("ldap://[2001:db8::1/").kind, SlapdUrl::Kind::invalid);
}

TEST(SlapdDefaults, TheLastAssignmentWinsAndQuotesGo) {
  const auto s = parse_slapd_defaults(
      "SLAPD_SERVICES=\"ldap:///\"\n# SLAPD_SERVICES=\"x\"\nSLAPD_SERVICES='ldap://192.0.2.1/ "
      "ldapi:///'\n",
      "f");
  EXPECT_TRUE(s.set);
  EXPECT_EQ(s.variable, "SLAPD_SERVICES");
  EXPECT_EQ(s.where.str(), "f:3");
  ASSERT_EQ(s.urls.size(), 2u);
  EXPECT_EQ(s.urls[0].text, "ldap://192.0.2.1/");
  EXPECT_EQ(s.urls[1].kind, SlapdUrl::Kind::local_socket);
}

TEST(SlapdDefaults, RhelUsesSlapdUrlsAndDebiansVariableComesFirst) {
  const auto rhel =
      parse_slapd_defaults("SLAPD_URLS=\"ldapi:/// ldap://192.0.2.1/\"\n", "/etc/sysconfig/slapd");
  EXPECT_EQ(rhel.variable, "SLAPD_URLS");
  EXPECT_EQ(rhel.urls.size(), 2u);
  const auto both =
      parse_slapd_defaults("SLAPD_SERVICES=ldap:///\nSLAPD_URLS=ldap://192.0.2.1/\n", "f");
  EXPECT_EQ(both.variable, "SLAPD_SERVICES");
  EXPECT_EQ(both.where.line, 1);
}

TEST(SlapdDefaults, UnsetOrEmptyMeansSlapdsDefault) {
  const auto unset =
      parse_slapd_defaults("SLAPD_USER=openldap\n#SLAPD_SERVICES=\"ldap://192.0.2.1/\"\n", "f");
  EXPECT_FALSE(unset.set);
  EXPECT_EQ(unset.variable, "SLAPD_SERVICES");
  EXPECT_EQ(unset.where.str(), "f");
  EXPECT_FALSE(parse_slapd_defaults("SLAPD_SERVICES=\"\"\n", "f").set);
  EXPECT_EQ(parse_slapd_defaults("", "/etc/sysconfig/slapd").variable, "SLAPD_URLS");
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

TEST(SlapdRead, NotesForUnsetExpansionInvalidAndUnterminated) {
  EXPECT_EQ(read_lines("SLAPD_USER=openldap\n"),
            (Strings{"/etc/default/slapd: tcp 0.0.0.0:389 (SLAPD_SERVICES not set: ldap:///)",
                     "/etc/default/slapd: tcp [::]:389 (SLAPD_SERVICES not set: ldap:///)"}));
  EXPECT_EQ(read_lines("IP=192.0.2.1\nSLAPD_SERVICES=\"ldap://$IP/\"\n"),
            Strings{"unjudged /etc/default/slapd:2: SLAPD_SERVICES=\"ldap://$IP/\" needs shell "
                    "expansion: cannot tell which addresses slapd binds"});
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap://192.0.2.1:x/ ldap://192.0.2.2/\"\n"),
            (Strings{"/etc/default/slapd:1: tcp 192.0.2.2:389 (ldap://192.0.2.2/)",
                     "refusal /etc/default/slapd:1: 'ldap://192.0.2.1:x/': port 'x' is not a "
                     "number from 1 to 65535"}));
  EXPECT_EQ(read_lines("SLAPD_SERVICES=\"ldap:///\nSLAPD_USER=x\n"),
            Strings{"refusal /etc/default/slapd:1: unterminated quote (the shell cannot read "
                    "this file)"});
}

TEST(SlapdRead, MissingFileThrows) {
  TempDir dir;
  vs::fs::Tree tree(dir.path());
  EXPECT_THROW(vs::config::read_slapd(tree, "/etc/default/slapd"), vs::fs::FileMissing);
}

TEST(SlapdPolicy, HostAndGuestRoles) {
  const auto c = read("SLAPD_SERVICES=\"ldap://192.0.2.40/ ldap://127.0.0.1/ ldap:///\"\n");
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
