// SPDX-License-Identifier: GPL-3.0-or-later
// The VServer /proc parsers on the kernel's own text (vs2.3 and vs2.2 formats), then
// truncated and garbage variants: each must be an error naming file:line.
#include <gtest/gtest.h>

#include "vserver/proc_files.hpp"

using namespace vs::vserver;

namespace {

// The error a parser throws for `text`, as "file:line: reason"; "" when it parses.
template <typename Parse>
std::string error_of(Parse parse, std::string_view text) {
  try {
    (void)parse(text, "f");
  } catch (const ProcFormatError& e) {
    return e.what();
  }
  return "";
}

TEST(VirtualInfo, Vs23AndVs22) {
  const auto v = parse_virtual_info(
      "VCIVersion:\t0002:0308\nVCISyscall:\t236\nVCIKernel:\t00001d11\n", "/proc/virtual/info");
  EXPECT_EQ(v.vci, 0x00020308u);
  EXPECT_EQ(v.api_major(), 2u);
  EXPECT_EQ(v.api_minor(), 3u);
  EXPECT_EQ(v.text(), "0002:0308");
  EXPECT_EQ(v.syscall, 236);
  EXPECT_EQ(v.kernel_bits, 0x1d11u);
  EXPECT_EQ(v.where.str(), "/proc/virtual/info:1");
  EXPECT_EQ(parse_virtual_info("VCIVersion:\t0002:0203\nVCISyscall:\t236\n", "f").api_minor(), 2u);
  // The form the steering notes use, a bare minor number, reads the same way.
  EXPECT_EQ(parse_virtual_info("VCIVersion:\t0002:0003\n", "f").api_minor(), 3u);
}

TEST(VirtualInfo, GarbageAndTruncation) {
  EXPECT_EQ(error_of(parse_virtual_info, "VCIVersion:\t2.3\n"),
            "f:1: VCIVersion: '2.3' is not a version (%04x:%04x)");
  EXPECT_EQ(error_of(parse_virtual_info, "VCIVers\n"), "f:1: 'VCIVers' is not a 'Key: value' line");
  EXPECT_EQ(error_of(parse_virtual_info, "VCIVersion:\t0002:03"),
            "f:1: 'VCIVersion:\t0002:03' is cut short (truncated file?)");
  EXPECT_EQ(error_of(parse_virtual_info, ""), "f: no 'VCIVersion:' line (truncated file?)");
  EXPECT_EQ(error_of(parse_virtual_info, "VCIVersion:\t0002:0308\nVCISyscall:\tx\n"),
            "f:2: VCISyscall: 'x' is not a decimal number");
}

TEST(XidInfo, InitPid) {
  const auto i = parse_xid_info("ID:\t42\nInfo:\tffff88003a5c2a00\nInit:\t4200\nOOM:\t0\n", "f");
  EXPECT_EQ(i.xid, 42u);
  EXPECT_EQ(i.init_pid, 4200);
  EXPECT_EQ(parse_xid_info("ID:\t10\nInfo:\tffff81013d1d0a00\nInit:\t0\n", "f").init_pid, 0);
  EXPECT_EQ(error_of(parse_xid_info, "ID:\t42\nInfo:\tffff88003a5c2a00\n"),
            "f: no 'Init:' line (truncated file?)");
  EXPECT_EQ(error_of(parse_xid_info, "ID:\t42\nInit:\t-3\n"),
            "f:2: Init: '-3' is not a process id");
}

constexpr std::string_view kStatus23 =
    "UseCnt:\t27\nTasks:\t12\nFlags:\t0000001402020010\nBCaps:\tffffffffb44c24ff\n"
    "CCaps:\t0000000000000101\nUmask:\t               0\nWmask:\t            1f00\n"
    "Spaces:\t40000000 00000000\n";

TEST(XidStatus, Vs23) {
  const auto s = parse_xid_status(kStatus23, "/proc/virtual/40/status");
  EXPECT_EQ(s.use_count, 27);
  EXPECT_EQ(s.tasks, 12);
  EXPECT_EQ(s.flags, 0x1402020010u);
  EXPECT_EQ(s.bcaps, 0xffffffffb44c24ffu);
  EXPECT_EQ(s.bcaps_at.str(), "/proc/virtual/40/status:4");
  EXPECT_EQ(s.ccaps, 0x101u);
  EXPECT_EQ(s.umask, 0u);  // %16llx: padded with spaces
  EXPECT_EQ(s.wmask, 0x1f00u);
  EXPECT_EQ(s.spaces, (std::vector<std::uint32_t>{0x40000000, 0}));
}

TEST(XidStatus, Vs22) {
  const auto s = parse_xid_status(
      "UseCnt:\t20\nTasks:\t9\nFlags:\t0000000402020010\nBCaps:\t00000000344c04ff\n"
      "CCaps:\t0000000000000101\nSpaces:\t00000000\n",
      "f");
  EXPECT_EQ(s.bcaps, 0x344c04ffu);
  EXPECT_FALSE(s.umask);
  EXPECT_EQ(s.spaces, std::vector<std::uint32_t>{0});
}

TEST(XidStatus, EveryLineCutShortIsAnErrorNamingTheFile) {
  // Cut after each line: the fields that follow are missing.
  const std::string full(kStatus23);
  for (std::size_t end = full.find('\n'); end < full.find("CCaps");
       end = full.find('\n', end + 1)) {
    EXPECT_NE(error_of(parse_xid_status, full.substr(0, end + 1)).find("(truncated file?)"),
              std::string::npos)
        << full.substr(0, end + 1);
  }
  // Cut inside a line, even where what is left still reads as a value ("ffffffff" is
  // a 32-bit capability set).
  EXPECT_EQ(error_of(parse_xid_status, full.substr(0, full.find("b44c24ff"))),
            "f:4: 'BCaps:\tffffffff' is cut short (truncated file?)");
  EXPECT_EQ(error_of(parse_xid_status, full.substr(0, full.size() - 5)),
            "f:8: 'Spaces:\t40000000 0000' is cut short (truncated file?)");
  EXPECT_EQ(error_of(parse_xid_status,
                     std::string(kStatus23).replace(full.find("b44c24ff"), 8, "\nb44c24ff")),
            "f:5: 'b44c24ff' is not a 'Key: value' line");
}

TEST(XidStatus, Garbage) {
  std::string s(kStatus23);
  EXPECT_EQ(error_of(parse_xid_status, std::string(s).replace(s.find("12"), 2, "many")),
            "f:2: Tasks: 'many' is not a decimal number");
  EXPECT_EQ(error_of(parse_xid_status, std::string(s).replace(s.find("0000001402"), 2, "zz")),
            "f:3: Flags: 'zz00001402020010' is not a hexadecimal mask");
  EXPECT_EQ(error_of(parse_xid_status, std::string(s).replace(s.find("40000000 "), 9, "x ")),
            "f:8: Spaces: 'x 00000000' is not one or two namespace masks");
  EXPECT_EQ(error_of(parse_xid_status, "UseCnt:\t1\nTasks:\t99999999999\n"),
            "f:2: Tasks: '99999999999' is not a 32-bit number");
  // A huge garbage line stays one bounded line in the message.
  const auto e = error_of(parse_xid_status, std::string(10000, 'x') + "\n");
  EXPECT_LT(e.size(), 120u);
}

TEST(CapWords, HighestWordFirst) {
  EXPECT_EQ(parse_cap_words("ffffffffb44c04ff"), 0xffffffffb44c04ffu);
  EXPECT_EQ(parse_cap_words("344c04ff"), 0x344c04ffu);  // a 32-bit capability set
  EXPECT_EQ(parse_cap_words("00000000ffffffffb44c04ff"), 0xffffffffb44c04ffu);
  EXPECT_EQ(parse_cap_words("00000001ffffffffb44c04ff"), std::nullopt);  // capability 64
  EXPECT_EQ(parse_cap_words("b44c04f"), std::nullopt);
  EXPECT_EQ(parse_cap_words("+44c04ff"), std::nullopt);
  EXPECT_EQ(parse_cap_words(""), std::nullopt);
}

TEST(NidInfo, Vs23WithIpv6) {
  const auto n = parse_nid_info(
      "ID:\t42\nInfo:\tffff88003b1e5a00\nBcast:\t192.0.2.255\nLback:\t127.0.42.1\n"
      "0:\t[192.0.2.42-0.0.0.0/255.255.255.0:0010]\n"
      "1:\t[192.0.2.100-192.0.2.110/255.255.255.255:0040]\n"
      "0:\t[2001:0db8:0000:0000:0000:0000:0000:0042/"
      "ffff:ffff:ffff:ffff:0000:0000:0000:0000/64:0010]\n",
      "/proc/virtnet/42/info");
  EXPECT_EQ(n.nid, 42u);
  EXPECT_EQ(n.bcast->str(), "192.0.2.255");
  EXPECT_EQ(n.lback->str(), "127.0.42.1");
  EXPECT_EQ(n.lback_at.str(), "/proc/virtnet/42/info:4");
  ASSERT_EQ(n.addresses.size(), 3u);
  EXPECT_EQ(n.addresses[0].ip.str(), "192.0.2.42");
  EXPECT_EQ(n.addresses[0].ip2->str(), "0.0.0.0");
  EXPECT_EQ(n.addresses[0].mask->str(), "255.255.255.0");
  EXPECT_EQ(n.addresses[0].type, 0x10);
  EXPECT_EQ(n.addresses[1].ip2->str(), "192.0.2.110");
  EXPECT_EQ(n.addresses[1].type, 0x40);
  EXPECT_EQ(n.addresses[2].ip.str(), "2001:db8::42");
  EXPECT_EQ(n.addresses[2].prefix, 64u);
}

TEST(NidInfo, Vs22) {
  const auto n = parse_nid_info(
      "ID:\t10\nInfo:\tffff81013f0b0a00\nBcast:\t192.0.2.255\n0:\t192.0.2.10/255.255.255.0\n", "f");
  EXPECT_FALSE(n.lback);
  ASSERT_EQ(n.addresses.size(), 1u);
  EXPECT_EQ(n.addresses[0].ip.str(), "192.0.2.10");
  EXPECT_FALSE(n.addresses[0].type);
}

TEST(NidInfo, Garbage) {
  EXPECT_EQ(error_of(parse_nid_info, "ID:\t1\nLback:\t127.0.0\n"),
            "f:2: Lback: '127.0.0' is not an IPv4 address");
  EXPECT_EQ(error_of(parse_nid_info, "ID:\t1\n0:\t[192.0.2.1-0.0.0.0/255.255.255.0:10]\n"),
            "f:2: 0: '[192.0.2.1-0.0.0.0/255.255.255.0:10]' is not an address ([ip-ip2/mask:type], "
            "[ip6/mask/prefix:type] or ip/mask)");
  for (const char* bad : {"[192.0.2.1-0.0.0.0/255.255.255.0:0010", "192.0.2.1", "[::1/::/129:0010]",
                          "[192.0.2.1-::/255.0.0.0:0010]", "[]", "[:0010]", "192.0.2.1/::"}) {
    EXPECT_NE(error_of(parse_nid_info, "ID:\t1\n0:\t" + std::string(bad) + "\n"), "") << bad;
  }
}

TEST(NidStatus, Flags) {
  const auto s = parse_nid_status(
      "UseCnt:\t10\nTasks:\t7\nFlags:\t0000000406000200\nNCaps:\t0000000000000100\n", "f");
  EXPECT_EQ(s.flags & kNxfLbackRemap, kNxfLbackRemap);
  EXPECT_EQ(s.flags & kNxfStateAdmin, kNxfStateAdmin);
  EXPECT_EQ(s.ncaps, 0x100u);
  EXPECT_EQ(s.flags_at.str(), "f:3");
  EXPECT_EQ(error_of(parse_nid_status, "UseCnt:\t10\nTasks:\t7\nFlags:\t0000000406000200\n"),
            "f: no 'NCaps:' line (truncated file?)");
}

TEST(PidNinfo, Vs23Vs22AndAHostProcess) {
  const auto n23 = parse_pid_ninfo(
      "NID:\t211\nNCaps:\t0000000000000100\nNFlags:\t0000000406000200\n"
      "V4Root[bcast]:\t255.255.255.255\nV4Root[lback]:\t127.0.211.1\n"
      "V4Root[0]:\t[192.0.2.211-0.0.0.0/255.255.248.0:0010]\n"
      "V4Root[1]:\t[192.0.2.3-0.0.0.0/255.255.255.255:0010]\n",
      "/proc/4200/ninfo");
  EXPECT_EQ(n23.nid, 211u);
  EXPECT_EQ(n23.nflags, 0x406000200u);
  EXPECT_EQ(n23.nflags_at.str(), "/proc/4200/ninfo:3");
  EXPECT_EQ(n23.lback->str(), "127.0.211.1");
  EXPECT_EQ(n23.addresses.size(), 2u);
  const auto n22 = parse_pid_ninfo(
      "NID:\t157\nNCaps:\t0000000000000100\nNFlags:\t0000000402000000\n"
      "V4Root[0]:\t192.0.2.112/255.255.255.0\nV4Root[bcast]:\t0.0.0.0\n",
      "f");
  EXPECT_FALSE(n22.lback);
  ASSERT_EQ(n22.addresses.size(), 1u);
  EXPECT_EQ(n22.addresses[0].ip.str(), "192.0.2.112");
  const auto host = parse_pid_ninfo("NID:\t0\n", "f");
  EXPECT_EQ(host.nid, 0u);
  EXPECT_FALSE(host.nflags);
  EXPECT_EQ(error_of(parse_pid_ninfo, "NID:\t0\nNFlags:\t00000004060002000\n"),
            "f:2: NFlags: '00000004060002000' is not a hexadecimal mask");
}

TEST(PidVinfo, ContextAndHost) {
  const auto v = parse_pid_vinfo(
      "XID:\t211\nBCaps:\tffffffffb44c04ff\nCCaps:\t0000000000004101\n"
      "CFlags:\t0000001402020010\nCIPid:\t3234\n",
      "f");
  EXPECT_EQ(v.xid, 211u);
  EXPECT_EQ(v.bcaps, 0xffffffffb44c04ffu);
  EXPECT_EQ(v.ccaps, 0x4101u);
  EXPECT_EQ(v.init_pid, 3234);
  EXPECT_FALSE(parse_pid_vinfo("XID:\t0\n", "f").bcaps);
  EXPECT_EQ(error_of(parse_pid_vinfo, "XID:\t-1\n"), "f:1: XID: '-1' is not a context id");
}

TEST(PidStatus, ExactKeysOnly) {
  const auto s = parse_pid_status(
      "Name:\tVxID:0\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t33\t33\t33\t33\n"
      "VxID:\t40\nNxID:\t40\n",
      "f");
  EXPECT_EQ(s.name, "VxID:0");
  EXPECT_EQ(s.uid, 33u);
  EXPECT_EQ(s.vxid, 40u);
  EXPECT_EQ(s.nxid, 40u);
  // Another kernel: no VxID at all, even if the name says so.
  const auto plain = parse_pid_status("Name:\tVxID:\nUid:\t0\t0\t0\t0\n", "f");
  EXPECT_FALSE(plain.vxid);
  // A key is matched whole: "VxIDs:" is not "VxID:".
  EXPECT_FALSE(parse_pid_status("VxIDs:\t3\n", "f").vxid);
  EXPECT_EQ(error_of(parse_pid_status, "Name:\tx\nVxID:\tforty\n"),
            "f:2: VxID: 'forty' is not a decimal number");
}

}  // namespace
