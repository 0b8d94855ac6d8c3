// SPDX-License-Identifier: GPL-3.0-or-later
// Every plugin against every kind of hostile input a guest (or a broken host) can
// put where a configuration file should be. Each must answer well inside --timeout
// with a Nagios line, exit 0..3, at most 1023 bytes, the file named when it is the
// problem, and never a byte of a host file that a guest's symlink points at.
// The test prints the input x plugin table it checked.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <iconv.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

#include "plugin_output.hpp"
#include "process.hpp"
#include "registry.hpp"
#include "vserver_tree.hpp"

using vs::test::TempDir;

namespace {

constexpr const char* kSecret = "HOST-SECRET-7f3a";

struct Target {
  std::string plugin;
  std::string file;  // where the plugin reads its configuration, inside a guest's root
};

// check_vs_caps reads the guest's bcapabilities from /etc/vservers, the configuration
// checks their default file in the guest's root (Postfix's directory: its main.cf);
// check_vs_listen reads no file of a guest's and is covered by the guest-name case.
std::vector<Target> targets() {
  std::vector<Target> out{{"check_vs_caps", ""}};
  for (const auto& p : vs::registry::plugins) {
    const std::string config = p.default_config();
    if (config.empty()) continue;
    std::string file = config;
    for (const auto& f : p.installed_if) {
      if (std::string(f).rfind(config + "/", 0) == 0) file = f;
    }
    out.push_back({std::string(p.name), file});
  }
  return out;
}
const std::vector<Target> kTargets = targets();

std::string random_bytes(std::size_t n, bool printable) {
  std::mt19937 rng(42);
  std::string s(n, ' ');
  for (auto& c : s)
    c = static_cast<char>(printable ? 32 + rng() % 95 : rng() % 256);
  if (printable) {
    for (std::size_t i = 80; i < n; i += 81)
      s[i] = '\n';
  }
  return s;
}

// The include directive that makes `file` include itself, per plugin.
std::string self_include(const std::string& plugin, const std::string& file) {
  if (plugin == "check_vs_sshd") return "Include " + file + "\n";
  if (plugin == "check_vs_apache") return "Include " + file + "\n";
  if (plugin == "check_vs_nrpe") return "include=" + file + "\ninclude_dir=/etc/nagios\n";
  if (plugin == "check_vs_mysql") return "!include " + file + "\n!includedir /etc/mysql\n";
  return "";
}

struct Case {
  std::string name;
  // Makes the hostile thing at `path` (a host path), given the tree.
  std::function<void(const TempDir&, const std::string& path, const Target&)> make;
  bool names_file;  // the output must name the file
};

void write_file(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

const std::vector<Case> kCases = {
    {"FIFO", [](auto&, const std::string& p, auto&) { ASSERT_EQ(mkfifo(p.c_str(), 0644), 0); },
     true},
    {"/dev/zero via symlink",
     [](auto&, const std::string& p, auto&) { std::filesystem::create_symlink("/dev/zero", p); },
     false},
    {"directory",
     [](auto&, const std::string& p, auto&) { std::filesystem::create_directories(p); }, true},
    {"64 MiB file",
     [](auto&, const std::string& p, auto&) {
       write_file(p, "");
       std::filesystem::resize_file(p, 64u << 20);
     },
     true},
    {"2 MiB line",
     [](auto&, const std::string& p, auto&) { write_file(p, std::string(2u << 20, 'a') + "\n"); },
     false},
    {"NUL bytes",
     [](auto&, const std::string& p, auto&) { write_file(p, std::string("a=b\n\0\0x\n", 9)); },
     true},
    {"random binary",
     [](auto&, const std::string& p, auto&) { write_file(p, random_bytes(65536, false)); }, true},
    {"random text",
     [](auto&, const std::string& p, auto&) { write_file(p, random_bytes(65536, true)); }, false},
    {"symlink loop",
     [](auto&, const std::string& p, auto&) {
       const std::string name = std::filesystem::path(p).filename().string();
       std::filesystem::create_symlink(name + ".b", p);
       std::filesystem::create_symlink(name, p + ".b");
     },
     true},
    {"include loop",
     [](auto&, const std::string& p, const Target& t) {
       write_file(p, self_include(t.plugin, t.file));
     },
     false},
    {"symlink out of the root (absolute)",
     [](auto&, const std::string& p, auto&) { std::filesystem::create_symlink("/host-secret", p); },
     false},
    {"symlink out of the root (../..)",
     [](auto&, const std::string& p, auto&) {
       std::filesystem::create_symlink("../../../../../../../../host-secret", p);
     },
     false},
};

std::string cell(const vs::test::Run& r) {
  const std::string first = r.first_line();
  const auto dash = first.find(" - ");
  const auto status = first.substr(0, dash).substr(first.find(' ') + 1);
  return status + " (" + std::to_string(r.exit_code) + ")";
}

TEST(HostileInput, EveryPluginEveryInput) {
  std::map<std::string, std::map<std::string, std::string>> table;
  for (const auto& c : kCases) {
    for (const auto& t : kTargets) {
      // bcapabilities has no includes, and lives in the host's own /etc/vservers, out
      // of the guest's reach: a link there is the administrator's.
      if (t.plugin == "check_vs_caps" &&
          (c.name == "include loop" || c.name.rfind("symlink out", 0) == 0)) {
        continue;
      }
      TempDir dir;
      // The secret stands where an escaping symlink would land on the host side.
      write_file(dir.path() + "/host-secret", std::string(kSecret) + "\nNET_RAW\nListen 80\n");
      const std::string root = vs::test::add_guest(dir, {.name = "web1", .ips = {"192.0.2.40"}});
      const std::string path = t.plugin == "check_vs_caps"
                                   ? dir.path() + "/etc/vservers/web1/bcapabilities"
                                   : root + t.file;
      std::filesystem::create_directories(std::filesystem::path(path).parent_path());
      c.make(dir, path, t);
      const auto r = vs::test::run_plugin(t.plugin, dir.path(), {"--guest", "web1", "-t", "8"});
      const std::string what = c.name + " x " + t.plugin;
      EXPECT_FALSE(r.timed_out) << what;
      EXPECT_GE(r.exit_code, 0) << what << " signal " << r.signal;
      EXPECT_LE(r.exit_code, 3) << what;
      EXPECT_LE(r.out.size(), 1023u) << what;
      EXPECT_EQ(r.out.find("timed out"), std::string::npos) << what << ": " << r.out;
      EXPECT_EQ(r.out.find(kSecret), std::string::npos) << what << ": " << r.out;
      EXPECT_EQ(r.out.rfind(std::string("VS_"), 0), 0u) << what << ": " << r.out;
      if (c.names_file) {
        EXPECT_NE(r.out.find(path.substr(path.rfind('/') + 1)), std::string::npos)
            << what << ": " << r.out;
      }
      table[c.name][t.plugin] = cell(r);
    }
  }
  std::cout << "| input |";
  for (const auto& t : kTargets)
    std::cout << " " << std::string(t.plugin).substr(9) << " |";
  std::cout << "\n|---|";
  for (std::size_t i = 0; i < kTargets.size(); ++i)
    std::cout << "---|";
  std::cout << "\n";
  for (const auto& c : kCases) {
    std::cout << "| " << c.name << " |";
    for (const auto& t : kTargets) {
      const auto it = table[c.name].find(t.plugin);
      std::cout << " " << (it == table[c.name].end() ? "n/a" : it->second) << " |";
    }
    std::cout << "\n";
  }
}

// Guest names with '|', newlines and control characters never break line 1 or the
// perfdata, whichever plugin reports them.
TEST(HostileInput, GuestNamesCannotBreakTheFormat) {
  TempDir dir;
  vs::test::add_guest(
      dir, {.name = "we|b\n1\x1b[31m", .ips = {"192.0.2.40"}, .bcapabilities = "NET_RAW\n"});
  for (const char* plugin : {"check_vs_caps", "check_vs_listen"}) {
    const auto r = vs::test::run_plugin(plugin, dir.path(), {"-v"});
    ASSERT_GE(r.exit_code, 0) << plugin;
    ASSERT_LE(r.exit_code, 3) << plugin;
    const std::string first = r.first_line();
    EXPECT_EQ(std::count(first.begin(), first.end(), '|'), 1) << plugin << ": " << first;
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << plugin;
    for (std::size_t pos = 0;
         (pos = r.out.find('\n', pos)) != std::string::npos && pos + 1 < r.out.size(); ++pos) {
      const std::string line = r.out.substr(pos + 1, r.out.find('\n', pos + 1) - pos - 1);
      EXPECT_TRUE(line.rfind("OK ", 0) == 0 || line.rfind("WARNING ", 0) == 0 ||
                  line.rfind("CRITICAL ", 0) == 0 || line.rfind("UNKNOWN ", 0) == 0)
          << plugin << ": a finding line broken in two: " << line;
    }
  }
}

// A child process that names itself `name` (prctl PR_SET_NAME: its comm and the Name:
// line of its status, cut to 15 bytes by the kernel) and waits until it is killed, at
// the end of the scope. pid() is -1 when it could not be started.
class NamedChild {
 public:
  explicit NamedChild(const char* name) {
    int ready[2];
    if (pipe(ready) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_NAME, name, 0, 0, 0);
      if (write(ready[1], "x", 1) != 1) _exit(1);
      pause();
      _exit(0);
    }
    close(ready[1]);
    char byte;
    if (pid_ > 0 && read(ready[0], &byte, 1) != 1) stop();
    close(ready[0]);
  }
  ~NamedChild() { stop(); }
  NamedChild(const NamedChild&) = delete;
  NamedChild& operator=(const NamedChild&) = delete;
  pid_t pid() const { return pid_; }

 private:
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  pid_t pid_ = -1;
};

}  // namespace

