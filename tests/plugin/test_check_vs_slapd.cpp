// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_slapd as a sysadmin runs it: the built binary on host and guest trees,
// with Debian 12's own /etc/default/slapd and variants.
#include <gtest/gtest.h>

#include <filesystem>

#include "plugin_output.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::add_guest;
using vs::test::TempDir;

using vs::test::service_perf;

namespace {

const std::string kDebianDefault = vs::test::fixture("slapd/debian12/etc/default/slapd");

vs::test::Run slapd(const TempDir& root, std::vector<std::string> args = {}) {
  return vs::test::run_plugin("check_vs_slapd", root.path(), args);
}

// A host with guest web1 (192.0.2.40); returns web1's root directory.
std::string host_with_web1(const TempDir& t) {
  return add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
}

}  // namespace

TEST(CheckVsSlapd, DebianDefaultOnTheHostIsCritical) {
  TempDir t;
  host_with_web1(t);
  std::filesystem::create_directories(t.path() + "/etc/default");
  std::filesystem::copy_file(kDebianDefault, t.path() + "/etc/default/slapd");
  const auto r = slapd(t);
  EXPECT_EQ(r.exit_code, 2);
  const std::string at = t.path() + "/etc/default/slapd:24: ";
  // slapd's [::] is IPv6-only and web1 has no IPv6 address: no collision to claim.
  EXPECT_EQ(r.out, "VS_SLAPD CRITICAL - tcp 0.0.0.0:389 (ldap:///) (slapd:24); 1 warning" +
                       service_perf(2, 2, 2) + "\nCRITICAL " + at +
                       "tcp 0.0.0.0:389 (ldap:///): wildcard; answers for guest web1 "
                       "(192.0.2.40): bind the host's own address\nWARNING " +
                       at +
                       "tcp [::]:389 (ldap:///): wildcard (IPv6 only); answers for no guest today "
                       "(no guest has an IPv6 address), but will for the first that gets one: bind "
                       "the host's own address\n");
}

TEST(CheckVsSlapd, DebianFixtureAsTheRoot) {
  const auto r = vs::test::run({vs::test::plugin("check_vs_slapd"), "--root",
                                vs::test::fixture("slapd/debian12"), "--role", "host", "-v"});
  EXPECT_EQ(r.exit_code, 1);  // no guests in the fixture: its wildcards answer for none
  EXPECT_NE(r.out.find("OK " + vs::test::fixture("slapd/debian12") +
                       "/etc/default/slapd:24: ldapi:///: a local socket, not a network address\n"),
            std::string::npos)
      << r.out;
}

TEST(CheckVsSlapd, DebianDefaultInAGuestIsConfined) {
  TempDir t;
  const std::string web1 = host_with_web1(t);
  std::filesystem::create_directories(web1 + "/etc/default");
  std::filesystem::copy_file(kDebianDefault, web1 + "/etc/default/slapd");
  const auto r = slapd(t, {"--guest", "web1", "-v"});
  EXPECT_EQ(r.exit_code, 0);
  const std::string at = "OK " + web1 + "/etc/default/slapd:24: ";
  EXPECT_EQ(r.out, "VS_SLAPD OK - slapd: 2 endpoints, all bound as they should be" +
                       service_perf(2, 2, 0) + "\n" + at +
                       "tcp 0.0.0.0:389 (ldap:///): wildcard, confined to guest web1's addresses "
                       "by the kernel\n" +
                       at +
                       "tcp [::]:389 (ldap:///): wildcard (IPv6 only), confined to guest web1's "
                       "addresses by the "
                       "kernel\n" +
                       at + "ldapi:///: a local socket, not a network address\n");
  const auto strict = slapd(t, {"--guest", "web1", "--strict"});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_EQ(strict.first_line(),
            "VS_SLAPD WARNING - tcp 0.0.0.0:389 (ldap:///) (slapd:24), tcp [::]:389 (ldap:///) "
            "(slapd:24)" +
                service_perf(2, 2, 2));
}

