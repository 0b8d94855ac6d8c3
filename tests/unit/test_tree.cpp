// SPDX-License-Identifier: GPL-3.0-or-later
// Safe reading: regular files only, never opening a device, size caps, a read
// budget, and no way out of the root, whichever resolver runs. meson runs this
// program twice: as it is (openat2) and under no-openat2 (the walk by file
// descriptors), with the same expectations.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/openat2.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <limits>

#include "fs/tree.hpp"
#include "process.hpp"

using vs::fs::FileError;
using vs::fs::FileMissing;
using vs::fs::Tree;
using vs::test::TempDir;

namespace {

std::string reason_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const FileError& e) {
    return e.what();
  }
  return "(no error)";
}

bool openat2_refused() {
  const char* env = std::getenv("CHECK_VS_NO_OPENAT2");
  return env != nullptr && std::string(env) == "1";
}

class TreeTest : public ::testing::Test {
 protected:
  void TearDown() override { vs::fs::set_read_budget(std::numeric_limits<std::size_t>::max()); }
  TempDir dir;
};

// Under no-openat2 the kernel really refuses openat2, and Tree notices: the rest of
// this program then tests the walk.
TEST_F(TreeTest, UsesTheWalkExactlyWhenOpenat2IsRefused) {
  dir.write("f", "x");
  Tree t(dir.path());
  EXPECT_EQ(t.read("/f").content, "x");
  open_how how{};
  how.flags = O_PATH | O_CLOEXEC;
  const long fd = syscall(SYS_openat2, AT_FDCWD, dir.path().c_str(), &how, sizeof how);
  const int err = errno;
  if (fd >= 0) close(static_cast<int>(fd));
  if (openat2_refused()) {
    EXPECT_EQ(fd, -1);
    EXPECT_EQ(err, ENOSYS);
    EXPECT_STREQ(Tree::resolver(), "component walk");
  } else if (fd >= 0) {
    EXPECT_STREQ(Tree::resolver(), "openat2");
  }
}

TEST_F(TreeTest, ReadsARegularFile) {
  dir.write("etc/a.conf", "x = 1\n");
  Tree t(dir.path());
  const auto f = t.read("/etc/a.conf");
  EXPECT_EQ(f.content, "x = 1\n");
  EXPECT_EQ(f.path, dir.path() + "/etc/a.conf");
}

TEST_F(TreeTest, MissingIsItsOwnError) {
  Tree t(dir.path());
  EXPECT_THROW(t.read("/nope"), FileMissing);
  EXPECT_FALSE(t.read_if_exists("/nope"));
  EXPECT_EQ(reason_of([&] { t.read("/nope"); }), dir.path() + "/nope: no such file");
}

TEST_F(TreeTest, FifoIsAnErrorNotAHang) {
  ASSERT_EQ(mkfifo((dir.path() + "/fifo").c_str(), 0600), 0);
  Tree t(dir.path());
  EXPECT_EQ(reason_of([&] { t.read("/fifo"); }), dir.path() + "/fifo: a FIFO, not a regular file");
}

TEST_F(TreeTest, DirectoryAndDeviceAreErrors) {
  dir.mkdir("d");
  dir.write("f", "");
  Tree t(dir.path());
  EXPECT_EQ(reason_of([&] { t.read("/d"); }), dir.path() + "/d: a directory, not a regular file");
  EXPECT_EQ(reason_of([&] { t.list("/f"); }), dir.path() + "/f: a regular file, not a directory");
  Tree host("/");
  EXPECT_EQ(reason_of([&] { host.read("/dev/zero"); }),
            "/dev/zero: a character device, not a regular file");
}

// A guest with MKNOD can put a host driver's node where a configuration file
// belongs: it is judged by fstat on an O_PATH descriptor and never opened, which
// inotify sees (an O_PATH open raises no IN_OPEN, any other open does).
TEST_F(TreeTest, SpecialFilesAreNeverOpened) {
  ASSERT_EQ(mkfifo((dir.path() + "/fifo").c_str(), 0600), 0);
  std::vector<std::string> nodes{"fifo"};
  if (vs::test::is_root()) {
    // The null device's numbers: harmless even if something did open it.
    ASSERT_EQ(mknod((dir.path() + "/chr").c_str(), S_IFCHR | 0600, makedev(1, 3)), 0);
    nodes.push_back("chr");
  }
  dir.symlink("link-to-fifo", "/fifo");
  const int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  ASSERT_GE(in, 0);
  for (const auto& n : nodes)
    ASSERT_GE(inotify_add_watch(in, (dir.path() + "/" + n).c_str(), IN_OPEN), 0);
  Tree t(dir.path());
  for (const auto& n : nodes) {
    EXPECT_THROW(t.read("/" + n), FileError) << n;
    EXPECT_THROW(t.list("/" + n), FileError) << n;
    EXPECT_FALSE(t.stat("/" + n).is_regular) << n;
  }
  EXPECT_THROW(t.read("/link-to-fifo"), FileError);
  char events[4096];
  EXPECT_EQ(read(in, events, sizeof events), -1) << "a special file was opened";
  // The probe works: a real open is seen.
  close(open((dir.path() + "/fifo").c_str(), O_RDONLY | O_NONBLOCK));
  EXPECT_GT(read(in, events, sizeof events), 0);
  close(in);
  if (!vs::test::is_root()) GTEST_SKIP() << "the character device case needs root (mknod)";
}

