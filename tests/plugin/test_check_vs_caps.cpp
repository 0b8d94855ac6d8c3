// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_caps as a sysadmin runs it: the built binary on guest trees.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "plugin_output.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::add_guest;
using vs::test::TempDir;

namespace {

vs::test::Run caps(const TempDir& root, std::vector<std::string> args = {}) {
  return vs::test::run_plugin("check_vs_caps", root.path(), args);
}

TEST(CheckVsCaps, HostWithoutUtilVserverIsOk) {
  TempDir t;
  const vs::test::Run r = caps(t);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.first_line(),
            "VS_CAPS OK - 0 guests, no denied capability granted | guests=0;;;0 net_raw=0;;;0;0 "
            "denied=0;;;0 "
            "broken=0;;;0;0");
}

TEST(CheckVsCaps, NetRawIsCriticalWithFileAndLine) {
  TempDir t;
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}, .bcapabilities = "# ping\nNET_RAW\n"});
  add_guest(t, {.name = "mail",
                .ips = {"192.0.2.41"},
                .bcapabilities = "CHOWN\n",
                .ccapabilities = "raw_icmp\n"});
  const vs::test::Run r = caps(t);
  EXPECT_EQ(r.exit_code, 2);
  const std::string file = t.path() + "/etc/vservers/web1/bcapabilities:2";
  EXPECT_EQ(r.out,
            "VS_CAPS CRITICAL - web1 holds NET_RAW | guests=2;;;0 net_raw=1;;;0;2 denied=1;;;0 "
            "broken=0;;;0;2\nCRITICAL " +
                file +
                ": guest web1 holds NET_RAW: every program in the guest can forge packets (the "
                "raw_icmp context "
                "capability in ccapabilities is enough for ping)\n");
}

TEST(CheckVsCaps, OneGuestAndAllowances) {
  TempDir t;
  add_guest(t, {.name = "web1", .bcapabilities = "NET_RAW\n"});
  add_guest(t, {.name = "mail", .bcapabilities = "SYS_ADMIN\n"});
  EXPECT_EQ(caps(t, {"--guest", "mail"}).exit_code, 1);
  EXPECT_EQ(caps(t, {"--guest", "web1", "--allow", "web1:NET_RAW"}).exit_code, 0);
  EXPECT_EQ(caps(t, {"--allow", "web1:NET_RAW", "--allow", "*:SYS_ADMIN"}).exit_code, 0);
  const vs::test::Run verbose = caps(t, {"--guest", "web1", "--allow", "web1:cap_net_raw", "-v"});
  EXPECT_NE(
      verbose.out.find(
          "OK " + t.path() +
          "/etc/vservers/web1/bcapabilities:1: guest web1 holds NET_RAW: allowed by --allow\n"),
      std::string::npos)
      << verbose.out;
}

