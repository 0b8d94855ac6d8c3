// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_nrpe as a sysadmin runs it: the built binary on host and guest trees,
// with Debian 12's own nrpe.cfg and variants.
#include <gtest/gtest.h>

#include <filesystem>

#include "plugin_output.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::add_guest;
using vs::test::TempDir;

using vs::test::service_perf;

namespace {

vs::test::Run nrpe(const TempDir& root, std::vector<std::string> args = {}) {
  return vs::test::run_plugin("check_vs_nrpe", root.path(), args);
}

// Debian 12's /etc/nagios into `root` (a host path).
void install_debian_nrpe(const std::string& root) {
  vs::test::copy_fixture("nrpe/debian12", root);
}

}  // namespace

TEST(CheckVsNrpe, DebianDefaultOnTheHostIsCritical) {
  TempDir t;
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  install_debian_nrpe(t.path());
  const auto r = nrpe(t);
  EXPECT_EQ(r.exit_code, 2);
  const std::string at = t.path() + "/etc/nagios/nrpe.cfg: ";
  // nrpe's [::] is IPv6-only and web1 has no IPv6 address: no collision to claim.
  EXPECT_EQ(r.out,
            "VS_NRPE CRITICAL - tcp 0.0.0.0:5666 (server_address not set) (nrpe.cfg); 1 "
            "warning" +
                service_perf(2, 2, 2) + "\nCRITICAL " + at +
                "tcp 0.0.0.0:5666 (server_address not set): wildcard; answers for guest "
                "web1 (192.0.2.40): bind the host's own address\nWARNING " +
                at +
                "tcp [::]:5666 (server_address not set): wildcard (IPv6 only); answers for "
                "no guest today (no guest has an IPv6 address), but will for the first that "
                "gets one: bind the host's own address\n");
}

TEST(CheckVsNrpe, DebianDefaultInAGuestIsFine) {
  TempDir t;
  const std::string web1 = add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  install_debian_nrpe(web1);
  const auto r = nrpe(t, {"--guest", "web1", "-vv"});
  EXPECT_EQ(r.exit_code, 0);
  const std::string at = "OK " + web1 + "/etc/nagios/nrpe.cfg: ";
  EXPECT_EQ(
      r.out,
      "VS_NRPE OK - NRPE: 2 endpoints, all bound as they should be" + service_perf(2, 2, 0) + "\n" +
          at +
          "tcp 0.0.0.0:5666 (server_address not set): wildcard, confined to guest web1's addresses "
          "by "
          "the kernel\n" +
          at +
          "tcp [::]:5666 (server_address not set): wildcard (IPv6 only), confined to guest web1's "
          "addresses by the kernel\n" +
          at + "read\nOK " + web1 + "/etc/nagios/nrpe_local.cfg: read\nOK " + web1 +
          "/etc/nagios/nrpe.d: read\n");
  EXPECT_EQ(nrpe(t, {"--guest", "web1", "--strict"}).exit_code, 1);
}

