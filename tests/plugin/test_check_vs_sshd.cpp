// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_sshd as a sysadmin runs it: the built binary on host and guest trees
// holding Debian 12's stock sshd_config and variants of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "plugin_output.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::add_guest;
using vs::test::TempDir;
using Outcome = vs::test::Run;

using vs::test::expect_summary;
using vs::test::findings;

using vs::test::service_perf;

namespace {

const std::string& debian_sshd_config() {
  static const std::string text =
      vs::test::read_file(vs::test::fixture("sshd/debian12/etc/ssh/sshd_config"));
  return text;
}

Outcome sshd(const TempDir& root, std::vector<std::string> args = {}) {
  return vs::test::run_plugin("check_vs_sshd", root.path(), args);
}

// Relative path of a guest's root inside the TempDir, for TempDir::write.
std::string in_guest(const TempDir& t, const std::string& guest_root, const std::string& path) {
  return guest_root.substr(t.path().size() + 1) + path;
}

const std::string kHostWildcard = ": bind the host's own address";

}  // namespace

TEST(CheckVsSshd, DebianDefaultOnTheHostIsCriticalForTheGuestsFamilyOnly) {
  TempDir t;
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  t.write("etc/ssh/sshd_config", debian_sshd_config());
  const Outcome r = sshd(t);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.first_line(),
            "VS_SSHD CRITICAL - no ListenAddress, so 0.0.0.0:22 (sshd_config); 1 "
            "warning" +
                service_perf(2, 2, 2));
  const std::string file = t.path() + "/etc/ssh/sshd_config";
  // The IPv6-only [::] shadows no IPv4 guest: it collides with nothing today.
  EXPECT_EQ(findings(r),
            "CRITICAL " + file +
                ": no ListenAddress, so 0.0.0.0:22: wildcard; answers for guest web1 "
                "(192.0.2.40)" +
                kHostWildcard + "\nWARNING " + file +
                ": no ListenAddress, so [::]:22: wildcard (IPv6 only); answers for no guest today "
                "(no guest has an IPv6 address), but will for the first that gets one" +
                kHostWildcard + "\n");
}

TEST(CheckVsSshd, DebianDefaultOnAHostWithoutGuestsIsWarningAndSaysSo) {
  TempDir t;
  t.write("etc/ssh/sshd_config", debian_sshd_config());
  const Outcome r = sshd(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.first_line(),
            "VS_SSHD WARNING - no guests configured: 2 wildcard binds answer for no guest today" +
                service_perf(2, 2, 2));
  const std::string file = t.path() + "/etc/ssh/sshd_config";
  EXPECT_EQ(findings(r), "WARNING " + file +
                             ": no ListenAddress, so [::]:22: wildcard (IPv6 only); " +
                             vs::test::kNoGuestsYet + "\nWARNING " + file +
                             ": no ListenAddress, so 0.0.0.0:22: wildcard; " +
                             vs::test::kNoGuestsYet + "\n" + vs::test::no_guests_line(t.path(), 2));
}

TEST(CheckVsSshd, HostWildcardNamesTheGuestsItAnswersFor) {
  TempDir t;
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  t.write("etc/ssh/sshd_config", "Port 2222\nAddressFamily inet\n");
  const Outcome r = sshd(t);
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_SSHD CRITICAL", service_perf(1, 1, 1));
  EXPECT_EQ(
      findings(r),
      "CRITICAL " + t.path() +
          "/etc/ssh/sshd_config:1: Port 2222 and no ListenAddress, so 0.0.0.0:2222: wildcard; "
          "answers for guest web1 (192.0.2.40)" +
          kHostWildcard + "\n");
}

