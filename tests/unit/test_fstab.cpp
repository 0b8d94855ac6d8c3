// SPDX-License-Identifier: GPL-3.0-or-later
// A guest's fstab read with secure-mount's grammar (util-vserver src/secure-mount.c).
#include <gtest/gtest.h>

#include "mount/fstab.hpp"

using namespace vs::mount;

namespace {

const std::string kFile = "/etc/vservers/web1/fstab";

TEST(GuestFstab, UtilVserversDefaultFstab) {
  // What vserver ... build writes.
  const auto f = parse_fstab(
      "none\t/proc\t\tproc\tdefaults\t\t0 0\n"
      "none\t/tmp\t\ttmpfs\tsize=16m,mode=1777\t0 0\n"
      "none\t/dev/pts\tdevpts\tgid=5,mode=620\t\t0 0\n",
      kFile);
  EXPECT_FALSE(f.stop);
  ASSERT_EQ(f.entries.size(), 3u);
  EXPECT_EQ(f.entries[1].where.str(), kFile + ":2");
  EXPECT_EQ(f.entries[1].source, "none");
  EXPECT_EQ(f.entries[1].point, "/tmp");
  EXPECT_EQ(f.entries[1].type, "tmpfs");
  EXPECT_EQ(f.entries[1].options, "size=16m,mode=1777");
  EXPECT_EQ(f.entries[1].str(), "none /tmp tmpfs");
  EXPECT_TRUE(f.entries[1].skipped.empty());
  EXPECT_FALSE(f.entries[2].hash_appended);
}

TEST(GuestFstab, CommentsBlankLinesAndCarriageReturns) {
  const auto f =
      parse_fstab("# proc\n   # indented comment\n\n \t \nnone /proc proc defaults\r\n", kFile);
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].where.line, 5);
  EXPECT_EQ(f.entries[0].options, "defaults");
}

TEST(GuestFstab, NoOctalEscapesAreDecoded) {
  const auto f = parse_fstab("/srv/a\\040b /mnt/a\\040b none bind\n", kFile);
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].point, "/mnt/a\\040b");  // a directory named with a backslash
}

TEST(GuestFstab, FewerThanFourFieldsStopsSecureMountForTheRestOfTheFile) {
  const auto f = parse_fstab(
      "none /proc proc defaults\n"
      "none /tmp tmpfs\n"
      "none /dev/pts devpts gid=5\n"
      "# comment\n",
      kFile);
  ASSERT_EQ(f.entries.size(), 1u);
  ASSERT_TRUE(f.stop);
  EXPECT_EQ(f.stop->where.str(), kFile + ":2");
  EXPECT_EQ(f.stop->message,
            "syntax error: secure-mount needs a source, a mount point, a type and options");
  EXPECT_EQ(f.stop->lines_after, 2);
}

TEST(GuestFstab, OptionsMayBeEmptyWhenABlankFollowsTheType) {
  const auto f = parse_fstab("none /tmp tmpfs \nnone /a", kFile);
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].options, "");
  ASSERT_TRUE(f.stop);
  EXPECT_EQ(f.stop->where.line, 2);
  EXPECT_EQ(f.stop->lines_after, 0);
}

TEST(GuestFstab, SwapAndNoautoAreSkippedTheWaySecureMountMatchesOptions) {
  const auto f = parse_fstab(
      "/dev/sdb2 none swap sw 0 0\n"
      "/dev/sr0 /mnt/cdrom iso9660 ro,noauto 0 0\n"
      "/dev/sr1 /mnt/cd1 iso9660 noau 0 0\n"          // a prefix of noauto only
      "/dev/sr2 /mnt/cd2 iso9660 noa 0 0\n"           // a prefix of noatime first
      "/dev/sr3 /mnt/cd3 iso9660 noautomatic 0 0\n",  // longer than any option
      kFile);
  ASSERT_EQ(f.entries.size(), 5u);
  EXPECT_EQ(f.entries[0].skipped, "swap");
  EXPECT_EQ(f.entries[1].skipped, "noauto");
  EXPECT_EQ(f.entries[2].skipped, "noauto");
  EXPECT_EQ(f.entries[3].skipped, "");
  EXPECT_EQ(f.entries[4].skipped, "");
}

TEST(GuestFstab, ALastLineWithoutNewlineGetsTheHashSecureMountAppends) {
  const auto four = parse_fstab("none /proc proc defaults\nnone /tmp tmpfs defaults", kFile);
  ASSERT_EQ(four.entries.size(), 2u);
  EXPECT_FALSE(four.entries[0].hash_appended);
  EXPECT_TRUE(four.entries[1].hash_appended);
  EXPECT_EQ(four.entries[1].options, "defaults#");
  // With dump and pass, the '#' lands on the pass field: harmless.
  const auto six = parse_fstab("none /tmp tmpfs defaults 0 0", kFile);
  ASSERT_EQ(six.entries.size(), 1u);
  EXPECT_FALSE(six.entries[0].hash_appended);
  EXPECT_EQ(six.entries[0].options, "defaults");
  // Three fields and no newline: the type swallows the '#', and options are missing.
  const auto three = parse_fstab("none /tmp tmpfs", kFile);
  EXPECT_TRUE(three.entries.empty());
  ASSERT_TRUE(three.stop);
}

TEST(GuestFstab, EmptyFile) {
  const auto f = parse_fstab("", kFile);
  EXPECT_TRUE(f.entries.empty());
  EXPECT_FALSE(f.stop);
}

}  // namespace
