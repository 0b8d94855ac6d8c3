// SPDX-License-Identifier: GPL-3.0-or-later
// Socket -> process attribution through /proc/PID/fd, on fake /proc trees and on
// this very process.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/process.hpp"
#include "process.hpp"
#include "unprivileged.hpp"

using vs::net::find_owners;
using vs::net::parse_status;
using vs::net::socket_inode;

namespace {

TEST(SocketInode, ParsesOnlySocketLinks) {
  EXPECT_EQ(socket_inode("socket:[12345]"), 12345u);
  EXPECT_EQ(socket_inode("socket:[0]"), 0u);
  EXPECT_FALSE(socket_inode("socket:[]"));
  EXPECT_FALSE(socket_inode("socket:[12x]"));
  EXPECT_FALSE(socket_inode("pipe:[12345]"));
  EXPECT_FALSE(socket_inode("/dev/null"));
  EXPECT_FALSE(socket_inode("socket:[1"));
}

TEST(ProcessStatus, ReadsUidAndVxid) {
  const auto plain = parse_status("Name:\tsshd\nUid:\t104\t105\t106\t107\nGid:\t0\t0\t0\t0\n");
  EXPECT_EQ(plain.uid, 104u);
  EXPECT_FALSE(plain.vxid);
  const auto vserver = parse_status("Name:\tapache2\nUid:\t33\t33\t33\t33\nVxID:\t42\nNxID:\t42\n");
  EXPECT_EQ(vserver.uid, 33u);
  EXPECT_EQ(vserver.vxid, 42u);
  EXPECT_EQ(parse_status("VxID:\t0\n").vxid, 0u);
  EXPECT_FALSE(parse_status("VxIDs:\t3\n").vxid);
}

// A fake procfs: PID/fd/N symlinks, PID/comm, PID/status.
void fake_process(const vs::test::TempDir& proc, int pid, const std::string& comm,
                  const std::string& status, const std::vector<std::string>& links) {
  const std::string base = std::to_string(pid);
  proc.write(base + "/comm", comm + "\n");
  proc.write(base + "/status", status);
  proc.mkdir(base + "/fd");
  for (std::size_t i = 0; i < links.size(); ++i) {
    proc.symlink(base + "/fd/" + std::to_string(i), links[i]);
  }
}

TEST(FindOwners, FindsOnlyTheRequestedInodes) {
  vs::test::TempDir proc;
  fake_process(proc, 812, "sshd", "Uid:\t0\t0\t0\t0\n",
               {"/dev/null", "socket:[100]", "socket:[101]"});
  fake_process(proc, 990, "apache2", "Uid:\t33\t33\t33\t33\nVxID:\t0\n",
               {"socket:[200]", "pipe:[5]"});
  proc.write("self", "not a process");
  proc.mkdir("sys");
  const std::vector<std::uint64_t> wanted{101, 200, 999};
  const auto owners = find_owners(wanted, vs::fs::Tree(proc.path()));
  ASSERT_EQ(owners.by_inode.size(), 2u);
  EXPECT_EQ(owners.by_inode.at(101).pid, 812);
  EXPECT_EQ(owners.by_inode.at(101).command, "sshd");
  EXPECT_EQ(owners.by_inode.at(101).uid, 0u);
  EXPECT_FALSE(owners.by_inode.at(101).vxid);
  EXPECT_EQ(owners.by_inode.at(200).command, "apache2");
  EXPECT_EQ(owners.by_inode.at(200).uid, 33u);
  EXPECT_EQ(owners.by_inode.at(200).vxid, 0u);
  EXPECT_FALSE(owners.denied);
}

// A recording is read through fs::Tree: a PID/fd that is a symlink out of it (to this
// machine's /proc/self/fd) resolves inside the recording, where there is no such thing.
TEST(FindOwners, ARecordingCannotLeadTheWalkOut) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  struct stat st {};
  ASSERT_EQ(fstat(fd, &st), 0);
  vs::test::TempDir proc;
  proc.mkdir("7");
  proc.symlink("7/fd", "/proc/" + std::to_string(getpid()) + "/fd");
  proc.symlink("8", "../../../../../../../proc/" + std::to_string(getpid()));
  const std::vector<std::uint64_t> wanted{st.st_ino};
  const auto owners = find_owners(wanted, vs::fs::Tree(proc.path()));
  close(fd);
  EXPECT_TRUE(owners.by_inode.empty());
}

TEST(FindOwners, NothingWantedReadsNothing) {
  const std::vector<std::uint64_t> none{0};
  vs::test::TempDir empty;
  const auto owners = find_owners(none, vs::fs::Tree(empty.path()));
  EXPECT_TRUE(owners.by_inode.empty());
  EXPECT_FALSE(owners.denied);
}

TEST(FindOwners, UnreadableFdDirectoryIsReported) {
  VS_RUN_AS_NOBODY();  // root reads every directory
  vs::test::TempDir proc;
  fake_process(proc, 5, "secret", "Uid:\t0\n", {"socket:[300]"});
  chmod((proc.path() + "/5/fd").c_str(), 0);
  const std::vector<std::uint64_t> wanted{300};
  const auto owners = find_owners(wanted, vs::fs::Tree(proc.path()));
  chmod((proc.path() + "/5/fd").c_str(), 0755);
  EXPECT_TRUE(owners.by_inode.empty());
  EXPECT_TRUE(owners.denied);
}

TEST(FindOwners, FindsThisProcessesSocket) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  struct stat st {};
  ASSERT_EQ(fstat(fd, &st), 0);
  const std::vector<std::uint64_t> wanted{st.st_ino};
  const auto owners = find_owners(wanted, vs::fs::Tree("/proc"));
  close(fd);
  ASSERT_EQ(owners.by_inode.count(st.st_ino), 1u);
  EXPECT_EQ(owners.by_inode.at(st.st_ino).pid, getpid());
  EXPECT_EQ(owners.by_inode.at(st.st_ino).uid, getuid());
}

}  // namespace
