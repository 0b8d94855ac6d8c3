// SPDX-License-Identifier: GPL-3.0-or-later
// MountPolicy on facts written as mountinfo lines: the recorded VServer host and
// guest (tests/fixtures/mountinfo), and small cases for each rule.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "mount/mountinfo.hpp"
#include "policy/mount_policy.hpp"
#include "process.hpp"

using namespace vs::mount;
using vs::plugin::Finding;
using vs::plugin::Result;
using vs::plugin::Status;
using vs::policy::judge_mounts;
using vs::policy::MountCounts;
using vs::policy::MountPolicy;

namespace {

const std::string kRoot = "/var/lib/vservers/web1";

std::vector<Mount> mounts(const std::string& text, const std::string& process_root = "/") {
  auto info = parse_mountinfo(text, "/proc/7/mountinfo");
  EXPECT_TRUE(info.errors.empty()) << info.errors.front().message;
  rebase(info.mounts, process_root);
  return info.mounts;
}

std::string recorded(const std::string& name) {
  std::ifstream in(vs::test::fixture("mountinfo/" + name));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The host's namespace: its root filesystem, and /var/lib/vservers on a disk of its own.
const char* const kHostBase =
    "20 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
    "21 20 0:21 / /proc rw,relatime - proc proc rw\n"
    "22 20 8:2 / /var/lib/vservers rw,relatime - ext4 /dev/sda2 rw\n"
    "23 20 8:3 / /srv rw,relatime - ext4 /dev/sda3 rw\n";

Host host_with(const std::string& extra = "") {
  Host h;
  h.mounts = mounts(kHostBase + extra);
  h.guest_roots = {{"web1", kRoot}, {"mail", "/var/lib/vservers/mail"}};
  return h;
}

// A running guest whose namespace (read from its chrooted init) holds `lines`.
Subject guest(const std::string& lines, bool running = true) {
  Subject s;
  s.label = "guest web1";
  s.guest = "web1";
  s.pid = 4242;
  s.root = kRoot;
  s.running = running;
  if (running) {
    s.namespace_read = true;
    s.namespace_file = "/proc/4242/mountinfo";
    s.mounts = mounts(lines, kRoot);
  }
  return s;
}

struct Judged {
  Result result;
  MountCounts counts;
};

Judged judge(const Host& host, const Subject& s, const MountPolicy& policy = {}) {
  Judged j;
  judge_mounts(policy, host, s, j.result, j.counts);
  return j;
}

std::vector<const Finding*> with(const Result& r, Status status) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings) {
    if (f.status == status) out.push_back(&f);
  }
  return out;
}

