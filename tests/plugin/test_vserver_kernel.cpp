// SPDX-License-Identifier: GPL-3.0-or-later
// Every verdict of the running kernel end to end: the built plugins replaying the
// recorded hosts of tests/fixtures/proc (its README says what each must answer) with
// --proc and --root together, as a sysadmin replays a recording attached to a bug
// report; then the same hosts with one guest's /proc files broken, which must cost
// that guest only.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "plugin_output.hpp"
#include "process.hpp"

using vs::test::TempDir;

namespace {

// A recorded host: its /proc and its configuration tree.
struct Host {
  std::string proc;
  std::string root;

  explicit Host(const std::string& name)
      : proc(vs::test::fixture("proc/" + name + "/proc")),
        root(vs::test::fixture("proc/" + name + "/root")) {}
  Host(std::string p, std::string r) : proc(std::move(p)), root(std::move(r)) {}

  vs::test::Run run(const std::string& plugin, std::vector<std::string> args = {}) const {
    std::vector<std::string> argv{vs::test::plugin(plugin), "--proc", proc, "--root", root,
                                  "--max-output",           "0"};
    argv.insert(argv.end(), args.begin(), args.end());
    return vs::test::run(argv);
  }
  // A guest's root, as the findings name its files.
  std::string guest_root(const std::string& guest) const {
    return root + "/var/lib/vservers/" + guest;
  }
};

const Host kVs23("vs23");
const Host kVs22("vs22");
// Neither virtual/ nor a configuration: the loopback can only be assumed.
const Host kPlain(vs::test::fixture("proc/plain/proc"), vs::test::fixture("proc/vs23/root"));

bool has_line(const vs::test::Run& r, const std::string& line) {
  return r.out.find("\n" + line + "\n") != std::string::npos;
}

// --- Loopback: live NFlags, the kernel's default, the assumption ---------------------

TEST(Loopback, PostfixLoopbackOnlyIsFineOnVs23WithTheLiveRemap) {
  const auto r = kVs23.run("check_vs_postfix", {"--guest", "mail", "-v"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.first_line(), "VS_POSTFIX OK - Postfix: 2 endpoints, all bound as they should be" +
                                vs::test::service_perf(2, 0, 0));
  EXPECT_TRUE(has_line(r, "OK " + kVs23.guest_root("mail") +
                              "/etc/postfix/master.cf:1: smtp tcp 127.0.0.1:25: loopback; guest "
                              "mail: loopback remapped to 127.0.42.1 (live NFlags)"))
      << r.out;
}

TEST(Loopback, PostfixLoopbackOnlyWillNotStartOnVs22) {
  const auto r = kVs22.run("check_vs_postfix", {"--guest", "smtp"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.first_line(),
            "VS_POSTFIX CRITICAL - Postfix will not start in a guest: no loopback interface" +
                vs::test::service_perf(2, 0, 2));
  EXPECT_TRUE(has_line(r, "CRITICAL " + kVs22.guest_root("smtp") +
                              "/etc/postfix/main.cf:3: Postfix will not start in a guest: no "
                              "loopback interface (inet_interfaces = loopback-only): use all or "
                              "the guest's own address; no loopback (vs2.2 kernel)"))
      << r.out;
}

TEST(Loopback, PostfixLoopbackOnlyIsOnlyAWarningWhenTheKernelIsUnknown) {
  const auto r = kPlain.run("check_vs_postfix", {"--guest", "mail"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.first_line(),
            "VS_POSTFIX WARNING - Postfix may not start in a guest: no loopback interface" +
                vs::test::service_perf(2, 0, 2));
  const std::string assumed =
      "no loopback (ASSUMED from the guest's files alone: no VServer kernel or configuration "
      "readable)";
  EXPECT_TRUE(has_line(r, "WARNING " + kPlain.guest_root("mail") +
                              "/etc/postfix/master.cf:1: smtp tcp 127.0.0.1:25: loopback address; "
                              "guest mail has " +
                              assumed +
                              ": if so, the bind fails (--proc or --loopback settles it)"))
      << r.out;
  EXPECT_EQ(r.out.find("CRITICAL"), std::string::npos) << r.out;
  // --loopback still settles it.
  EXPECT_EQ(kPlain.run("check_vs_postfix", {"--guest", "mail", "--loopback", "no"}).exit_code, 2);
  EXPECT_EQ(kVs23.run("check_vs_postfix", {"--guest", "mail", "--loopback", "no"}).exit_code, 2);
  EXPECT_EQ(kVs22.run("check_vs_postfix", {"--guest", "smtp", "--loopback", "yes"}).exit_code, 0);
}

TEST(Loopback, AStoppedGuestGetsTheKernelsDefaultChangedByItsNflags) {
  const auto r = kVs23.run("check_vs_sshd", {"--guest", "old", "-v"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(has_line(r, "OK " + kVs23.guest_root("old") +
                              "/etc/ssh/sshd_config:1: ListenAddress 127.0.0.1 (port 22): "
                              "loopback; guest old: loopback remapped to 127.0.45.1 (vs2.3 "
                              "default, CONFIG_VSERVER_AUTO_LBACK=y; nflags lback_allow)"))
      << r.out;
}

TEST(Loopback, X11ForwardingInAGuestWithoutLoopback) {
  const std::string x11 =
      "/etc/ssh/sshd_config:1: X11Forwarding yes with X11UseLocalhost yes: DISPLAY would point "
      "at localhost, a loopback the guest lacks; set X11UseLocalhost no; ";
  const auto web1 = kVs23.run("check_vs_sshd", {"--guest", "web1"});
  EXPECT_EQ(web1.exit_code, 1) << web1.out;
  EXPECT_TRUE(
      has_line(web1, "WARNING " + kVs23.guest_root("web1") + x11 + "no loopback (live NFlags)"))
      << web1.out;
  const auto mail = kVs23.run("check_vs_sshd", {"--guest", "mail"});
  EXPECT_EQ(mail.exit_code, 0) << mail.out;  // its loopback is remapped: DISPLAY works
  const auto www = kVs22.run("check_vs_sshd", {"--guest", "www"});
  EXPECT_EQ(www.exit_code, 1) << www.out;
  EXPECT_TRUE(
      has_line(www, "WARNING " + kVs22.guest_root("www") + x11 + "no loopback (live NFlags)"))
      << www.out;
}

TEST(Loopback, TheGeneratedAgentSaysWhatTheKernelGivesTheGuest) {
  const auto mail = vs::test::run({vs::test::generator(), "--format", "nrpe", "--guest", "mail",
                                   "--proc", kVs23.proc, "--root", kVs23.root});
  ASSERT_EQ(mail.exit_code, 0) << mail.out << mail.err;
  EXPECT_NE(mail.out.find("\n# Guest mail: loopback remapped to 127.0.42.1 (live NFlags).\n"),
            std::string::npos)
      << mail.out;
  const auto smtp = vs::test::run({vs::test::generator(), "--format", "nrpe", "--guest", "smtp",
                                   "--proc", kVs22.proc, "--root", kVs22.root});
  ASSERT_EQ(smtp.exit_code, 0) << smtp.out << smtp.err;
  EXPECT_NE(smtp.out.find("\n# Guest smtp: no loopback (vs2.2 kernel).\n"), std::string::npos)
      << smtp.out;
  EXPECT_EQ(smtp.out.find("has no loopback of its own"), std::string::npos) << smtp.out;
}

// --- check_vs_listen: loopback listeners, own namespaces, a recording's sockets -----

TEST(Listen, TheRecordedHost) {
  const auto r = kVs23.run("check_vs_listen", {"-vv"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.first_line(),
            "VS_LISTEN CRITICAL - 3 wildcard listeners of 7: tcp 0.0.0.0:22 (sshd), tcp [::]:22 "
            "(sshd), udp [::]:123 (ntpd) | listeners=7;;;0 wildcard=3;;0;0 guest_shadowed=8;;;0 "
            "exempt=0;;;0 wildcard_no_guest=0;;;0");
  // db has a network namespace of its own: no host wildcard answers for it.
  EXPECT_TRUE(has_line(r,
                       "CRITICAL tcp 0.0.0.0:22 sshd[812] uid 0: wildcard; answers for guests "
                       "mail (192.0.2.42), old (192.0.2.45), web1 (192.0.2.40): bind the host's "
                       "own address"))
      << r.out;
  EXPECT_TRUE(has_line(r,
                       "OK tcp 127.0.42.1:25 master[4230] uid 0: guest mail's loopback listener: "
                       "loopback; guest mail: loopback remapped to 127.0.42.1 (live NFlags)"))
      << r.out;
  EXPECT_TRUE(
      has_line(r, "OK tcp 192.0.2.40:80 apache2[4012] uid 0: guest web1's own (context 40)"))
      << r.out;
  EXPECT_TRUE(has_line(r, "OK inputs: sockets from " + kVs23.proc +
                              "/net (a recorded /proc: netlink cannot be replayed); guests from " +
                              kVs23.root + "/etc/vservers"))
      << r.out;
  // A recording has no "self": --role auto replays it as the host, whatever runs this.
  EXPECT_EQ(kVs23.run("check_vs_listen", {"--role", "host"}).out, kVs23.run("check_vs_listen").out);
}

TEST(Listen, AGuestWithItsOwnNamespaceIsReadThere) {
  const auto r = kVs23.run("check_vs_listen", {"--guest", "db", "-vv"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.first_line(),
            "VS_LISTEN OK - 1 listener, none on a wildcard address | listeners=1;;;0 "
            "wildcard=0;;;0 guest_shadowed=0;;;0 exempt=0;;;0 wildcard_no_guest=0;;;0");
  EXPECT_TRUE(has_line(r,
                       "OK tcp 127.0.0.1:3306 mariadbd[4310] uid 106: loopback; guest db: loopback "
                       "on its own lo (own network namespace: spaces/net without ncontext)"))
      << r.out;
  EXPECT_TRUE(
      has_line(r, "OK inputs: guest db's sockets from " + kVs23.proc + "/4300/net (recorded)"))
      << r.out;
  const auto expect = kVs23.run("check_vs_listen", {"--guest", "db", "--expect", "127.0.0.1:3306"});
  EXPECT_EQ(expect.exit_code, 0) << expect.out;
}

// --runtime for a guest with a network namespace of its own compares with the sockets
// of that namespace: db's mariadbd on 127.0.0.1:3306 is in 4300/net, not in the host's
// tables (where reading them would call the file "not applied").
TEST(Runtime, AGuestWithItsOwnNamespaceIsComparedWithItsOwnSockets) {
  const auto r = kVs23.run("check_vs_mysql", {"--guest", "db", "--runtime", "-vv"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const std::string cnf = kVs23.root + "/var/lib/vservers/db/etc/mysql/my.cnf";
  EXPECT_TRUE(has_line(r, "OK " + cnf + ":2: tcp 127.0.0.1:3306 is live as configured")) << r.out;
  EXPECT_TRUE(
      has_line(r, "OK inputs: guest db's sockets from " + kVs23.proc + "/4300/net (recorded)"))
      << r.out;
}

TEST(Listen, AGuestSeenFromTheHostOwnsItsLoopbackListener) {
  const auto r = kVs23.run("check_vs_listen", {"--guest", "mail", "-v"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(has_line(r,
                       "OK tcp 127.0.42.1:25 master[4230] uid 0: loopback; guest mail: loopback "
                       "remapped to 127.0.42.1 (live NFlags)"))
      << r.out;
  // web1 has no loopback: the same socket would be CRITICAL there, but it is not web1's.
  EXPECT_EQ(kVs23.run("check_vs_listen", {"--guest", "web1"}).exit_code, 0);
}

TEST(Listen, ARecordingCannotBeAskedLiveQuestions) {
  const auto netns = kVs23.run("check_vs_listen", {"--netns", "/proc/1/ns/net"});
  EXPECT_EQ(netns.exit_code, 3);
  EXPECT_EQ(netns.first_line(),
            "VS_LISTEN UNKNOWN - --netns reads a live namespace: it cannot be "
            "used with --proc " +
                kVs23.proc);
  EXPECT_EQ(kVs23.run("check_vs_listen", {"--source", "netlink"}).exit_code, 3);
  const auto missing = vs::test::run(
      {vs::test::plugin("check_vs_listen"), "--proc", "/nonexistent/proc", "--root", kVs23.root});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_EQ(missing.first_line(), "VS_LISTEN UNKNOWN - --proc /nonexistent/proc: no such file");
}

// --- check_vs_caps: the live bounding sets -------------------------------------------

TEST(Caps, GrantedLiveAndRestartPending) {
  const auto r = kVs23.run("check_vs_caps");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(
      r.out,
      "VS_CAPS CRITICAL - web1 holds NET_RAW granted live; 2 warnings | guests=4;;;0 "
      "net_raw=1;;;0;4 denied=2;;;0 broken=0;;;0;4\n"
      "CRITICAL " +
          kVs23.proc +
          "/virtual/40/status:4: guest web1 holds NET_RAW granted live: neither a bcapabilities "
          "file (guest web1 has none) nor util-vserver's default since 2011-06 (ffffffffb44c04ff) "
          "grants it, so it was set at run time (vattribute) and is lost at the next restart: "
          "every program in the guest can forge packets (the raw_icmp context capability in "
          "ccapabilities is enough for ping)\n"
          "WARNING " +
          kVs23.root + "/etc/vservers/mail/bcapabilities:1: guest mail holds SYS_TIME\nWARNING " +
          kVs23.root +
          "/etc/vservers/mail/bcapabilities: guest mail: restart pending: the running context "
          "lacks SYS_TIME, which it grants (" +
          kVs23.proc +
          "/virtual/42/status:4, measured against util-vserver's default since 2011-06 "
          "(ffffffffb44c04ff)): restart the guest to apply\n");
  // --allow accepts the live grant like a file's.
  const auto allowed = kVs23.run("check_vs_caps", {"--guest", "web1", "--allow", "web1:NET_RAW"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
}

TEST(Caps, Vs22MeasuresAgainstThePre2011Default) {
  const auto r = kVs22.run("check_vs_caps", {"--guest", "ns"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  // NET_RAW from the file, and live: no deviation, so nothing "granted live".
  EXPECT_EQ(r.out.find("granted live"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("restart pending"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/etc/vservers/ns/bcapabilities:1: guest ns holds NET_RAW"),
            std::string::npos)
      << r.out;
}

// --- check_vs_mounts: the recorded mountinfo -----------------------------------------

TEST(Mounts, TheRecordedNamespaces) {
  const auto r = kVs23.run("check_vs_mounts", {"-vv"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.first_line(),
            "VS_MOUNTS WARNING - web1: /mnt/cdrom mounted in the host's namespace, web1: "
            "/var/cache/apt not mounted | mounts=12;;;0 host_namespace=1;;;0 removable=0;;;0 "
            "missing=1;;;0 writable_binds=0;;;0");
  EXPECT_TRUE(has_line(r,
                       "WARNING /var/lib/vservers/web1/mnt/cdrom: iso9660 /dev/sr0 mounted in the "
                       "host's namespace: guest web1 does not see it; mount it with vnamespace -e "
                       "web1, and umount it here"))
      << r.out;
  EXPECT_TRUE(has_line(r, "WARNING " + kVs23.root +
                              "/etc/vservers/web1/fstab:4: 'none /var/cache/apt tmpfs' is not "
                              "mounted in guest web1's namespace (nothing at "
                              "/var/lib/vservers/web1/var/cache/apt): mount it with vnamespace -e "
                              "web1, or restart the guest"))
      << r.out;
  // The namespace of each running guest's init, as the kernel model names it.
  EXPECT_TRUE(has_line(r, "OK guest mail: namespace read from " + kVs23.proc +
                              "/4200/mountinfo (root /var/lib/vservers/mail)"))
      << r.out;
  EXPECT_TRUE(has_line(r, "OK guest old: not running: no namespace of its own")) << r.out;
}

// --- Bad input: one guest's /proc files broken, the others judged ---------------------

// A copy of vs23 to break.
struct Broken {
  TempDir dir;
  Host host{dir.path() + "/proc", dir.path() + "/root"};
  Broken() {
    std::filesystem::copy(
        vs::test::fixture("proc/vs23"), dir.path(),
        std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
  }
};

TEST(BadInput, ATruncatedStatusIsUnknownForItsGuestOnly) {
  Broken b;
  b.dir.write("proc/virtual/42/status", "UseCnt:\t17\nTasks:\t7\nFlags:\t00000014");
  const std::string line =
      "UNKNOWN " + b.host.proc +
      "/virtual/42/status:3: guest mail: 'Flags:?00000014' is cut short (truncated file?)";
  const auto caps = b.host.run("check_vs_caps");
  EXPECT_EQ(caps.exit_code, 2) << caps.out;  // web1's NET_RAW still counts
  EXPECT_NE(caps.out.find("guest web1 holds NET_RAW granted live"), std::string::npos);
  EXPECT_TRUE(has_line(caps, line)) << caps.out;
  const auto mounts = b.host.run("check_vs_mounts");
  EXPECT_TRUE(has_line(mounts, line)) << mounts.out;
  EXPECT_NE(mounts.out.find("guest web1"), std::string::npos) << mounts.out;
  // mail's Postfix is judged by the kernel's default (remapped) meanwhile.
  const auto postfix = b.host.run("check_vs_postfix", {"--guest", "mail"});
  EXPECT_EQ(postfix.exit_code, 3) << postfix.out;
  EXPECT_TRUE(has_line(postfix, line)) << postfix.out;
  EXPECT_EQ(postfix.out.find("CRITICAL"), std::string::npos) << postfix.out;
}

TEST(BadInput, GarbageNinfoIsUnknownForItsGuestOnly) {
  Broken b;
  // Without virtnet/40, web1's flags come from its init's ninfo: garbage there.
  std::filesystem::remove_all(b.host.proc + "/virtnet/40");
  b.dir.write("proc/4000/ninfo", "NID:\tforty\nNFlags:\t0000000406000000\n");
  const auto r = b.host.run("check_vs_listen");
  EXPECT_EQ(r.exit_code, 2) << r.out;  // the host's wildcards are still judged
  EXPECT_TRUE(has_line(r, "UNKNOWN " + b.host.proc +
                              "/4000/ninfo:1: guest web1: NID: 'forty' is not a decimal number"))
      << r.out;
  const auto sshd = b.host.run("check_vs_sshd", {"--guest", "web1", "--guest", "mail"});
  EXPECT_NE(sshd.out.find("4000/ninfo:1: guest web1"), std::string::npos) << sshd.out;
  // web1 falls back on the kernel's default changed by its nflags file (~lback_remap).
  EXPECT_NE(sshd.out.find("no loopback (vs2.3 default, CONFIG_VSERVER_AUTO_LBACK=y; nflags "
                          "~lback_remap)"),
            std::string::npos)
      << sshd.out;
}

TEST(BadInput, AFifoOrAHugeStatusIsRefusedNeverOpened) {
  Broken b;
  std::filesystem::remove(b.host.proc + "/virtual/43/status");
  ASSERT_EQ(mkfifo((b.host.proc + "/virtual/43/status").c_str(), 0644), 0);
  b.dir.write("proc/virtual/40/status", std::string(100000, 'x'));
  for (const char* plugin : {"check_vs_caps", "check_vs_mounts", "check_vs_listen"}) {
    const auto r = b.host.run(plugin, {"-t", "8"});
    EXPECT_FALSE(r.timed_out) << plugin;
    EXPECT_EQ(r.out.find("timed out"), std::string::npos) << plugin << ": " << r.out;
    EXPECT_TRUE(has_line(
        r, "UNKNOWN " + b.host.proc + "/virtual/43/status: guest db: a FIFO, not a regular file"))
        << plugin << ": " << r.out;
    EXPECT_NE(r.out.find(b.host.proc + "/virtual/40/status: guest web1: file is 100000 bytes, "
                                       "over the 65536-byte limit"),
              std::string::npos)
        << plugin << ": " << r.out;
  }
  // mail, untouched, is still judged: its restart is pending.
  EXPECT_NE(b.host.run("check_vs_caps").out.find("guest mail: restart pending"), std::string::npos);
}

}  // namespace
