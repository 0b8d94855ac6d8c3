// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_listen as a sysadmin runs it, without root: options, help, and the
// sockets of the test's own network namespace.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "plugin_output.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::TempDir;

namespace {

vs::test::Run check_listen(const TempDir& root, std::vector<std::string> args = {}) {
  return vs::test::run_plugin("check_vs_listen", root.path(), args);
}

// A TCP listener on 127.0.0.1 and a free port, held by this test process.
struct LoopbackListener {
  // CLOEXEC: a plugin that inherited it would find itself as the owner.
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  std::uint16_t port = 0;
  LoopbackListener() {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 1) != 0) return;
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~LoopbackListener() { close(fd); }
};

TEST(CheckVsListen, HelpIsAManPage) {
  TempDir t;
  const auto r = check_listen(t, {"--help"});
  EXPECT_EQ(r.exit_code, 3);
  for (const char* part :
       {"check_vs_listen v", "Usage:", "--source auto|netlink|proc", "--netns NAME|PATH",
        "--allow-port [PROTO/]PORT", "--expect [PROTO/]ADDR:PORT", "Thresholds:", "guest_shadowed",
        "Examples:", "Exit status:"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part;
  }
}

TEST(CheckVsListen, BadOptionsAreUnknown) {
  TempDir t;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--source", "kernel"},
       "VS_LISTEN UNKNOWN - --source must be auto, netlink or proc, not 'kernel'"},
      {{"--proto", "sctp"}, "VS_LISTEN UNKNOWN - --proto must be tcp, udp or all, not 'sctp'"},
      {{"--allow-port", "ssh"},
       "VS_LISTEN UNKNOWN - --allow-port 'ssh': expected PORT, tcp/PORT or udp/PORT (1-65535)"},
      {{"--expect", "2001:db8::1:25"},
       "VS_LISTEN UNKNOWN - --expect '2001:db8::1:25': write an IPv6 address in brackets: "
       "[ADDR]:PORT"},
      {{"--loopback", "maybe"},
       "VS_LISTEN UNKNOWN - --loopback must be yes, no or auto, not 'maybe'"},
      {{"--guest", "nosuch"},
       "VS_LISTEN UNKNOWN - guest 'nosuch' is not configured in " + t.path() + "/etc/vservers"},
      {{"-c", "1:x"}, ""},
      {{"--strict", "yes"}, ""},
  };
  for (const auto& [args, first] : cases) {
    const auto r = check_listen(t, args);
    EXPECT_EQ(r.exit_code, 3) << args[0] << ": " << r.out;
    if (!first.empty()) {
      EXPECT_EQ(r.first_line(), first);
    }
    EXPECT_EQ(r.out.find('|'), std::string::npos) << r.out;  // no perfdata start in an UNKNOWN
  }
}

TEST(CheckVsListen, SeesItsOwnLoopbackListener) {
  TempDir t;
  LoopbackListener l;
  ASSERT_NE(l.port, 0);
  const std::string line = "OK tcp 127.0.0.1:" + std::to_string(l.port) + " test_plugin_che[" +
                           std::to_string(getpid()) + "] uid " + std::to_string(getuid()) +
                           ": loopback";
  for (const char* source : {"netlink", "proc"}) {
    const auto r = check_listen(
        t, {"--role", "host", "--proto", "tcp", "--source", source, "-v", "--max-output", "0"});
    EXPECT_GE(r.exit_code, 0);
    EXPECT_LE(r.exit_code, 3);
    EXPECT_NE(r.out.find("\n" + line + "\n"), std::string::npos) << source << ":\n" << r.out;
  }
  // In a guest without loopback (--loopback no) the same socket is CRITICAL.
  const auto guest =
      check_listen(t, {"--role", "guest", "--loopback", "no", "--proto", "tcp", "--no-processes"});
  EXPECT_EQ(guest.exit_code, 2);
  EXPECT_NE(
      guest.out.find(
          "CRITICAL tcp 127.0.0.1:" + std::to_string(l.port) + " uid " + std::to_string(getuid()) +
          ": loopback address, but the guest has no loopback (--loopback no): the bind fails\n"),
      std::string::npos)
      << guest.out;
}

TEST(CheckVsListen, ExpectAndPerfdata) {
  TempDir t;
  vs::test::add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  LoopbackListener l;
  const std::string here = "127.0.0.1:" + std::to_string(l.port);
  const auto met = check_listen(
      t, {"--role", "host", "--proto", "tcp", "--expect", here, "-v", "--max-output", "0"});
  EXPECT_NE(met.out.find("\nOK --expect tcp " + here + ": listening: test_plugin_che["),
            std::string::npos)
      << met.out;
  const auto first = met.first_line();
  EXPECT_NE(first.find(" | listeners="), std::string::npos) << first;
  EXPECT_NE(first.find(" wildcard="), std::string::npos) << first;
  EXPECT_NE(first.find(";;0;0 guest_shadowed="), std::string::npos) << first;
  const auto missing =
      check_listen(t, {"--role", "host", "--proto", "udp", "--expect", "udp/" + here});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(
      missing.first_line().rfind("VS_LISTEN CRITICAL - udp " + here + ": nothing listens there", 0),
      0u)
      << missing.out;
}

}  // namespace