TEST_F(TreeTest, SizeCap) {
  dir.write("big", std::string(5000, 'x'));
  Tree t(dir.path());
  EXPECT_EQ(reason_of([&] { t.read("/big", 4096); }),
            dir.path() + "/big: file is 5000 bytes, over the 4096-byte limit");
  EXPECT_EQ(t.read("/big", 5000).content.size(), 5000u);
}

TEST_F(TreeTest, ProcFilesWithoutSizeAreReadToTheEnd) {
  Tree host("/");
  const auto f = host.read("/proc/self/status", 1 << 20);
  EXPECT_NE(f.content.find("Name:"), std::string::npos);
}

TEST_F(TreeTest, NulBytesAreBinaryWithTheLine) {
  dir.write("bin", std::string("a\nb\n\0c", 6));
  Tree t(dir.path());
  EXPECT_EQ(reason_of([&] { t.read("/bin"); }),
            dir.path() + "/bin:3: binary data (NUL byte), not a text file");
}

// Every read of the process draws on one budget: the file that would exceed it is
// refused before its bytes are taken into memory, and so is every later one.
TEST_F(TreeTest, ReadBudgetIsSharedAndNamesTheFile) {
  dir.write("a", std::string(6000, 'a'));
  dir.write("b", std::string(6000, 'b'));
  dir.write("small", "s");
  Tree t(dir.path());
  Tree other(dir.path());
  vs::fs::set_read_budget(10000);
  EXPECT_EQ(t.read("/a").content.size(), 6000u);
  EXPECT_EQ(vs::fs::read_budget_left(), 4000u);
  EXPECT_EQ(reason_of([&] { other.read("/b"); }),
            "read budget of 10000 bytes exhausted at " + dir.path() + "/b");
  try {
    t.read("/b");
    ADD_FAILURE() << "read over the budget";
  } catch (const vs::fs::ReadBudgetExhausted& e) {
    EXPECT_EQ(e.path(), dir.path() + "/b");
    EXPECT_EQ(e.reason(), "read budget of 10000 bytes exhausted");
  }
  EXPECT_EQ(t.read("/small").content, "s");
  vs::fs::set_read_budget(16u << 20);
  EXPECT_EQ(t.read("/b").content.size(), 6000u);
  vs::fs::set_read_budget(100);  // a /proc file says size 0: counted as it is read
  EXPECT_EQ(reason_of([] { Tree("/").read("/proc/self/status", 1 << 20); }),
            "read budget of 100 bytes exhausted at /proc/self/status");
  vs::fs::set_read_budget(1u << 20);
  dir.write("mib", std::string((1u << 20) + 1, 'm'));
  EXPECT_EQ(reason_of([&] { t.read("/mib", 2u << 20); }),
            "read budget of 1 MiB exhausted at " + dir.path() + "/mib");
}

TEST_F(TreeTest, AbsoluteSymlinkStaysInsideTheRoot) {
  dir.write("root/etc/passwd", "guest's own passwd\n");
  dir.symlink("root/etc/link", "/etc/passwd");
  Tree t(dir.path() + "/root");
  EXPECT_EQ(t.read("/etc/link").content, "guest's own passwd\n");
}

TEST_F(TreeTest, DotDotCannotClimbOut) {
  dir.write("secret", "host secret\n");
  dir.mkdir("root/etc");
  dir.symlink("root/etc/up", "../../../../secret");
  Tree t(dir.path() + "/root");
  EXPECT_THROW(t.read("/etc/up"), FileMissing);
  EXPECT_THROW(t.read("/../secret"), FileMissing);
  EXPECT_EQ(t.resolve("/etc/up"), "/secret");
}

