// SPDX-License-Identifier: GPL-3.0-or-later
// Reading mount facts: a guest's process, its namespace, the removable flags and
// the guest's fstab files, on fake /proc and /sys trees (and the live system once).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mount/facts.hpp"
#include "mount/process_mounts.hpp"
#include "mount/removable.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using namespace vs::mount;
using vs::test::TempDir;

namespace {

std::string recorded(const std::string& name) {
  std::ifstream in(vs::test::fixture("mountinfo/" + name));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(GuestProcess, NotAVServerKernel) {
  TempDir proc;
  const auto found = find_guest_process(vs::fs::Tree(proc.path()), 40001);
  EXPECT_FALSE(found.pid);
  EXPECT_EQ(found.why_not, "no " + proc.path() +
                               "/virtual: not a VServer kernel, so the guest's processes cannot "
                               "be found; give --pid GUEST:PID");
}

TEST(GuestProcess, TheContextsInit) {
  TempDir proc;
  proc.write("virtual/40001/info", "ID:\t40001\nInfo:\t00000000deadbeef\nInit:\t123\nOOM:\t0\n");
  proc.mkdir("123");
  EXPECT_EQ(find_guest_process(vs::fs::Tree(proc.path()), 40001).pid, 123);
}

TEST(GuestProcess, WithoutInitTheLowestProcessOfTheContext) {
  TempDir proc;
  proc.write("virtual/40001/info", "ID:\t40001\nInit:\t0\n");
  proc.write("5/status", "Name:\tinit\nVxID:\t0\n");
  proc.write("99/status", "Name:\tcron\nVxID:\t40001\nNxID:\t40001\n");
  proc.write("77/status", "Name:\tsshd\nVxID:\t40001\n");
  proc.write("8/status", "Name:\tother\nVxID:\t40002\n");
  proc.mkdir("self");
  EXPECT_EQ(find_guest_process(vs::fs::Tree(proc.path()), 40001).pid, 77);
  const auto none = find_guest_process(vs::fs::Tree(proc.path()), 40003);
  EXPECT_FALSE(none.pid);
  EXPECT_NE(none.why_not.find("context 40003 does not exist (a stale run file?)"),
            std::string::npos);
  proc.write("virtual/40009/info", "Init:\t0\n");
  EXPECT_EQ(find_guest_process(vs::fs::Tree(proc.path()), 40009).why_not,
            "context 40009 has no process (" + proc.path() +
                "/virtual/40009/info names no init, and no process has VxID 40009)");
}

TEST(GuestProcess, KernelFieldParsers) {
  EXPECT_EQ(parse_init_pid("ID:\t49152\nInfo:\tffff\nInit:\t4242\nOOM:\t0\n"), 4242);
  EXPECT_FALSE(parse_init_pid("Init:\tx\n"));
  EXPECT_FALSE(parse_init_pid("Initial:\t1\n"));
  EXPECT_EQ(parse_vxid("Name:\tbash\nVxID:\t40001\nNxID:\t40001\n"), 40001u);
  EXPECT_FALSE(parse_vxid("Name:\tbash\n"));  // a plain kernel
}

TEST(ProcessMounts, ReadAndRootedWhereTheProcessIsChrooted) {
  TempDir proc;
  proc.write("123/mountinfo", recorded("vserver-guest.mountinfo"));
  const auto plain = read_process_mounts(vs::fs::Tree(proc.path()), "123");
  EXPECT_EQ(plain.file, proc.path() + "/123/mountinfo");
  EXPECT_EQ(plain.root, "/");  // no root link in a fixture: the namespace's root
  EXPECT_EQ(plain.info.mounts.size(), 9u);
  EXPECT_EQ(plain.info.mounts[1].where.str(), proc.path() + "/123/mountinfo:2");
  proc.symlink("123/root", "/var/lib/vservers/web1/");
  EXPECT_EQ(read_process_mounts(vs::fs::Tree(proc.path()), "123").root, "/var/lib/vservers/web1");
  EXPECT_THROW(read_process_mounts(vs::fs::Tree(proc.path()), "124"), vs::fs::FileMissing);
}

TEST(Removable, KernelFlagsOfDisksAndTheirPartitions) {
  TempDir sys;
  sys.write("devices/usb/block/sdb/removable", "1\n");
  sys.write("devices/usb/block/sdb/dev", "8:16\n");
  sys.write("devices/usb/block/sdb/sdb1/dev", "8:17\n");
  sys.write("devices/usb/block/sdb/sdb1/partition", "1\n");
  sys.write("devices/usb/block/sdb/queue/dev", "junk\n");  // not a partition
  sys.write("devices/pci/block/sda/removable", "0\n");
  sys.write("devices/pci/block/sda/dev", "8:0\n");
  sys.write("devices/ata/block/sr0/removable", "1\n");
  sys.write("devices/ata/block/sr0/dev", "11:0\n");
  sys.symlink("block/sdb", "../devices/usb/block/sdb");
  sys.symlink("block/sda", "../devices/pci/block/sda");
  sys.symlink("block/sr0", "../devices/ata/block/sr0");
  const auto removable = removable_devices(vs::fs::Tree(sys.path()));
  EXPECT_EQ(removable, (std::set<Device>{{8, 16}, {8, 17}, {11, 0}}));
  TempDir empty;
  EXPECT_TRUE(removable_devices(vs::fs::Tree(empty.path())).empty());
  EXPECT_EQ(parse_device("8:17\n"), (Device{8, 17}));
  EXPECT_FALSE(parse_device("8:"));
  EXPECT_FALSE(parse_device("a:1"));
}

TEST(GuestFacts, FstabMountPointsResolveInsideTheGuest) {
  TempDir t;
  const std::string root = vs::test::add_guest(t, {.name = "web1"});
  t.symlink("vservers/web1/var/run", "/run");  // absolute: the guest's /run, not the host's
  t.mkdir("vservers/web1/run");
  t.write("etc/vservers/web1/fstab",
          "none /proc proc defaults 0 0\n"
          "none /var/run tmpfs defaults 0 0\n"
          "none /mnt/new tmpfs defaults 0 0\n");
  t.write("etc/vservers/web1/fstab.local", "/dev/sr0 /media iso9660\n# rest\n");
  const vs::fs::Tree config(t.path());
  const auto g = vs::vserver::load_guest(config, "/etc/vservers", "web1");
  ASSERT_TRUE(g);
  TempDir proc;
  const Subject s = read_guest(config, *g, vs::fs::Tree(proc.path()), std::nullopt);
  EXPECT_EQ(s.label, "guest web1");
  EXPECT_EQ(s.root, host_path(config, "/vservers/web1"));
  EXPECT_EQ(s.root, root);
  EXPECT_FALSE(s.running);
  EXPECT_FALSE(s.namespace_read);
  EXPECT_TRUE(s.problems.empty());
  ASSERT_EQ(s.fstab.size(), 3u);
  EXPECT_EQ(s.fstab[0].point, root + "/proc");
  EXPECT_EQ(s.fstab[1].point, root + "/run");
  EXPECT_EQ(s.fstab[2].point, root + "/mnt/new");
  ASSERT_EQ(s.fstab_stops.size(), 1u);
  EXPECT_EQ(s.fstab_stops[0].where.str(), t.path() + "/etc/vservers/web1/fstab.local:1");
  EXPECT_EQ(s.enter_command(), "vnamespace -e web1 ");
}

TEST(GuestFacts, ARunningGuestsNamespaceFromItsProcess) {
  TempDir t;
  const std::string root = vs::test::add_guest(t, {.name = "web1", .running = true});
  const vs::fs::Tree config(t.path());
  const auto g = vs::vserver::load_guest(config, "/etc/vservers", "web1");
  ASSERT_TRUE(g);
  TempDir proc;
  // No /proc/virtual here: UNKNOWN for the guest, with what to do.
  const Subject lost = read_guest(config, *g, vs::fs::Tree(proc.path()), std::nullopt);
  EXPECT_TRUE(lost.running);
  EXPECT_FALSE(lost.namespace_read);
  ASSERT_EQ(lost.problems.size(), 1u);
  EXPECT_EQ(lost.problems[0].origin, "guest web1");
  EXPECT_NE(lost.problems[0].message.find("give --pid GUEST:PID"), std::string::npos);
  // Its init chrooted into the guest's root, found through the context.
  proc.write("virtual/40001/info", "Init:\t321\n");
  proc.write("321/mountinfo", recorded("vserver-guest.mountinfo"));
  proc.symlink("321/root", root);
  const Subject s = read_guest(config, *g, vs::fs::Tree(proc.path()), std::nullopt);
  EXPECT_TRUE(s.problems.empty());
  EXPECT_TRUE(s.namespace_read);
  EXPECT_EQ(s.pid, 321);
  EXPECT_EQ(s.namespace_file, proc.path() + "/321/mountinfo");
  ASSERT_EQ(s.mounts.size(), 9u);
  EXPECT_EQ(s.mounts[0].point, root);
  EXPECT_EQ(s.mounts[1].point, root + "/mnt/cdrom");
  // A process that does not exist: UNKNOWN naming it.
  const Subject gone = read_guest(config, *g, vs::fs::Tree(proc.path()), 999);
  ASSERT_EQ(gone.problems.size(), 1u);
  EXPECT_EQ(gone.problems[0].origin, proc.path() + "/999/mountinfo");
  EXPECT_EQ(gone.problems[0].message, "no such process: guest web1's mounts cannot be read");
}

TEST(GuestFacts, AGuestWithoutVdirCannotBeChecked) {
  TempDir t;
  vs::test::add_guest(t, {.name = "web1"});
  std::filesystem::remove(t.path() + "/etc/vservers/web1/vdir");
  const vs::fs::Tree config(t.path());
  const auto g = vs::vserver::load_guest(config, "/etc/vservers", "web1");
  const Subject s = read_guest(config, *g, config, std::nullopt);
  ASSERT_EQ(s.problems.size(), 1u);
  EXPECT_EQ(s.problems[0].message,
            "no vdir link: guest root unknown: guest web1 cannot be checked");
  EXPECT_TRUE(s.root.empty());
}

TEST(HostFacts, TheLiveSystem) {
  TempDir t;
  const Host host = read_host(vs::fs::Tree("/proc"), "/sys", vs::fs::Tree(t.path()), {});
  EXPECT_TRUE(host.problems.empty());
  EXPECT_TRUE(std::any_of(host.mounts.begin(), host.mounts.end(),
                          [](const Mount& m) { return m.point == "/"; }));
}

TEST(Subjects, EnterCommands) {
  Subject s;
  s.pid = 42;
  EXPECT_EQ(s.enter_command(), "nsenter -t 42 -m ");
  s.pid = 0;
  EXPECT_EQ(s.enter_command(), "");
}

}  // namespace
