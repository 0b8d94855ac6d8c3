// SPDX-License-Identifier: GPL-3.0-or-later
// Live BCaps against util-vserver's default plus the bcapabilities file.
#include <gtest/gtest.h>

#include "vserver/live_caps.hpp"

using namespace vs::vserver;

namespace {

constexpr std::uint64_t kNetRaw = 1ULL << 13;
constexpr std::uint64_t kSysTime = 1ULL << 25;
constexpr std::uint64_t kChown = 1ULL << 0;

CapList file(std::string_view text) {
  return parse_capabilities(text, "bcapabilities", CapKind::bcap);
}

TEST(LiveCaps, NothingDiffersWhenLiveIsTheDefaultPlusTheFile) {
  const auto f = file("NET_RAW\n");
  const auto c = compare_bcaps(kDefaultBcapsSince2011 | kNetRaw, &f);
  EXPECT_FALSE(c.differs());
  EXPECT_EQ(c.expected, kDefaultBcapsSince2011 | kNetRaw);
  EXPECT_FALSE(compare_bcaps(kDefaultBcapsSince2011, nullptr).differs());
}

TEST(LiveCaps, GrantedLiveAndRestartPending) {
  const auto f = file("SYS_TIME\n");
  const auto c = compare_bcaps(kDefaultBcapsSince2011 | kNetRaw, &f);
  EXPECT_EQ(c.granted_live, kNetRaw);
  EXPECT_EQ(c.restart_pending, kSysTime);
  EXPECT_TRUE(c.differs());
}

TEST(LiveCaps, RemovalsAndIgnoredLastLine) {
  // "!CHOWN" removes a default capability; a last line without newline is ignored by
  // util-vserver, so it is not expected live either.
  const auto f = file("!CHOWN\nNET_RAW");
  const auto c = compare_bcaps(kDefaultBcapsSince2011 & ~kChown, &f);
  EXPECT_FALSE(c.differs());
  EXPECT_EQ(expected_bcaps(kDefaultBcapsSince2011, &f), kDefaultBcapsSince2011 & ~kChown);
}

TEST(LiveCaps, TheDefaultIsChosenByTheLiveHighWord) {
  EXPECT_EQ(util_vserver_default_bcaps(0x00000000344c24ffULL).mask, kDefaultBcapsBefore2011);
  EXPECT_EQ(util_vserver_default_bcaps(0xffffffffb44c04ffULL).mask, kDefaultBcapsSince2011);
  EXPECT_EQ(util_vserver_default_bcaps(std::nullopt).mask, kDefaultBcapsSince2011);
  const auto old = compare_bcaps(0x00000000344c24ffULL, nullptr);
  EXPECT_EQ(old.granted_live, kNetRaw);
  EXPECT_EQ(old.restart_pending, 0u);
  EXPECT_EQ(old.default_bcaps.name, "util-vserver's default before 2011-06 (00000000344c04ff)");
  // Neither default has NET_RAW.
  EXPECT_EQ(kDefaultBcapsSince2011 & kNetRaw, 0u);
  EXPECT_EQ(kDefaultBcapsBefore2011 & kNetRaw, 0u);
}

}  // namespace
