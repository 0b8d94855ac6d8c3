// SPDX-License-Identifier: GPL-3.0-or-later
// Reading mount facts: a guest's namespace, the removable flags and the guest's fstab
// files, on fake /proc and /sys trees (and the live system once). Which process is a
// guest's is the kernel model's business (tests/unit/test_kernel.cpp).
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
  const vs::fs::Tree proc_tree(proc.path());
  const Subject s = read_guest({proc_tree, config}, *g, {});
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
  const vs::fs::Tree proc_tree(proc.path());
  const Sources from{proc_tree, config};
  // Running, but no process to read it from: UNKNOWN for the guest, with what to do.
  const Subject lost = read_guest(from, *g, {true, std::nullopt, "give --pid web1:PID"});
  EXPECT_TRUE(lost.running);
  EXPECT_FALSE(lost.namespace_read);
  ASSERT_EQ(lost.problems.size(), 1u);
  EXPECT_EQ(lost.problems[0].origin, "guest web1");
  EXPECT_EQ(lost.problems[0].message, "give --pid web1:PID");
  // Its init chrooted into the guest's root.
  proc.write("321/mountinfo", recorded("vserver-guest.mountinfo"));
  proc.symlink("321/root", root);
  const Subject s = read_guest(from, *g, {true, 321, {}});
  EXPECT_TRUE(s.problems.empty());
  EXPECT_TRUE(s.namespace_read);
  EXPECT_EQ(s.pid, 321);
  EXPECT_EQ(s.namespace_file, proc.path() + "/321/mountinfo");
  ASSERT_EQ(s.mounts.size(), 9u);
  EXPECT_EQ(s.mounts[0].point, root);
  EXPECT_EQ(s.mounts[1].point, root + "/mnt/cdrom");
  // A process that does not exist: UNKNOWN naming it.
  const Subject gone = read_guest(from, *g, {true, 999, {}});
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
  const Subject s = read_guest({config, config}, *g, {});
  ASSERT_EQ(s.problems.size(), 1u);
  EXPECT_EQ(s.problems[0].message,
            "no vdir link: guest root unknown: guest web1 cannot be checked");
  EXPECT_TRUE(s.root.empty());
}

TEST(HostFacts, TheLiveSystem) {
  TempDir t;
  const vs::fs::Tree proc("/proc");
  const vs::fs::Tree config(t.path());
  const Host host = read_host({proc, config}, {});
  EXPECT_TRUE(host.problems.empty());
  EXPECT_TRUE(std::any_of(host.mounts.begin(), host.mounts.end(),
                          [](const Mount& m) { return m.point == "/"; }));
}

// A recording names the recorded host's paths: its PID 1 is the host's namespace (a
// recording has no "self"), and a guest's root is its path inside --root.
TEST(HostFacts, ARecordedHost) {
  const vs::fs::Tree proc(vs::test::fixture("proc/vs23/proc"));
  const vs::fs::Tree config(vs::test::fixture("proc/vs23/root"));
  const auto guests = vs::vserver::load_guests(config, "/etc/vservers");
  const Sources from{proc, config, false, ""};
  const Host host = read_host(from, guests.guests);
  EXPECT_TRUE(host.problems.empty());
  ASSERT_FALSE(host.mounts.empty());
  EXPECT_EQ(host.mounts.front().where.file, proc.display("/1/mountinfo"));
  EXPECT_TRUE(host.removable.empty());
  ASSERT_FALSE(host.guest_roots.empty());
  EXPECT_EQ(host.guest_roots.front(),
            (std::pair<std::string, std::string>{"db", "/var/lib/vservers/db"}));
}

TEST(Subjects, EnterCommands) {
  Subject s;
  s.pid = 42;
  EXPECT_EQ(s.enter_command(), "nsenter -t 42 -m ");
  s.pid = 0;
  EXPECT_EQ(s.enter_command(), "");
}

}  // namespace
