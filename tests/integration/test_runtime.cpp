// --runtime against real daemons in a network namespace: the configuration on disk
// changes, the daemon keeps its old sockets until restarted.
#include <gtest/gtest.h>
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
  EXPECT_NE(r.out.find("WARNING live tcp 192.0.2.1:2200: tcp 192.0.2.1:2200 sshd["),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.first_line().substr(0, r.first_line().find(" | ")),
            "VS_SSHD WARNING - sshd needs a restart, sshd needs a restart");
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
  EXPECT_NE(r.out.find("CRITICAL live tcp 0.0.0.0:25: tcp 0.0.0.0:25 master["), std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find(
          "is bound but not configured: wildcard; answers for guest mail (192.0.2.2): bind the "
          "host's own address (restart to apply)"),
      std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find(
          ": configured tcp 192.0.2.1:25, but Postfix does not listen there: restart it to apply"),
      std::string::npos)
      << r.out;
}

TEST_F(RuntimeTest, DaemonNotRunning) {
  dir_.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\nPort 2201\n");
  const auto r = check("check_vs_sshd", {});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("WARNING sshd: no listening socket of sshd: not running?\n"),
            std::string::npos)
      << r.out;
}

}  // namespace