// The kernel's rules, which the walk reproduces: a relative target is taken from
// the link's directory, ".." after a link to a directory is that directory's
// parent, an absolute target restarts at the root.
TEST_F(TreeTest, SymlinksResolveAsTheKernelDoes) {
  dir.write("root/a/c/file", "c\n");
  dir.write("root/a/f", "f\n");
  dir.write("root/etc/hosts", "hosts\n");
  dir.symlink("root/a/b/link", "../c/file");
  dir.symlink("root/l", "a/c");
  dir.symlink("root/x", "/etc");
  dir.symlink("root/a/c/chain", "../../x/hosts");
  Tree t(dir.path() + "/root");
  EXPECT_EQ(t.read("/a/b/link").content, "c\n");
  EXPECT_EQ(t.read("/l/../f").content, "f\n");
  EXPECT_EQ(t.read("/x/hosts").content, "hosts\n");
  EXPECT_EQ(t.read("/a/c/chain").content, "hosts\n");
  EXPECT_EQ(t.resolve("/l/file"), "/a/c/file");
  EXPECT_EQ(t.resolve("/x/absent"), "/etc/absent");  // the last name may be absent
  EXPECT_EQ(t.resolve("/"), "/");
  EXPECT_THROW(t.resolve("/absent/x"), FileError);
  EXPECT_EQ(reason_of([&] { t.read("/a/f/x"); }), dir.path() + "/root/a/f/x: Not a directory");
  EXPECT_TRUE(t.lstat("/l").is_symlink);
  EXPECT_TRUE(t.stat("/l").is_directory);
  EXPECT_FALSE(t.stat("/l").is_symlink);
}

TEST_F(TreeTest, SymlinkLoopIsAnError) {
  dir.symlink("a", "b");
  dir.symlink("b", "a");
  Tree t(dir.path());
  EXPECT_EQ(reason_of([&] { t.read("/a"); }), dir.path() + "/a: too many levels of symbolic links");
}

// `--config /dev/stdin`: /proc/self/fd/0 is a magic link, which would lead
// anywhere on the host. It gets its own message, not "too many levels of links".
TEST_F(TreeTest, LinksIntoProcAreRefusedByName) {
  dir.symlink("stdin", "/proc/self/fd/0");
  dir.symlink("exe", "/proc/self/exe");
  Tree host("/");
  EXPECT_EQ(reason_of([&] { host.read(dir.path() + "/stdin"); }),
            dir.path() + "/stdin: a link into /proc, not a configuration file");
  EXPECT_EQ(reason_of([&] { host.read(dir.path() + "/exe"); }),
            dir.path() + "/exe: a link into /proc, not a configuration file");
  EXPECT_EQ(reason_of([&] { host.read("/proc/self/fd/0"); }),
            "/proc/self/fd/0: a link into /proc, not a configuration file");
  // A descriptor whose link reads "anon_inode:inotify", without brackets.
  const int anon = inotify_init1(IN_CLOEXEC);
  ASSERT_GE(anon, 0);
  const std::string anon_link = "/proc/self/fd/" + std::to_string(anon);
  EXPECT_EQ(reason_of([&] { host.read(anon_link); }),
            anon_link + ": a link into /proc, not a configuration file");
  close(anon);
  // procfs's plain symlinks still work (/proc/self -> PID, /proc/mounts -> self/mounts).
  EXPECT_NE(host.read("/proc/mounts", 1 << 20).content.find(" / "), std::string::npos);
  // Inside another root, the same link names that root's /proc: absent here.
  Tree t(dir.path());
  EXPECT_THROW(t.read("/stdin"), FileMissing);
}

TEST_F(TreeTest, SubTreeForAGuestRoot) {
  dir.write("vservers/web1/etc/hostname", "web1\n");
  dir.mkdir("etc/vservers/web1");
  dir.symlink("etc/vservers/web1/vdir", "/vservers/web1");
  dir.write("etc/vservers/web2/vdir", "a file");
  Tree host(dir.path());
  Tree guest(host, "/etc/vservers/web1/vdir");
  EXPECT_EQ(guest.root(), dir.path() + "/vservers/web1");
  EXPECT_EQ(guest.read("/etc/hostname").content, "web1\n");
  EXPECT_EQ(guest.display("/etc/hostname"), dir.path() + "/vservers/web1/etc/hostname");
  EXPECT_THROW(Tree(host, "/etc/vservers/web2/vdir"), FileError);
}