TEST(CheckVsNrpe, TheSeedsAdviceIsOk) {
  TempDir t;
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  install_debian_nrpe(t.path());
  t.write("etc/nagios/nrpe.d/address.cfg", "server_address=192.0.2.32\n");
  const auto r = nrpe(t, {"-v"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "VS_NRPE OK - NRPE: 1 endpoint, all bound as they should be" +
                       service_perf(1, 0, 0) + "\n" + "OK " + t.path() +
                       "/etc/nagios/nrpe.d/address.cfg:1: tcp 192.0.2.32:5666 "
                       "(server_address=192.0.2.32): a precise "
                       "address\n");
}

TEST(CheckVsNrpe, SecuritySettingsCountInBothRoles) {
  TempDir t;
  const std::string web1 = add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  t.write("vservers/web1/etc/nagios/nrpe.cfg",
          "server_address=192.0.2.40\ndont_blame_nrpe=1\ninclude_dir=/etc/nagios/nrpe.d\n");
  t.write("vservers/web1/etc/nagios/nrpe.d/danger.cfg", "allow_bash_command_substitution=1\n");
  const auto r = nrpe(t, {"--guest", "web1"});
  EXPECT_EQ(r.exit_code, 2);
  const std::string bash =
      web1 +
      "/etc/nagios/nrpe.d/danger.cfg:1: allow_bash_command_substitution=1: client arguments "
      "may run $(...) commands on this machine";
  EXPECT_EQ(
      r.out,
      "VS_NRPE CRITICAL - " + bash + "; 2 warnings" + service_perf(1, 0, 0) + "\n" + "CRITICAL " +
          bash + "\nWARNING " + web1 +
          "/etc/nagios/nrpe.cfg:2: dont_blame_nrpe=1: clients choose the command arguments (set 0 "
          "unless a command needs $ARGn$)\nWARNING " +
          web1 +
          "/etc/nagios/nrpe.cfg: allowed_hosts not set: nrpe runs commands for any host that "
          "reaches "
          "its port\n");
  // The same file on the host: the address is web1's, and the settings still count.
  std::filesystem::copy(web1 + "/etc", t.path() + "/etc", std::filesystem::copy_options::recursive);
  const auto host = nrpe(t);
  EXPECT_EQ(host.exit_code, 2);
  EXPECT_NE(
      host.out.find(
          "CRITICAL " + t.path() +
          "/etc/nagios/nrpe.cfg:1: tcp 192.0.2.40:5666 (server_address=192.0.2.40): the host binds "
          "guest web1's address 192.0.2.40\n"),
      std::string::npos)
      << host.out;
  EXPECT_NE(host.out.find("WARNING " + t.path() + "/etc/nagios/nrpe.cfg:2: dont_blame_nrpe=1"),
            std::string::npos);
}

TEST(CheckVsNrpe, IncludeDirLoopsEndWithAWarning) {
  TempDir t;
  t.write("etc/nagios/nrpe.cfg",
          "server_address=192.0.2.1\nallowed_hosts=192.0.2.9\ninclude_dir=/etc/nagios/nrpe.d/\n");
  t.write("etc/nagios/nrpe.d/a.cfg", "server_port=5667\n");
  t.symlink("etc/nagios/nrpe.d/loop", "/etc/nagios/nrpe.d");
  const auto r = nrpe(t);
  EXPECT_EQ(r.exit_code, 1);
  const std::string d = t.path() + "/etc/nagios/nrpe.d";
  EXPECT_EQ(r.out,
            "VS_NRPE WARNING - " + t.path() + "/etc/nagios/nrpe.cfg:3: include loop: " + t.path() +
                "/etc/nagios/nrpe.cfg -> " + d + " -> " + d + ": skipped" + service_perf(1, 0, 0) +
                "\n" + "WARNING " + t.path() + "/etc/nagios/nrpe.cfg:3: include loop: " + t.path() +
                "/etc/nagios/nrpe.cfg -> " + d + " -> " + d + ": skipped\n");
  EXPECT_NE(
      nrpe(t, {"-v"}).out.find("tcp 192.0.2.1:5667 (server_address=192.0.2.1): a precise address"),
      std::string::npos);
}

TEST(CheckVsNrpe, ALineNrpeRejectsStopsIt) {
  TempDir t;
  t.write("etc/nagios/nrpe.cfg",
          "server_address=192.0.2.1\nallowed_hosts=192.0.2.9\nserver_port=80\n");
  const auto r = nrpe(t);
  EXPECT_EQ(r.exit_code, 2);
  // nrpe stops reading at the line: nothing is bound.
  const std::string refusal = t.path() +
                              "/etc/nagios/nrpe.cfg:3: NRPE will not start: Invalid port number "
                              "specified (nrpe: \"Config file contained errors, aborting\")";
  EXPECT_EQ(r.out, "VS_NRPE CRITICAL - " + refusal + service_perf(0, 0, 0) + "\nCRITICAL " +
                       refusal + "\n");
}

TEST(CheckVsNrpe, MissingConfigurationIsUnknown) {
  TempDir t;
  const auto r = nrpe(t);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.first_line(), "VS_NRPE UNKNOWN - " + t.path() + "/etc/nagios/nrpe.cfg: no such file" +
                                service_perf(0, 0, 0));
}

// Issue 15: run through sudo or NRPE, --config /etc/shadow must not print a hash.
TEST(CheckVsNrpe, ConfigShadowPrintsNoSecret) {
  TempDir t;
  t.write("etc/shadow", "root:$6$saltsalt$Zm9vYmFyYmF6cXV4c2VjcmV0aGFzaA:19000:0:99999:7:::\n");
  const auto r = nrpe(t, {"--config", "/etc/shadow", "-vvv"});
  // No '=': nrpe refuses the line, and the message names it by its number.
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("/etc/shadow:1: NRPE will not start"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Zm9vYmFy"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("saltsalt"), std::string::npos) << r.out;
  // With a '=' in the hash, the line is a setting nrpe does not know: not quoted either.
  t.write("etc/shadow", "root:$6$rounds=5000$saltsalt$Zm9vYmFy:19000:0:99999:7:::\n");
  const auto known = nrpe(t, {"--config", "/etc/shadow", "-vvv"});
  EXPECT_EQ(known.out.find("saltsalt"), std::string::npos) << known.out;
}