namespace {

// Two thousand guests: a correct count and output that still fits NRPE's buffer.
TEST(Scale, TwoThousandGuests) {
  TempDir dir;
  for (int i = 0; i < 2000; ++i) {
    vs::test::add_guest(dir, {.name = "g" + std::to_string(i),
                              .ips = {"192.0.2." + std::to_string(1 + i % 250)},
                              .bcapabilities = i % 4 == 0 ? "NET_RAW\n" : "CHOWN\n"});
  }
  const auto r = vs::test::run_plugin("check_vs_caps", dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_LE(r.out.size(), 1023u);
  EXPECT_NE(r.first_line().find(
                "| guests=2000;;;0 net_raw=500;;;0;2000 denied=500;;;0 broken=0;;;0;2000"),
            std::string::npos)
      << r.first_line();
  EXPECT_NE(r.out.find(" more findings)\n"), std::string::npos);
}

// Run as nobody on a tree nobody may read: every plugin answers, 0..3, no signal.
TEST(Unprivileged, EveryPluginAsNobody) {
  if (!vs::test::is_root()) GTEST_SKIP() << "needs root to switch to nobody (setpriv)";
  if (!vs::test::have_program("setpriv")) GTEST_SKIP() << "needs setpriv (util-linux)";
  const char* src = std::getenv("VS_SOURCE_ROOT");
  ASSERT_NE(src, nullptr);
  TempDir dir;
  std::filesystem::copy(
      std::string(src) + "/examples/demo-host", dir.path() + "/demo",
      std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all |
                                               std::filesystem::perms::others_read |
                                               std::filesystem::perms::others_exec);
  // The plugins too: the build tree may sit where nobody cannot reach.
  for (const auto& t : kTargets)
    std::filesystem::copy(vs::test::plugin(t.plugin), dir.path() + "/" + t.plugin);
  std::filesystem::copy(vs::test::plugin("check_vs_listen"), dir.path() + "/check_vs_listen");
  std::vector<std::string> plugins{"check_vs_listen"};
  for (const auto& t : kTargets)
    plugins.push_back(t.plugin);
  for (const auto& p : plugins) {
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{}, std::vector<std::string>{"--guest", "web1"}}) {
      std::vector<std::string> argv{"setpriv",           "--reuid=nobody",     "--regid=nogroup",
                                    "--clear-groups",    dir.path() + "/" + p, "--root",
                                    dir.path() + "/demo"};
      argv.insert(argv.end(), extra.begin(), extra.end());
      const auto r = vs::test::run(argv);
      EXPECT_EQ(r.signal, 0) << p;
      EXPECT_GE(r.exit_code, 0) << p << ": " << r.out << r.err;
      EXPECT_LE(r.exit_code, 3) << p;
      EXPECT_EQ(r.out.rfind("VS_", 0), 0u) << p << ": " << r.out << r.err;
    }
  }
}

}  // namespace

