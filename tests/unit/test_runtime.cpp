// SPDX-License-Identifier: GPL-3.0-or-later
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

// A socket whose owner could not be looked up: another user's process, not root.
Listener hidden(const char* addr, std::uint16_t port) {
  Listener l;
  l.endpoint = E(addr, port);
  l.owner_hidden = true;
  return l;
}

DaemonSockets owned(std::vector<Listener> sockets) {
  return {std::move(sockets), {}};
}

std::string summary(const Result& r) {
  const std::string out = vs::plugin::render("VS_SSHD", r, 0);
  return out.substr(0, out.find('\n'));
}

const BindPolicy kHost = BindPolicy::host({vs::test::guest("web1", {"192.0.2.40"})});

TEST(Runtime, LiveAsConfiguredIsOk) {
  Result r;
  compare_runtime({configured("192.0.2.1", 22, 3)}, owned({live("192.0.2.1", 22)}), kHost, "sshd",
                  "", r);
  EXPECT_EQ(r.status(), Status::ok);
  EXPECT_EQ(lines(r), std::vector<std::string>{
                          "OK /etc/ssh/sshd_config:3: tcp 192.0.2.1:22 is live as configured"});
}

TEST(Runtime, EditedButNotRestarted) {
  Result r;
  compare_runtime({configured("192.0.2.1", 22, 3)}, owned({live("0.0.0.0", 22)}), kHost, "sshd", "",
                  r);
  EXPECT_EQ(r.status(), Status::critical);  // the live wildcard itself violates the host policy
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "WARNING /etc/ssh/sshd_config:3: configured tcp 192.0.2.1:22, but sshd "
                          "does not listen there: restart it to apply the configuration",
                          "CRITICAL live tcp 0.0.0.0:22 sshd[812]: bound but not configured: "
                          "wildcard; answers for guest web1 (192.0.2.40): bind the host's own "
                          "address (restart to apply)"}));
  EXPECT_EQ(summary(r), "VS_SSHD CRITICAL - sshd on tcp 0.0.0.0:22 (not configured); 1 warning");
}

TEST(Runtime, AHarmlessDifferenceNeedsARestartSaidOnce) {
  Result r;
  compare_runtime({configured("192.0.2.1", 22, 3)}, owned({live("192.0.2.2", 22)}), kHost, "sshd",
                  "", r);
  EXPECT_EQ(r.status(), Status::warning);
  EXPECT_EQ(lines(r).back(),
            "WARNING live tcp 192.0.2.2:22 sshd[812]: bound but not configured: restart sshd to "
            "apply the configuration");
  EXPECT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(summary(r), "VS_SSHD WARNING - sshd needs a restart");
}

TEST(Runtime, WildcardsOfTheSameFamilyMatch) {
  Result r;
  compare_runtime({configured("::", 22, 0), configured("0.0.0.0", 22, 0)},
                  owned({live("::", 22), live("0.0.0.0", 22)}), kHost, "sshd", "", r);
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
  compare_runtime({any}, owned({live("192.0.2.1", 2525)}), kHost, "Postfix", "", r);
  EXPECT_EQ(r.status(), Status::ok);
  Result udp;
  Listener l = live("192.0.2.1", 22);
  l.endpoint.proto = Proto::udp;
  compare_runtime({configured("192.0.2.1", 22, 3)}, owned({l}), kHost, "sshd", "", udp);
  EXPECT_EQ(udp.status(), Status::warning);
}

TEST(Runtime, NothingConfiguredButSomethingLive) {
  Result r;  // skip-networking in the file, the server still on the wildcard
  compare_runtime({}, owned({live("192.0.2.1", 3306, "mariadbd")}), kHost, "MySQL", "", r);
  EXPECT_EQ(lines(r),
            std::vector<std::string>{"WARNING live tcp 192.0.2.1:3306 mariadbd[812]: bound but not "
                                     "configured: restart MySQL to apply the configuration"});
}

