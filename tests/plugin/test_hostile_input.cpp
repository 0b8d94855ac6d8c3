// Every plugin against every kind of hostile input a guest (or a broken host) can
// put where a configuration file should be. Each must answer well inside --timeout
// with a Nagios line, exit 0..3, at most 1023 bytes, the file named when it is the
// problem, and never a byte of a host file that a guest's symlink points at.
// The test prints the input x plugin table it checked.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

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