TEST(MountPolicy, RecordedVServerHostAndGuest) {
  Host host;
  host.mounts = mounts(recorded("vserver-host.mountinfo"));
  host.guest_roots = {{"web1", kRoot}, {"mail", "/var/lib/vservers/mail"}};
  Subject s = guest("");
  s.mounts = mounts(recorded("vserver-guest.mountinfo"), kRoot);
  const auto j = judge(host, s);
  EXPECT_EQ(j.counts.mounts, 9);
  EXPECT_EQ(j.counts.host_namespace, 1);
  EXPECT_EQ(j.counts.removable, 2);
  EXPECT_EQ(j.counts.writable_binds, 2);
  EXPECT_EQ(j.counts.missing, 0);
  const auto critical = with(j.result, Status::critical);
  ASSERT_EQ(critical.size(), 1u);
  EXPECT_EQ(critical[0]->origin, kRoot + "/var/mail");
  EXPECT_EQ(critical[0]->text,
            "writable bind mount of /var/lib/vservers/mail/var/spool (guest mail's root) into "
            "guest web1 at /var/mail: the guest can change it; bind it read-only or remove it");
  const auto warnings = with(j.result, Status::warning);
  ASSERT_EQ(warnings.size(), 4u);
  // The CD-ROM mounted in the host's namespace before the guest started: copied into it.
  EXPECT_EQ(warnings[0]->origin, kRoot + "/mnt/cdrom");
  EXPECT_EQ(warnings[0]->text,
            "tmpfs /dev/sr0 mounted in the host's namespace: guest web1 sees it too (it was there "
            "when the guest started, or propagated to it), and it keeps the guest's tree busy; "
            "mount it with vnamespace -e web1, and umount it here");
  EXPECT_EQ(warnings[0]->brief, "web1: /mnt/cdrom mounted in the host's namespace");
  EXPECT_EQ(warnings[1]->text,
            "guest web1 has removable media mounted: /dev/sr0 (tmpfs) on /mnt/cdrom; unmount it "
            "with vnamespace -e web1 umount " +
                kRoot + "/mnt/cdrom");
  EXPECT_EQ(warnings[2]->origin, kRoot + "/usr/share");  // tmpfs named /dev/cdrom
  EXPECT_EQ(warnings[3]->text,
            "writable bind mount of /var/lib/data/shared into guest web1 at /srv/data, from "
            "outside its root: bind it read-only if the guest only reads it, or accept it with "
            "--allow-mount " +
                kRoot + "/srv/data");
  const auto ok = with(j.result, Status::ok);
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0]->text, "read-only bind mount of /etc into guest web1 at /etc");
  EXPECT_EQ(ok[0]->min_verbosity, 1);
}

TEST(MountPolicy, HostNamespaceMountTheGuestDoesNotSee) {
  const Host host = host_with("30 22 11:0 / " + kRoot + "/mnt/cdrom ro - iso9660 /dev/sr0 ro\n");
  const auto j = judge(host, guest("40 39 8:2 /web1 / rw - ext4 /dev/sda2 rw\n"));
  ASSERT_EQ(j.result.findings.size(), 1u);
  const Finding& f = j.result.findings[0];
  EXPECT_EQ(f.status, Status::warning);
  EXPECT_EQ(f.origin, kRoot + "/mnt/cdrom");
  EXPECT_EQ(f.text,
            "iso9660 /dev/sr0 mounted in the host's namespace: guest web1 does not see it; mount "
            "it with vnamespace -e web1, and umount it here");
  EXPECT_EQ(j.counts.host_namespace, 1);
  EXPECT_EQ(j.counts.removable, 0);  // not in the guest's namespace
}

TEST(MountPolicy, TheGuestRootItselfIsNotAHostNamespaceMount) {
  const Host host = host_with("30 22 253:1 / " + kRoot + " rw - ext4 /dev/mapper/vg-web1 rw\n");
  const auto j = judge(host, guest("40 39 253:1 / / rw - ext4 /dev/mapper/vg-web1 rw\n"));
  EXPECT_TRUE(j.result.findings.empty());
  EXPECT_EQ(j.counts.host_namespace, 0);
}

TEST(MountPolicy, HostMountHidingWhatTheRunningGuestMountsIsCritical) {
  const Host host = host_with("30 22 0:50 / " + kRoot + "/tmp rw - tmpfs none rw\n");
  const auto j = judge(host, guest("40 39 0:61 / /tmp rw - tmpfs none rw,size=16384k\n"));
  const auto critical = with(j.result, Status::critical);
  ASSERT_EQ(critical.size(), 1u);
  EXPECT_EQ(critical[0]->text,
            "tmpfs none mounted in the host's namespace hides /tmp, which guest web1's own "
            "namespace mounts (tmpfs none): the host sees other files there than the guest does; "
            "umount it here, and mount it with vnamespace -e web1 if the guest needs it");
  EXPECT_EQ(critical[0]->brief, "web1: a host mount hides its /tmp");
}