TEST(CheckVsCaps, ListsReplaceTheirDefaults) {
  TempDir t;
  add_guest(t, {.name = "web1", .bcapabilities = "NET_RAW,SYS_TIME\n"});
  const vs::test::Run r = caps(t, {"--crit-cap", "SYS_TIME", "--warn-cap", "MKNOD"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("guest web1 holds SYS_TIME"), std::string::npos);
  EXPECT_EQ(r.out.find("NET_RAW"), std::string::npos);  // no longer listed at all
}

TEST(CheckVsCaps, UnknownGuestIsUnknown) {
  TempDir t;
  add_guest(t, {.name = "web1"});
  const vs::test::Run r = caps(t, {"--guest", "nope"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "VS_CAPS UNKNOWN - guest 'nope' is not configured in " + t.path() +
                       "/etc/vservers\nUsage: check_vs_caps [--crit-cap CAP]... [--warn-cap "
                       "CAP]... [--allow GUEST:CAP]... [--pid PID]... [standard options]; try "
                       "'check_vs_caps --help'\n");
}

TEST(CheckVsCaps, TokenThatStopsTheGuestAndIgnoredLastLine) {
  TempDir t;
  add_guest(t, {.name = "web1", .bcapabilities = "CHOWN, MKNOD\n"});
  add_guest(t, {.name = "db", .bcapabilities = "CHOWN\nNET_RAW"});
  const vs::test::Run r = caps(t, {"--max-output", "0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("CRITICAL " + t.path() +
                       "/etc/vservers/web1/bcapabilities:1: guest web1 will fail to start: unknown "
                       "capability (no "
                       "spaces allowed around commas) ' MKNOD'\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("WARNING " + t.path() +
                       "/etc/vservers/db/bcapabilities:2: 'NET_RAW' ignored by util-vserver: no "
                       "newline at end of "
                       "file (guest db)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(" net_raw=0;;;0;2 denied=0;;;0 broken=1;;;0;2\n"), std::string::npos)
      << r.out;
}

TEST(CheckVsCaps, UnreadableCapabilityFileIsUnknownForThatGuestOnly) {
  TempDir t;
  add_guest(t, {.name = "web1"});
  add_guest(t, {.name = "mail", .bcapabilities = "NET_RAW\n"});
  ASSERT_EQ(mkfifo((t.path() + "/etc/vservers/web1/bcapabilities").c_str(), 0600), 0);
  const vs::test::Run r = caps(t);
  EXPECT_EQ(r.exit_code, 2);  // mail's NET_RAW still counts
  EXPECT_NE(
      r.out.find("UNKNOWN " + t.path() +
                 "/etc/vservers/web1/bcapabilities: guest web1: a FIFO, not a regular file\n"),
      std::string::npos)
      << r.out;
}

TEST(CheckVsCaps, SymlinkOutOfTheTreeNeverReadsAHostFile) {
  TempDir t;
  t.write("host-secret", "NET_RAW\n");
  add_guest(t, {.name = "web1"});
  t.mkdir("tree");
  std::rename((t.path() + "/etc").c_str(), (t.path() + "/tree/etc").c_str());
  std::rename((t.path() + "/vservers").c_str(), (t.path() + "/tree/vservers").c_str());
  t.symlink("tree/etc/vservers/web1/bcapabilities", "../../../../host-secret");
  const vs::test::Run r =
      vs::test::run({vs::test::plugin("check_vs_caps"), "--root", t.path() + "/tree"});
  EXPECT_EQ(r.exit_code, 0) << r.out;  // resolved inside the tree: there is no such file there
}

TEST(CheckVsCaps, ThresholdsOnDenied) {
  TempDir t;
  add_guest(t, {.name = "web1", .bcapabilities = "SYS_TIME\n"});
  add_guest(t, {.name = "mail", .bcapabilities = "SYS_NICE\n"});
  const vs::test::Run r = caps(t, {"-c", "1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.first_line().find(" denied=2;;1;0 "), std::string::npos) << r.first_line();
  EXPECT_EQ(caps(t, {"-w", "@1:5"}).exit_code, 1);
}

TEST(CheckVsCaps, ManyGuestsFitInNrpesBuffer) {
  TempDir t;
  for (int i = 0; i < 300; ++i)
    add_guest(t, {.name = "g" + std::to_string(i), .bcapabilities = "NET_RAW\n"});
  const vs::test::Run r = caps(t);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_LE(r.out.size(), 1023u);
  EXPECT_NE(r.first_line().find("net_raw=300;;;0;300"), std::string::npos);
  EXPECT_NE(r.out.find(" more findings)\n"), std::string::npos);
}

TEST(CheckVsCaps, ProcessBoundingSet) {
  TempDir t;
  const vs::test::Run r = caps(t, {"--pid", "1", "--crit-cap", "^63"});
  // pid 1's bounding set lacks bit 63 on every kernel; nothing else is listed.
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out;
  const vs::test::Run missing = caps(t, {"--pid", "999999999"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.out.find("UNKNOWN pid 999999999: no such process"), std::string::npos)
      << missing.out;
}

TEST(CheckVsCaps, TheDemoHost) {
  const char* src = std::getenv("VS_SOURCE_ROOT");
  ASSERT_NE(src, nullptr);
  const std::string root = std::string(src) + "/examples/demo-host";
  const vs::test::Run r = vs::test::run({vs::test::plugin("check_vs_caps"), "--root", root});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.first_line().substr(0, r.first_line().find(" | ")),
            "VS_CAPS CRITICAL - web1 holds NET_RAW; 1 warning");
  EXPECT_NE(r.first_line().find("| guests=3;;;0 net_raw=1;;;0;3 denied=1;;;0 broken=0;;;0;3"),
            std::string::npos);
}

// Thirteen guests, four of them with NET_RAW: line 1 names them in one group, and the
// reason is printed once, so NRPE's 1023 bytes go to findings.
TEST(CheckVsCaps, GuestsHoldingTheSameCapabilityAreOneGroup) {
  TempDir t;
  for (const char* g : {"bit", "lower", "multi", "netraw"})
    add_guest(t, {.name = g, .bcapabilities = "NET_RAW\n"});
  for (int i = 0; i < 9; ++i)
    add_guest(t, {.name = "plain" + std::to_string(i), .bcapabilities = "CHOWN\n"});
  add_guest(t, {.name = "x1", .bcapabilities = "SYS_TIME\n"});
  add_guest(t, {.name = "x2", .bcapabilities = "SYS_TIME\n"});
  const vs::test::Run r = caps(t);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.first_line().substr(0, r.first_line().find(" | ")),
            "VS_CAPS CRITICAL - 4 guests hold NET_RAW: bit, lower, multi, netraw; 2 warnings");
  const std::string reason = "every program in the guest can forge packets";
  EXPECT_NE(r.out.find("bit/bcapabilities:1: guest bit holds NET_RAW: " + reason),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find(reason), r.out.rfind(reason)) << r.out;
  EXPECT_NE(r.out.find("netraw/bcapabilities:1: guest netraw holds NET_RAW\n"), std::string::npos)
      << r.out;
  // Without NET_RAW, the warnings are the summary, grouped the same way.
  const vs::test::Run w = caps(t, {"--allow", "*:NET_RAW"});
  EXPECT_EQ(w.first_line().substr(0, w.first_line().find(" | ")),
            "VS_CAPS WARNING - 2 guests hold SYS_TIME: x1, x2");
}

// net_raw counts the grants --allow does not accept, as denied does.
TEST(CheckVsCaps, NetRawPerfdataFollowsAllow) {
  TempDir t;
  add_guest(t, {.name = "web1", .bcapabilities = "NET_RAW\n"});
  add_guest(t, {.name = "mail", .bcapabilities = "NET_RAW\n"});
  EXPECT_NE(caps(t).first_line().find(" net_raw=2;;;0;2 denied=2;;;0 "), std::string::npos);
  const vs::test::Run one = caps(t, {"--allow", "web1:NET_RAW"});
  EXPECT_NE(one.first_line().find(" net_raw=1;;;0;2 denied=1;;;0 "), std::string::npos)
      << one.first_line();
  const vs::test::Run all = caps(t, {"--allow", "*:NET_RAW"});
  EXPECT_EQ(all.exit_code, 0);
  EXPECT_NE(all.first_line().find(" net_raw=0;;;0;2 denied=0;;;0 "), std::string::npos)
      << all.first_line();
}

}  // namespace
