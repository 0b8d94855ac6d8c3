// SPDX-License-Identifier: GPL-3.0-or-later
// net::BoundSockets against the running kernel: each sequence of binds is made for
// real (SO_REUSEADDR, listen() after each bind, as the daemons do) in a network
// namespace of the test's own, and every errno must be the one the model predicts.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <net/if.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "config/host_port.hpp"
#include "net/bind_conflicts.hpp"
#include "netns.hpp"

namespace net = vs::net;

namespace {

// "[::]:80 dual", "[::]:80 v6only", "192.0.2.1:80", "0.0.0.0:80 dev=lo"
net::Endpoint endpoint(const std::string& spec) {
  const auto space = spec.find(' ');
  const auto hp = vs::config::parse_host_port(spec.substr(0, space), vs::config::kSshdHostPort);
  net::Endpoint e = vs::config::endpoint_for(hp.host, hp.port.value_or(0));
  const std::string option = space == std::string::npos ? "" : spec.substr(space + 1);
  if (e.address.family() == net::Family::v6) e.v6only = option == "v6only";
  if (option.rfind("dev=", 0) == 0) e.device = option.substr(4);
  return e;
}

// Binds each endpoint for real in the namespace at `netns_path`, keeping every socket
// open and listening; the errno of each bind (0: bound).
std::vector<int> kernel_binds(const std::string& netns_path,
                              const std::vector<net::Endpoint>& endpoints) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return {};
  const pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    const int ns = open(netns_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (ns < 0 || setns(ns, CLONE_NEWNET) != 0) _exit(1);
    for (const auto& e : endpoints) {
      const bool v6 = e.address.family() == net::Family::v6;
      const int s = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      const int one = 1;
      const int v6only = e.v6only.value_or(false) ? 1 : 0;
      setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      if (v6) setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only);
      if (!e.device.empty())
        setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, e.device.c_str(),
                   static_cast<socklen_t>(e.device.size()));
      int result = 0;
      if (v6) {
        sockaddr_in6 a{};
        a.sin6_family = AF_INET6;
        a.sin6_port = htons(e.port);
        std::memcpy(&a.sin6_addr, e.address.bytes().data(), 16);
        result = bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
      } else {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(e.port);
        std::memcpy(&a.sin_addr, e.address.bytes().data(), 4);
        result = bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
      }
      const int error = result == 0 ? (listen(s, 8) == 0 ? 0 : errno) : errno;
      if (write(pipe_fds[1], &error, sizeof error) != sizeof error) _exit(1);
    }
    _exit(0);
  }
  close(pipe_fds[1]);
  std::vector<int> out;
  int error = 0;
  while (read(pipe_fds[0], &error, sizeof error) == sizeof error)
    out.push_back(error);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  return out;
}

struct Sequence {
  const char* what;
  std::vector<std::string> binds;
};

const std::vector<Sequence> kSequences = {
    {"a specific address after the IPv4 wildcard", {"0.0.0.0:80", "192.0.2.1:80"}},
    {"the IPv4 wildcard after a specific address", {"192.0.2.1:80", "0.0.0.0:80"}},
    {"0.0.0.0 after a dual-stack [::]", {"[::]:80 dual", "0.0.0.0:80"}},
    {"0.0.0.0 after an IPv6-only [::]", {"[::]:80 v6only", "0.0.0.0:80"}},
    {"a dual-stack [::] after 0.0.0.0", {"0.0.0.0:80", "[::]:80 dual"}},
    {"an IPv6-only [::] after 0.0.0.0", {"0.0.0.0:80", "[::]:80 v6only"}},
    {"a dual-stack [::] after an IPv4 address", {"192.0.2.1:80", "[::]:80 dual"}},
    {"0.0.0.0 after a dual-stack IPv6 address", {"[2001:db8::1]:80 dual", "0.0.0.0:80"}},
    {"an IPv6 address and [::]", {"[2001:db8::1]:80 v6only", "[::]:80 v6only"}},
    {"a v4-mapped address and its IPv4 address", {"[::ffff:192.0.2.1]:80 dual", "192.0.2.1:80"}},
    {"a v4-mapped address on an IPv6-only socket", {"[::ffff:127.0.0.1]:80 v6only"}},
    {"the same address twice", {"192.0.2.1:80", "192.0.2.1:80"}},
    {"[::] twice", {"[::]:80 v6only", "[::]:80 v6only"}},
    {"two loopback addresses", {"127.0.0.1:80", "127.0.0.2:80"}},
    {"a v4-mapped address after a dual-stack [::]", {"[::]:80 dual", "[::ffff:192.0.2.1]:80 dual"}},
    {"a v4-mapped address after an IPv6-only [::]",
     {"[::]:80 v6only", "[::ffff:192.0.2.1]:80 dual"}},
    {"a v4-mapped address after 0.0.0.0", {"0.0.0.0:80", "[::ffff:192.0.2.1]:80 dual"}},
    {"an IPv6 address after a v4-mapped one",
     {"[::ffff:192.0.2.1]:80 dual", "[2001:db8::1]:80 dual"}},
    {"other ports", {"0.0.0.0:80", "0.0.0.0:81", "[::]:81 dual"}},
    {"a device-bound wildcard and an unbound one", {"0.0.0.0:80 dev=lo", "0.0.0.0:80"}},
    {"an unbound address and a device-bound wildcard", {"192.0.2.1:80", "0.0.0.0:80 dev=lo"}},
    {"addresses the machine does not have",
     {"192.0.2.9:80", "[2001:db8::9]:80 v6only", "[::ffff:192.0.2.9]:80 dual", "127.0.0.2:80",
      "127.255.0.1:80", "[::ffff:127.0.0.3]:80 dual", "[::]:81 v6only", "0.0.0.0:81"}},
};

}  // namespace

TEST(BindConflicts, TheModelAnswersAsTheKernelDoes) {
  VS_REQUIRE_NETNS();
  // The namespace's addresses: lo's own and the two the test puts there.
  const std::vector<net::Address> local = {
      *net::Address::parse("127.0.0.1"), *net::Address::parse("::1"),
      *net::Address::parse("192.0.2.1"), *net::Address::parse("2001:db8::1")};
  for (const auto& seq : kSequences) {
    vs::test::Netns ns({"192.0.2.1/32", "2001:db8::1/128"});
    ASSERT_TRUE(ns.ok()) << ns.why_not();
    std::vector<net::Endpoint> endpoints;
    for (const auto& spec : seq.binds)
      endpoints.push_back(endpoint(spec));
    net::BoundSockets model(local);
    std::vector<int> predicted;
    for (const auto& e : endpoints)
      predicted.push_back(net::errno_of(model.bind(e)));
    EXPECT_EQ(kernel_binds(ns.path(), endpoints), predicted) << seq.what;
  }
}
