// SPDX-License-Identifier: GPL-3.0-or-later
// Netlink sock_diag: requests as the kernel expects them, and replies recorded from
// a real kernel decoded into sockets.
#include <gtest/gtest.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <cstring>

#include "net/sock_diag.hpp"
#include "sock_diag_recorded.hpp"

using vs::net::Address;
using vs::net::Family;
using vs::net::is_listening;
using vs::net::Proto;
using vs::net::SocketEntry;
namespace sd = vs::net::sock_diag;

namespace {

Address A(const char* s) {
  return *Address::parse(s);
}

template <std::size_t N>
std::span<const std::byte> bytes(const std::uint8_t (&b)[N]) {
  return std::as_bytes(std::span<const std::uint8_t>(b, N));
}

const SocketEntry* find(const std::vector<SocketEntry>& v, std::uint16_t port) {
  for (const auto& s : v) {
    if (s.local_port == port) return &s;
  }
  return nullptr;
}

TEST(SockDiagRequest, AsksTcpForListenOnlyAndUdpForCloseOnly) {
  const auto tcp = sd::encode_request({Proto::tcp, Family::v6}, 7);
  ASSERT_EQ(tcp.size(), sizeof(nlmsghdr) + sizeof(inet_diag_req_v2));
  nlmsghdr h;
  inet_diag_req_v2 r;
  std::memcpy(&h, tcp.data(), sizeof h);
  std::memcpy(&r, tcp.data() + sizeof h, sizeof r);
  EXPECT_EQ(h.nlmsg_len, tcp.size());
  EXPECT_EQ(h.nlmsg_type, SOCK_DIAG_BY_FAMILY);
  EXPECT_EQ(h.nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
  EXPECT_EQ(h.nlmsg_seq, 7u);
  EXPECT_EQ(r.sdiag_family, AF_INET6);
  EXPECT_EQ(r.sdiag_protocol, IPPROTO_TCP);
  EXPECT_EQ(r.idiag_states, 1u << 10);  // TCP_LISTEN only: established sockets are never walked

  const auto udp = sd::encode_request({Proto::udp, Family::v4}, 1);
  std::memcpy(&r, udp.data() + sizeof h, sizeof r);
  EXPECT_EQ(r.sdiag_family, AF_INET);
  EXPECT_EQ(r.sdiag_protocol, IPPROTO_UDP);
  EXPECT_EQ(r.idiag_states, 1u << 7);  // TCP_CLOSE: unconnected
}

TEST(SockDiagDecode, RecordedTcpV4) {
  const auto c = sd::decode(bytes(recorded::kTcpV4), Proto::tcp, 1);
  EXPECT_FALSE(c.done);
  EXPECT_EQ(c.error, 0);
  ASSERT_EQ(c.sockets.size(), 3u);  // the established connection was filtered by the kernel
  const auto* ssh = find(c.sockets, 22);
  ASSERT_NE(ssh, nullptr);
  EXPECT_EQ(ssh->local, A("0.0.0.0"));
  EXPECT_EQ(ssh->state, 10);
  EXPECT_EQ(ssh->proto, Proto::tcp);
  EXPECT_EQ(ssh->uid, 0u);
  EXPECT_EQ(ssh->inode, 21550u);
  EXPECT_EQ(ssh->ifindex, 0u);
  EXPECT_FALSE(ssh->v6only.has_value());  // an IPv4 socket has no such option
  const auto* bound = find(c.sockets, 8080);
  ASSERT_NE(bound, nullptr);
  EXPECT_EQ(bound->ifindex, 1u);  // SO_BINDTODEVICE lo
  const auto* specific = find(c.sockets, 8443);
  ASSERT_NE(specific, nullptr);
  EXPECT_EQ(specific->local, A("192.0.2.40"));
  for (const auto& s : c.sockets) {
    EXPECT_TRUE(is_listening(s));
  }
}

TEST(SockDiagDecode, RecordedTcpV6ReadsV6only) {
  const auto c = sd::decode(bytes(recorded::kTcpV6), Proto::tcp, 1);
  ASSERT_EQ(c.sockets.size(), 4u);
  const auto* dual = find(c.sockets, 80);
  ASSERT_NE(dual, nullptr);
  EXPECT_EQ(dual->local, A("::"));
  EXPECT_EQ(dual->v6only, false);
  const auto* v6only = find(c.sockets, 443);
  ASSERT_NE(v6only, nullptr);
  EXPECT_EQ(v6only->v6only, true);
  const auto* mapped = find(c.sockets, 25);
  ASSERT_NE(mapped, nullptr);
  EXPECT_EQ(mapped->local, A("::ffff:192.0.2.40"));
  const auto* specific = find(c.sockets, 993);
  ASSERT_NE(specific, nullptr);
  EXPECT_EQ(specific->local, A("2001:db8::40"));
}

TEST(SockDiagDecode, RecordedUdp) {
  const auto v4 = sd::decode(bytes(recorded::kUdpV4), Proto::udp, 1);
  ASSERT_EQ(v4.sockets.size(), 1u);  // the connected socket was filtered by the kernel
  EXPECT_EQ(v4.sockets[0].local_port, 53);
  EXPECT_EQ(v4.sockets[0].state, 7);
  EXPECT_EQ(v4.sockets[0].proto, Proto::udp);
  EXPECT_TRUE(is_listening(v4.sockets[0]));
  const auto v6 = sd::decode(bytes(recorded::kUdpV6), Proto::udp, 1);
  ASSERT_EQ(v6.sockets.size(), 2u);
  EXPECT_EQ(find(v6.sockets, 123)->v6only, true);
  EXPECT_EQ(find(v6.sockets, 5353)->v6only, false);
}

TEST(SockDiagDecode, DoneEndsTheDump) {
  const auto c = sd::decode(bytes(recorded::kDone), Proto::tcp, 1);
  EXPECT_TRUE(c.done);
  EXPECT_EQ(c.error, 0);
  EXPECT_TRUE(c.sockets.empty());
}

TEST(SockDiagDecode, SkipsOtherSequenceNumbers) {
  const auto c = sd::decode(bytes(recorded::kTcpV4), Proto::tcp, 2);
  EXPECT_TRUE(c.sockets.empty());
  EXPECT_FALSE(sd::decode(bytes(recorded::kDone), Proto::tcp, 2).done);
}

std::vector<std::byte> error_message(int error, std::uint32_t seq) {
  struct {
    nlmsghdr h;
    nlmsgerr e;
  } m{};
  m.h.nlmsg_len = sizeof m;
  m.h.nlmsg_type = NLMSG_ERROR;
  m.h.nlmsg_seq = seq;
  m.e.error = -error;
  std::vector<std::byte> out(sizeof m);
  std::memcpy(out.data(), &m, sizeof m);
  return out;
}

TEST(SockDiagDecode, ErrorReplyCarriesErrno) {
  const auto c = sd::decode(error_message(ENOENT, 1), Proto::udp, 1);
  EXPECT_TRUE(c.done);
  EXPECT_EQ(c.error, ENOENT);
}

TEST(SockDiagDecode, MalformedRepliesThrow) {
  std::vector<std::byte> b(sizeof recorded::kTcpV4);
  std::memcpy(b.data(), recorded::kTcpV4, b.size());
  // Truncated in the middle of a message.
  EXPECT_THROW(sd::decode(std::span<const std::byte>(b.data(), 100), Proto::tcp, 1),
               sd::DecodeError);
  // A message length beyond the buffer.
  auto longer = b;
  const std::uint32_t huge = 100000;
  std::memcpy(longer.data(), &huge, 4);
  EXPECT_THROW(sd::decode(longer, Proto::tcp, 1), sd::DecodeError);
  // A length shorter than the header.
  auto shorter = b;
  const std::uint32_t tiny = 8;
  std::memcpy(shorter.data(), &tiny, 4);
  EXPECT_THROW(sd::decode(shorter, Proto::tcp, 1), sd::DecodeError);
  // A socket message too short for inet_diag_msg.
  auto cut = b;
  const std::uint32_t small = sizeof(nlmsghdr) + 8;
  std::memcpy(cut.data(), &small, 4);
  EXPECT_THROW(sd::decode(std::span<const std::byte>(cut.data(), small), Proto::tcp, 1),
               sd::DecodeError);
  // An attribute whose length runs past its message.
  auto attribute = b;
  const std::size_t first_attribute = sizeof(nlmsghdr) + sizeof(inet_diag_msg);
  const std::uint16_t past = 200;
  std::memcpy(attribute.data() + first_attribute, &past, 2);
  EXPECT_THROW(sd::decode(attribute, Proto::tcp, 1), sd::DecodeError);
  // An unknown address family.
  auto family = b;
  family[sizeof(nlmsghdr)] = std::byte{AF_UNIX};
  EXPECT_THROW(sd::decode(family, Proto::tcp, 1), sd::DecodeError);
  // Trailing garbage shorter than a header.
  auto trailing = b;
  trailing.resize(b.size() + 5);
  EXPECT_THROW(sd::decode(trailing, Proto::tcp, 1), sd::DecodeError);
}

TEST(SockDiagDecode, EveryTruncationEitherDecodesOrThrowsCleanly) {
  // A cheap stand-in for fuzzing: every prefix of every recorded reply.
  for (const auto span : {bytes(recorded::kTcpV4), bytes(recorded::kTcpV6), bytes(recorded::kUdpV4),
                          bytes(recorded::kUdpV6), bytes(recorded::kDone)}) {
    for (std::size_t n = 0; n <= span.size(); ++n) {
      try {
        (void)sd::decode(span.first(n), Proto::tcp, 1);
      } catch (const sd::DecodeError&) {
      }
    }
  }
}

}  // namespace
