// util-vserver's bcapabilities/ccapabilities grammar, rule by rule.
#include <gtest/gtest.h>

#include "vserver/capabilities.hpp"

using namespace vs::vserver;

namespace {

constexpr std::uint64_t bit(int n) {
  return std::uint64_t{1} << n;
}
constexpr int kNetRaw = 13;
constexpr int kSysAdmin = 21;

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

TEST(Capabilities, AllThirtyFourBcapNames) {
  const char* names[kBcapCount] = {"CHOWN",
                                   "DAC_OVERRIDE",
                                   "DAC_READ_SEARCH",
                                   "FOWNER",
                                   "FSETID",
                                   "KILL",
                                   "SETGID",
                                   "SETUID",
                                   "SETPCAP",
                                   "LINUX_IMMUTABLE",
                                   "NET_BIND_SERVICE",
                                   "NET_BROADCAST",
                                   "NET_ADMIN",
                                   "NET_RAW",
                                   "IPC_LOCK",
                                   "IPC_OWNER",
                                   "SYS_MODULE",
                                   "SYS_RAWIO",
                                   "SYS_CHROOT",
                                   "SYS_PTRACE",
                                   "SYS_PACCT",
                                   "SYS_ADMIN",
                                   "SYS_BOOT",
                                   "SYS_NICE",
                                   "SYS_RESOURCE",
                                   "SYS_TIME",
                                   "SYS_TTY_CONFIG",
                                   "MKNOD",
                                   "LEASE",
                                   "AUDIT_WRITE",
                                   "AUDIT_CONTROL",
                                   "SETFCAP",
                                   "MAC_OVERRIDE",
                                   "MAC_ADMIN"};
  for (int i = 0; i < kBcapCount; ++i) {
    EXPECT_EQ(capability_mask(names[i], CapKind::bcap), bit(i)) << names[i];
    EXPECT_EQ(capability_name(bit(i), CapKind::bcap), names[i]);
  }
  EXPECT_FALSE(
      capability_mask("SYSLOG", CapKind::bcap));  // bit 34: newer than util-vserver's table
  EXPECT_EQ(capability_name(bit(40), CapKind::bcap), "^40");
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
