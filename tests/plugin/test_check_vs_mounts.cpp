// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_mounts as a sysadmin runs it, on guest trees that need no privilege: the
// manual, bad options, stopped guests and their fstab files. The namespaces
// themselves are tested in tests/integration/test_mounts.cpp (as root).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "plugin_output.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::add_guest;
using vs::test::TempDir;

namespace {

const std::string kUsage =
    "Usage: check_vs_mounts [--pid [GUEST:]PID]... [--allow-mount PATH]... [standard options]; "
    "try 'check_vs_mounts --help'\n";

const std::string kZeroPerf =
    " | mounts=0;;;0 host_namespace=0;;;0 removable=0;;;0 missing=0;;;0 writable_binds=0;;;0";

vs::test::Run mounts(const TempDir& root, const std::vector<std::string>& args = {}) {
  return vs::test::run_plugin("check_vs_mounts", root.path(), args);
}

TEST(CheckVsMounts, HelpIsTheManual) {
  const auto r = vs::test::run({vs::test::plugin("check_vs_mounts"), "--help"});
  EXPECT_EQ(r.exit_code, 3);
  for (const char* part :
       {"vnamespace -e GUEST mount", "--pid [GUEST:]PID", "--allow-mount PATH",
        "Perfdata: mounts (in the judged namespaces), host_namespace (-w/-c apply to it)",
        "secure-mount's grammar", "check_vs_mounts --guest web1 --pid web1:4242"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part;
  }
}

TEST(CheckVsMounts, BadPidsAreUnknown) {
  TempDir t;
  add_guest(t, {.name = "web1"});
  EXPECT_EQ(mounts(t, {"--pid", "0"}).first_line(),
            "VS_MOUNTS UNKNOWN - --pid '0': '0' is not a process id");
  EXPECT_EQ(mounts(t, {"--pid", "web1:12x"}).first_line(),
            "VS_MOUNTS UNKNOWN - --pid 'web1:12x': '12x' is not a process id");
  EXPECT_EQ(mounts(t, {"--pid", ":5"}).first_line(),
            "VS_MOUNTS UNKNOWN - --pid ':5': no guest name before ':'");
  const auto r = mounts(t, {"--pid", "mail:5"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "VS_MOUNTS UNKNOWN - --pid mail:5: guest 'mail' is not configured in " +
                       t.path() + "/etc/vservers\n" + kUsage);
}

TEST(CheckVsMounts, TheDemoHostsStoppedGuests) {
  const char* src = std::getenv("VS_SOURCE_ROOT");
  ASSERT_NE(src, nullptr);
  const auto r =
      vs::test::run_plugin("check_vs_mounts", std::string(src) + "/examples/demo-host", {"-v"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "VS_MOUNTS OK - 3 guests: 0 mounts, none misplaced" + kZeroPerf +
                       "\nOK guest old: disabled: skipped\n");
}

TEST(CheckVsMounts, FstabFilesSecureMountWillNotMountFully) {
  TempDir t;
  add_guest(t, {.name = "web1"});
  const std::string fstab = t.write("etc/vservers/web1/fstab",
                                    "none /proc proc defaults 0 0\n"
                                    "none /tmp tmpfs\n"
                                    "none /dev/pts devpts gid=5,mode=620 0 0\n");
  const std::string local =
      t.write("etc/vservers/web1/fstab.local", "none /dev/shm tmpfs defaults");
  const auto r = mounts(t);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.out,
            "VS_MOUNTS WARNING - web1: fstab syntax error, web1: fstab needs a final newline" +
                kZeroPerf + "\nWARNING " + fstab +
                ":2: syntax error: secure-mount needs a source, a mount point, a type and "
                "options; secure-mount stops here, so this line and the 1 after it are never "
                "mounted in guest web1\nWARNING " +
                local +
                ":1: no newline at end of file: secure-mount reads the options as 'defaults#', "
                "which most filesystems refuse, so guest web1 may start without this mount; end "
                "the line\n");
}

TEST(CheckVsMounts, AGuestWhoseRootIsUnknownIsUnknownAlone) {
  TempDir t;
  add_guest(t, {.name = "web1"});
  add_guest(t, {.name = "mail"});
  t.write("etc/vservers/mail/fstab", "none /tmp tmpfs\n");
  std::filesystem::remove(t.path() + "/etc/vservers/web1/vdir");
  const auto r = mounts(t);
  EXPECT_EQ(r.exit_code, 1) << r.out;  // mail's WARNING outranks web1's UNKNOWN
  EXPECT_NE(r.out.find("\nUNKNOWN " + t.path() +
                       "/etc/vservers/web1/vdir: no vdir link: guest root unknown: guest web1 "
                       "cannot be checked\n"),
            std::string::npos)
      << r.out;
}

TEST(CheckVsMounts, UnknownGuest) {
  TempDir t;
  const auto r = mounts(t, {"--guest", "nope"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "VS_MOUNTS UNKNOWN - guest 'nope' is not configured in " + t.path() +
                       "/etc/vservers\n" + kUsage);
}

TEST(CheckVsMounts, GuestNamesAndPathsCannotBreakTheFormat) {
  TempDir t;
  add_guest(t, {.name = "we|b\n1\x1b[31m"});
  t.write("etc/vservers/we|b\n1\x1b[31m/fstab", "none /t|mp\x1b tmpfs\n");
  const auto r = mounts(t, {"-vv"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const std::string first = r.first_line();
  EXPECT_EQ(std::count(first.begin(), first.end(), '|'), 1) << first;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  for (std::size_t pos = 0;
       (pos = r.out.find('\n', pos)) != std::string::npos && pos + 1 < r.out.size(); ++pos) {
    const std::string line = r.out.substr(pos + 1, r.out.find('\n', pos + 1) - pos - 1);
    EXPECT_TRUE(line.rfind("OK ", 0) == 0 || line.rfind("WARNING ", 0) == 0 ||
                line.rfind("UNKNOWN ", 0) == 0)
        << "a finding line broken in two: " << line;
  }
}

}  // namespace