// Issue 15: what a hostile guest tried, and what each plugin must do instead.
namespace {

// Every plugin of the registry.
std::vector<std::string> all_plugins() {
  std::vector<std::string> out;
  for (const auto& p : vs::registry::plugins)
    out.emplace_back(p.name);
  return out;
}
const std::vector<std::string> kAllPlugins = all_plugins();

std::string label_of(const std::string& plugin) {
  for (const auto& p : vs::registry::plugins) {
    if (p.name == plugin) return std::string(p.label);
  }
  return "?";
}

// glibc's iconv refuses what is not UTF-8: an oracle independent of the report code.
bool valid_utf8(const std::string& text) {
  iconv_t cd = iconv_open("UTF-8", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string in = text;
  std::string out(text.size() * 4 + 16, '\0');
  char* inp = in.data();
  char* outp = out.data();
  std::size_t in_left = in.size();
  std::size_t out_left = out.size();
  const std::size_t rc = iconv(cd, &inp, &in_left, &outp, &out_left);
  iconv_close(cd);
  return rc != static_cast<std::size_t>(-1) && in_left == 0;
}

// Runs the plugin under the seccomp wrapper that refuses openat2, or as it is.
vs::test::Run run_plugin_maybe_without_openat2(bool without, const std::string& plugin,
                                               const std::vector<std::string>& args) {
  std::vector<std::string> argv;
  if (without) {
    const char* wrapper = std::getenv("VS_NO_OPENAT2");
    if (wrapper == nullptr) ADD_FAILURE() << "VS_NO_OPENAT2 is not set (meson test sets it)";
    argv.push_back(wrapper != nullptr ? wrapper : "no-openat2");
  }
  argv.push_back(vs::test::plugin(plugin));
  argv.insert(argv.end(), args.begin(), args.end());
  return vs::test::run(argv);
}

// A child that exchanges two names in a loop, as fast as it can, until destroyed.
class Swapper {
 public:
  Swapper(const std::string& a, const std::string& b) {
    pid_ = fork();
    if (pid_ == 0) {
      for (;;)
        syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE);
    }
  }
  ~Swapper() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Swapper(const Swapper&) = delete;
  Swapper& operator=(const Swapper&) = delete;
  bool ok() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

// The guest swaps its /etc/ssh (or the Include directory) with a symlink to a host
// directory, in a renameat2(RENAME_EXCHANGE) loop, while check_vs_sshd --guest runs
// again and again, with openat2 and with the walk by descriptors (seccomp): the
// host's files are never judged (their address never appears, even at -vvv) and
// never echoed (their secret line). Before the fix, 13 runs in 300 judged them.
TEST(Issue15, ARacingSwapperNeverGetsAHostFileRead) {
  constexpr int kRuns = 150;
  for (const std::string swapped : {"etc/ssh", "etc/ssh/sshd_config.d"}) {
    TempDir dir;
    const std::string root = vs::test::add_guest(dir, {.name = "web1", .ips = {"192.0.2.40"}});
    write_file(root + "/etc/ssh/sshd_config",
               "ListenAddress 192.0.2.40\nInclude /etc/ssh/sshd_config.d/*.conf\n");
    write_file(root + "/etc/ssh/sshd_config.d/a.conf", "X11Forwarding no\n");
    const std::string host = dir.path() + "/host";
    const std::string host_file = std::string(kSecret) + " yes\nListenAddress 192.0.2.250\n";
    write_file(host + "/ssh/sshd_config", host_file);
    write_file(host + "/ssh/sshd_config.d/a.conf", host_file);
    write_file(host + "/sshd_config.d/a.conf", host_file);
    const std::string target = swapped == "etc/ssh" ? host + "/ssh" : host + "/sshd_config.d";
    std::filesystem::create_symlink(target, root + "/" + swapped + ".swap");
    Swapper swapper(root + "/" + swapped, root + "/" + swapped + ".swap");
    ASSERT_TRUE(swapper.ok());
    int judged_guest = 0;
    for (const bool without_openat2 : {false, true}) {
      for (int i = 0; i < kRuns; ++i) {
        const auto r = run_plugin_maybe_without_openat2(
            without_openat2, "check_vs_sshd", {"--root", dir.path(), "--guest", "web1", "-vvv"});
        const std::string what =
            swapped + (without_openat2 ? " (no openat2)" : "") + " run " + std::to_string(i) + ": ";
        ASSERT_GE(r.exit_code, 0) << what << r.out << r.err;
        ASSERT_LE(r.exit_code, 3) << what << r.out;
        ASSERT_EQ(r.out.find(kSecret), std::string::npos) << what << r.out;
        ASSERT_EQ(r.out.find("192.0.2.250"), std::string::npos) << what << r.out;
        if (r.out.find("binds tcp 192.0.2.40:22") != std::string::npos) ++judged_guest;
      }
    }
    EXPECT_GT(judged_guest, 0) << swapped << ": the guest's own file was never read";
  }
}

// A guest with MKNOD puts a device node where a configuration file goes: each plugin
// says what it is, and never opens it (inotify would see an IN_OPEN).
TEST(Issue15, DeviceNodesAreNeverOpened) {
  if (!vs::test::is_root()) GTEST_SKIP() << "needs root to mknod a character device";
  for (const auto& t : kTargets) {
    TempDir dir;
    const std::string root = vs::test::add_guest(dir, {.name = "web1", .ips = {"192.0.2.40"}});
    const std::string path = std::string(t.plugin) == "check_vs_caps"
                                 ? dir.path() + "/etc/vservers/web1/bcapabilities"
                                 : root + t.file;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    // The null device's numbers: harmless should the test fail.
    ASSERT_EQ(mknod(path.c_str(), S_IFCHR | 0600, makedev(1, 3)), 0);
    const int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    ASSERT_GE(in, 0);
    ASSERT_GE(inotify_add_watch(in, path.c_str(), IN_OPEN), 0);
    const auto r = vs::test::run_plugin(t.plugin, dir.path(), {"--guest", "web1"});
    char events[4096];
    EXPECT_EQ(read(in, events, sizeof events), -1) << t.plugin << " opened the device";
    close(in);
    EXPECT_NE(r.out.find(path), std::string::npos) << t.plugin << ": " << r.out;
    EXPECT_NE(r.out.find("a character device, not a regular file"), std::string::npos)
        << t.plugin << ": " << r.out;
  }
}

// --config /dev/stdin: a magic link into /proc, refused by name.
TEST(Issue15, ConfigFromStdinIsRefusedClearly) {
  for (const char* plugin :
       {"check_vs_sshd", "check_vs_apache", "check_vs_slapd", "check_vs_nrpe", "check_vs_mysql"}) {
    const auto r = vs::test::run({vs::test::plugin(plugin), "--config", "/dev/stdin", "--role",
                                  "host", "--vservers-dir", "/"});
    EXPECT_EQ(r.exit_code, 3) << plugin << ": " << r.out;
    EXPECT_NE(r.out.find("/dev/stdin: a link into /proc, not a configuration file"),
              std::string::npos)
        << plugin << ": " << r.out;
  }
}

// A process may name itself "CapBnd:0" (prctl PR_SET_NAME): check_vs_caps --pid must
// still read its real bounding set, NET_RAW included.
TEST(Issue15, AProcessNamedCapBndCannotHideItsBoundingSet) {
  std::string status;
  std::getline(std::ifstream("/proc/self/status") >> std::ws, status, '\0');
  const auto line = status.find("\nCapBnd:\t");
  ASSERT_NE(line, std::string::npos);
  const auto bounding = std::stoull(status.substr(line + 9, 16), nullptr, 16);
  if ((bounding & (1ull << 13)) == 0) GTEST_SKIP() << "this test runs without NET_RAW to lose";
  const NamedChild child("CapBnd:0");
  ASSERT_GT(child.pid(), 0);
  const auto r =
      vs::test::run({vs::test::plugin("check_vs_caps"), "--pid", std::to_string(child.pid()),
                     "--vservers-dir", "/nonexistent-is-fine-with-pid"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("pid " + std::to_string(child.pid()) + " (CapBnd:0) holds NET_RAW"),
            std::string::npos)
      << r.out;
}

// Bytes from guests and processes are any bytes; the output is UTF-8 all the same.
TEST(Issue15, OutputIsValidUtf8WhateverTheNames) {
  TempDir dir;
  vs::test::add_guest(dir,
                      {.name = "caf\xe9", .ips = {"192.0.2.40"}, .bcapabilities = "NET_RAW\n"});
  const auto guest = vs::test::run_plugin("check_vs_caps", dir.path(), {"-v"});
  EXPECT_EQ(guest.exit_code, 2) << guest.out;
  EXPECT_TRUE(valid_utf8(guest.out)) << guest.out;
  EXPECT_NE(guest.out.find("caf\\xE9 holds NET_RAW"), std::string::npos) << guest.out;

  // 14 ASCII bytes and an "é": the kernel keeps 15 bytes, cutting the "é" in two.
  const NamedChild child("aaaaaaaaaaaaaa\xc3\xa9");
  ASSERT_GT(child.pid(), 0);
  const auto r =
      vs::test::run({vs::test::plugin("check_vs_caps"), "--pid", std::to_string(child.pid()),
                     "--vservers-dir", "/nonexistent-is-fine-with-pid", "-v"});
  EXPECT_TRUE(valid_utf8(r.out)) << r.out;
  EXPECT_NE(r.out.find("(aaaaaaaaaaaaaa\\xC3)"), std::string::npos) << r.out;
}

// Every option or usage error of every plugin: "LABEL UNKNOWN - <what>", then one
// Usage line, exit 3, and no '|' at all (Nagios would read the rest as perfdata).
TEST(Issue15, UsageErrorsAreOneFormatWithoutAPipe) {
  TempDir dir;
  vs::test::add_guest(dir, {.name = "web1", .ips = {"192.0.2.40"}});
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--bogus"}, "unrecognised option '--bogus'"},
      {{"-t", "-4294967295"},
       "--timeout must be a whole number of seconds from 1 to 86400, not '-4294967295'"},
      {{"--max-output", "-1"}, "--max-output must be 0 (no cap) or at least 256 bytes"},
      {{"--max-output", "1"}, "--max-output must be 0 (no cap) or at least 256 bytes"},
      {{"--max-output", "3"}, "--max-output must be 0 (no cap) or at least 256 bytes"},
      {{"--guest", "nope"}, "guest 'nope' is not configured in " + dir.path() + "/etc/vservers"},
      {{"--vservers-dir", "/etc/vservrs"},
       "--vservers-dir " + dir.path() + "/etc/vservrs: no such directory"},
  };
  for (const auto& plugin : kAllPlugins) {
    for (const auto& [args, message] : cases) {
      if (plugin == "check_vs_listen" && args[0] == "--guest") continue;  // it takes no guest
      const auto r = vs::test::run_plugin(plugin, dir.path(), args);
      const std::string what = plugin + " " + args[0] + " " + args.back();
      EXPECT_EQ(r.exit_code, 3) << what << ": " << r.out;
      EXPECT_EQ(r.out.rfind(label_of(plugin) + " UNKNOWN - " + message, 0), 0u)
          << what << ": " << r.out;
      const auto second = r.out.find('\n') + 1;
      EXPECT_EQ(r.out.compare(second, 7 + plugin.size(), "Usage: " + plugin), 0)
          << what << ": " << r.out;
      EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << what << ": " << r.out;
      EXPECT_EQ(r.out.find('|'), std::string::npos) << what << ": " << r.out;
    }
  }
}

// The default /etc/vservers missing is a host without guests, not an error.
TEST(Issue15, TheDefaultVserversDirMayBeMissing) {
  TempDir dir;
  const auto r = vs::test::run_plugin("check_vs_caps", dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.first_line().rfind("VS_CAPS OK - 0 guests", 0), 0u) << r.out;
}

TEST(Issue15, ARepeatedGuestCountsOnce) {
  TempDir dir;
  vs::test::add_guest(dir, {.name = "web1", .ips = {"192.0.2.40"}, .bcapabilities = "NET_RAW\n"});
  const auto r =
      vs::test::run_plugin("check_vs_caps", dir.path(), {"--guest", "web1", "--guest", "web1"});
  EXPECT_EQ(r.exit_code, 2);
  vs::test::expect_summary(r, "VS_CAPS CRITICAL",
                           " | guests=1;;;0 net_raw=1;;;0;1 denied=1;;;0 broken=0;;;0;1");
}

// The smallest cap keeps line 1 whole: the status word and every perfdata item,
// only the summary shortened.
TEST(Issue15, TheSmallestCapKeepsLineOneWhole) {
  const char* src = std::getenv("VS_SOURCE_ROOT");
  ASSERT_NE(src, nullptr);
  const std::string demo = std::string(src) + "/examples/demo-host";
  for (const auto& plugin : kAllPlugins) {
    const auto whole = vs::test::run_plugin(plugin, demo, {"--max-output", "0", "-v"});
    const auto capped = vs::test::run_plugin(plugin, demo, {"--max-output", "256", "-v"});
    ASSERT_EQ(capped.exit_code, whole.exit_code) << plugin;
    EXPECT_LE(capped.out.size(), 256u) << plugin;
    const std::string line = whole.first_line();
    const std::string cut = capped.first_line();
    const std::string head = line.substr(0, line.find(" - ") + 3);
    EXPECT_EQ(cut.rfind(head, 0), 0u) << plugin << ": " << cut;
    const auto bar = line.find(" | ");
    if (bar != std::string::npos) {
      const std::string perf = line.substr(bar);
      ASSERT_GE(cut.size(), perf.size()) << plugin;
      EXPECT_EQ(cut.substr(cut.size() - perf.size()), perf) << plugin << ": " << cut;
    }
  }
}

// The include bombs of issue 15: the same big file included again and again, a
// 16-deep Apache chain, directories of hard links. The read budget stops them and
// says so; the plugin's peak RSS stays below 64 MiB (it reached 1.4 GiB).
struct Bomb {
  const char* plugin;
  std::function<void(const std::string& guest_root)> make;
};

// Four 1 MiB lines of `directive` + value: text the parsers keep, 4 MiB a file.
void write_big(const std::string& path, const std::string& head, const std::string& directive) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << head;
  const std::string value((1u << 20) - 256, 'x');
  for (int i = 0; i < 4; ++i)
    out << directive << value << "\n";
}

void hard_links(const std::string& file, const std::string& dir, const std::string& ext, int n) {
  for (int i = 0; i < n; ++i)
    std::filesystem::create_hard_link(file, dir + "/l" + std::to_string(i) + ext);
}

const std::vector<Bomb> kBombs = {
    {"check_vs_sshd",
     [](const std::string& g) {
       write_big(g + "/etc/ssh/big.conf", "", "Banner ");
       std::string main = "ListenAddress 192.0.2.40\n";
       for (int i = 0; i < 511; ++i)
         main += "Include /etc/ssh/big.conf\n";
       write_file(g + "/etc/ssh/sshd_config", main);
     }},
    {"check_vs_apache",
     [](const std::string& g) {
       write_big(g + "/etc/apache2/big.conf", "", "ServerName ");
       write_file(g + "/etc/apache2/apache2.conf",
                  "Listen 192.0.2.40:80\nInclude /etc/apache2/c1.conf\n");
       for (int i = 1; i <= 16; ++i) {
         write_file(g + "/etc/apache2/c" + std::to_string(i) + ".conf",
                    "Include /etc/apache2/big.conf\nInclude /etc/apache2/c" +
                        std::to_string(i + 1) + ".conf\n");
       }
     }},
    {"check_vs_nrpe",
     [](const std::string& g) {
       // nrpe reads 2046 bytes a line (fgets): longer lines end its reading of a file.
       std::string lines;
       while (lines.size() < (4u << 20) - 4096)
         lines += "command[x]=" + std::string(2000, 'x') + "\n";
       write_file(g + "/etc/nagios/nrpe.d/big.cfg", lines);
       hard_links(g + "/etc/nagios/nrpe.d/big.cfg", g + "/etc/nagios/nrpe.d", ".cfg", 64);
       write_file(g + "/etc/nagios/nrpe.cfg",
                  "server_address=192.0.2.40\ninclude_dir=/etc/nagios/nrpe.d\n");
     }},
    {"check_vs_mysql",
     [](const std::string& g) {
       write_big(g + "/etc/mysql/conf.d/big.cnf", "[mysqld]\n", "socket=");
       hard_links(g + "/etc/mysql/conf.d/big.cnf", g + "/etc/mysql/conf.d", ".cnf", 64);
       write_file(g + "/etc/mysql/my.cnf",
                  "[mysqld]\nbind-address=192.0.2.40\n!includedir /etc/mysql/conf.d\n");
     }},
};

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

struct Measured {
  vs::test::Run run;
  long peak_kib = -1;
};

// The plugin's own peak RSS, from GNU time (ru_maxrss of wait4): measured on a
// direct child of the test instead, it would include the test program's pages
// copied by fork() before exec().
Measured run_measured(const std::string& plugin, const std::vector<std::string>& args) {
  TempDir out;
  const std::string file = out.path() + "/rss";
  // -q: no "Command exited with non-zero status" line before the number.
  std::vector<std::string> argv{"/usr/bin/time",         "-q", "-f", "%M", "-o", file,
                                vs::test::plugin(plugin)};
  argv.insert(argv.end(), args.begin(), args.end());
  std::map<std::string, std::string> env;
  if (kSanitized) {
    // ASan keeps freed memory in quarantine (256 MiB by default): without it, the
    // growth over a small input is still what the plugin holds.
    const char* asan = std::getenv("ASAN_OPTIONS");
    env["ASAN_OPTIONS"] = std::string(asan != nullptr ? asan : "") + ":quarantine_size_mb=0";
  }
  Measured m{vs::test::run(argv, std::chrono::seconds(30), env)};
  std::ifstream(file) >> m.peak_kib;
  return m;
}

TEST(Issue15, IncludeBombsStayBelow64MiB) {
  if (access("/usr/bin/time", X_OK) != 0)
    GTEST_SKIP() << "needs GNU time (/usr/bin/time, tools/install-deps --test)";
  constexpr long kLimitKiB = 64 * 1024;
  for (const auto& bomb : kBombs) {
    TempDir dir;
    const std::string root = vs::test::add_guest(dir, {.name = "web1", .ips = {"192.0.2.40"}});
    write_file(root + "/etc/hostname", "web1\n");
    const auto small = run_measured(bomb.plugin, {"--root", dir.path(), "--guest", "web1"});
    bomb.make(root);
    const auto big = run_measured(bomb.plugin, {"--root", dir.path(), "--guest", "web1"});
    const auto& r = big.run;
    EXPECT_GE(r.exit_code, 0) << bomb.plugin << ": " << r.err;
    EXPECT_LE(r.exit_code, 3) << bomb.plugin;
    EXPECT_FALSE(r.timed_out) << bomb.plugin;
    EXPECT_NE(r.out.find("read budget of 16 MiB exhausted"), std::string::npos)
        << bomb.plugin << ": " << r.out;
    ASSERT_GT(small.peak_kib, 0) << bomb.plugin << ": " << small.run.err;
    ASSERT_GT(big.peak_kib, 0) << bomb.plugin << ": " << r.err;
    // Sanitizers add their own shadow memory and red zones: there, only the growth
    // counts; the 64 MiB of the issue is a property of the plugins as shipped.
    EXPECT_LT(big.peak_kib - small.peak_kib, kLimitKiB) << bomb.plugin;
    if (!kSanitized) {
      EXPECT_LT(big.peak_kib, kLimitKiB) << bomb.plugin;
    }
    std::cout << bomb.plugin << ": peak RSS " << big.peak_kib / 1024 << " MiB (small input "
              << small.peak_kib / 1024 << " MiB)\n";
  }
}

// A 4 MiB file of short lines in a group the server reads: a million options, lines
// that stop the server or that it skips, includes of missing files, versioned groups.
// check_vs_mysql keeps only the last value of each listening option and at most 64
// remarks (it took 243 MiB before).
TEST(Issue15, MysqlShortLinesStayBelow64MiB) {
  if (access("/usr/bin/time", X_OK) != 0)
    GTEST_SKIP() << "needs GNU time (/usr/bin/time, tools/install-deps --test)";
  TempDir dir;
  const std::string root = vs::test::add_guest(dir, {.name = "web1", .ips = {"192.0.2.40"}});
  write_file(root + "/etc/mysql/my.cnf",
             "[mysqld]\nbind-address=192.0.2.40\n!includedir /etc/mysql/conf.d\n");
  const std::vector<std::string> lines = {"port=1", "a=b",           "skip-networking=x",
                                          "bin=1",  "!include /x/y", "[mysqld-10.6]",
                                          "port=2", "[mysqld]",      "extra-port=3k"};
  std::string big = "[mysqld]\n";
  for (std::size_t i = 0; big.size() < (4u << 20) - 64; ++i)
    big += lines[i % lines.size()] + "\n";
  write_file(root + "/etc/mysql/conf.d/big.cnf", big);
  const auto m = run_measured("check_vs_mysql", {"--root", dir.path(), "--guest", "web1"});
  EXPECT_EQ(m.run.exit_code, 2) << m.run.out;  // "bin" is ambiguous: the server stops
  EXPECT_FALSE(m.run.timed_out);
  ASSERT_GT(m.peak_kib, 0) << m.run.err;
  if (!kSanitized) {
    EXPECT_LT(m.peak_kib, 64 * 1024);
  }
  std::cout << "check_vs_mysql, 4 MiB of short lines: peak RSS " << m.peak_kib / 1024 << " MiB\n";
}

// A single file just under the 4 MiB a file may have, of short directive lines: a
// reader that keeps a structure per line reached 96 MiB (nrpe), 510 MiB (sshd).
struct ShortLines {
  const char* plugin;
  const char* path;                      // the plugin's main file, in the guest's root
  std::function<std::string(int)> line;  // the i-th line
};

const std::vector<ShortLines> kShortLines = {
    {"check_vs_nrpe", "/etc/nagios/nrpe.cfg",
     [](int i) {
       // a setting nrpe keeps, one it ignores with a note, one it does not know
       static const char* kLines[] = {"server_address=192.0.2.40\n", "server_address =x\n",
                                      "a=b\n"};
       return std::string(kLines[i % 3]);
     }},
    {"check_vs_slapd", "/etc/default/slapd",
     [](int i) {
       // every line a new variable, each one longer than the last: the caps hold
       return "V" + std::to_string(i) + "=\"$V" + std::to_string(i - 1) + "x\"\n";
     }},
    // sshd took 510 MiB and Apache 180: the readers walk the lines without keeping them
    {"check_vs_sshd", "/etc/ssh/sshd_config", [](int) { return "X11Forwarding yes\n"; }},
    {"check_vs_sshd", "/etc/ssh/sshd_config", [](int) { return "ListenAddress 192.0.2.40\n"; }},
    {"check_vs_sshd", "/etc/ssh/sshd_config",
     [](int) { return "Match User x\nX11UseLocalhost no\n"; }},
    {"check_vs_sshd", "/etc/ssh/sshd_config", [](int) { return "Bogus x\n"; }},
    {"check_vs_apache", "/etc/apache2/apache2.conf", [](int) { return "ServerName x\n"; }},
    // a numbered name keeps each Define and section its own
    {"check_vs_apache", "/etc/apache2/apache2.conf",
     [](int i) { return "Define A" + std::to_string(i) + " x\n"; }},
    {"check_vs_apache", "/etc/apache2/apache2.conf",
     [](int i) { return "<IfModule a" + std::to_string(i) + ">\n"; }},
    {"check_vs_apache", "/etc/apache2/apache2.conf", [](int) { return "Listen ${A}${A}:80\n"; }},
};

TEST(Issue15, AFileOfShortLinesStaysBelow64MiB) {
  if (access("/usr/bin/time", X_OK) != 0)
    GTEST_SKIP() << "needs GNU time (/usr/bin/time, tools/install-deps --test)";
  constexpr long kLimitKiB = 64 * 1024;
  for (const auto& c : kShortLines) {
    TempDir dir;
    const std::string root = vs::test::add_guest(dir, {.name = "web1", .ips = {"192.0.2.40"}});
    std::string text;
    for (int i = 0; text.size() < (4u << 20) - 64; ++i)
      text += c.line(i);
    while (text.size() > (4u << 20))
      text.erase(text.rfind('\n', text.size() - 2) + 1);
    write_file(root + c.path, text);
    const auto m = run_measured(c.plugin, {"--root", dir.path(), "--guest", "web1"});
    EXPECT_GE(m.run.exit_code, 0) << c.plugin << ": " << m.run.err;
    EXPECT_LE(m.run.exit_code, 2) << c.plugin << ": " << m.run.out;  // judged, not UNKNOWN
    EXPECT_FALSE(m.run.timed_out) << c.plugin;
    ASSERT_GT(m.peak_kib, 0) << c.plugin << ": " << m.run.err;
    if (!kSanitized) {
      EXPECT_LT(m.peak_kib, kLimitKiB) << c.plugin;
    }
    std::cout << c.plugin << ": peak RSS " << m.peak_kib / 1024 << " MiB on " << text.size() / 1024
              << " KiB of '" << c.line(0).substr(0, c.line(0).find('\n')) << "'\n";
  }
}

// check_vs_postfix: a line it cannot read is named by file and line, never quoted
// (through sudo or NRPE, a main.cf that is /etc/shadow must not print a hash).
TEST(Issue15, PostfixNeverQuotesALineItCannotRead) {
  const std::string hash = "$6$Zq8cKk3x$1YhLrQd1nKcQbq0hVr0gE9oYt4mU0pJk";
  const std::string shadow = "root:" + hash + ":19000:0:99999:7:::\n";
  TempDir dir;
  write_file(dir.path() + "/etc/postfix/main.cf", shadow);
  write_file(dir.path() + "/etc/postfix/master.cf", shadow);
  const auto main =
      vs::test::run_plugin("check_vs_postfix", dir.path(), {"--role", "host", "-vvv"});
  EXPECT_EQ(main.exit_code, 2) << main.out;
  EXPECT_NE(main.out.find("/etc/postfix/main.cf:1: Postfix will not start: missing '=' after "
                          "attribute name"),
            std::string::npos)
      << main.out;
  EXPECT_EQ(main.out.find(hash.substr(3)), std::string::npos) << main.out;
  write_file(dir.path() + "/etc/postfix/main.cf", "inet_interfaces = all\n");
  const auto master =
      vs::test::run_plugin("check_vs_postfix", dir.path(), {"--role", "host", "-vvv"});
  EXPECT_EQ(master.exit_code, 2) << master.out;
  EXPECT_NE(master.out.find("/etc/postfix/master.cf:1: Postfix will not start: missing "
                            "\"transport type\" field"),
            std::string::npos)
      << master.out;
  EXPECT_EQ(master.out.find(hash.substr(3)), std::string::npos) << master.out;
}

// check_vs_postfix on 4 MiB files of short lines: a million parameters in main.cf, a
// hundred thousand inet services in master.cf. Peak RSS below 64 MiB.
TEST(Issue15, PostfixShortLinesStayBelow64MiB) {
  if (access("/usr/bin/time", X_OK) != 0)
    GTEST_SKIP() << "needs GNU time (/usr/bin/time, tools/install-deps --test)";
  constexpr long kLimitKiB = 64 * 1024;
  constexpr std::size_t kFile = 4u << 20;
  TempDir dir;
  const std::string root = vs::test::add_guest(dir, {.name = "mail", .ips = {"192.0.2.40"}});
  write_file(root + "/etc/postfix/main.cf", "inet_interfaces = all\n");
  write_file(root + "/etc/postfix/master.cf", "smtp inet n - y - - smtpd\n");
  const auto small = run_measured("check_vs_postfix", {"--root", dir.path(), "--guest", "mail"});
  // Half of main.cf a chain of parameters, half one inet_interfaces of short names.
  std::string main, hosts, master;
  for (unsigned i = 0; main.size() < kFile / 2; ++i)
    main += "p" + std::to_string(i) + "=$p" + std::to_string(i + 1) + "\n";
  for (unsigned i = 0; hosts.size() < kFile / 2 - 64; ++i)
    hosts += " h" + std::to_string(i);
  for (unsigned i = 1; master.size() < kFile - 64; ++i)
    master += std::to_string(i) + " inet n - y - - smtpd\n";
  write_file(root + "/etc/postfix/main.cf", main + "inet_interfaces = $p0" + hosts + "\n");
  write_file(root + "/etc/postfix/master.cf", master);
  const auto big = run_measured("check_vs_postfix", {"--root", dir.path(), "--guest", "mail"});
  const auto& r = big.run;
  EXPECT_GE(r.exit_code, 0) << r.err;
  EXPECT_LE(r.exit_code, 3);
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.out.find("inet services: the last"), std::string::npos) << r.out;
  ASSERT_GT(small.peak_kib, 0) << small.run.err;
  ASSERT_GT(big.peak_kib, 0) << r.err;
  EXPECT_LT(big.peak_kib - small.peak_kib, kLimitKiB);
  if (!kSanitized) {
    EXPECT_LT(big.peak_kib, kLimitKiB);
  }
  std::cout << "check_vs_postfix: peak RSS " << big.peak_kib / 1024 << " MiB (small input "
            << small.peak_kib / 1024 << " MiB)\n";
}