TEST(MountPolicy, CopiesOfNestedHostMountsHideNothing) {
  const Host host = host_with("30 22 0:50 / " + kRoot + "/mnt rw - tmpfs a rw\n" + "31 30 0:51 / " +
                              kRoot + "/mnt/sub rw - tmpfs b rw\n");
  const auto j = judge(host, guest("40 39 0:50 / /mnt rw - tmpfs a rw\n"
                                   "41 40 0:51 / /mnt/sub rw - tmpfs b rw\n"));
  EXPECT_TRUE(with(j.result, Status::critical).empty());
  EXPECT_EQ(with(j.result, Status::warning).size(), 2u);
}

TEST(MountPolicy, StoppedGuestAndUnreadableNamespace) {
  const Host host = host_with("30 22 0:50 / " + kRoot + "/mnt rw - tmpfs a rw\n");
  const auto stopped = judge(host, guest("", false));
  ASSERT_EQ(stopped.result.findings.size(), 1u);
  EXPECT_EQ(stopped.result.findings[0].status, Status::warning);
  EXPECT_EQ(stopped.result.findings[0].text,
            "tmpfs a mounted in the host's namespace: it keeps stopped guest web1's tree busy and "
            "its namespace will copy it at start; umount it, and mount it with vnamespace -e web1 "
            "once the guest runs");
  Subject unreadable = guest("");
  unreadable.namespace_read = false;
  unreadable.problems.push_back({"/proc/4242/root", "Permission denied"});
  const auto j = judge(host, unreadable);
  ASSERT_EQ(j.result.findings.size(), 2u);
  EXPECT_EQ(j.result.findings[0].status, Status::unknown);
  EXPECT_EQ(j.result.findings[0].origin, "/proc/4242/root");
  EXPECT_EQ(j.result.findings[1].status, Status::warning);  // still judged: plain WARNING
  EXPECT_NE(j.result.findings[1].text.find("does not see it"), std::string::npos);
}

TEST(MountPolicy, AllowMountAcceptsThePathTheFindingNames) {
  const Host host = host_with("30 22 11:0 / " + kRoot + "/mnt/cdrom ro - iso9660 /dev/sr0 ro\n");
  const auto j = judge(host, guest("40 39 11:0 / /mnt/cdrom ro - iso9660 /dev/sr0 ro\n"),
                       MountPolicy{{kRoot + "/mnt/cdrom/"}});
  EXPECT_EQ(j.result.status(), Status::ok);
  EXPECT_EQ(j.counts.host_namespace, 0);
  EXPECT_EQ(j.counts.removable, 0);
  ASSERT_EQ(j.result.findings.size(), 2u);
  EXPECT_EQ(j.result.findings[0].text,
            "iso9660 /dev/sr0 mounted in the host's namespace: allowed by --allow-mount");
}

TEST(MountPolicy, RemovableByTypeNameAndKernelFlag) {
  Host host = host_with();
  host.removable = {{8, 17}};
  const auto j = judge(host, guest("40 39 7:0 / /iso ro - iso9660 /dev/loop0 ro\n"
                                   "41 39 0:60 / /dvd ro - udf /dev/sr1 ro\n"
                                   "42 39 8:17 / /usb rw - vfat /dev/disk/by-label/STICK rw\n"
                                   "43 39 0:61 / /cd rw - tmpfs /dev/cdrom rw\n"
                                   "44 39 0:62 / /no1 rw - tmpfs /dev/srv rw\n"
                                   "45 39 0:63 / /no2 rw - ext4 /dev/sda9 rw\n"));
  EXPECT_EQ(j.counts.removable, 4);
  const auto w = with(j.result, Status::warning);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[2]->text,
            "guest web1 has removable media mounted: /dev/disk/by-label/STICK (vfat) on /usb; "
            "unmount it with vnamespace -e web1 umount " +
                kRoot + "/usb");
  EXPECT_EQ(w[2]->brief, "web1 has /dev/disk/by-label/STICK mounted");
}

