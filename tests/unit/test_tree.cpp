// Safe reading: regular files only, size caps, and no way out of the root.
#include <gtest/gtest.h>
#include <sys/stat.h>

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

// Every test runs twice: with openat2 and with the portable component walk.
class TreeTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { Tree::force_component_walk(GetParam()); }
  void TearDown() override { Tree::force_component_walk(false); }
  TempDir dir;
};

TEST_P(TreeTest, ReadsARegularFile) {
  dir.write("etc/a.conf", "x = 1\n");
  Tree t(dir.path());
  const auto f = t.read("/etc/a.conf");
  EXPECT_EQ(f.content, "x = 1\n");
  EXPECT_EQ(f.path, dir.path() + "/etc/a.conf");
}

TEST_P(TreeTest, MissingIsItsOwnError) {
  Tree t(dir.path());
  EXPECT_THROW(t.read("/nope"), FileMissing);
  EXPECT_FALSE(t.read_if_exists("/nope"));
  EXPECT_EQ(reason_of([&] { t.read("/nope"); }), dir.path() + "/nope: no such file");
}

TEST_P(TreeTest, FifoIsAnErrorNotAHang) {
  ASSERT_EQ(mkfifo((dir.path() + "/fifo").c_str(), 0600), 0);
  Tree t(dir.path());
  EXPECT_EQ(reason_of([&] { t.read("/fifo"); }), dir.path() + "/fifo: a FIFO, not a regular file");
}

TEST_P(TreeTest, DirectoryAndDeviceAreErrors) {
  dir.mkdir("d");
  Tree t(dir.path());
  EXPECT_EQ(reason_of([&] { t.read("/d"); }), dir.path() + "/d: a directory, not a regular file");
  Tree host("/");
  EXPECT_EQ(reason_of([&] { host.read("/dev/zero"); }),
            "/dev/zero: a character device, not a regular file");
}

TEST_P(TreeTest, SizeCap) {
  dir.write("big", std::string(5000, 'x'));
  Tree t(dir.path());
  EXPECT_EQ(reason_of([&] { t.read("/big", 4096); }),
            dir.path() + "/big: file is 5000 bytes, over the 4096-byte limit");
  EXPECT_EQ(t.read("/big", 5000).content.size(), 5000u);
}

TEST_P(TreeTest, ProcFilesWithoutSizeAreReadToTheEnd) {
  Tree host("/");
  const auto f = host.read("/proc/self/status", 1 << 20);
  EXPECT_NE(f.content.find("Name:"), std::string::npos);
}

TEST_P(TreeTest, NulBytesAreBinaryWithTheLine) {
  dir.write("bin", std::string("a\nb\n\0c", 6));
  Tree t(dir.path());
  EXPECT_EQ(reason_of([&] { t.read("/bin"); }),
            dir.path() + "/bin:3: binary data (NUL byte), not a text file");
}

TEST_P(TreeTest, AbsoluteSymlinkStaysInsideTheRoot) {
  dir.write("root/etc/passwd", "guest's own passwd\n");
  dir.symlink("root/etc/link", "/etc/passwd");
  Tree t(dir.path() + "/root");
  EXPECT_EQ(t.read("/etc/link").content, "guest's own passwd\n");
}

TEST_P(TreeTest, DotDotCannotClimbOut) {
  dir.write("secret", "host secret\n");
  dir.mkdir("root/etc");
  dir.symlink("root/etc/up", "../../../../secret");
  Tree t(dir.path() + "/root");
  EXPECT_THROW(t.read("/etc/up"), FileMissing);
  EXPECT_THROW(t.read("/../secret"), FileMissing);
  EXPECT_EQ(t.resolve("/etc/up"), "/secret");
}

TEST_P(TreeTest, SymlinkLoopIsAnError) {
  dir.symlink("a", "b");
  dir.symlink("b", "a");
  Tree t(dir.path());
  EXPECT_EQ(reason_of([&] { t.read("/a"); }), dir.path() + "/a: too many levels of symbolic links");
}

TEST_P(TreeTest, SubTreeForAGuestRoot) {
  dir.write("vservers/web1/etc/hostname", "web1\n");
  dir.mkdir("etc/vservers/web1");
  dir.symlink("etc/vservers/web1/vdir", "/vservers/web1");
  Tree host(dir.path());
  Tree guest(host, "/etc/vservers/web1/vdir");
  EXPECT_EQ(guest.root(), dir.path() + "/vservers/web1");
  EXPECT_EQ(guest.read("/etc/hostname").content, "web1\n");
  EXPECT_EQ(guest.display("/etc/hostname"), dir.path() + "/vservers/web1/etc/hostname");
}

TEST_P(TreeTest, ListAndGlob) {
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

TEST_P(TreeTest, StatFollowsLinksInside) {
  dir.write("target", "1");
  dir.symlink("link", "/target");
  Tree t(dir.path());
  EXPECT_TRUE(t.stat("/link").is_regular);
  EXPECT_FALSE(t.stat("/nothing").exists);
}

INSTANTIATE_TEST_SUITE_P(Resolution, TreeTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "ComponentWalk" : "Openat2"; });

TEST(Paths, JoinAndDirname) {
  EXPECT_EQ(vs::fs::join("/etc/ssh", "sshd_config.d/x.conf"), "/etc/ssh/sshd_config.d/x.conf");
  EXPECT_EQ(vs::fs::join("/etc/ssh", "/abs"), "/abs");
  EXPECT_EQ(vs::fs::dirname("/etc/ssh/sshd_config"), "/etc/ssh");
  EXPECT_EQ(vs::fs::dirname("/x"), "/");
}

}  // namespace