// The resolver's files count in the run's read budget too: exhausted there, the check
// says so (UNKNOWN), it does not leave names unresolved or claim a refusal.
TEST(Issue15, PostfixReadBudgetExhaustedIsUnknown) {
  TempDir dir;
  const std::string big(4u << 20, '#');
  write_file(dir.path() + "/etc/postfix/main.cf",
             big.substr(0, big.size() - 64) + "\ninet_interfaces = mail.example\n");
  write_file(dir.path() + "/etc/postfix/master.cf",
             big.substr(0, big.size() - 64) + "\nsmtp inet n - y - - smtpd\n");
  write_file(dir.path() + "/etc/hosts", big.substr(0, big.size() - 64) + "\n192.0.2.1 x\n");
  write_file(dir.path() + "/etc/host.conf", big.substr(0, big.size() - 64) + "\nmulti on\n");
  write_file(dir.path() + "/etc/gai.conf", big.substr(0, big.size() - 64) + "\n");
  const auto r = vs::test::run_plugin("check_vs_postfix", dir.path(), {"--role", "host"});
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.first_line().find("read budget of 16 MiB exhausted"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("will not start"), std::string::npos) << r.out;
}

}  // namespace

// Issue 15: through a sudo rule, `--config /etc/shadow` made a reader quote a line
// it did not understand. A line that does not parse is named by its number alone;
// what a reader quotes of a directive it understood is at most 64 bytes.
TEST(Issue15, ALineThatDoesNotParseIsNeverQuoted) {
  const std::string hash = "$6$Xy9SALTsalt$" + std::string(86, 'h');
  const std::string shadow =
      "root:" + hash + ":19000:0:99999:7:::\nwww-data:*:19000:0:99999:7:::\n";
  const std::string long_value(200, 'v');
  struct Reader {
    const char* plugin;
    const char* config;
    std::string understood;  // a directive the reader understands, with a long value
  };
  const std::vector<Reader> readers = {
      {"check_vs_sshd", "/etc/ssh/sshd_config", "ListenAddress " + long_value + "\n"},
      {"check_vs_apache", "/etc/apache2/apache2.conf", "Listen " + long_value + ":80\n"},
  };
  for (const auto& r : readers) {
    TempDir dir;
    for (const std::string& text :
         {shadow, "Include \"" + hash + "\n", "<" + hash + "\n", r.understood}) {
      write_file(dir.path() + r.config, text);
      const auto out = vs::test::run_plugin(r.plugin, dir.path(),
                                            {"--role", "host", "-vvv", "--config", r.config});
      EXPECT_EQ(out.out.find("Xy9SALT"), std::string::npos) << r.plugin << ":\n" << out.out;
      EXPECT_EQ(out.out.find(std::string(65, 'v')), std::string::npos) << r.plugin << ":\n"
                                                                       << out.out;
      EXPECT_GE(out.exit_code, 1) << r.plugin << ":\n" << out.out;  // each is worth a word
    }
  }
}