TEST(MountPolicy, FstabLinesNotMountedInTheRunningGuest) {
  Subject s = guest("40 39 0:61 / /tmp rw - tmpfs none rw\n");
  const auto entry = [](int line, std::string point, std::string skipped = "", bool hash = false) {
    FstabEntry e;
    e.where = {"/etc/vservers/web1/fstab", line};
    e.source = "none";
    e.point = point;
    e.type = "tmpfs";
    e.options = hash ? "defaults#" : "defaults";
    e.skipped = skipped;
    e.hash_appended = hash;
    return ExpectedMount{e, kRoot + point};
  };
  s.fstab = {entry(1, "/proc"), entry(2, "/tmp"), entry(3, "/mnt/cdrom", "noauto"),
             entry(4, "/dev/shm", "", true)};
  s.fstab_stops = {{{"/etc/vservers/web1/fstab.local", 2}, "syntax error: x", 3}};
  const auto j = judge(host_with(), s);
  EXPECT_EQ(j.counts.missing, 2);
  const auto w = with(j.result, Status::warning);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0]->origin, "/etc/vservers/web1/fstab.local:2");
  EXPECT_EQ(w[0]->text,
            "syntax error: x; secure-mount stops here, so this line and the 3 after it are never "
            "mounted in guest web1");
  EXPECT_EQ(w[1]->origin, "/etc/vservers/web1/fstab:1");
  EXPECT_EQ(w[1]->text, "'none /proc tmpfs' is not mounted in guest web1's namespace (nothing at " +
                            kRoot +
                            "/proc): mount it with vnamespace -e web1, or restart the guest");
  EXPECT_EQ(w[1]->brief, "web1: /proc not mounted");
  EXPECT_NE(w[2]->text.find("; no newline at end of file: secure-mount reads the options as "
                            "'defaults#', which most filesystems refuse"),
            std::string::npos)
      << w[2]->text;
  // Stopped: nothing is expected to be mounted, only the file's own defects count.
  Subject stopped = guest("", false);
  stopped.fstab = s.fstab;
  const auto k = judge(host_with(), stopped);
  EXPECT_EQ(k.counts.missing, 0);
  ASSERT_EQ(k.result.findings.size(), 1u);
  EXPECT_EQ(k.result.findings[0].origin, "/etc/vservers/web1/fstab:4");
}

TEST(MountPolicy, WritableBindsBySource) {
  const auto j =
      judge(host_with(), guest("40 39 8:1 /etc /etc rw - ext4 /dev/sda1 rw\n"
                               "41 39 8:1 / /host rw - ext4 /dev/sda1 rw\n"
                               "42 39 8:2 /mail/home /home rw - ext4 /dev/sda2 rw\n"
                               "43 39 8:3 /www /var/www rw - ext4 /dev/sda3 rw\n"
                               "44 39 8:3 /ro /ro ro - ext4 /dev/sda3 rw\n"
                               "45 39 8:2 /web1/a /b rw - ext4 /dev/sda2 rw\n"
                               "46 39 0:21 / /proc rw - proc proc rw\n"
                               "47 39 8:1 /usr/share/doc /doc rw - ext4 /dev/sda1 rw\n"));
  EXPECT_EQ(j.counts.writable_binds, 5);
  const auto c = with(j.result, Status::critical);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_NE(c[0]->text.find("of /etc (the host's /etc) into guest web1 at /etc:"),
            std::string::npos);
  EXPECT_NE(c[1]->text.find("of / (the host's root directory)"), std::string::npos);
  EXPECT_NE(c[2]->text.find("of /var/lib/vservers/mail/home (guest mail's root)"),
            std::string::npos);
  EXPECT_NE(c[3]->text.find("of /usr/share/doc (inside the host's /usr)"), std::string::npos);
  const auto w = with(j.result, Status::warning);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0]->origin, kRoot + "/var/www");
  EXPECT_EQ(w[0]->brief, "web1: writable bind of /srv/www");
  const auto ok = with(j.result, Status::ok);
  ASSERT_EQ(ok.size(), 1u);  // /b is the guest's own files, /proc a mount of the kernel's
  EXPECT_EQ(ok[0]->text, "read-only bind mount of /srv/ro into guest web1 at /ro");
}

