// SPDX-License-Identifier: GPL-3.0-or-later
// /proc/net/{tcp,tcp6,udp,udp6} parsing: text recorded from Linux 6.18 (x86_64).
#include <gtest/gtest.h>

#include "net/proc_net.hpp"

using vs::net::Address;
using vs::net::Family;
using vs::net::is_listening;
using vs::net::parse_proc_net;
using vs::net::ProcNetError;
using vs::net::Proto;

namespace {

Address A(const char* s) {
  return *Address::parse(s);
}

constexpr const char* kTcp =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
    "inode\n"
    "   0: 280200C0:20FB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
    "21556 1 "
    "0000000077b55079 100 0 0 10 0\n"
    "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000   104        0 "
    "21550 1 "
    "000000008e156338 100 0 0 10 0\n"
    "   2: 280200C0:8AE6 280200C0:20FB 01 00000000:00000000 00:00000000 00000000     0        0 "
    "21557 1 "
    "00000000cb3c6cbc 20 0 0 10 -1\n"
    "   3: 0100007F:0019 0100007F:D431 06 00000000:00000000 03:00001760 00000000     0        0 0 "
    "3 "
    "0000000000000000\n";

constexpr const char* kTcp6 =
    "  sl  local_address                         remote_address                        st tx_queue "
    "rx_queue tr "
    "tm->when retrnsmt   uid  timeout inode\n"
    "   0: 0000000000000000FFFF0000280200C0:0019 00000000000000000000000000000000:0000 0A "
    "00000000:00000000 "
    "00:00000000 00000000     0        0 21553 1 0000000000000000 100 0 0 10 0\n"
    "   1: B80D0120000000000000000040000000:03E1 00000000000000000000000000000000:0000 0A "
    "00000000:00000000 "
    "00:00000000 00000000     0        0 21555 1 0000000000000000 100 0 0 10 0\n"
    "   2: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A "
    "00000000:00000000 "
    "00:00000000 00000000     0        0 21551 1 0000000000000000 100 0 0 10 0\n"
    "   3: 0000000000000000FFFF000000000000:0051 00000000000000000000000000000000:0000 0A "
    "00000000:00000000 "
    "00:00000000 00000000     0        0 21570 1 0000000000000000 100 0 0 10 0\n"
    "   4: 00000000000000000000000001000000:0277 00000000000000000000000001000000:B4A2 01 "
    "00000000:00000000 "
    "00:00000000 00000000     0        0 21571 1 0000000000000000 20 0 0 10 -1\n";

constexpr const char* kUdp =
    "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
    "inode ref "
    "pointer drops\n"
    " 3225: 280200C0:0FA0 280200C0:0035 01 00000000:00000000 00:00000000 00000000     0        0 "
    "21562 2 "
    "00000000e900279e 0\n"
    "15662: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 "
    "21559 2 "
    "00000000db2a7334 0\n";

constexpr const char* kUdp6 =
    "   sl  local_address                         remote_address                        st "
    "tx_queue rx_queue "
    "tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
    " 4578: 00000000000000000000000000000000:14E9 00000000000000000000000000000000:0000 07 "
    "00000000:00000000 "
    "00:00000000 00000000     0        0 21561 2 0000000000000000 0\n"
    "15732: B80D0120000000000000000040000000:007B 00000000000000000000000000000000:0000 07 "
    "00000000:00000000 "
    "00:00000000 00000000     0        0 21560 2 0000000000000000 0\n";

TEST(ProcNet, ParsesIPv4TcpInEveryState) {
  const auto s = parse_proc_net(kTcp, Proto::tcp, Family::v4, "/proc/net/tcp");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].local, A("192.0.2.40"));
  EXPECT_EQ(s[0].local_port, 8443);
  EXPECT_EQ(s[0].state, 10);
  EXPECT_EQ(s[0].inode, 21556u);
  EXPECT_EQ(s[1].local, A("0.0.0.0"));
  EXPECT_EQ(s[1].local_port, 22);
  EXPECT_EQ(s[1].uid, 104u);
  EXPECT_EQ(s[2].state, 1);  // ESTABLISHED
  EXPECT_EQ(s[2].remote, A("192.0.2.40"));
  EXPECT_EQ(s[2].remote_port, 8443);
  EXPECT_EQ(s[3].state, 6);  // TIME_WAIT
  EXPECT_EQ(s[3].local, A("127.0.0.1"));
  EXPECT_FALSE(s[0].v6only.has_value());  // /proc cannot tell
  EXPECT_EQ(s[0].ifindex, 0u);
  EXPECT_TRUE(is_listening(s[0]));
  EXPECT_TRUE(is_listening(s[1]));
  EXPECT_FALSE(is_listening(s[2]));
  EXPECT_FALSE(is_listening(s[3]));
}