TEST(CheckVsSshd, HostBindingAGuestAddressIsCritical) {
  TempDir t;
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  t.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\nListenAddress 192.0.2.40:22\n");
  const Outcome r = sshd(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_SSHD CRITICAL", service_perf(2, 0, 1));
  EXPECT_EQ(findings(r),
            "CRITICAL " + t.path() +
                "/etc/ssh/sshd_config:2: ListenAddress 192.0.2.40:22: the host binds guest web1's "
                "address 192.0.2.40\n");
}

TEST(CheckVsSshd, HostOwnAddressAndLoopbackAreOk) {
  TempDir t;
  t.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\nListenAddress 127.0.0.1\n");
  const Outcome r = sshd(t, {"--role", "host", "-v"});
  EXPECT_EQ(r.exit_code, 0);
  expect_summary(r, "VS_SSHD OK", service_perf(2, 0, 0));
  EXPECT_EQ(
      findings(r),
      "OK " + t.path() +
          "/etc/ssh/sshd_config:1: ListenAddress 192.0.2.1 (port 22): a precise address\nOK " +
          t.path() + "/etc/ssh/sshd_config:2: ListenAddress 127.0.0.1 (port 22): loopback\n");
}

TEST(CheckVsSshd, DebianDefaultInAGuestWarnsAboutX11) {
  TempDir t;
  const std::string root = add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  t.write(in_guest(t, root, "/etc/ssh/sshd_config"), debian_sshd_config());
  t.write(in_guest(t, root, "/usr/bin/xauth"), "");
  const Outcome r = sshd(t, {"--guest", "web1", "--proc", vs::test::vs22_proc()});
  EXPECT_EQ(r.exit_code, 1);
  expect_summary(r, "VS_SSHD WARNING", service_perf(2, 2, 0));
  EXPECT_EQ(
      findings(r),
      "WARNING " + root +
          "/etc/ssh/sshd_config:90: X11Forwarding yes with X11UseLocalhost yes: DISPLAY would "
          "point at localhost, a loopback the guest lacks; set X11UseLocalhost no; no loopback "
          "(vs2.2 kernel)\n");
}

TEST(CheckVsSshd, GuestWithLoopbackHasNoX11Finding) {
  TempDir t;
  const std::string root =
      add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}, .nflags = {"lback_remap"}});
  t.write(in_guest(t, root, "/etc/ssh/sshd_config"), debian_sshd_config());
  t.write(in_guest(t, root, "/usr/bin/xauth"), "");
  const Outcome r = sshd(t, {"--guest", "web1"});
  EXPECT_EQ(r.exit_code, 0);
  expect_summary(r, "VS_SSHD OK", service_perf(2, 2, 0));
  EXPECT_EQ(findings(r), "");
}