TEST_F(TreeTest, ListAndGlob) {
  dir.write("conf.d/b.conf", "");
  dir.write("conf.d/a.conf", "");
  dir.write("conf.d/.hidden.conf", "");
  dir.write("conf.d/c.txt", "");
  Tree t(dir.path());
  const auto entries = t.list("/conf.d");
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].name, ".hidden.conf");
  EXPECT_EQ(vs::fs::glob(t, "/conf.d/*.conf"),
            (std::vector<std::string>{"/conf.d/a.conf", "/conf.d/b.conf"}));
  EXPECT_TRUE(vs::fs::glob(t, "/missing/*.conf").empty());
  EXPECT_EQ(vs::fs::glob(t, "/conf.d/c.txt"), (std::vector<std::string>{"/conf.d/c.txt"}));
}

// sshd -T and apache2 -t refuse a configuration whose Include glob matches a
// dangling symlink: glob_matches() reports those, flagged; glob() leaves them out.
TEST_F(TreeTest, GlobFlagsDanglingSymlinks) {
  dir.write("conf.d/a.conf", "");
  dir.symlink("conf.d/gone.conf", "/nowhere");
  dir.symlink("conf.d/loop.conf", "loop.conf");
  dir.symlink("conf.d/ok.conf", "a.conf");
  Tree t(dir.path());
  const auto matches = vs::fs::glob_matches(t, "/conf.d/*.conf");
  ASSERT_EQ(matches.size(), 4u);
  const std::vector<std::pair<std::string, bool>> expected = {{"/conf.d/a.conf", false},
                                                              {"/conf.d/gone.conf", true},
                                                              {"/conf.d/loop.conf", true},
                                                              {"/conf.d/ok.conf", false}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(matches[i].path, expected[i].first);
    EXPECT_EQ(matches[i].dangling, expected[i].second) << matches[i].path;
  }
  const auto literal = vs::fs::glob_matches(t, "/conf.d/gone.conf");
  ASSERT_EQ(literal.size(), 1u);
  EXPECT_TRUE(literal[0].dangling);
  EXPECT_TRUE(vs::fs::glob_matches(t, "/conf.d/absent.conf").empty());
  EXPECT_EQ(vs::fs::glob(t, "/conf.d/*.conf"),
            (std::vector<std::string>{"/conf.d/a.conf", "/conf.d/ok.conf"}));
}

TEST_F(TreeTest, StatFollowsLinksInside) {
  dir.write("target", "1");
  dir.symlink("link", "/target");
  Tree t(dir.path());
  EXPECT_TRUE(t.stat("/link").is_regular);
  EXPECT_FALSE(t.stat("/nothing").exists);
}

// A guest swapping its /etc/ssh with a symlink to a host directory, as fast as it
// can (renameat2 RENAME_EXCHANGE), while the tree reads /etc/ssh/sshd_config: each
// read sees the guest's file or nothing, never the host's.
TEST_F(TreeTest, ASwappingGuestNeverRedirectsARead) {
  dir.write("host/ssh/sshd_config", "HOST\n");
  dir.write("guest/etc/ssh/sshd_config", "GUEST\n");
  dir.symlink("guest/etc/ssh.swap", dir.path() + "/host/ssh");
  const std::string a = dir.path() + "/guest/etc/ssh";
  const std::string b = dir.path() + "/guest/etc/ssh.swap";
  const pid_t swapper = fork();
  ASSERT_GE(swapper, 0);
  if (swapper == 0) {
    for (;;)
      syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE);
  }
  Tree guest(dir.path() + "/guest");
  int seen_guest = 0;
  for (int i = 0; i < 20000; ++i) {
    try {
      const auto text = guest.read_if_exists("/etc/ssh/sshd_config");
      if (!text) continue;
      ASSERT_EQ(text->content, "GUEST\n") << "read the host's file on try " << i;
      ++seen_guest;
    } catch (const FileError&) {
      // a symlink met half-way: an error is fine, the host's bytes are not
    }
  }
  kill(swapper, SIGKILL);
  waitpid(swapper, nullptr, 0);
  EXPECT_GT(seen_guest, 0);
}

TEST(Paths, JoinAndDirname) {
  EXPECT_EQ(vs::fs::join("/etc/ssh", "sshd_config.d/x.conf"), "/etc/ssh/sshd_config.d/x.conf");
  EXPECT_EQ(vs::fs::join("/etc/ssh", "/abs"), "/abs");
  EXPECT_EQ(vs::fs::dirname("/etc/ssh/sshd_config"), "/etc/ssh");
  EXPECT_EQ(vs::fs::dirname("/x"), "/");
}

}  // namespace