TEST(ProcNet, ParsesIPv6WordsInHostOrder) {
  const auto s = parse_proc_net(kTcp6, Proto::tcp, Family::v6, "/proc/net/tcp6");
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].local, A("::ffff:192.0.2.40"));
  EXPECT_TRUE(s[0].local.is_v4_mapped());
  EXPECT_EQ(s[0].local_port, 25);
  EXPECT_EQ(s[1].local, A("2001:db8::40"));
  EXPECT_EQ(s[1].local_port, 993);
  EXPECT_EQ(s[2].local, A("::"));
  EXPECT_EQ(s[3].local, A("::ffff:0.0.0.0"));
  EXPECT_EQ(s[4].local, A("::1"));
  EXPECT_EQ(s[4].remote_port, 0xB4A2);
  EXPECT_FALSE(s[2].v6only.has_value());
  EXPECT_FALSE(is_listening(s[4]));
}

TEST(ProcNet, UdpListensWhenUnconnected) {
  const auto v4 = parse_proc_net(kUdp, Proto::udp, Family::v4, "/proc/net/udp");
  ASSERT_EQ(v4.size(), 2u);
  EXPECT_FALSE(is_listening(v4[0]));  // connected to 192.0.2.40:53
  EXPECT_TRUE(is_listening(v4[1]));
  EXPECT_EQ(v4[1].local_port, 53);
  const auto v6 = parse_proc_net(kUdp6, Proto::udp, Family::v6, "/proc/net/udp6");
  ASSERT_EQ(v6.size(), 2u);
  EXPECT_TRUE(is_listening(v6[0]));
  EXPECT_EQ(v6[0].local_port, 5353);
  EXPECT_EQ(v6[1].local, A("2001:db8::40"));
  EXPECT_EQ(v6[1].proto, Proto::udp);
}

TEST(ProcNet, EmptyTableAndHeaderOnly) {
  EXPECT_TRUE(parse_proc_net("", Proto::tcp, Family::v4, "t").empty());
  EXPECT_TRUE(
      parse_proc_net("  sl  local_address rem_address st\n", Proto::tcp, Family::v4, "t").empty());
}

void expect_error(const std::string& text, Family family, const std::string& message) {
  try {
    parse_proc_net(text, Proto::tcp, family, "/proc/net/tcp");
    ADD_FAILURE() << "no error for: " << text;
  } catch (const ProcNetError& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(ProcNet, ErrorsNameFileAndLine) {
  const std::string header = "  sl  local_address rem_address   st\n";
  const std::string tail = " 00000000:00000000 00:00000000 00000000     0        0 1\n";
  expect_error(header + "   0: 00000000:0016 00000000:0000 0A" + tail + "   1: short line\n",
               Family::v4, "/proc/net/tcp:3: expected at least 10 fields, found 3");
  expect_error(header + "   0: 0000000G:0016 00000000:0000 0A" + tail, Family::v4,
               "/proc/net/tcp:2: bad local address '0000000G:0016'");
  expect_error(header + "   0: 00000000:0016 00000000 0A" + tail, Family::v4,
               "/proc/net/tcp:2: bad remote address '00000000'");
  expect_error(header + "   0: 00000000:0016 00000000:0000 XY" + tail, Family::v4,
               "/proc/net/tcp:2: bad state 'XY'");
  // An IPv4 table parsed as IPv6 has the wrong address width.
  expect_error(header + "   0: 00000000:0016 00000000:0000 0A" + tail, Family::v6,
               "/proc/net/tcp:2: bad local address '00000000:0016'");
  expect_error(
      header +
          "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000 x 0 1\n",
      Family::v4, "/proc/net/tcp:2: bad uid 'x'");
}

}  // namespace
