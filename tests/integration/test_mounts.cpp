// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_mounts end to end, in real mount namespaces: a "host" namespace the plugin
// runs in, and a guest namespace copied from it the way util-vserver starts a guest
// (vnamespace --new), its resident process chrooted into the guest's root like the
// guest's init. Mounts are made in one or the other with nsenter; nothing reaches the
// machine's own namespace (private propagation).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "mount_namespace.hpp"
#include "plugin_output.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::MountNamespace;
using vs::test::shell_quote;
using vs::test::TempDir;

namespace {

const std::string kZeroPerf =
    " | mounts=0;;;0 host_namespace=0;;;0 removable=0;;;0 missing=0;;;0 writable_binds=0;;;0";

std::string perf(int mounts, int host_namespace, int removable, int missing, int binds) {
  return " | mounts=" + std::to_string(mounts) +
         ";;;0 host_namespace=" + std::to_string(host_namespace) +
         ";;;0 removable=" + std::to_string(removable) + ";;;0 missing=" + std::to_string(missing) +
         ";;;0 writable_binds=" + std::to_string(binds) + ";;;0";
}

bool has_line(const vs::test::Run& r, const std::string& line) {
  return r.out.find("\n" + line + "\n") != std::string::npos;
}

// A --root tree with guest web1 (running) and guest mail, a host namespace for the
// plugin, and web1's namespace once start_guest() is called.
class MountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VS_REQUIRE_MOUNT_NAMESPACES();
    root_ = vs::test::add_guest(tree_, {.name = "web1", .running = true});
    mail_ = vs::test::add_guest(tree_, {.name = "mail"});
    for (const char* d : {"mnt/cdrom", "mnt/my cd", "tmp", "proc", "dev/pts", "etc", "usr/share",
                          "srv/data", "var/mail", "a", "b"}) {
      tree_.mkdir("vservers/web1/" + std::string(d));
    }
    tree_.mkdir("vservers/mail/var/spool");
    host_ = std::make_unique<MountNamespace>();
    ASSERT_TRUE(host_->ok()) << host_->why_not();
  }

  // web1 "starts": a copy of the host's namespace, its process chrooted in its root.
  void start_guest(bool chrooted = true) {
    guest_ = std::make_unique<MountNamespace>(
        MountNamespace::Options{.from = host_.get(), .chroot = chrooted ? root_ : ""});
    ASSERT_TRUE(guest_->ok()) << guest_->why_not();
  }

  std::string at(const std::string& rel) const { return shell_quote(root_ + "/" + rel); }

  // The plugin, run in the host's namespace on the tree, for guest web1's process.
  vs::test::Run check(std::vector<std::string> args = {}) const {
    std::vector<std::string> argv{vs::test::plugin("check_vs_mounts"), "--root", tree_.path(),
                                  "--max-output", "0"};
    if (guest_) argv.insert(argv.end(), {"--pid", "web1:" + std::to_string(guest_->pid())});
    argv.insert(argv.end(), args.begin(), args.end());
    return host_->run(argv);
  }

  TempDir tree_;
  std::string root_, mail_;
  std::unique_ptr<MountNamespace> host_;
  std::unique_ptr<MountNamespace> guest_;
};