TEST(Runtime, DaemonSocketsByCommandAndHiddenOwners) {
  std::vector<Listener> all{live("0.0.0.0", 22, "sshd"), live("0.0.0.0", 25, "master"),
                            live("0.0.0.0", 80, "nginx"), hidden("127.0.0.1", 8080)};
  all.push_back(Listener{E("0.0.0.0", 2024), 1, 0, std::nullopt});  // no process holds it
  const auto nginx = daemon_sockets(all, {"apache2", "nginx"});
  EXPECT_EQ(nginx.owned.size(), 1u);
  ASSERT_EQ(nginx.hidden.size(), 1u);
  EXPECT_EQ(nginx.hidden[0].endpoint.port, 8080);
}

// As root, a socket that no process holds (a kernel socket, one in flight) is nobody's:
// it does not make the comparison UNKNOWN, nor say "run as root".
TEST(Runtime, AnUnrelatedSocketWithoutOwnerChangesNothing) {
  std::vector<Listener> all{live("192.0.2.1", 22, "sshd")};
  all.push_back(Listener{E("0.0.0.0", 2024), 1, 0, std::nullopt});
  all.push_back(Listener{E("0.0.0.0", 22), 2, 0, std::nullopt});  // even on sshd's port
  Result r;
  compare_runtime({configured("192.0.2.1", 22, 3)}, daemon_sockets(all, {"sshd"}), kHost, "sshd",
                  "", r);
  EXPECT_EQ(r.status(), Status::ok);
  EXPECT_EQ(lines(r), std::vector<std::string>{
                          "OK /etc/ssh/sshd_config:3: tcp 192.0.2.1:22 is live as configured"});
}

// Unprivileged: a socket whose owner is hidden counts only where it may be the
// daemon's, on the service's ports, and is UNKNOWN there.
TEST(Runtime, AHiddenOwnerIsUnknownOnlyOnTheServicesPorts) {
  Result r;
  compare_runtime({configured("192.0.2.1", 22, 3)},
                  {{}, {hidden("192.0.2.1", 22), hidden("0.0.0.0", 22), hidden("0.0.0.0", 5666)}},
                  kHost, "sshd", "", r);
  EXPECT_EQ(r.status(), Status::unknown);
  EXPECT_EQ(lines(r), (std::vector<std::string>{
                          "UNKNOWN /etc/ssh/sshd_config:3: configured tcp 192.0.2.1:22: a socket "
                          "listens there, owner hidden: run as root to tell whether it is sshd's",
                          "UNKNOWN live tcp 0.0.0.0:22: bound on sshd's port but not configured, "
                          "owner hidden: run as root to tell whether it is sshd's"}));
  EXPECT_EQ(summary(r),
            "VS_SSHD UNKNOWN - 2 sockets on sshd's ports with hidden owners (run as root): tcp "
            "192.0.2.1:22, tcp 0.0.0.0:22");
  // Hidden sockets on other ports only: sshd listens nowhere it could.
  Result other;
  compare_runtime({configured("192.0.2.1", 22, 3)}, {{}, {hidden("0.0.0.0", 5666)}}, kHost, "sshd",
                  "", other);
  EXPECT_EQ(lines(other),
            std::vector<std::string>{"WARNING sshd: no listening socket of sshd: not running?"});
  // The daemon seen on its configured socket: a hidden one elsewhere on its port is
  // still UNKNOWN, the known one OK.
  Result both;
  compare_runtime({configured("192.0.2.1", 22, 3)},
                  {{live("192.0.2.1", 22)}, {hidden("192.0.2.2", 22)}}, kHost, "sshd", "", both);
  EXPECT_EQ(both.status(), Status::unknown);
  EXPECT_EQ(lines(both).front(),
            "OK /etc/ssh/sshd_config:3: tcp 192.0.2.1:22 is live as configured");
}

}  // namespace
