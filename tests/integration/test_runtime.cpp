// SPDX-License-Identifier: GPL-3.0-or-later
// --runtime against real daemons in a network namespace: the configuration on disk
// changes, the daemon keeps its old sockets until restarted.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "netns.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::Netns;
using vs::test::TempDir;

namespace {

// Waits until something listens on TCP `port` in `ns` (ss from iproute2).
bool wait_listening(const Netns& ns, int port) {
  for (int i = 0; i < 100; ++i) {
    const auto r = ns.run({"ss", "-Hltn", "sport = :" + std::to_string(port)});
    if (!r.out.empty()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

class RuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VS_REQUIRE_NETNS();
    ns_ = std::make_unique<Netns>(std::vector<std::string>{"192.0.2.1/32", "192.0.2.2/32"});
    ASSERT_TRUE(ns_->ok()) << ns_->why_not();
  }
  vs::test::Run check(const std::string& plugin, std::vector<std::string> args) const {
    args.insert(args.begin(), {vs::test::plugin(plugin), "--root", dir_.path(), "--role", "host",
                               "--runtime", "--netns", ns_->name(), "--max-output", "0"});
    return vs::test::run(args);
  }
  TempDir dir_;
  std::unique_ptr<Netns> ns_;
};

TEST_F(RuntimeTest, SshdEditedButNotRestarted) {
  if (access("/usr/sbin/sshd", X_OK) != 0) GTEST_SKIP() << "needs /usr/sbin/sshd (openssh-server)";
  std::filesystem::create_directories("/run/sshd");
  ASSERT_EQ(
      vs::test::run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir_.path() + "/key"})
          .exit_code,
      0);
  const std::string common =
      "Port 2200\nHostKey " + dir_.path() + "/key\nPidFile none\nUsePAM no\n";
  const std::string config =
      dir_.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\n" + common);
  ns_->spawn({"/usr/sbin/sshd", "-D", "-e", "-f", config});
  ASSERT_TRUE(wait_listening(*ns_, 2200)) << "sshd did not start";

  auto r = check("check_vs_sshd", {"-v"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("OK " + config + ":1: tcp 192.0.2.1:2200 is live as configured\n"),
            std::string::npos)
      << r.out;

  // The file now says 192.0.2.2; the running sshd still has 192.0.2.1.
  dir_.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.2\n" + common);
  r = check("check_vs_sshd", {});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("WARNING " + config +
                       ":1: configured tcp 192.0.2.2:2200, but sshd does not listen there: restart "
                       "it to apply the "
                       "configuration\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("WARNING live tcp 192.0.2.1:2200 sshd["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("]: bound but not configured: restart sshd to apply the configuration\n"),
            std::string::npos)
      << r.out;
  // Two findings, one reason: said once.
  EXPECT_EQ(r.first_line().substr(0, r.first_line().find(" | ")),
            "VS_SSHD WARNING - sshd needs a restart");
}

TEST_F(RuntimeTest, PostfixStillOnTheWildcard) {
  // Postfix's master(8) owns the inet sockets: a listener named "master" on 0.0.0.0:25
  // stands for a Postfix started before inet_interfaces was narrowed.
  dir_.write("etc/postfix/main.cf", "inet_interfaces = 192.0.2.1\ninet_protocols = ipv4\n");
  dir_.write("etc/postfix/master.cf",
             "smtp      inet  n       -       y       -       -       smtpd\n");
  ns_->spawn({"python3", "-c",
              "import ctypes, socket, time\n"
              "ctypes.CDLL(None).prctl(15, b'master', 0, 0, 0)\n"
              "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
              "s.bind(('0.0.0.0', 25)); s.listen(); time.sleep(60)\n"});
  ASSERT_TRUE(wait_listening(*ns_, 25));
  vs::test::add_guest(dir_, {.name = "mail", .ips = {"192.0.2.2"}});
  const auto r = check("check_vs_postfix", {});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("CRITICAL live tcp 0.0.0.0:25 master["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("]: bound but not configured: wildcard; answers for guest mail "
                       "(192.0.2.2): bind the host's own address (restart to apply)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find(
          ": configured tcp 192.0.2.1:25, but Postfix does not listen there: restart it to apply"),
      std::string::npos)
      << r.out;
}

// As root, a listening socket that no process holds (here one in flight in a Unix
// socket's queue, as the kernel's own sockets are) is nobody's: it must not make the
// check UNKNOWN, even on the service's own port.
TEST_F(RuntimeTest, DaemonNotRunningBesideASocketWithoutOwner) {
  const std::string ready = dir_.path() + "/ready";
  ns_->spawn({"python3", "-c",
              "import socket, sys, time\n"
              "a, b = socket.socketpair()\n"
              "s = socket.socket(); s.bind(('192.0.2.2', 2201)); s.listen()\n"
              "socket.send_fds(a, [b'x'], [s.fileno()]); s.close()\n"
              "open(sys.argv[1], 'w').close(); time.sleep(60)\n",
              ready});
  ASSERT_TRUE(wait_listening(*ns_, 2201));
  for (int i = 0; i < 100 && access(ready.c_str(), F_OK) != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto listen = vs::test::run(
      {vs::test::plugin("check_vs_listen"), "--netns", ns_->name(), "--role", "host", "-v"});
  ASSERT_NE(listen.out.find("tcp 192.0.2.2:2201 uid 0, no owning process found"), std::string::npos)
      << "the socket should have no owner: " << listen.out;

  dir_.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\nPort 2201\n");
  const auto r = check("check_vs_sshd", {});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("WARNING sshd: no listening socket of sshd: not running?\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("run as root"), std::string::npos) << r.out;
}

// Unprivileged, a root daemon's sockets have hidden owners: the configured endpoint
// where such a socket listens is UNKNOWN (run as root), the check is not.
TEST_F(RuntimeTest, AHiddenOwnerIsUnknownForItsEndpointOnly) {
  ASSERT_EQ(chmod(dir_.path().c_str(), 0755), 0);  // nobody reads the tree
  ns_->spawn({"python3", "-c",
              "import ctypes, socket, time\n"
              "ctypes.CDLL(None).prctl(15, b'sshd', 0, 0, 0)\n"
              "s = socket.socket(); s.bind(('192.0.2.1', 2203)); s.listen(); time.sleep(60)\n"});
  ASSERT_TRUE(wait_listening(*ns_, 2203));
  const std::string config = dir_.write(
      "etc/ssh/sshd_config", "ListenAddress 192.0.2.1\nListenAddress 192.0.2.2\nPort 2203\n");
  // Inside the namespace (--netns needs root), as nobody.
  const auto r = ns_->run({"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--",
                           vs::test::plugin("check_vs_sshd"), "--root", dir_.path(), "--role",
                           "host", "--runtime", "--max-output", "0"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // WARNING beats UNKNOWN
  EXPECT_EQ(r.first_line().substr(0, r.first_line().find(" | ")),
            "VS_SSHD WARNING - sshd needs a restart; 1 unknown");
  EXPECT_NE(r.out.find("UNKNOWN " + config +
                       ":1: configured tcp 192.0.2.1:2203: a socket listens there, owner hidden: "
                       "run as root to tell whether it is sshd's\n"),
            std::string::npos)
      << r.out;
  // Nothing at all listens on the other address: that is known without root.
  EXPECT_NE(r.out.find("WARNING " + config +
                       ":2: configured tcp 192.0.2.2:2203, but sshd does not listen there"),
            std::string::npos)
      << r.out;
}

}  // namespace