TEST(MountPolicy, BindSourceNeedsTheDeviceAndARootPrefix) {
  const auto host = mounts(kHostBase);
  EXPECT_EQ(vs::policy::host_paths_of(mounts("1 0 8:3 /a/b /x rw - ext4 s rw\n")[0], host),
            std::vector<std::string>{"/srv/a/b"});
  EXPECT_TRUE(vs::policy::host_paths_of(mounts("1 0 8:9 /a /x rw - ext4 s rw\n")[0], host).empty());
  // The most specific host mount first: /mnt/d shows the root filesystem's /data.
  const auto more = mounts(std::string(kHostBase) + "30 20 8:1 /data /mnt/d rw - ext4 s rw\n");
  EXPECT_EQ(vs::policy::host_paths_of(mounts("1 0 8:1 /data/x /x rw - ext4 s rw\n")[0], more),
            (std::vector<std::string>{"/mnt/d/x", "/data/x"}));
  // "/database" is not below "/data".
  EXPECT_EQ(vs::policy::host_paths_of(mounts("1 0 8:1 /database /x rw - ext4 s rw\n")[0], more),
            std::vector<std::string>{"/database"});
}

TEST(MountPolicy, AContainerIsJudgedFromItsOwnRoot) {
  // A process in a namespace of its own whose root is an overlay the host mounts at
  // /var/lib/docker/overlay2/x/merged; its /etc/hosts is a bind of a host file.
  Host host;
  host.mounts = mounts(
      "20 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
      "30 20 0:70 / /var/lib/docker/overlay2/x/merged rw - overlay overlay rw\n");
  Subject s;
  s.label = "pid 900";
  s.pid = 900;
  s.root = "/";
  s.running = true;
  s.namespace_read = true;
  s.mounts = mounts(
      "50 49 0:70 / / rw - overlay overlay rw\n"
      "51 50 8:1 /var/lib/docker/containers/x/hosts /etc/hosts rw - ext4 /dev/sda1 rw\n"
      "52 50 0:70 /app /srv rw - overlay overlay rw\n"
      "53 50 0:80 / /mnt rw - tmpfs /dev/sr0 rw\n");
  const auto j = judge(host, s);
  EXPECT_EQ(j.counts.mounts, 4);
  EXPECT_EQ(j.counts.writable_binds, 1);  // /srv is the container's own files
  EXPECT_EQ(j.counts.removable, 1);
  const auto w = with(j.result, Status::warning);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0]->text,
            "pid 900 has removable media mounted: /dev/sr0 (tmpfs) on /mnt; unmount it with "
            "nsenter -t 900 -m umount /mnt");
  EXPECT_NE(w[1]->text.find("writable bind mount of /var/lib/docker/containers/x/hosts into pid "
                            "900 at /etc/hosts"),
            std::string::npos);
}

TEST(MountPolicy, SystemPaths) {
  const std::vector<std::pair<std::string, std::string>> roots = {{"web1", kRoot},
                                                                  {"mail", "/srv/mail"}};
  using vs::policy::system_path;
  EXPECT_EQ(system_path("/", "web1", roots), "the host's root directory");
  EXPECT_EQ(system_path("/root/.ssh", "web1", roots), "inside the host's /root");
  EXPECT_EQ(system_path("/srv/mail/x", "web1", roots), "guest mail's root");
  EXPECT_EQ(system_path("/var/lib/vservers", "web1", roots), "the host's /var/lib/vservers");
  EXPECT_FALSE(system_path("/srv/data", "web1", roots));
  EXPECT_FALSE(system_path("/etcetera", "web1", roots));
  EXPECT_FALSE(system_path("/usrlocal", "web1", roots));
}

}  // namespace
