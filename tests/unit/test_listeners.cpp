// SPDX-License-Identifier: GPL-3.0-or-later
// read_listeners() on this machine's own network namespace: a socket this test
// opens on loopback is found by both sources, with its owner.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/listeners.hpp"
#include "net/netns.hpp"

using vs::net::Listener;
using vs::net::ListenerQuery;
using vs::net::Proto;
using vs::net::Source;

namespace {

// A socket bound to 127.0.0.1 on a free port; listening for TCP.
struct LoopbackSocket {
  int fd = -1;
  std::uint16_t port = 0;
  LoopbackSocket(int type) {
    fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return;
    if (type == SOCK_STREAM) listen(fd, 1);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~LoopbackSocket() { close(fd); }
};

const Listener* find(const std::vector<Listener>& all, Proto proto, std::uint16_t port) {
  for (const auto& l : all) {
    if (l.endpoint.proto == proto && l.endpoint.port == port &&
        l.endpoint.address.str() == "127.0.0.1")
      return &l;
  }
  return nullptr;
}

class ReadListeners : public ::testing::TestWithParam<Source> {};

TEST_P(ReadListeners, FindsOwnTcpAndUdpSockets) {
  LoopbackSocket tcp(SOCK_STREAM), udp(SOCK_DGRAM);
  ASSERT_NE(tcp.port, 0);
  ASSERT_NE(udp.port, 0);
  ListenerQuery q;
  q.source = GetParam();
  const auto report = vs::net::read_listeners_report(q);
  EXPECT_EQ(report.used, GetParam() == Source::proc ? Source::proc : Source::netlink);
  const auto* t = find(report.listeners, Proto::tcp, tcp.port);
  const auto* u = find(report.listeners, Proto::udp, udp.port);
  ASSERT_NE(t, nullptr);
  ASSERT_NE(u, nullptr);
  ASSERT_TRUE(t->process);
  EXPECT_EQ(t->process->pid, getpid());
  EXPECT_EQ(t->uid, getuid());
  EXPECT_EQ(u->process->pid, getpid());
}

INSTANTIATE_TEST_SUITE_P(Sources, ReadListeners,
                         ::testing::Values(Source::netlink, Source::proc, Source::automatic));

TEST(ReadListeners, OneProtocolAndNoProcesses) {
  LoopbackSocket tcp(SOCK_STREAM), udp(SOCK_DGRAM);
  ListenerQuery q;
  q.udp = false;
  q.processes = false;
  const auto all = vs::net::read_listeners(q);
  ASSERT_NE(find(all, Proto::tcp, tcp.port), nullptr);
  EXPECT_FALSE(find(all, Proto::tcp, tcp.port)->process);
  EXPECT_EQ(find(all, Proto::udp, udp.port), nullptr);
}

TEST(ReadListeners, PassedDeadlineThrows) {
  ListenerQuery q;
  q.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  EXPECT_THROW(vs::net::read_listeners(q), std::runtime_error);
}

TEST(Netns, PathOfNameOrPath) {
  EXPECT_EQ(vs::net::netns_path("web"), "/run/netns/web");
  EXPECT_EQ(vs::net::netns_path("/proc/1/ns/net"), "/proc/1/ns/net");
  EXPECT_THROW(vs::net::netns_path(".."), std::runtime_error);
  EXPECT_THROW(vs::net::netns_path("."), std::runtime_error);
}

TEST(Netns, MissingNamespaceIsAClearError) {
  try {
    vs::net::NetnsGuard guard("vs-no-such-namespace");
    ADD_FAILURE() << "entered a namespace that does not exist";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot enter network namespace /run/netns/vs-no-such-namespace: No such file or "
              "directory");
  }
}

TEST(Netns, NotANamespaceIsAClearError) {
  try {
    vs::net::NetnsGuard guard("/dev/null");
    ADD_FAILURE() << "entered /dev/null";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("cannot enter network namespace /dev/null: ", 0), 0u) << what;
  }
}

}  // namespace