TEST(CheckVsSlapd, PreciseAddresses) {
  TempDir t;
  const std::string web1 = host_with_web1(t);
  t.write("etc/default/slapd",
          "# the seed's advice\nSLAPD_SERVICES=\"ldap://192.0.2.1:389/ ldapi:///\"\n");
  const auto ok = slapd(t);
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_EQ(ok.out, "VS_SLAPD OK - slapd: 1 endpoint, all bound as they should be" +
                        service_perf(1, 0, 0) + "\n");

  t.write("etc/default/slapd", "SLAPD_SERVICES='ldap://192.0.2.40/'\n");
  const auto theirs = slapd(t);
  EXPECT_EQ(theirs.exit_code, 2);
  EXPECT_EQ(
      theirs.out,
      "VS_SLAPD CRITICAL - tcp 192.0.2.40:389 (ldap://192.0.2.40/) (slapd:1)" +
          service_perf(1, 0, 1) + "\n" + "CRITICAL " + t.path() +
          "/etc/default/slapd:1: tcp 192.0.2.40:389 (ldap://192.0.2.40/): the host binds guest "
          "web1's address 192.0.2.40\n");

  std::filesystem::create_directories(web1 + "/etc/default");
  t.write("vservers/web1/etc/default/slapd",
          "SLAPD_SERVICES=\"ldap://192.0.2.40/ ldap://127.0.0.1/\"\n");
  const auto guest = slapd(t, {"--guest", "web1", "--proc", vs::test::vs22_proc()});
  EXPECT_EQ(guest.exit_code, 2);
  EXPECT_EQ(
      guest.out,
      "VS_SLAPD CRITICAL - tcp 127.0.0.1:389 (ldap://127.0.0.1/) (slapd:1)" +
          service_perf(2, 0, 1) + "\n" + "CRITICAL " + web1 +
          "/etc/default/slapd:1: tcp 127.0.0.1:389 (ldap://127.0.0.1/): loopback address, but "
          "guest web1 has no loopback (vs2.2 kernel): the bind fails\n");
  EXPECT_EQ(slapd(t, {"--guest", "web1", "--loopback", "yes"}).exit_code, 0);
}

TEST(CheckVsSlapd, RhelLayoutAndHostNames) {
  TempDir t;
  t.write("etc/sysconfig/slapd", "SLAPD_URLS=\"ldapi:/// ldap://ldap.example.org/\"\n");
  const auto r = slapd(t);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(
      r.out,
      "VS_SLAPD WARNING - tcp ldap.example.org:389 (ldap://ldap.example.org/) (slapd:1)" +
          service_perf(1, 0, 1) + "\n" + "WARNING " + t.path() +
          "/etc/sysconfig/slapd:1: tcp ldap.example.org:389 (ldap://ldap.example.org/): host name "
          "'ldap.example.org' instead of an address: cannot judge a name\n");
}

TEST(CheckVsSlapd, BrokenFilesAndMissingOnes) {
  TempDir t;
  t.write("etc/default/slapd", "SLAPD_SERVICES=\"ldap://192.0.2.1:ldap/\"\n");
  const auto bad = slapd(t);
  EXPECT_EQ(bad.exit_code, 2);
  const std::string why =
      t.path() +
      "/etc/default/slapd:1: slapd will not start: daemon: listen URL \"ldap://192.0.2.1:ldap/\" "
      "parse error=5 (a bad host or port)";
  EXPECT_EQ(bad.out,
            "VS_SLAPD CRITICAL - " + why + service_perf(0, 0, 0) + "\n" + "CRITICAL " + why + "\n");
  TempDir empty;
  const auto missing = slapd(empty);
  EXPECT_EQ(missing.exit_code, 3);
  const std::string gone = empty.path() + "/etc/default/slapd: no such file";
  EXPECT_EQ(missing.out,
            "VS_SLAPD UNKNOWN - " + gone + service_perf(0, 0, 0) + "\n" + "UNKNOWN " + gone + "\n");
}

// Issue 15: run through sudo or NRPE, --config /etc/shadow must not print a hash.
TEST(CheckVsSlapd, ConfigShadowPrintsNoSecret) {
  TempDir t;
  t.write("etc/shadow",
          "root:$6$rounds=5000$saltsalt$Zm9vYmFyYmF6cXV4c2VjcmV0aGFzaA:19000:0:99999:7:::\n"
          "daemon:*:19000:0:99999:7:::\n");
  const auto r = slapd(t, {"--config", "/etc/shadow", "-vvv"});
  EXPECT_LE(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("/etc/shadow:1"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Zm9vYmFy"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("saltsalt"), std::string::npos) << r.out;
}