TEST_F(MountsTest, NothingMountedIsOk) {
  start_guest();
  const auto r = check({"-vv"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.first_line(),
            "VS_MOUNTS OK - 2 guests (1 running): 0 mounts, none misplaced" + kZeroPerf);
  EXPECT_TRUE(has_line(r, "OK guest web1: namespace read from /proc/" +
                              std::to_string(guest_->pid()) + "/mountinfo (root " + root_ + ")"))
      << r.out;
  EXPECT_TRUE(has_line(r, "OK guest mail: not running: no namespace of its own")) << r.out;
}

TEST_F(MountsTest, MountInTheHostNamespaceTheGuestDoesNotSee) {
  start_guest();
  host_->sh("mount -t tmpfs /dev/sr0 " + at("mnt/cdrom"));
  const auto r = check();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "VS_MOUNTS WARNING - web1: /mnt/cdrom mounted in the host's namespace" +
                       perf(0, 1, 0, 0, 0) + "\nWARNING " + root_ +
                       "/mnt/cdrom: tmpfs /dev/sr0 mounted in the host's namespace: guest web1 "
                       "does not see it; mount it with vnamespace -e web1, and umount it here\n");
  const auto allowed = check({"--allow-mount", root_ + "/mnt/cdrom"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
  const auto threshold = check({"-c", "0"});
  EXPECT_EQ(threshold.exit_code, 2) << threshold.out;
  EXPECT_NE(threshold.first_line().find(" host_namespace=1;;0;0 "), std::string::npos)
      << threshold.first_line();
}

TEST_F(MountsTest, AHostMountOverWhatTheGuestMountsIsCritical) {
  start_guest();
  guest_->sh("mount -t tmpfs guesttmp " + at("tmp"));
  host_->sh("mount -t tmpfs hosttmp " + at("tmp"));
  const auto r = check();
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  vs::test::expect_summary(r, "VS_MOUNTS CRITICAL", perf(1, 1, 0, 0, 0));
  EXPECT_TRUE(has_line(
      r, "CRITICAL " + root_ +
             "/tmp: tmpfs hosttmp mounted in the host's namespace hides /tmp, which guest web1's "
             "own namespace mounts (tmpfs guesttmp): the host sees other files there than the "
             "guest does; umount it here, and mount it with vnamespace -e web1 if the guest "
             "needs it"))
      << r.out;
}

TEST_F(MountsTest, AHostMountFromBeforeTheGuestStartedIsCopiedIntoIt) {
  host_->sh("mount -t tmpfs extra " + at("srv/data"));
  start_guest();
  const auto r = check();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  vs::test::expect_summary(r, "VS_MOUNTS WARNING", perf(1, 1, 0, 0, 0));
  EXPECT_TRUE(has_line(r, "WARNING " + root_ +
                              "/srv/data: tmpfs extra mounted in the host's namespace: guest web1 "
                              "sees it too (it was there when the guest started, or propagated "
                              "to it), and it keeps the guest's tree busy; mount it with "
                              "vnamespace -e web1, and umount it here"))
      << r.out;
}

TEST_F(MountsTest, RemovableMediaInTheGuestChrootedOrNot) {
  for (const bool chrooted : {true, false}) {
    start_guest(chrooted);
    guest_->sh("mount -t tmpfs /dev/sr0 " + at("mnt/my cd"));
    const auto r = check();
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    vs::test::expect_summary(r, "VS_MOUNTS WARNING", perf(1, 0, 1, 0, 0));
    EXPECT_TRUE(has_line(r, "WARNING " + root_ +
                                "/mnt/my cd: guest web1 has removable media mounted: /dev/sr0 "
                                "(tmpfs) on /mnt/my cd; unmount it with vnamespace -e web1 "
                                "umount " +
                                root_ + "/mnt/my cd"))
        << (chrooted ? "chrooted: " : "not chrooted: ") << r.out;
    guest_.reset();
  }
}

TEST_F(MountsTest, AnFstabLineNotMountedInTheGuest) {
  const std::string fstab = tree_.write("etc/vservers/web1/fstab",
                                        "none /proc proc defaults 0 0\n"
                                        "none /tmp tmpfs size=16m,mode=1777 0 0\n"
                                        "none /dev/pts devpts gid=5,mode=620 0 0\n"
                                        "/dev/sr0 /mnt/cdrom iso9660 ro,noauto 0 0\n");
  start_guest();
  guest_->sh("mount -t proc none " + at("proc") + " && mount -t tmpfs none " + at("tmp"));
  const auto r = check();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  vs::test::expect_summary(r, "VS_MOUNTS WARNING", perf(2, 0, 0, 1, 0));
  EXPECT_TRUE(has_line(r, "WARNING " + fstab +
                              ":3: 'none /dev/pts devpts' is not mounted in guest web1's "
                              "namespace (nothing at " +
                              root_ +
                              "/dev/pts): mount it with vnamespace -e web1, or restart the guest"))
      << r.out;
}

TEST_F(MountsTest, WritableBindsIntoTheGuest) {
  TempDir outside;
  start_guest();
  guest_->sh("mount --bind /etc " + at("etc") + " && mount --bind -o ro /usr/share " +
             at("usr/share") + " && mount --bind " + shell_quote(outside.path()) + " " +
             at("srv/data") + " && mount --bind " + shell_quote(mail_ + "/var/spool") + " " +
             at("var/mail") + " && mount --bind " + at("a") + " " + at("b"));
  const auto r = check({"-v"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  vs::test::expect_summary(r, "VS_MOUNTS CRITICAL", perf(5, 0, 0, 0, 3));
  EXPECT_TRUE(has_line(r, "CRITICAL " + root_ +
                              "/etc: writable bind mount of /etc (the host's /etc) into guest "
                              "web1 at /etc: the guest can change it; bind it read-only or "
                              "remove it"))
      << r.out;
  EXPECT_TRUE(has_line(r, "CRITICAL " + root_ + "/var/mail: writable bind mount of " + mail_ +
                              "/var/spool (guest mail's root) into guest web1 at /var/mail: the "
                              "guest can change it; bind it read-only or remove it"))
      << r.out;
  EXPECT_TRUE(has_line(r, "WARNING " + root_ + "/srv/data: writable bind mount of " +
                              outside.path() +
                              " into guest web1 at /srv/data, from outside its root: bind it "
                              "read-only if the guest only reads it, or accept it with "
                              "--allow-mount " +
                              root_ + "/srv/data"))
      << r.out;
  EXPECT_TRUE(has_line(r, "OK " + root_ +
                              "/usr/share: read-only bind mount of /usr/share into guest web1 at "
                              "/usr/share"))
      << r.out;
  EXPECT_EQ(r.out.find(root_ + "/b:"), std::string::npos) << r.out;  // its own files
  const auto allowed = check({"--allow-mount", root_ + "/srv/data"});
  vs::test::expect_summary(allowed, "VS_MOUNTS CRITICAL", perf(5, 0, 0, 0, 2));
}

TEST_F(MountsTest, AProcesssNamespaceWithPid) {
  TempDir container;
  for (const char* d : {"etc", "mnt"})
    container.mkdir(d);
  MountNamespace c({.from = nullptr, .chroot = container.path()});
  ASSERT_TRUE(c.ok()) << c.why_not();
  const std::string etc = shell_quote(container.path() + "/etc");
  const std::string mnt = container.path() + "/mnt";
  c.sh("mount --bind /etc " + etc + " && mount -t tmpfs /dev/cdrom " + shell_quote(mnt));
  const std::string pid = std::to_string(c.pid());
  TempDir empty;
  const auto r =
      vs::test::run({vs::test::plugin("check_vs_mounts"), "--root", empty.path(), "--pid", pid});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  vs::test::expect_summary(r, "VS_MOUNTS CRITICAL", perf(2, 0, 1, 0, 1));
  EXPECT_TRUE(has_line(r, "CRITICAL " + container.path() +
                              "/etc: writable bind mount of /etc (the host's /etc) into pid " +
                              pid +
                              " at /etc: the guest can change it; bind it read-only or remove it"))
      << r.out;
  EXPECT_TRUE(has_line(r, "WARNING " + mnt + ": pid " + pid +
                              " has removable media mounted: /dev/cdrom (tmpfs) on /mnt; unmount "
                              "it with nsenter -t " +
                              pid + " -m umount " + mnt))
      << r.out;
}

TEST_F(MountsTest, InsideAGuestItJudgesItsOwnNamespace) {
  start_guest();
  guest_->sh("mount -t tmpfs /dev/sr0 " + at("mnt/cdrom"));
  const auto r = guest_->run({vs::test::plugin("check_vs_mounts"), "--role", "guest"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(
      r.first_line().rfind("VS_MOUNTS WARNING - this guest has /dev/sr0 mounted | mounts=", 0), 0u)
      << r.out;
  EXPECT_TRUE(has_line(r, "WARNING " + root_ +
                              "/mnt/cdrom: this guest has removable media mounted: /dev/sr0 "
                              "(tmpfs) on " +
                              root_ + "/mnt/cdrom; unmount it with umount " + root_ + "/mnt/cdrom"))
      << r.out;
}

// A PID that surely names no process: a child that has been reaped.
int dead_pid() {
  const pid_t pid = fork();
  if (pid == 0) _exit(0);
  waitpid(pid, nullptr, 0);
  return pid;
}

TEST_F(MountsTest, AGuestThatCannotBeReadIsUnknownTheOthersAreJudged) {
  host_->sh("mount -t tmpfs stray " + shell_quote(mail_ + "/var/spool"));
  const int gone = dead_pid();
  const auto r = host_->run({vs::test::plugin("check_vs_mounts"), "--root", tree_.path(), "--pid",
                             "web1:" + std::to_string(gone)});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // mail's WARNING outranks web1's UNKNOWN
  EXPECT_TRUE(has_line(r, "UNKNOWN /proc/" + std::to_string(gone) +
                              "/mountinfo: no such process: guest web1's mounts cannot be read"))
      << r.out;
  EXPECT_NE(r.out.find("WARNING " + mail_ +
                       "/var/spool: tmpfs stray mounted in the host's "
                       "namespace: it keeps stopped guest mail's tree busy"),
            std::string::npos)
      << r.out;
  // Without --pid, on a kernel without /proc/virtual: web1 cannot be found.
  const auto lost = host_->run({vs::test::plugin("check_vs_mounts"), "--root", tree_.path()});
  EXPECT_EQ(lost.exit_code, 1) << lost.out;
  EXPECT_TRUE(has_line(lost,
                       "UNKNOWN guest web1: no /proc/virtual: not a VServer kernel, so the "
                       "guest's processes cannot be found; give --pid web1:PID"))
      << lost.out;
}

TEST_F(MountsTest, NotRootIsUnknownForTheGuest) {
  if (!vs::test::have_program("setpriv")) GTEST_SKIP() << "needs setpriv (util-linux)";
  start_guest();
  // nobody must reach the tree and the plugin.
  std::filesystem::permissions(tree_.path(), std::filesystem::perms::owner_all |
                                                 std::filesystem::perms::others_read |
                                                 std::filesystem::perms::others_exec);
  const std::string copy = tree_.path() + "/check_vs_mounts";
  std::filesystem::copy(vs::test::plugin("check_vs_mounts"), copy);
  const std::string pid = std::to_string(guest_->pid());
  const auto r = host_->run({"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", copy,
                             "--root", tree_.path(), "--pid", "web1:" + pid});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_EQ(r.out, "VS_MOUNTS UNKNOWN - /proc/" + pid +
                       "/root: Permission denied (reading another process's root needs root and "
                       "ptrace access to it): guest web1's mounts cannot be read" +
                       kZeroPerf + "\nUNKNOWN /proc/" + pid +
                       "/root: Permission denied (reading another process's root needs root and "
                       "ptrace access to it): guest web1's mounts cannot be read\n");
}

}  // namespace
