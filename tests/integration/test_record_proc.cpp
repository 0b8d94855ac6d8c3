// SPDX-License-Identifier: GPL-3.0-or-later
// tools/record-proc on this machine (a plain kernel: no /proc/virtual), inside a
// network namespace of the test's own holding known sockets: the recording parses with
// the kernel model, its net/* replays the same listening sockets the kernel reports
// live, its fd links attribute them to their process, and it holds nothing else.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "net/listeners.hpp"
#include "net/proc_net.hpp"
#include "net/process.hpp"
#include "netns.hpp"
#include "process.hpp"
#include "vserver/kernel.hpp"

using vs::test::Netns;
using vs::test::TempDir;

namespace {

std::string source(const std::string& rel) {
  return std::string(std::getenv("VS_SOURCE_ROOT")) + "/" + rel;
}

bool wait_for_file(const std::string& path) {
  for (int i = 0; i < 200; ++i) {
    if (std::filesystem::exists(path)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

std::string key(vs::net::Proto proto, const vs::net::Address& a, unsigned port,
                std::uint64_t inode) {
  return std::string(vs::net::name(proto)) + " " + vs::net::bracketed(a) + ":" +
         std::to_string(port) + " inode " + std::to_string(inode);
}

class RecordProc : public ::testing::Test {
 protected:
  void SetUp() override {
    VS_REQUIRE_NETNS();
    if (!vs::test::have_program("python3")) GTEST_SKIP() << "needs python3";
    ns_ = std::make_unique<Netns>(std::vector<std::string>{"192.0.2.1/32", "2001:db8::1/128"});
    ASSERT_TRUE(ns_->ok()) << ns_->why_not();
    const std::string ready = dir_.path() + "/ready";
    holder_ = ns_->spawn({"python3", source("tests/support/socket_holder.py"), "--ready", ready,
                          "--hold", "120", "tcp/192.0.2.1:2222", "tcp/[2001:db8::1]:8080/v6only",
                          "udp/192.0.2.1:5353", "udp/[::]:123/dual"});
    ASSERT_TRUE(wait_for_file(ready)) << "the socket helper did not start";
    out_ = dir_.path() + "/recorded";
    const auto r = ns_->run({"python3", source("tools/record-proc"), out_});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("record-proc: "), std::string::npos) << r.out;
  }

  TempDir dir_;
  std::unique_ptr<Netns> ns_;
  int holder_ = 0;
  std::string out_;
};

TEST_F(RecordProc, TheRecordingParsesWithTheKernelModel) {
  const vs::fs::Tree proc(out_);
  const vs::fs::Tree root("/");
  const auto kernel = vs::vserver::read_kernel(proc, root);
  std::string problems;
  for (const auto& p : kernel.problems)
    problems += p.str() + "\n";
  EXPECT_EQ(problems, "");
  EXPECT_FALSE(kernel.vserver);
  EXPECT_TRUE(kernel.contexts.empty());
  EXPECT_EQ(kernel.release + "\n", vs::test::sh("uname -r").out);
  // The configuration is the recorded config.gz when this kernel has one.
  EXPECT_EQ(kernel.config.has_value(), std::filesystem::exists("/proc/config.gz"));
  if (kernel.config) {
    EXPECT_EQ(kernel.config->source, out_ + "/config.gz");
  }
  // The holder's status parses, and on this kernel has no VxID.
  const auto status = proc.read("/" + std::to_string(holder_) + "/status");
  const auto s = vs::vserver::parse_pid_status(status.content, status.path);
  EXPECT_FALSE(s.vxid);
}

TEST_F(RecordProc, NetReplaysTheSameListeningSocketsWithTheirOwner) {
  std::set<std::string> recorded;
  std::vector<std::uint64_t> inodes;
  for (const auto& s : vs::net::read_proc_net_dir(vs::fs::Tree(out_), "/net", true, true)) {
    if (!vs::net::is_listening(s)) continue;
    recorded.insert(key(s.proto, s.local, s.local_port, s.inode));
    inodes.push_back(s.inode);
  }
  std::set<std::string> live;
  for (const auto& l : vs::net::read_listeners({.netns = ns_->path(), .processes = false})) {
    live.insert(key(l.endpoint.proto, l.endpoint.address, l.endpoint.port, l.inode));
  }
  EXPECT_EQ(recorded, live);
  EXPECT_EQ(recorded.size(), 4u);

  const auto owners = vs::net::find_owners(inodes, vs::fs::Tree(out_));
  ASSERT_EQ(owners.by_inode.size(), inodes.size());
  for (const auto& [inode, process] : owners.by_inode) {
    EXPECT_EQ(process.pid, holder_) << inode;
    EXPECT_EQ(process.command, "python3");
  }
}

TEST_F(RecordProc, ItRecordsNothingElse) {
  const std::set<std::string> per_process = {"status", "comm", "ninfo", "vinfo", "mountinfo"};
  for (const auto& e : std::filesystem::recursive_directory_iterator(out_)) {
    const auto rel = e.path().lexically_relative(out_);
    const std::string first = rel.begin()->string();
    if (e.is_directory() && !e.is_symlink()) continue;
    if (first.find_first_not_of("0123456789") != std::string::npos) {
      EXPECT_TRUE(first == "virtual" || first == "virtnet" || first == "config.gz" ||
                  first == "sys" || first == "net")
          << rel;
      continue;
    }
    const std::string parent = rel.parent_path().filename().string();
    if (e.is_symlink()) {
      const std::string target = std::filesystem::read_symlink(e.path()).string();
      EXPECT_TRUE((parent == "fd" && target.rfind("socket:[", 0) == 0) ||
                  (rel.filename() == "net" && parent == "ns" && target.rfind("net:[", 0) == 0) ||
                  (rel.filename() == "root" && rel.parent_path() == rel.begin()->string() &&
                   target.rfind('/', 0) == 0))
          << rel << " -> " << target;
    } else if (parent == "net") {
      EXPECT_TRUE(rel.filename() == "tcp" || rel.filename() == "tcp6" || rel.filename() == "udp" ||
                  rel.filename() == "udp6")
          << rel;
    } else {
      EXPECT_EQ(per_process.count(rel.filename().string()), 1u) << rel;
    }
  }
}

TEST(RecordProcCli, RefusesAnExistingDirectoryAndRoundTripsAFixture) {
  if (!vs::test::have_program("python3")) GTEST_SKIP() << "needs python3";
  TempDir dir;
  auto r = vs::test::run({"python3", source("tools/record-proc"), dir.path()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("exists"), std::string::npos) << r.err;
  // A recorded tree recorded again is the same tree.
  const std::string fixture = vs::test::fixture("proc/vs23/proc");
  r = vs::test::run(
      {"python3", source("tools/record-proc"), "--proc", fixture, dir.path() + "/again"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto diff =
      vs::test::run({"diff", "-r", "--no-dereference", fixture, dir.path() + "/again"});
  EXPECT_EQ(diff.exit_code, 0) << diff.out << diff.err;
}

}  // namespace
