// SPDX-License-Identifier: GPL-3.0-or-later
// /proc/<pid>/mountinfo parsing, on lines the kernel wrote (Linux 6.18, recorded by
// tests/fixtures/mountinfo/record.sh) and on malformed ones.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "mount/mountinfo.hpp"
#include "process.hpp"

using namespace vs::mount;

namespace {

std::string recorded(const std::string& name) {
  std::ifstream in(vs::test::fixture("mountinfo/" + name));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Mount& at(const Mountinfo& info, const std::string& point) {
  for (const auto& m : info.mounts) {
    if (m.point == point) return m;
  }
  throw std::runtime_error("no mount at " + point);
}

TEST(Mountinfo, EveryFieldOfARecordedHostLine) {
  const auto info = parse_mountinfo(recorded("vserver-host.mountinfo"), "/proc/self/mountinfo");
  EXPECT_TRUE(info.errors.empty());
  ASSERT_EQ(info.mounts.size(), 7u);
  const Mount& cd = at(info, "/var/lib/vservers/web1/mnt/cdrom");
  EXPECT_EQ(cd.where.str(), "/proc/self/mountinfo:6");
  EXPECT_EQ(cd.id, 89);
  EXPECT_EQ(cd.parent, 88);
  EXPECT_EQ(cd.device, (Device{0, 49}));
  EXPECT_EQ(cd.device.str(), "0:49");
  EXPECT_EQ(cd.root, "/");
  EXPECT_EQ(cd.options, "rw,relatime");
  EXPECT_EQ(cd.optional_fields, std::vector<std::string>{"shared:4"});
  EXPECT_EQ(cd.shared, 4);
  EXPECT_FALSE(cd.master);
  EXPECT_EQ(cd.fstype, "tmpfs");
  EXPECT_EQ(cd.source, "/dev/sr0");
  EXPECT_EQ(cd.super_options, "rw");
  EXPECT_TRUE(cd.writable());
  const Mount& root = at(info, "/");
  EXPECT_EQ(root.device, (Device{254, 0}));
  EXPECT_EQ(root.fstype, "ext4");
  EXPECT_EQ(root.super_options, "rw,discard,resv_strict,resuid=65534,resgid=65534");
}

TEST(Mountinfo, AChrootedGuestsViewHasBindRootsAndPropagation) {
  const auto info = parse_mountinfo(recorded("vserver-guest.mountinfo"), "/proc/42/mountinfo");
  EXPECT_TRUE(info.errors.empty());
  ASSERT_EQ(info.mounts.size(), 9u);
  EXPECT_EQ(at(info, "/").source, "/dev/mapper/vg0-web1");  // the guest's root, seen from inside
  EXPECT_EQ(at(info, "/").master, 3);
  const Mount& etc = at(info, "/etc");  // mount --bind -o ro /etc
  EXPECT_EQ(etc.root, "/etc");
  EXPECT_FALSE(etc.writable());
  const Mount& data = at(info, "/srv/data");  // a bind of /var/lib/data/shared
  EXPECT_EQ(data.root, "/shared");
  EXPECT_EQ(data.device, (Device{0, 50}));
  EXPECT_TRUE(data.writable());
  EXPECT_TRUE(at(info, "/usr/share").unbindable);
  EXPECT_EQ(at(info, "/dev/pts").super_options, "rw,gid=5,mode=620,ptmxmode=000");
}

TEST(Mountinfo, OctalEscapesInPathsAndSources) {
  const auto info = parse_mountinfo(recorded("escapes.mountinfo"), "m");
  EXPECT_TRUE(info.errors.empty());
  ASSERT_EQ(info.mounts.size(), 7u);
  EXPECT_EQ(info.mounts[0].point, "/var/lib/escapes/my cd");
  EXPECT_EQ(info.mounts[0].source, "/dev/disk/by-label/MY DISK");
  EXPECT_EQ(info.mounts[1].point, "/var/lib/escapes/tab\there");
  EXPECT_EQ(info.mounts[1].source, "src\ttab");
  EXPECT_EQ(info.mounts[2].point, "/var/lib/escapes/new\nline");
  EXPECT_EQ(info.mounts[3].point, "/var/lib/escapes/back\\slash");
  EXPECT_EQ(info.mounts[3].source, "back\\slash");
  EXPECT_EQ(info.mounts[4].point, "/var/lib/escapes/hash#1");  // '#' is escaped in sources only
  EXPECT_EQ(info.mounts[4].source, "x#y");
  EXPECT_EQ(info.mounts[5].source, "");  // two spaces: an empty source
  EXPECT_EQ(info.mounts[5].super_options, "rw");
  // Stacked on the same point: the later line's parent is the mount it covers.
  EXPECT_EQ(info.mounts[6].point, info.mounts[5].point);
  EXPECT_EQ(info.mounts[6].parent, info.mounts[5].id);
}

TEST(Mountinfo, OptionalFieldsAllKinds) {
  // propagate_from needs a slave whose master the reader cannot see: written here
  // in the kernel's format ("%i %i %u:%u ... master:%i propagate_from:%i - ...").
  const auto info = parse_mountinfo(
      "40 35 8:17 / /mnt rw,noatime shared:7 master:3 propagate_from:2 unbindable x-new:9 - ext4 "
      "/dev/sdb1 rw\n",
      "m");
  ASSERT_EQ(info.mounts.size(), 1u);
  const Mount& m = info.mounts[0];
  EXPECT_EQ(m.shared, 7);
  EXPECT_EQ(m.master, 3);
  EXPECT_EQ(m.propagate_from, 2);
  EXPECT_TRUE(m.unbindable);
  EXPECT_EQ(m.optional_fields.size(), 5u);  // an unknown tag is kept, not an error
  EXPECT_EQ(m.source, "/dev/sdb1");
}

TEST(Mountinfo, ReadOnlyMountOrSuperblock) {
  const auto info = parse_mountinfo(
      "1 0 8:1 / /a ro,relatime - ext4 /dev/sda1 rw\n"
      "2 0 11:0 / /b rw,relatime - iso9660 /dev/sr0 ro,nojoliet\n"
      "3 0 8:1 / /c rw - ext4 /dev/sda1 rw\n",
      "m");
  ASSERT_EQ(info.mounts.size(), 3u);
  EXPECT_FALSE(info.mounts[0].writable());
  EXPECT_FALSE(info.mounts[1].writable());
  EXPECT_TRUE(info.mounts[2].writable());
}

TEST(Mountinfo, SuperblockOptionsKeepTheirSpaces) {
  const auto info = parse_mountinfo("1 0 0:5 / /x rw - fuse.sshfs me@h:/a b rw,user_id=0 x\n", "m");
  ASSERT_EQ(info.mounts.size(), 1u);
  EXPECT_EQ(info.mounts[0].fstype, "fuse.sshfs");
  EXPECT_EQ(info.mounts[0].source, "me@h:/a");
  EXPECT_EQ(info.mounts[0].super_options, "b rw,user_id=0 x");
}

TEST(Mountinfo, MalformedLinesAreErrorsWithTheirLineTheOthersStillCount) {
  const auto info = parse_mountinfo(
      "garbage\n"
      "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
      "x 0 8:1 / /a rw - ext4 /dev/sda1 rw\n"
      "2 y 8:1 / /a rw - ext4 /dev/sda1 rw\n"
      "3 1 8-1 / /a rw - ext4 /dev/sda1 rw\n"
      "4 1 8:1 / /a rw shared:1 ext4 /dev/sda1 rw\n"
      "5 1 8:1 / relative rw - ext4 /dev/sda1 rw\n"
      "6 1 8:1 / /a rw - ext4\n"
      "7 1 8:1 / /a rw -  /dev/sda1 rw\n"
      "\n"
      "8 1 8:1 / /b rw - ext4 /dev/sda1 rw",
      "/proc/9/mountinfo");
  ASSERT_EQ(info.mounts.size(), 2u);
  EXPECT_EQ(info.mounts[1].where.str(), "/proc/9/mountinfo:11");  // no newline at the end: fine
  ASSERT_EQ(info.errors.size(), 8u);
  EXPECT_EQ(info.errors[0].where.str(), "/proc/9/mountinfo:1");
  EXPECT_EQ(info.errors[0].message, "not a mountinfo line: expected at least 10 fields, found 1");
  EXPECT_EQ(info.errors[1].message, "not a mountinfo line: mount ID 'x' is not a number");
  EXPECT_EQ(info.errors[2].message, "not a mountinfo line: parent ID 'y' is not a number");
  EXPECT_EQ(info.errors[3].message, "not a mountinfo line: device '8-1' is not major:minor");
  EXPECT_EQ(info.errors[4].message,
            "not a mountinfo line: no ' - ' between the mount options and the filesystem type");
  EXPECT_EQ(info.errors[5].message,
            "not a mountinfo line: mount point 'relative' is not an absolute path");
  EXPECT_EQ(info.errors[6].message,
            "not a mountinfo line: expected a type, a source and options after ' - '");
  EXPECT_EQ(info.errors[7].message, "not a mountinfo line: no filesystem type after ' - '");
}

TEST(Mountinfo, UnescapeOnlyDecodesThreeOctalDigits) {
  EXPECT_EQ(unescape_octal("a\\040b"), "a b");
  EXPECT_EQ(unescape_octal("\\134\\011"), "\\\t");
  EXPECT_EQ(unescape_octal("a\\04"), "a\\04");    // too short: kept
  EXPECT_EQ(unescape_octal("a\\089"), "a\\089");  // not octal: kept
  EXPECT_EQ(unescape_octal("\\"), "\\");
  EXPECT_EQ(unescape_octal("\\000"), std::string(1, '\0'));
}

TEST(Mountinfo, RebaseNamesAChrootedProcessesMountsAsTheHostDoes) {
  auto info = parse_mountinfo(recorded("vserver-guest.mountinfo"), "m");
  rebase(info.mounts, "/var/lib/vservers/web1/");
  EXPECT_EQ(info.mounts[0].point, "/var/lib/vservers/web1");
  EXPECT_EQ(info.mounts[1].point, "/var/lib/vservers/web1/mnt/cdrom");
  auto same = parse_mountinfo(recorded("vserver-host.mountinfo"), "m");
  const auto before = same.mounts[3].point;
  rebase(same.mounts, "/");
  EXPECT_EQ(same.mounts[3].point, before);
}

TEST(Paths, ComparedComponentWise) {
  EXPECT_TRUE(at_or_below("/a/b", "/a"));
  EXPECT_TRUE(at_or_below("/a", "/a"));
  EXPECT_FALSE(at_or_below("/ab", "/a"));
  EXPECT_FALSE(at_or_below("/a", "/a/b"));
  EXPECT_TRUE(at_or_below("/anything", "/"));
  EXPECT_EQ(relative_to("/a/b/c", "/a"), "/b/c");
  EXPECT_EQ(relative_to("/a", "/a"), "/");
  EXPECT_EQ(relative_to("/a", "/"), "/a");
  EXPECT_EQ(under("/srv/g", "/tmp"), "/srv/g/tmp");
  EXPECT_EQ(under("/srv/g", "/"), "/srv/g");
  EXPECT_EQ(under("/", "/x"), "/x");
  EXPECT_EQ(normalize("//a/./b/"), "/a/b");
  EXPECT_EQ(normalize(""), "/");
  EXPECT_EQ(normalize("a/../b"), "/a/../b");  // never resolved here
}

}  // namespace
