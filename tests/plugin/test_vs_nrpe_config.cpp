// SPDX-License-Identifier: GPL-3.0-or-later
// vs-nrpe-config as an admin runs it: the built generator on guest trees.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "process.hpp"
#include "registry.hpp"
#include "vserver_tree.hpp"

using vs::test::add_guest;
using Result = vs::test::Run;
using vs::test::TempDir;

namespace {

// The generator sits next to the plugins' build directory (build/tools).
std::string generator() {
  return std::filesystem::path(vs::test::plugin("check_vs_caps")).parent_path().parent_path() /
         "tools" / "vs-nrpe-config";
}

bool built(const std::string& plugin) {
  return access(vs::test::plugin(plugin).c_str(), X_OK) == 0;
}

Result generate(const TempDir& root, std::vector<std::string> args) {
  std::vector<std::string> argv{generator(), "--root", root.path(), "--plugin-dir", "/p"};
  argv.insert(argv.end(), args.begin(), args.end());
  return vs::test::run(argv);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// web1 runs sshd, mail runs Postfix, old is disabled, bare has no address; the host
// itself runs sshd.
struct Site {
  TempDir t;
  Site() {
    const std::string web1 = add_guest(t, {.name = "web1", .ips = {"192.0.2.40", "192.0.2.50"}});
    const std::string mail = add_guest(t, {.name = "mail", .ips = {"2001:db8::41"}});
    add_guest(t, {.name = "old", .ips = {"192.0.2.42"}, .disabled = true});
    add_guest(t, {.name = "bare"});
    t.write("vservers/web1/etc/ssh/sshd_config", "ListenAddress 192.0.2.40\n");
    t.write("vservers/mail/etc/postfix/main.cf", "inet_interfaces = all\n");
    t.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\n");
  }
};

TEST(VsNrpeConfig, HostFragmentHasHostAndPerGuestCommands) {
  Site s;
  const Result r = generate(s.t, {"--format", "nrpe", "--host-address", "192.0.2.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& o = r.out;
  const std::string tree = " --root " + s.t.path();
  EXPECT_TRUE(has(o, "\nserver_address=192.0.2.1\n")) << o;
  EXPECT_TRUE(has(o, "command[check_vs_caps]=/p/check_vs_caps" + tree + "\n")) << o;
  EXPECT_TRUE(has(o, "command[check_vs_caps_web1]=/p/check_vs_caps --guest web1" + tree + "\n"))
      << o;
  EXPECT_TRUE(has(o, "command[check_vs_caps_bare]=/p/check_vs_caps --guest bare" + tree + "\n"))
      << o;
  EXPECT_FALSE(has(o, "_old]")) << o;
  EXPECT_TRUE(has(o, "# Guests left out: old (disabled)\n")) << o;
  if (built("check_vs_listen")) {
    EXPECT_TRUE(has(o, "command[check_vs_listen]=/p/check_vs_listen --role host" + tree + "\n"))
        << o;
    EXPECT_TRUE(
        has(o, "command[check_vs_listen_mail]=/p/check_vs_listen --guest mail" + tree + "\n"))
        << o;
  }
  if (built("check_vs_sshd")) {
    EXPECT_TRUE(has(o, "command[check_vs_sshd]=/p/check_vs_sshd --role host" + tree + "\n")) << o;
    EXPECT_TRUE(has(o, "command[check_vs_sshd_web1]=")) << o;
    EXPECT_FALSE(has(o, "command[check_vs_sshd_mail]=")) << o;  // no sshd_config in mail
  }
  if (built("check_vs_postfix")) {
    EXPECT_TRUE(has(o, "command[check_vs_postfix_mail]=")) << o;
    EXPECT_FALSE(has(o, "command[check_vs_postfix]=")) << o;  // not on the host
  }
  // Never an argument the NRPE client could choose.
  EXPECT_FALSE(has(o, "$ARG")) << o;
}

TEST(VsNrpeConfig, HostFragmentWithoutAddressLeavesServerAddressToTheAdmin) {
  Site s;
  const Result r = generate(s.t, {"--format", "nrpe", "--host-name", "vs1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "\n#server_address=")) << r.out;
  EXPECT_FALSE(has(r.out, "\nserver_address=")) << r.out;
}

TEST(VsNrpeConfig, GuestFragmentBindsTheGuestsFirstAddressInGuestRole) {
  Site s;
  const Result r = generate(s.t, {"--format", "nrpe", "--guest", "web1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "\nserver_address=192.0.2.40\n")) << r.out;
  EXPECT_FALSE(has(r.out, "check_vs_caps")) << r.out;  // needs /etc/vservers: host only
  EXPECT_FALSE(has(r.out, "--root")) << r.out;         // runs inside the guest, on its own /
  if (built("check_vs_listen")) {
    EXPECT_TRUE(has(r.out, "command[check_vs_listen]=/p/check_vs_listen --role guest\n"));
  }
  if (built("check_vs_sshd")) {
    EXPECT_TRUE(has(r.out, "command[check_vs_sshd]=/p/check_vs_sshd --role guest\n"));
  }
  if (built("check_vs_postfix")) {
    EXPECT_FALSE(has(r.out, "check_vs_postfix")) << r.out;
  }

  const Result v6 = generate(s.t, {"--format", "nrpe", "--guest", "mail"});
  ASSERT_EQ(v6.exit_code, 0) << v6.err;
  EXPECT_TRUE(has(v6.out, "\nserver_address=2001:db8::41\n")) << v6.out;
}

// The comments say nothing about loopback that a guest's nflags could contradict:
// the agent listens on the guest's address whether loopback is absent or remapped.
TEST(VsNrpeConfig, CommentsDoNotSayAGuestWithLoopbackHasNone) {
  TempDir t;
  add_guest(t, {.name = "db", .ips = {"192.0.2.42"}, .nflags = {"lback_remap"}});
  const Result r = generate(t, {"--format", "nrpe", "--guest", "db"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "\nserver_address=192.0.2.42\n")) << r.out;
  const Result nagios = generate(t, {"--format", "nagios", "--host-name", "vs1"});
  ASSERT_EQ(nagios.exit_code, 0) << nagios.err;
  for (const Result* out : {&r, &nagios}) {
    EXPECT_FALSE(has(out->out, "no loopback")) << out->out;
  }
  const Result snippet = vs::test::run({generator(), "--snippet", "nrpe-guest"});
  EXPECT_FALSE(has(snippet.out, "no loopback")) << snippet.out;
}

TEST(VsNrpeConfig, AllServicesIgnoresWhatIsInstalled) {
  Site s;
  const Result r = generate(s.t, {"--format", "nrpe", "--guest", "mail", "--all-services"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  if (built("check_vs_sshd")) {
    EXPECT_TRUE(has(r.out, "command[check_vs_sshd]=")) << r.out;
  }
}

TEST(VsNrpeConfig, ErrorsExitThreeWithAClearMessage) {
  Site s;
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--format", "nrpe", "--guest", "nope"},
       "guest 'nope' is not configured in " + s.t.path() + "/etc/vservers"},
      {{"--format", "nrpe", "--guest", "old"}, "guest 'old' is disabled"},
      {{"--format", "nrpe", "--guest", "bare"}, "guest bare has no address"},
      {{"--format", "nrpe", "--vservers-dir", "/nowhere"},
       s.t.path() + "/nowhere: no such directory"},
      {{"--format", "xml"}, "--format must be nrpe, nagios, icinga2 or sudoers, not 'xml'"},
      {{"--format", "nagios", "--sudo"}, "--sudo goes with --format nrpe"},
      {{"--snippet", "nrpe-host", "--format", "nrpe"}, "--snippet and --format exclude each other"},
      {{"--snippet", "nope"}, "--snippet must be nrpe-host, nrpe-guest"},
      {{"--format", "nagios", "--guest", "web1"}, "--guest goes with --format nrpe"},
      {{"--format", "nrpe", "--vservers-dir", "/etc/v servers"},
       "--vservers-dir '/etc/v servers' needs quoting"},
      {{"--format", "nrpe", "--bogus"}, "unrecognised option '--bogus'"},
      {{}, "--format is required"},
  };
  for (const auto& c : cases) {
    const Result r = generate(s.t, c.args);
    EXPECT_EQ(r.exit_code, 3) << c.message;
    EXPECT_EQ(r.err.rfind("vs-nrpe-config UNKNOWN - " + c.message, 0), 0u) << r.err;
    EXPECT_EQ(r.out, "");
  }
  const Result relative =
      vs::test::run({generator(), "--format", "nrpe", "--plugin-dir", "lib/plugins"});
  EXPECT_EQ(relative.exit_code, 3);
  EXPECT_EQ(relative.err,
            "vs-nrpe-config UNKNOWN - --plugin-dir 'lib/plugins' must be an absolute path\n");
}

TEST(VsNrpeConfig, BrokenGuestIsAnErrorNamingTheFile) {
  Site s;
  s.t.write("etc/vservers/web1/interfaces/1/ip", "not-an-ip\n");
  const Result r = generate(s.t, {"--format", "nrpe"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(has(r.err, "guest web1 is not configured right:")) << r.err;
  EXPECT_TRUE(has(r.err, "interfaces/1/ip:1: 'not-an-ip' is not an IP address")) << r.err;
}

TEST(VsNrpeConfig, NagiosObjectsUseTheSnippetTemplates) {
  Site s;
  const Result r =
      generate(s.t, {"--format", "nagios", "--host-name", "vs1", "--host-address", "192.0.2.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& o = r.out;
  EXPECT_TRUE(
      has(o, "    use                     check-vs-host\n    host_name               vs1\n"))
      << o;
  EXPECT_TRUE(has(o, "    host_name               web1\n")) << o;
  EXPECT_TRUE(has(o, "    address                 192.0.2.40\n")) << o;
  EXPECT_TRUE(has(o, "    parents                 vs1\n")) << o;
  EXPECT_TRUE(has(o, "    _VS_HOST_ADDRESS        192.0.2.1\n")) << o;
  EXPECT_TRUE(has(o, "check-vs-via-host-nrpe!check_vs_caps_web1\n")) << o;
  EXPECT_TRUE(has(o, "    use                     vs-caps\n    host_name               vs1\n"))
      << o;
  // No host object without an address; said in the header.
  EXPECT_FALSE(has(o, "host_name               bare")) << o;
  EXPECT_TRUE(has(o, "bare (no address)")) << o;
}

TEST(VsNrpeConfig, IcingaHostsCarryTheirCommandLists) {
  Site s;
  const Result r =
      generate(s.t, {"--format", "icinga2", "--host-name", "vs1", "--host-address", "192.0.2.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& o = r.out;
  EXPECT_TRUE(
      has(o, "object Host \"vs1\" {\n  import \"check-vs-host\"\n  address = \"192.0.2.1\"\n"))
      << o;
  EXPECT_TRUE(has(
      o, "object Host \"mail\" {\n  import \"check-vs-guest\"\n  address6 = \"2001:db8::41\"\n"))
      << o;
  EXPECT_TRUE(has(o, "  vars.vs_host_address = \"192.0.2.1\"\n")) << o;
  EXPECT_TRUE(has(o,
                  "  vars.check_vs[\"check_vs_caps\"] = { nrpe_command = \"check_vs_caps\", "
                  "display_name = \"VS capabilities\" }\n"))
      << o;
  EXPECT_TRUE(has(o,
                  "  vars.check_vs[\"check_vs_caps_web1\"] = { nrpe_command = "
                  "\"check_vs_caps_web1\", nrpe_address = \"192.0.2.1\", display_name = "
                  "\"VS capabilities from host\" }\n"))
      << o;
}

TEST(VsNrpeConfig, HelpAndVersionExitZero) {
  const Result help = vs::test::run({generator(), "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(has(help.out, "--format nrpe|nagios|icinga2")) << help.out;
  const Result version = vs::test::run({generator(), "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(has(version.out, "vs-nrpe-config v")) << version.out;
}

TEST(VsNrpeConfig, StrayArgumentsAreAUsageError) {
  Site s;
  for (const auto& args : {std::vector<std::string>{"--format", "nrpe", "web1"},
                           {"--sudo", "stray", "--format", "nrpe"}}) {
    const Result r = generate(s.t, args);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind("vs-nrpe-config UNKNOWN - unexpected argument '", 0), 0u) << r.err;
    EXPECT_TRUE(has(r.err, "\nUsage:\n")) << r.err;
  }
}

// NRPE runs the commands from its own directory: a relative --root must not survive.
TEST(VsNrpeConfig, RelativeRootIsWrittenAbsolute) {
  Site s;
  const auto parent = std::filesystem::path(s.t.path()).parent_path();
  const std::string rel = std::filesystem::path(s.t.path()).filename();
  const Result r = vs::test::sh("cd " + parent.string() + " && " + generator() + " --root ./" +
                                rel + "/ --plugin-dir /p --format nrpe");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "command[check_vs_caps]=/p/check_vs_caps --root " + s.t.path() + "\n"))
      << r.out;
  EXPECT_FALSE(has(r.out, "--root ./")) << r.out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    out.push_back(e.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(VsNrpeConfig, OutputIsWrittenWholeAndOnlyOnSuccess) {
  Site s;
  TempDir out;
  const std::string file = out.path() + "/check_vs.cfg";
  const Result printed = generate(s.t, {"--format", "nrpe"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;

  const Result written = generate(s.t, {"--format", "nrpe", "--output", file});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_EQ(written.out, "");
  EXPECT_EQ(slurp(file), printed.out);
  EXPECT_EQ(files_in(out.path()), std::vector<std::string>{"check_vs.cfg"});

  // An error leaves the previous file as it was, and nothing beside it.
  const Result failed = generate(s.t, {"--format", "nrpe", "--guest", "nope", "--output", file});
  EXPECT_EQ(failed.exit_code, 3);
  EXPECT_EQ(slurp(file), printed.out);
  EXPECT_EQ(files_in(out.path()), std::vector<std::string>{"check_vs.cfg"});
  // ... and creates no file where there was none.
  const Result none =
      generate(s.t, {"--format", "nrpe", "--guest", "nope", "--output", out.path() + "/new.cfg"});
  EXPECT_EQ(none.exit_code, 3);
  EXPECT_EQ(files_in(out.path()), std::vector<std::string>{"check_vs.cfg"});

  // A file that cannot be written is UNKNOWN naming it.
  const std::string missing = out.path() + "/no/such/dir/check_vs.cfg";
  const Result unwritable = generate(s.t, {"--format", "nrpe", "--output", missing});
  EXPECT_EQ(unwritable.exit_code, 3);
  EXPECT_EQ(unwritable.err.rfind("vs-nrpe-config UNKNOWN - " + missing + ": ", 0), 0u)
      << unwritable.err;
  EXPECT_FALSE(std::filesystem::exists(out.path() + "/no"));

  const Result help = vs::test::run({generator(), "--help"});
  EXPECT_TRUE(has(help.out, "--output")) << help.out;
  EXPECT_TRUE(has(help.out, "renamed to FILE once complete")) << help.out;
}

// Every path the registry says a service is installed by makes the generator emit
// the plugin's command, on the host, from the host and inside the guest (the drift
// this catches: a tree with only /etc/my.cnf, which check_vs_mysql reads).
TEST(VsNrpeConfig, EveryInstalledPathOfTheRegistryGetsItsCommands) {
  int checked = 0;
  for (const auto& p : vs::registry::plugins) {
    for (const auto& path : p.installed_if) {
      const std::string name(p.name);
      SCOPED_TRACE(name + " with only " + std::string(path));
      TempDir t;
      add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
      t.write(std::string(path).substr(1), "\n");
      t.write("vservers/web1" + std::string(path), "\n");
      const Result host = generate(t, {"--format", "nrpe"});
      ASSERT_EQ(host.exit_code, 0) << host.err;
      EXPECT_EQ(has(host.out, "command[" + name + "]="), p.on_host) << host.out;
      EXPECT_EQ(has(host.out, "command[" + name + "_web1]="), p.from_host) << host.out;
      const Result guest = generate(t, {"--format", "nrpe", "--guest", "web1"});
      ASSERT_EQ(guest.exit_code, 0) << guest.err;
      EXPECT_EQ(has(guest.out, "command[" + name + "]="), p.in_guest) << guest.out;
      ++checked;
    }
    if (p.installed_if.empty()) continue;
    // And nothing where none of them is.
    TempDir empty;
    add_guest(empty, {.name = "web1", .ips = {"192.0.2.40"}});
    const Result none = generate(empty, {"--format", "nrpe"});
    EXPECT_FALSE(has(none.out, std::string(p.name))) << none.out;
  }
  EXPECT_GT(checked, 0);
}

std::vector<std::pair<std::string, std::string>> nrpe_commands(const std::string& text) {
  static const std::regex re(R"(^command\[([^\]]+)\]=(.*)$)");
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_match(l, m, re)) out.emplace_back(m[1], m[2]);
  }
  return out;
}

// --sudo commands call sudo -n with exactly a command line of the sudoers fragment,
// which visudo accepts and which allows nothing else (no wildcard, no open argument
// list).
TEST(VsNrpeConfig, SudoCommandsAndTheirSudoersFragmentAgree) {
  Site s;
  for (const auto& scope :
       {std::vector<std::string>{}, std::vector<std::string>{"--guest", "web1"}}) {
    auto args = [&](std::vector<std::string> more) {
      more.insert(more.end(), scope.begin(), scope.end());
      return more;
    };
    const Result nrpe = generate(s.t, args({"--format", "nrpe", "--sudo"}));
    ASSERT_EQ(nrpe.exit_code, 0) << nrpe.err;
    const Result rules = generate(s.t, args({"--format", "sudoers", "--nrpe-user", "nagios"}));
    ASSERT_EQ(rules.exit_code, 0) << rules.err;
    SCOPED_TRACE(rules.out);
    EXPECT_FALSE(has(rules.out, "*"));
    EXPECT_TRUE(has(rules.out, "\nnagios ALL = (root) NOPASSWD: CHECK_VS\n"));
    const auto commands = nrpe_commands(nrpe.out);
    ASSERT_FALSE(commands.empty()) << nrpe.out;
    for (const auto& [name, line] : commands) {
      const std::string sudo = "/usr/bin/sudo -n ";
      ASSERT_EQ(line.rfind(sudo, 0), 0u) << line;
      const std::string run = line.substr(sudo.size());
      const bool bare = run.find(' ') == std::string::npos;
      EXPECT_TRUE(has(rules.out, " " + run + (bare ? " \"\"" : "") + "\n") ||
                  has(rules.out, " " + run + (bare ? " \"\"" : "") + ", \\\n"))
          << run;
    }
    if (!vs::test::have_program("visudo")) continue;  // Debian package sudo
    TempDir d;
    const std::string file = d.write("check_vs", rules.out);
    const Result check = vs::test::run({"visudo", "-cf", file});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  }
}

TEST(VsNrpeConfig, SudoersEscapesWhatSudoersGivesAMeaning) {
  TempDir t, o;
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  const std::string odd = o.path() + "/odd,dir:x=y";
  std::filesystem::copy(
      t.path(), odd,
      std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
  const Result rules = vs::test::run({generator(), "--plugin-dir", "/p", "--format", "sudoers",
                                      "--host-name", "vs1", "--root", odd});
  ASSERT_EQ(rules.exit_code, 0) << rules.err;
  EXPECT_TRUE(has(rules.out, "--root " + o.path() + "/odd\\,dir\\:x\\=y")) << rules.out;
  if (!vs::test::have_program("visudo")) return;
  TempDir d;
  const Result check = vs::test::run({"visudo", "-cf", d.write("check_vs", rules.out)});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST(VsNrpeConfig, SnippetsNameTheGivenPluginDir) {
  const Result r =
      vs::test::run({generator(), "--snippet", "nrpe-guest", "--plugin-dir", "/opt/p"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto commands = nrpe_commands(r.out);
  ASSERT_FALSE(commands.empty());
  for (const auto& [name, line] : commands)
    EXPECT_EQ(line.rfind("/opt/p/" + name + " --role guest", 0), 0u) << line;
}

}  // namespace