TEST(CheckVsSshd, GuestX11UseLocalhostNoIsTheFix) {
  TempDir t;
  const std::string root = add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  t.write(in_guest(t, root, "/etc/ssh/sshd_config.d/x11.conf"), "X11UseLocalhost no\n");
  t.write(in_guest(t, root, "/etc/ssh/sshd_config"), debian_sshd_config());
  t.write(in_guest(t, root, "/usr/bin/xauth"), "");
  const Outcome r = sshd(t, {"--guest", "web1"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(findings(r), "");
}

// The talk: X11 forwarding in a guest needs the X client tools there. sshd only
// stat()s XAuthLocation when a session asks for X11, so no socket shows it.
TEST(CheckVsSshd, GuestX11ForwardingWithoutXauthSaysWhereItIsMissing) {
  TempDir t;
  const std::string root =
      add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}, .nflags = {"lback_remap"}});
  t.write(in_guest(t, root, "/etc/ssh/sshd_config"), debian_sshd_config());
  Outcome r = sshd(t, {"--guest", "web1"});
  EXPECT_EQ(r.exit_code, 1);
  expect_summary(r, "VS_SSHD WARNING", service_perf(2, 2, 0));
  EXPECT_EQ(findings(r), "WARNING " + root +
                             "/etc/ssh/sshd_config:90: X11Forwarding yes, but there is no " + root +
                             "/usr/bin/xauth (the default XAuthLocation): X11 forwarding fails "
                             "(\"No xauth program; cannot forward X11.\"); install xauth (the X "
                             "client tools) or set X11Forwarding no\n");
  EXPECT_NE(r.first_line().find("X11 forwarding without /usr/bin/xauth"), std::string::npos);

  // XAuthLocation moves it; a symbolic link inside the guest's tree counts.
  t.write(in_guest(t, root, "/etc/ssh/sshd_config.d/xauth.conf"),
          "XAuthLocation /opt/X11/bin/xauth\n");
  r = sshd(t, {"--guest", "web1"});
  EXPECT_NE(findings(r).find("no " + root + "/opt/X11/bin/xauth (XAuthLocation, " + root +
                             "/etc/ssh/sshd_config.d/xauth.conf:1)"),
            std::string::npos)
      << r.out;
  t.write(in_guest(t, root, "/usr/bin/xauth"), "");
  t.symlink(in_guest(t, root, "/opt/X11/bin/xauth"), "/usr/bin/xauth");
  r = sshd(t, {"--guest", "web1"});
  EXPECT_EQ(r.exit_code, 0) << r.out;

  // X11Forwarding no: nothing to say.
  t.write(in_guest(t, root, "/etc/ssh/sshd_config"), "X11Forwarding no\n");
  std::filesystem::remove(root + "/usr/bin/xauth");
  r = sshd(t, {"--guest", "web1"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

// On the host, X11 forwarding without xauth is the admin's choice, not a guest's trap.
TEST(CheckVsSshd, HostWithoutXauthHasNoX11Finding) {
  TempDir t;
  t.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\nX11Forwarding yes\n");
  const Outcome r = sshd(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(findings(r), "");
}

TEST(CheckVsSshd, GuestStrictWarnsAboutTheWildcard) {
  TempDir t;
  const std::string root =
      add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}, .nflags = {"lback_remap"}});
  t.write(in_guest(t, root, "/etc/ssh/sshd_config"), "AddressFamily inet\n");
  const Outcome r = sshd(t, {"--guest", "web1", "--strict"});
  EXPECT_EQ(r.exit_code, 1);
  expect_summary(r, "VS_SSHD WARNING", service_perf(1, 1, 1));
  EXPECT_EQ(
      findings(r),
      "WARNING " + root +
          "/etc/ssh/sshd_config: no ListenAddress, so 0.0.0.0:22: wildcard; --strict: bind guest "
          "web1's own address\n");
}

