// --runtime: configuration against the daemon's live sockets.
#include <gtest/gtest.h>

#include "guests.hpp"
#include "policy/runtime.hpp"

using namespace vs::policy;
using vs::net::Address;
using vs::net::Endpoint;
using vs::net::Listener;
using vs::net::Proto;
using vs::plugin::Result;
using vs::plugin::Status;

namespace {

Endpoint E(const char* addr, std::uint16_t port) {
  Endpoint e;
  e.address = *Address::parse(addr);
  e.port = port;
  return e;
}

vs::config::ConfiguredEndpoint configured(const char* addr, std::uint16_t port, int line) {
  return {E(addr, port), {"/etc/ssh/sshd_config", line}, std::string("ListenAddress ") + addr};
}

Listener live(const char* addr, std::uint16_t port, const char* command = "sshd", int pid = 812) {
  Listener l;
  l.endpoint = E(addr, port);
  l.process = vs::net::Process{pid, command, 0, {}};
  return l;
}

std::vector<std::string> lines(const Result& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    out.push_back(std::string(vs::plugin::name(f.status)) + " " + f.origin + ": " + f.text);
  return out;
}

const BindPolicy kHost = BindPolicy::host({vs::test::guest("web1", {"192.0.2.40"})});

TEST(Runtime, LiveAsConfiguredIsOk) {
  Result r;
  compare_runtime({configured("192.0.2.1", 22, 3)}, {live("192.0.2.1", 22)}, kHost, "sshd", "", r);
  EXPECT_EQ(r.status(), Status::ok);
  EXPECT_EQ(lines(r), std::vector<std::string>{
                          "OK /etc/ssh/sshd_config:3: tcp 192.0.2.1:22 is live as configured"});
}

TEST(Runtime, EditedButNotRestarted) {
  Result r;
  compare_runtime({configured("192.0.2.1", 22, 3)}, {live("0.0.0.0", 22)}, kHost, "sshd", "", r);
  EXPECT_EQ(r.status(), Status::critical);  // the live wildcard itself violates the host policy
  EXPECT_EQ(
      lines(r),
      (std::vector<std::string>{
          "WARNING /etc/ssh/sshd_config:3: configured tcp 192.0.2.1:22, but sshd does not listen "
          "there: restart it to apply the configuration",
          "CRITICAL live tcp 0.0.0.0:22: tcp 0.0.0.0:22 sshd[812] is bound but not configured: "
          "wildcard; answers for guest web1 (192.0.2.40): bind the host's own address "
          "(restart to apply)"}));
}

TEST(Runtime, AHarmlessDifferenceStillNeedsARestart) {
  Result r;
  compare_runtime({configured("192.0.2.1", 22, 3)}, {live("192.0.2.1", 22), live("192.0.2.2", 22)},
                  kHost, "sshd", "", r);
  EXPECT_EQ(r.status(), Status::warning);
  EXPECT_EQ(lines(r).back(),
            "WARNING live tcp 192.0.2.2:22: tcp 192.0.2.2:22 sshd[812] is bound but not "
            "configured: restart sshd "
            "to apply the configuration");
}

TEST(Runtime, WildcardsOfTheSameFamilyMatch) {
  Result r;
  compare_runtime({configured("::", 22, 0), configured("0.0.0.0", 22, 0)},
                  {live("::", 22), live("0.0.0.0", 22)}, kHost, "sshd", "", r);
  EXPECT_EQ(r.status(), Status::ok);
}

TEST(Runtime, NotListeningAtAll) {
  Result r;
  compare_runtime({configured("192.0.2.1", 22, 3)}, {}, kHost, "sshd", "guest web1: ", r);
  EXPECT_EQ(lines(r), std::vector<std::string>{
                          "WARNING guest web1: sshd: no listening socket of sshd: not running?"});
}

TEST(Runtime, PortZeroMeansAnyPortAndProtocolsDiffer) {
  Result r;
  vs::config::ConfiguredEndpoint any = configured("192.0.2.1", 0, 2);
  compare_runtime({any}, {live("192.0.2.1", 2525)}, kHost, "Postfix", "", r);
  EXPECT_EQ(r.status(), Status::ok);
  Result udp;
  Listener l = live("192.0.2.1", 22);
  l.endpoint.proto = Proto::udp;
  compare_runtime({configured("192.0.2.1", 22, 3)}, {l}, kHost, "sshd", "", udp);
  EXPECT_EQ(udp.status(), Status::warning);
}

TEST(Runtime, DaemonListenersByCommand) {
  std::vector<Listener> all{live("0.0.0.0", 22, "sshd"), live("0.0.0.0", 25, "master"),
                            live("0.0.0.0", 80, "nginx")};
  all.push_back(Listener{E("0.0.0.0", 5666), 1, 0, std::nullopt});
  EXPECT_EQ(daemon_listeners(all, {"apache2", "nginx"}, false).size(), 1u);
  EXPECT_EQ(daemon_listeners(all, {"sshd"}, true).size(), 2u);
}

}  // namespace
