// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_listen against real sockets in a network namespace of the test's own:
// both sources, --netns from outside, an unprivileged run and a real sshd.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "netns.hpp"
#include "process.hpp"
#include "text.hpp"
#include "vserver_tree.hpp"

using vs::test::Netns;
using Output = vs::test::Run;
using vs::test::TempDir;

namespace {

const std::vector<std::string> kAddresses = {"192.0.2.40/32", "192.0.2.41/32", "2001:db8::40/128"};

std::string holder() {
  return std::string(std::getenv("VS_SOURCE_ROOT")) + "/tests/support/socket_holder.py";
}

// Waits (bounded) until `path` exists: the helper writes it when its sockets are up.
bool wait_for_file(const std::string& path) {
  for (int i = 0; i < 200; ++i) {
    if (std::filesystem::exists(path)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// Two guests under the test's --root: web1 on 192.0.2.40 and 2001:db8::40, mail on
// 192.0.2.41.
void add_guests(const TempDir& root) {
  vs::test::add_guest(root, {.name = "web1", .ips = {"192.0.2.40", "2001:db8::40"}});
  vs::test::add_guest(root, {.name = "mail", .ips = {"192.0.2.41"}});
}

bool has_line(const Output& r, const std::string& line) {
  const auto all = vs::test::lines(r.out);
  return std::find(all.begin(), all.end(), line) != all.end();
}

// Each finding's "PROTO ADDR:PORT" with the device dropped, for comparing sources.
std::set<std::string> endpoints(const Output& r) {
  std::set<std::string> out;
  for (const auto& line : vs::test::lines(r.out)) {
    const auto first = line.find(' ');
    if (first == std::string::npos || line.rfind("VS_LISTEN", 0) == 0) continue;
    std::istringstream words(line.substr(first + 1));
    std::string proto, address;
    words >> proto >> address;
    if (proto != "tcp" && proto != "udp") continue;
    if (const auto at = address.find('%'); at != std::string::npos) {
      address.erase(at, address.find(':', at) - at);
    }
    out.insert(proto + " " + address);
  }
  return out;
}

std::string perfdata(const Output& r) {
  const std::string first = r.first_line();
  return first.substr(first.find(" | ") + 3);
}

// The sockets every test here looks at, held by one helper process.
class ListenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VS_REQUIRE_NETNS();
    if (!vs::test::have_program("python3")) GTEST_SKIP() << "needs python3 for the socket helper";
    ns_ = std::make_unique<Netns>(kAddresses);
    ASSERT_TRUE(ns_->ok()) << ns_->why_not();
    add_guests(dir_);
    const std::string ready = dir_.path() + "/ready";
    holder_pid_ =
        ns_->spawn({"python3", holder(), "--ready", ready, "--hold", "120",
                    "tcp/0.0.0.0:22",                               // v4 wildcard
                    "tcp/[::]:80/dual",                             // dual-stack wildcard
                    "tcp/[::]:443/v6only",                          // v6-only wildcard
                    "tcp/[::ffff:192.0.2.40]:25/dual",              // v4-mapped: web1's address
                    "tcp/192.0.2.41:110",                           // mail's own
                    "tcp/0.0.0.0:8080/dev=lo",                      // wildcard on one device
                    "tcp/127.0.0.1:3306",                           // loopback
                    "udp/0.0.0.0:53",                               // UDP wildcard
                    "udp/[2001:db8::40]:123/v6only",                // web1's own UDP
                    "udp/192.0.2.41:4000/connect=192.0.2.40:53"});  // connected: not a listener
    ASSERT_TRUE(wait_for_file(ready)) << "the socket helper did not start";
  }

  // The plugin run inside the namespace (as `ip netns exec` would from NRPE).
  Output inside(std::vector<std::string> args) const {
    args.insert(args.begin(), {vs::test::plugin("check_vs_listen"), "--root", dir_.path()});
    return ns_->run(args);
  }
  Output outside(std::vector<std::string> args) const {
    args.insert(args.begin(), {vs::test::plugin("check_vs_listen"), "--root", dir_.path()});
    return vs::test::run(args);
  }

  TempDir dir_;
  std::unique_ptr<Netns> ns_;
  int holder_pid_ = 0;
};

TEST_F(ListenTest, HostRoleNetlink) {
  const Output r = inside({"-v", "--source", "netlink", "--max-output", "0"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.first_line(),
            "VS_LISTEN CRITICAL - 5 wildcard listeners of 9: tcp 0.0.0.0:22 (python3), tcp [::]:80 "
            "(python3), "
            "tcp [::]:443 (python3), tcp 0.0.0.0%lo:8080 (python3), udp 0.0.0.0:53 (python3) | "
            "listeners=9;;;0 "
            "wildcard=5;;0;0 guest_shadowed=10;;;0 exempt=0;;;0 wildcard_no_guest=0;;;0")
      << r.out;
  // `ip netns exec` execs the helper in place: the spawned pid is python's.
  std::string out = r.out;
  const std::string pid = "python3[" + std::to_string(holder_pid_) + "]";
  for (std::size_t at; (at = out.find(pid)) != std::string::npos;) {
    out.replace(at, pid.size(), "python3[PID]");
  }
  const std::vector<std::string> expected = {
      "CRITICAL tcp 0.0.0.0:22 python3[PID] uid 0: wildcard; answers for guests mail (192.0.2.41), "
      "web1 "
      "(192.0.2.40): bind the host's own address",
      "CRITICAL tcp [::]:80 python3[PID] uid 0: wildcard (dual-stack: IPv6 and IPv4); answers for "
      "guests mail "
      "(192.0.2.41), web1 (192.0.2.40, 2001:db8::40): bind the host's own address",
      "CRITICAL tcp [::]:443 python3[PID] uid 0: wildcard (IPv6 only); answers for guest web1 "
      "(2001:db8::40): "
      "bind the host's own address",
      "CRITICAL tcp 0.0.0.0%lo:8080 python3[PID] uid 0: wildcard on device lo only; answers for "
      "guests mail "
      "(192.0.2.41), web1 (192.0.2.40): bind the host's own address",
      "CRITICAL udp 0.0.0.0:53 python3[PID] uid 0: wildcard; answers for guests mail (192.0.2.41), "
      "web1 "
      "(192.0.2.40): bind the host's own address",
      "OK tcp [::ffff:192.0.2.40]:25 python3[PID] uid 0: IPv4 address 192.0.2.40 (v4-mapped); "
      "guest web1's own",
      "OK tcp 192.0.2.41:110 python3[PID] uid 0: guest mail's own",
      "OK tcp 127.0.0.1:3306 python3[PID] uid 0: loopback",
      "OK udp [2001:db8::40]:123 python3[PID] uid 0: guest web1's own",
  };
  auto got = vs::test::lines(out);
  got.erase(got.begin());
  EXPECT_EQ(got, expected) << r.out;
}

TEST_F(ListenTest, AutoSourceIsNetlinkAndProcAgrees) {
  const Output netlink = inside({"-vv", "--no-processes", "--max-output", "0"});
  EXPECT_TRUE(has_line(netlink, "OK inputs: sockets from netlink sock_diag; guests from " +
                                    dir_.path() + "/etc/vservers"))
      << netlink.out;
  const Output proc = inside({"-vv", "--no-processes", "--max-output", "0", "--source", "proc"});
  EXPECT_TRUE(has_line(
      proc, "OK inputs: sockets from /proc/net; guests from " + dir_.path() + "/etc/vservers"))
      << proc.out;
  EXPECT_EQ(netlink.exit_code, 2);
  EXPECT_EQ(proc.exit_code, 2);
  EXPECT_EQ(endpoints(netlink), endpoints(proc));
  EXPECT_EQ(endpoints(netlink).size(), 9u);
  // Same sockets and wildcards; /proc/net cannot tell that [::]:443 is IPv6-only,
  // so it shadows more guest addresses there.
  EXPECT_EQ(
      perfdata(netlink),
      "listeners=9;;;0 wildcard=5;;0;0 guest_shadowed=10;;;0 exempt=0;;;0 wildcard_no_guest=0;;;0");
  EXPECT_EQ(
      perfdata(proc),
      "listeners=9;;;0 wildcard=5;;0;0 guest_shadowed=12;;;0 exempt=0;;;0 wildcard_no_guest=0;;;0");
  EXPECT_TRUE(has_line(
      proc,
      "CRITICAL tcp [::]:443 uid 0: wildcard (dual-stack: IPv6 and IPv4); answers for guests "
      "mail (192.0.2.41), web1 (192.0.2.40, 2001:db8::40): bind the host's own address"))
      << proc.out;
}

TEST_F(ListenTest, NetnsFromOutsideByNameAndPath) {
  const Output in = inside({"-v", "--no-processes", "--max-output", "0"});
  const Output by_name =
      outside({"-v", "--no-processes", "--max-output", "0", "--netns", ns_->name()});
  EXPECT_EQ(by_name.exit_code, 2) << by_name.out;
  EXPECT_EQ(by_name.out, in.out);
  const Output by_path =
      outside({"-v", "--no-processes", "--max-output", "0", "--netns", ns_->path()});
  EXPECT_EQ(by_path.out, in.out);
  const Output proc = outside({"-v", "--no-processes", "--source", "proc", "--netns", ns_->name()});
  EXPECT_EQ(
      perfdata(proc),
      "listeners=9;;;0 wildcard=5;;0;0 guest_shadowed=12;;;0 exempt=0;;;0 wildcard_no_guest=0;;;0");
  const Output missing = outside({"--netns", "vs-test-no-such-namespace"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_EQ(missing.out,
            "VS_LISTEN UNKNOWN - cannot enter network namespace "
            "/run/netns/vs-test-no-such-namespace: No such file "
            "or directory\n");
}

TEST_F(ListenTest, ProtocolsExemptionsAndExpectations) {
  const Output udp = inside(
      {"--proto", "udp", "--allow-port", "udp/53", "--expect", "udp/[2001:db8::40]:123", "-v"});
  EXPECT_EQ(udp.exit_code, 0) << udp.out;
  EXPECT_EQ(udp.first_line(),
            "VS_LISTEN OK - 2 listeners, none on a wildcard address, 1 exempt | listeners=2;;;0 "
            "wildcard=0;;0;0 "
            "guest_shadowed=2;;;0 exempt=1;;;0 wildcard_no_guest=0;;;0");
  const Output expect = inside({"--proto", "tcp", "--expect", "192.0.2.41:25", "--expect",
                                "192.0.2.40:25", "--allow-process", "python3"});
  EXPECT_EQ(expect.exit_code, 2) << expect.out;
  EXPECT_EQ(expect.first_line(),
            "VS_LISTEN CRITICAL - tcp 192.0.2.41:25: nothing listens there | listeners=7;;;0 "
            "wildcard=0;;0;0 "
            "guest_shadowed=8;;;0 exempt=4;;;0 wildcard_no_guest=0;;;0");
  const Output ranges = inside({"--proto", "tcp", "-w", "3", "-c", "5"});
  EXPECT_EQ(ranges.exit_code, 1) << ranges.out;
  EXPECT_EQ(ranges.first_line().rfind("VS_LISTEN WARNING - 4 wildcard listeners of 7: ", 0), 0u)
      << ranges.out;
}

TEST_F(ListenTest, GuestFromTheHost) {
  const Output web1 = inside({"--guest", "web1", "-v"});
  EXPECT_EQ(web1.exit_code, 0) << web1.out;
  EXPECT_EQ(
      web1.first_line(),
      "VS_LISTEN OK - 2 listeners, none on a wildcard address | listeners=2;;;0 wildcard=0;;;0 "
      "guest_shadowed=0;;;0 exempt=0;;;0 wildcard_no_guest=0;;;0");
}

TEST_F(ListenTest, UnprivilegedRunStillAnswers) {
  if (!vs::test::have_program("setpriv")) GTEST_SKIP() << "needs setpriv (util-linux)";
  // nobody must reach the plugin and the guests' configuration: the build tree may
  // sit under a private directory, so run a copy from the (opened) temporary one.
  chmod(dir_.path().c_str(), 0755);
  const std::string copy = dir_.path() + "/check_vs_listen";
  std::filesystem::copy_file(vs::test::plugin("check_vs_listen"), copy);
  chmod(copy.c_str(), 0755);
  const Output r = ns_->run({"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", copy,
                             "--root", dir_.path(), "-v", "--max-output", "0"});
  ASSERT_GE(r.exit_code, 0) << r.err;
  ASSERT_LE(r.exit_code, 3);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(
      perfdata(r),
      "listeners=9;;;0 wildcard=5;;0;0 guest_shadowed=10;;;0 exempt=0;;;0 wildcard_no_guest=0;;;0");
  EXPECT_TRUE(
      has_line(r, "OK tcp 192.0.2.41:110 uid 0, owner unknown (run as root): guest mail's own"))
      << r.out;
  const Output netns = vs::test::run({"setpriv", "--reuid=nobody", "--regid=nogroup",
                                      "--clear-groups", copy, "--netns", ns_->name()});
  EXPECT_EQ(netns.exit_code, 3);
  EXPECT_EQ(netns.out, "VS_LISTEN UNKNOWN - cannot enter network namespace " + ns_->path() +
                           ": Operation not permitted (needs root: CAP_SYS_ADMIN)\n");
}

// A real sshd in the namespace: one on the wildcard, one on mail's address.
class SshdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VS_REQUIRE_NETNS();
    if (access("/usr/sbin/sshd", X_OK) != 0)
      GTEST_SKIP() << "needs /usr/sbin/sshd (openssh-server)";
    if (!vs::test::have_program("ssh-keygen")) GTEST_SKIP() << "needs ssh-keygen";
    ns_ = std::make_unique<Netns>(kAddresses);
    ASSERT_TRUE(ns_->ok()) << ns_->why_not();
    add_guests(dir_);
    // sshd refuses to start without its privilege separation directory.
    std::filesystem::create_directories("/run/sshd");
    const Output key = vs::test::run(
        {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir_.path() + "/host_key"});
    ASSERT_EQ(key.exit_code, 0) << key.err;
  }

  int start_sshd(const std::string& name, const std::string& listen) {
    const std::string config = dir_.write(
        name + ".conf", "ListenAddress " + listen + "\nHostKey " + dir_.path() +
                            "/host_key\nPidFile " + dir_.path() + "/" + name + ".pid\nUsePAM no\n");
    ns_->spawn({"/usr/sbin/sshd", "-D", "-e", "-f", config});
    const std::string pid_file = dir_.path() + "/" + name + ".pid";
    if (!wait_for_file(pid_file)) return 0;
    std::ifstream in(pid_file);
    int pid = 0;
    in >> pid;
    return pid;
  }

  Output plugin(std::vector<std::string> args) const {
    args.insert(args.begin(), {vs::test::plugin("check_vs_listen"), "--root", dir_.path(),
                               "--netns", ns_->name()});
    return vs::test::run(args);
  }

  TempDir dir_;
  std::unique_ptr<Netns> ns_;
};

TEST_F(SshdTest, WildcardAndSpecificAddress) {
  const int wildcard = start_sshd("wildcard", "0.0.0.0:2222");
  const int specific = start_sshd("specific", "192.0.2.41:2223");
  ASSERT_GT(wildcard, 0) << "sshd on 0.0.0.0:2222 did not start";
  ASSERT_GT(specific, 0) << "sshd on 192.0.2.41:2223 did not start";
  const Output r = plugin({"-v"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(
      r.out,
      "VS_LISTEN CRITICAL - 1 wildcard listener of 2: tcp 0.0.0.0:2222 (sshd) | listeners=2;;;0 "
      "wildcard=1;;0;0 guest_shadowed=2;;;0 exempt=0;;;0 wildcard_no_guest=0;;;0\n"
      "CRITICAL tcp 0.0.0.0:2222 sshd[" +
          std::to_string(wildcard) +
          "] uid 0: wildcard; answers for guests mail (192.0.2.41), web1 (192.0.2.40): bind the "
          "host's "
          "own address\n"
          "OK tcp 192.0.2.41:2223 sshd[" +
          std::to_string(specific) + "] uid 0: guest mail's own\n");
  const Output allowed = plugin({"--allow-process", "sshd", "--expect", "192.0.2.41:2223"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
  EXPECT_EQ(
      allowed.first_line(),
      "VS_LISTEN OK - 2 listeners, none on a wildcard address, 1 exempt | "
      "listeners=2;;;0 wildcard=0;;0;0 guest_shadowed=2;;;0 exempt=1;;;0 wildcard_no_guest=0;;;0");
  const Output mail = plugin({"--guest", "mail", "--strict"});
  EXPECT_EQ(mail.exit_code, 0) << mail.out;
  EXPECT_EQ(mail.first_line(),
            "VS_LISTEN OK - 1 listener, none on a wildcard address | listeners=1;;;0 "
            "wildcard=0;0;;0 guest_shadowed=0;;;0 exempt=0;;;0 wildcard_no_guest=0;;;0");
}

// A guest with a network namespace of its own (spaces/net, no ncontext), running on a
// VServer kernel: its sockets are not in the host's stack, and `--guest db` reads them
// in its namespace, entered through its init's ns/net. The test's network namespace
// stands for the guest's, a process inside for its init; a /proc tree of the test's
// own holds the kernel's files for context 40001 (Init: that process), with the real
// /proc/PID bind-mounted in a private mount namespace, so that PID/ns/net, PID/fd and
// PID/status are the kernel's own.
TEST(OwnNetworkNamespace, AGuestsSocketsAreReadInIt) {
  VS_REQUIRE_NETNS();
  if (!vs::test::have_program("python3")) GTEST_SKIP() << "needs python3 for the socket helper";
  if (!vs::test::have_program("unshare")) GTEST_SKIP() << "needs unshare (util-linux)";
  Netns ns({"192.0.2.43/32"});
  ASSERT_TRUE(ns.ok()) << ns.why_not();
  TempDir dir;
  const std::string ready = dir.path() + "/ready";
  const int init = ns.spawn({"python3", holder(), "--ready", ready, "--hold", "120",
                             "tcp/127.0.0.1:3306", "tcp/192.0.2.43:5432"});
  ASSERT_TRUE(wait_for_file(ready)) << "the socket helper did not start";
  const std::string pid = std::to_string(init);

  TempDir root;
  vs::test::add_guest(root, {.name = "db", .ips = {"192.0.2.43"}, .running = true});
  root.write("etc/vservers/db/spaces/net", "");
  vs::test::add_guest(root, {.name = "web1", .ips = {"192.0.2.40"}});
  TempDir proc;
  proc.write("virtual/info", "VCIVersion:\t0002:0308\nVCISyscall:\t236\nVCIKernel:\t01030d3f\n");
  proc.write("virtual/40001/info",
             "ID:\t40001\nInfo:\tffff88003a5c2b00\nInit:\t" + pid + "\nOOM:\t0\n");
  proc.write("virtual/40001/status",
             "UseCnt:\t13\nTasks:\t1\nFlags:\t0000001402020010\nBCaps:\tffffffffb44c04ff\n"
             "CCaps:\t0000000000000101\nUmask:\t               0\nWmask:\t               0\n"
             "Spaces:\t40000000 00000000\n");
  proc.write("sys/kernel/osrelease", "4.9.159-vs2.3.9.8\n");
  proc.mkdir(pid);
  const std::string mount = "mount --bind /proc/" + pid + " " + proc.path() + "/" + pid;
  const auto r = vs::test::run(
      {"unshare", "--mount", "--propagation", "private", "sh", "-c",
       mount + " && exec \"$0\" \"$@\"", vs::test::plugin("check_vs_listen"), "--proc", proc.path(),
       "--root", root.path(), "--guest", "db", "-vv", "--max-output", "0"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.first_line(),
            "VS_LISTEN OK - 2 listeners, none on a wildcard address | listeners=2;;;0 "
            "wildcard=0;;;0 guest_shadowed=0;;;0 exempt=0;;;0 wildcard_no_guest=0;;;0")
      << r.out;
  const std::string owner = "python3[" + pid + "] uid 0";
  EXPECT_TRUE(has_line(r, "OK tcp 127.0.0.1:3306 " + owner +
                              ": loopback; guest db: loopback on its own lo (own network "
                              "namespace: spaces/net without ncontext)"))
      << r.out;
  EXPECT_TRUE(has_line(r, "OK tcp 192.0.2.43:5432 " + owner + ": guest db's own address")) << r.out;
  const std::string link = std::filesystem::read_symlink("/proc/" + pid + "/ns/net").string();
  EXPECT_TRUE(has_line(r, "OK inputs: guest db's sockets from its network namespace " + link +
                              " (through " + proc.path() + "/" + pid + "/ns/net)"))
      << r.out;
}

}  // namespace