TEST(CheckVsSshd, GuestLoopbackIsCriticalUnlessItHasLoopback) {
  TempDir t;
  const std::string root = add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  const std::string remapped =
      add_guest(t, {.name = "web2", .ips = {"192.0.2.41"}, .nflags = {"lback_remap"}});
  t.write(in_guest(t, root, "/etc/ssh/sshd_config"),
          "ListenAddress 127.0.0.1\nListenAddress 192.0.2.40\n");
  t.write(in_guest(t, remapped, "/etc/ssh/sshd_config"),
          "ListenAddress 127.0.0.1\nListenAddress 192.0.2.41\n");
  Outcome r = sshd(t, {"--guest", "web1", "--proc", vs::test::vs22_proc()});
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_SSHD CRITICAL", service_perf(2, 0, 1));
  EXPECT_EQ(
      findings(r),
      "CRITICAL " + root +
          "/etc/ssh/sshd_config:1: ListenAddress 127.0.0.1 (port 22): loopback address, but guest "
          "web1 has no loopback (vs2.2 kernel): the bind fails\n");
  r = sshd(t, {"--guest", "web2", "--proc", vs::test::vs22_proc()});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  r = sshd(t, {"--guest", "web1", "--loopback", "yes"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

// A guest's sshd binds only the guest's addresses (its interfaces, and loopback):
// with no other ListenAddress, it does not start; with another, it runs without it.
TEST(CheckVsSshd, GuestAddressItDoesNotOwnIsCritical) {
  TempDir t;
  const std::string root = add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  t.write(in_guest(t, root, "/etc/ssh/sshd_config"), "ListenAddress [2001:db8::99]:22\n");
  Outcome r = sshd(t, {"--guest", "web1"});
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_SSHD CRITICAL", service_perf(0, 0, 0));
  EXPECT_EQ(findings(r), "CRITICAL " + root +
                             "/etc/ssh/sshd_config:1: sshd will not start: Bind to port 22 on "
                             "2001:db8::99 failed: Cannot assign requested address. Cannot bind "
                             "any address.\n");
  t.write(in_guest(t, root, "/etc/ssh/sshd_config"),
          "ListenAddress [2001:db8::99]:22\nListenAddress 192.0.2.40\n");
  r = sshd(t, {"--guest", "web1"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  expect_summary(r, "VS_SSHD WARNING", service_perf(1, 0, 0));
  EXPECT_EQ(findings(r), "WARNING " + root +
                             "/etc/ssh/sshd_config:1: Bind to port 22 on 2001:db8::99 failed: "
                             "Cannot assign requested address. sshd goes on without it\n");
}

TEST(CheckVsSshd, HostNameCannotBeJudged) {
  TempDir t;
  t.write("etc/ssh/sshd_config", "ListenAddress ssh.example.org:22\n");
  const Outcome r = sshd(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 1);
  expect_summary(r, "VS_SSHD WARNING", service_perf(1, 0, 1));
  EXPECT_EQ(
      findings(r),
      "WARNING " + t.path() +
          "/etc/ssh/sshd_config:1: ListenAddress ssh.example.org:22: host name 'ssh.example.org' "
          "instead of an address: cannot judge a name\n");
}

TEST(CheckVsSshd, IncludeOfItselfIsCritical) {
  TempDir t;
  t.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\nInclude sshd_config\n");
  const Outcome r = sshd(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_SSHD CRITICAL", service_perf(1, 0, 0));
  const std::string file = t.path() + "/etc/ssh/sshd_config";
  EXPECT_EQ(findings(r), "CRITICAL " + file + ":2: sshd will not start: include loop: " + file +
                             " -> " + file + "\n");
}

TEST(CheckVsSshd, PortInsideMatchIsCritical) {
  TempDir t;
  t.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\nMatch User bob\n  Port 2222\n");
  const Outcome r = sshd(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 2);
  expect_summary(r, "VS_SSHD CRITICAL", service_perf(1, 0, 0));
  const std::string file = t.path() + "/etc/ssh/sshd_config";
  EXPECT_EQ(findings(r),
            "CRITICAL " + file +
                ":3: sshd will not start: Directive 'Port' is not allowed within a Match "
                "block (" +
                file + ":2)\n");
}

TEST(CheckVsSshd, MissingConfigurationIsUnknown) {
  TempDir t;
  const Outcome r = sshd(t, {"--role", "host"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.first_line().rfind("VS_SSHD UNKNOWN - " + t.path() + "/etc/ssh/sshd_config: ", 0), 0u)
      << r.out;
}

TEST(CheckVsSshd, ConfigOptionPicksAnotherFile) {
  TempDir t;
  t.write("srv/sshd_config", "ListenAddress 192.0.2.1\n");
  const Outcome r = sshd(t, {"--role", "host", "--config", "/srv/sshd_config"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(CheckVsSshd, HelpAndVersion) {
  const Outcome help = vs::test::run({vs::test::plugin("check_vs_sshd"), "--help"});
  EXPECT_EQ(help.exit_code, 3);
  EXPECT_NE(help.out.find("X11UseLocalhost"), std::string::npos);
  EXPECT_NE(help.out.find("--strict"), std::string::npos);
  const Outcome version = vs::test::run({vs::test::plugin("check_vs_sshd"), "--version"});
  EXPECT_EQ(version.exit_code, 3);
  EXPECT_EQ(version.out.rfind("check_vs_sshd v", 0), 0u);
  const Outcome bad = vs::test::run({vs::test::plugin("check_vs_sshd"), "--loopback", "maybe"});
  EXPECT_EQ(bad.exit_code, 3);
}
