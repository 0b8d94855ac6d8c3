// SPDX-License-Identifier: GPL-3.0-or-later
// util-vserver's bcapabilities/ccapabilities grammar, rule by rule.
#include <gtest/gtest.h>
#include <linux/capability.h>

#include <iterator>
#include <string>

#include "vserver/capabilities.hpp"

using namespace vs::vserver;

namespace {

constexpr std::uint64_t bit(int n) {
  return std::uint64_t{1} << n;
}
constexpr int kNetRaw = CAP_NET_RAW;
constexpr int kSysAdmin = CAP_SYS_ADMIN;

CapList bcaps(std::string_view text) {
  return parse_capabilities(text, "bcapabilities", CapKind::bcap);
}

TEST(Capabilities, NamesAreCaseInsensitiveWithOptionalCapPrefix) {
  for (const char* text : {"NET_RAW\n", "net_raw\n", "CAP_NET_RAW\n", "cap_Net_Raw\n"}) {
    const auto l = bcaps(text);
    EXPECT_TRUE(l.problems.empty()) << text;
    EXPECT_EQ(l.granted(), bit(kNetRaw)) << text;
  }
}

TEST(Capabilities, SeveralTokensPerLineWithoutSpaces) {
  const auto l = bcaps("NET_RAW,SYS_ADMIN\nMKNOD\n");
  EXPECT_EQ(l.granted(), bit(kNetRaw) | bit(kSysAdmin) | bit(27));
  ASSERT_EQ(l.tokens.size(), 3u);
  EXPECT_EQ(l.tokens[2].where.str(), "bcapabilities:2");
}

TEST(Capabilities, SpaceAfterCommaIsAnUnknownTokenThatStopsTheGuest) {
  const auto l = bcaps("NET_RAW, SYS_ADMIN\n");
  ASSERT_EQ(l.problems.size(), 1u);
  EXPECT_EQ(l.problems[0].token, " SYS_ADMIN");
  EXPECT_EQ(l.problems[0].message, "unknown capability (no spaces allowed around commas)");
  EXPECT_EQ(l.problems[0].where.line, 1);
}

TEST(Capabilities, BlankAndCommentLinesAreSkipped) {
  const auto l = bcaps("\n   \n# NET_RAW\n   # SYS_ADMIN\nMKNOD\n");
  EXPECT_TRUE(l.problems.empty());
  EXPECT_EQ(l.granted(), bit(27));
  EXPECT_EQ(l.tokens[0].where.line, 5);
}

TEST(Capabilities, HashInsideALineIsNotAComment) {
  const auto l = bcaps("MKNOD # the device nodes\n");
  ASSERT_EQ(l.problems.size(), 1u);
  EXPECT_EQ(l.problems[0].token, "MKNOD # the device nodes");
}

TEST(Capabilities, LeadingAndTrailingBlanksAreTrimmedLikeRead) {
  EXPECT_EQ(bcaps("  \tNET_RAW \t\n").granted(), bit(kNetRaw));
}

TEST(Capabilities, BangAndTildeRemove) {
  EXPECT_EQ(bcaps("NET_RAW,SYS_ADMIN\n!NET_RAW\n").granted(), bit(kSysAdmin));
  EXPECT_EQ(bcaps("all\n~SYS_ADMIN\n").granted(), ~bit(kSysAdmin));
}

TEST(Capabilities, CaretIsABitNumber) {
  EXPECT_EQ(bcaps("^13\n").granted(), bit(kNetRaw));
  EXPECT_EQ(bcaps("^64\n").problems.size(), 1u);
}

TEST(Capabilities, BareNumberIsARawMask) {
  EXPECT_EQ(bcaps("13\n").granted(), bit(0) | bit(2) | bit(3));
  EXPECT_EQ(bcaps("0x2000\n").granted(), bit(kNetRaw));
}

TEST(Capabilities, KeywordsAndTheirPrefixes) {
  EXPECT_EQ(bcaps("all\n").granted(), ~std::uint64_t{0});
  EXPECT_EQ(bcaps("ANY\n").granted(), ~std::uint64_t{0});
  EXPECT_EQ(bcaps("al\n").granted(), ~std::uint64_t{0});
  EXPECT_EQ(bcaps("NET_RAW\nnone\n").granted(), bit(kNetRaw));  // none adds nothing
  EXPECT_EQ(bcaps("no\n").problems.size(), 0u);
}

TEST(Capabilities, UnknownTokenIsAProblemWithItsLine) {
  const auto l = bcaps("NET_RAW\nNET-RAW\nCAP_\n");
  ASSERT_EQ(l.problems.size(), 2u);
  EXPECT_EQ(l.problems[0].token, "NET-RAW");
  EXPECT_EQ(l.problems[0].where.line, 2);
  EXPECT_EQ(l.problems[1].token, "CAP_");
  EXPECT_EQ(l.problems[0].message, "unknown capability");
}

TEST(Capabilities, StrayCommaIsAnEmptyToken) {
  const auto l = bcaps("NET_RAW,\n");
  ASSERT_EQ(l.problems.size(), 1u);
  EXPECT_EQ(l.problems[0].message, "empty entry (stray comma)");
}

TEST(Capabilities, LastLineWithoutNewlineIsIgnored) {
  const auto l = bcaps("MKNOD\nNET_RAW");
  EXPECT_EQ(l.granted(), bit(27));
  ASSERT_EQ(l.ignored.size(), 1u);
  EXPECT_EQ(l.ignored[0].text, "NET_RAW");
  EXPECT_EQ(l.ignored[0].where.line, 2);
  // Not even an unknown token there can stop the guest: it is never read.
  const auto bad = bcaps("BOGUS");
  EXPECT_TRUE(bad.problems.empty());
  EXPECT_EQ(bad.ignored.size(), 1u);
}

TEST(Capabilities, BackslashEscapesAndContinuationAsReadDoes) {
  EXPECT_EQ(bcaps("NET\\_RAW\n").granted(), bit(kNetRaw));
  const auto l = bcaps("NET_RAW,\\\nSYS_ADMIN\n");
  EXPECT_TRUE(l.problems.empty());
  EXPECT_EQ(l.granted(), bit(kNetRaw) | bit(kSysAdmin));
}

TEST(Capabilities, CarriageReturnIsPartOfTheToken) {
  EXPECT_EQ(bcaps("NET_RAW\r\n").problems.size(), 1u);
}

// Each name util-vserver knows, with the number the kernel's own header gives it:
// the stringised macro name and its value both come from <linux/capability.h>.
#define KERNEL_CAP(name) \
  { #name, CAP_##name }

struct KernelCap {
  const char* name;
  int bit;
};

constexpr KernelCap kKernelCaps[] = {
    KERNEL_CAP(CHOWN),
    KERNEL_CAP(DAC_OVERRIDE),
    KERNEL_CAP(DAC_READ_SEARCH),
    KERNEL_CAP(FOWNER),
    KERNEL_CAP(FSETID),
    KERNEL_CAP(KILL),
    KERNEL_CAP(SETGID),
    KERNEL_CAP(SETUID),
    KERNEL_CAP(SETPCAP),
    KERNEL_CAP(LINUX_IMMUTABLE),
    KERNEL_CAP(NET_BIND_SERVICE),
    KERNEL_CAP(NET_BROADCAST),
    KERNEL_CAP(NET_ADMIN),
    KERNEL_CAP(NET_RAW),
    KERNEL_CAP(IPC_LOCK),
    KERNEL_CAP(IPC_OWNER),
    KERNEL_CAP(SYS_MODULE),
    KERNEL_CAP(SYS_RAWIO),
    KERNEL_CAP(SYS_CHROOT),
    KERNEL_CAP(SYS_PTRACE),
    KERNEL_CAP(SYS_PACCT),
    KERNEL_CAP(SYS_ADMIN),
    KERNEL_CAP(SYS_BOOT),
    KERNEL_CAP(SYS_NICE),
    KERNEL_CAP(SYS_RESOURCE),
    KERNEL_CAP(SYS_TIME),
    KERNEL_CAP(SYS_TTY_CONFIG),
    KERNEL_CAP(MKNOD),
    KERNEL_CAP(LEASE),
    KERNEL_CAP(AUDIT_WRITE),
    KERNEL_CAP(AUDIT_CONTROL),
    KERNEL_CAP(SETFCAP),
    KERNEL_CAP(MAC_OVERRIDE),
    KERNEL_CAP(MAC_ADMIN),
};

// Newer than util-vserver's table: not names it accepts.
constexpr KernelCap kNewerCaps[] = {
    KERNEL_CAP(SYSLOG),
    KERNEL_CAP(WAKE_ALARM),
    KERNEL_CAP(BLOCK_SUSPEND),
    KERNEL_CAP(AUDIT_READ),
};

TEST(Capabilities, BcapNamesAreTheKernels) {
  static_assert(std::size(kKernelCaps) == kBcapCount);
  static_assert(CAP_MAC_ADMIN + 1 == kBcapCount);  // util-vserver's table ends there
  for (const auto& c : kKernelCaps) {
    EXPECT_EQ(capability_mask(c.name, CapKind::bcap), bit(c.bit)) << c.name;
    EXPECT_EQ(capability_name(bit(c.bit), CapKind::bcap), c.name);
  }
  for (const auto& c : kNewerCaps) {
    EXPECT_FALSE(capability_mask(c.name, CapKind::bcap)) << c.name;
    EXPECT_EQ(capability_name(bit(c.bit), CapKind::bcap), "^" + std::to_string(c.bit));
  }
}

TEST(Capabilities, ContextCapabilities) {
  const auto l =
      parse_capabilities("raw_icmp\nSECURE_MOUNT,set_utsname\n", "ccapabilities", CapKind::ccap);
  EXPECT_TRUE(l.problems.empty());
  EXPECT_EQ(l.granted(), 0x100u | 0x10000u | 0x1u);
  EXPECT_EQ(parse_capabilities("NET_RAW\n", "ccapabilities", CapKind::ccap).problems.size(), 1u);
  EXPECT_EQ(capability_names(0x101, CapKind::ccap), "set_utsname,raw_icmp");
}

}  // namespace
