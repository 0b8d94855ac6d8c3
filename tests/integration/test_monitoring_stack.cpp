// SPDX-License-Identifier: GPL-3.0-or-later
// The generated configuration against the real programs from Debian's packages: the
// NRPE agent (nagios-nrpe-server) in a network namespace queried by check_nrpe
// (nagios-nrpe-plugin), directly and through sudo (sudo), nagios4 -v (nagios4-core)
// and icinga2 daemon -C (icinga2), each with a copy of its package's STOCK
// configuration plus ours. Each test skips, with the reason, where its program is
// missing.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "netns.hpp"
#include "process.hpp"
#include "vserver_tree.hpp"

using vs::test::TempDir;
using Result = vs::test::Run;

namespace {

const std::string kNrpe = "/usr/sbin/nrpe";
const std::string kCheckNrpe = "/usr/lib/nagios/plugins/check_nrpe";
const std::string kNagios = "/usr/sbin/nagios4";
const std::string kIcinga = "/usr/sbin/icinga2";
const std::string kSudo = "/usr/bin/sudo";

std::string generator() {
  return std::filesystem::path(vs::test::plugin("check_vs_caps")).parent_path().parent_path() /
         "tools" / "vs-nrpe-config";
}

// The snippets the build generated (build/nrpe-snippets).
std::string snippets() {
  const char* dir = std::getenv("VS_SNIPPETS");
  return dir != nullptr ? dir : "nrpe-snippets";
}

std::string plugin_dir() {
  return std::filesystem::path(vs::test::plugin("x")).parent_path();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool executable(const std::string& path) {
  return access(path.c_str(), X_OK) == 0;
}

// The daemons drop to the nagios user, which must read (and sometimes write) here.
void open_to_nagios(const TempDir& t) {
  for (const auto& e : std::filesystem::recursive_directory_iterator(t.path())) {
    if (!e.is_symlink()) chmod(e.path().c_str(), e.is_directory() ? 0755 : 0644);
  }
  chmod(t.path().c_str(), 0755);
}

std::string writable_by_nagios(const TempDir& t, const std::string& rel) {
  const std::string dir = t.mkdir(rel);
  const Result r = vs::test::run({"chown", "nagios:nagios", dir});
  if (r.exit_code != 0) ADD_FAILURE() << "chown nagios " << dir << ": " << r.err;
  return dir;
}

std::string skip_reason(const std::vector<std::string>& programs, const std::string& package) {
  if (!vs::test::is_root()) return "needs root";
  for (const auto& p : programs) {
    if (!executable(p)) return "needs " + p + " (Debian package " + package + ")";
  }
  if (vs::test::run({"id", "nagios"}).exit_code != 0)
    return "needs the nagios user (" + package + ")";
  return "";
}

// A VServer host with three guests: web1 runs sshd, mail (IPv6) runs Postfix,
// old is disabled; the host runs sshd.
void add_site(const TempDir& t) {
  vs::test::add_guest(t, {.name = "web1", .ips = {"192.0.2.40"}});
  vs::test::add_guest(t, {.name = "mail", .ips = {"2001:db8::41"}});
  vs::test::add_guest(t, {.name = "old", .ips = {"192.0.2.42"}, .disabled = true});
  t.write("vservers/web1/etc/ssh/sshd_config", "ListenAddress 192.0.2.40\n");
  t.write("vservers/mail/etc/postfix/main.cf", "inet_interfaces = all\n");
  t.write("etc/ssh/sshd_config", "ListenAddress 192.0.2.1\n");
}

Result generate(const TempDir& site, const std::vector<std::string>& args) {
  std::vector<std::string> argv{generator(), "--root", site.path()};
  argv.insert(argv.end(), args.begin(), args.end());
  return vs::test::run(argv);
}

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

// Debian's nrpe.cfg settings with `fragment` included last, as /etc/nagios/nrpe.d/
// would be; starts nrpe in `ns` (through `wrap`, a command prefix) and waits until
// check_nrpe gets an answer from `address`. Returns "" or what went wrong.
std::string start_nrpe(vs::test::Netns& ns, const TempDir& t, const std::string& fragment,
                       const std::string& address, const std::vector<std::string>& wrap = {}) {
  const std::string run_dir = writable_by_nagios(t, "run");
  t.write("nrpe/check_vs.cfg", fragment);
  t.write("nrpe/nrpe.cfg", "log_facility=daemon\ndebug=0\npid_file=" + run_dir +
                               "/nrpe.pid\nserver_port=5666\nnrpe_user=nagios\nnrpe_group=nagios\n"
                               "allowed_hosts=" +
                               address +
                               "\ndont_blame_nrpe=0\nallow_bash_command_substitution=0\n"
                               "command_timeout=60\nconnection_timeout=300\ninclude=" +
                               t.path() + "/nrpe/check_vs.cfg\n");
  open_to_nagios(t);
  std::vector<std::string> argv = wrap;
  argv.insert(argv.end(), {kNrpe, "-c", t.path() + "/nrpe/nrpe.cfg", "-f"});
  ns.spawn(argv);
  Result hello;
  for (int i = 0; i < 50; ++i) {  // up to 5 s for the agent to listen
    hello = ns.run({kCheckNrpe, "-H", address});
    if (hello.exit_code == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (hello.exit_code != 0) return "nrpe did not answer: " + hello.out + hello.err;
  if (hello.first_line().rfind("NRPE v", 0) != 0) return "not nrpe: " + hello.out;
  return "";
}

struct NrpeCommand {
  std::string name, line;
};

std::vector<NrpeCommand> nrpe_commands(const std::string& text) {
  static const std::regex command(R"(^command\[([^\]]+)\]=(.*)$)");
  std::vector<NrpeCommand> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, command)) out.push_back({m[1], m[2]});
  }
  return out;
}

TEST(MonitoringStack, NrpeInTheGuestAnswersLikeADirectRun) {
  VS_REQUIRE_NETNS();
  const std::string why = skip_reason({kNrpe, kCheckNrpe, "/usr/bin/setpriv"},
                                      "nagios-nrpe-server, nagios-nrpe-plugin");
  if (!why.empty()) GTEST_SKIP() << why;

  TempDir t;
  add_site(t);
  // The guest's agent: its fragment, with the plugins of this build.
  const Result fragment =
      generate(t, {"--format", "nrpe", "--guest", "web1", "--plugin-dir", plugin_dir()});
  ASSERT_EQ(fragment.exit_code, 0) << fragment.err;
  ASSERT_NE(fragment.out.find("\nserver_address=192.0.2.40\n"), std::string::npos) << fragment.out;
  vs::test::Netns ns({"192.0.2.40/32"});
  ASSERT_TRUE(ns.ok()) << ns.why_not();
  const std::string failed = start_nrpe(ns, t, fragment.out, "192.0.2.40");
  ASSERT_EQ(failed, "");

  // Every generated command, through the agent and directly as its user in the agent's
  // own namespaces (check_vs_mounts --role guest counts the mounts of the namespace it
  // runs in, and each `ip netns exec` makes a new one).
  const std::string nrpe_pid = vs::test::read_file(t.path() + "/run/nrpe.pid");
  ASSERT_FALSE(nrpe_pid.empty());
  int compared = 0;
  for (const auto& c : nrpe_commands(fragment.out)) {
    SCOPED_TRACE(c.line);
    const Result via = ns.run({kCheckNrpe, "-H", "192.0.2.40", "-t", "30", "-c", c.name});
    std::vector<std::string> argv{"nsenter",
                                  "--target",
                                  nrpe_pid.substr(0, nrpe_pid.find('\n')),
                                  "--mount",
                                  "--net",
                                  "--",
                                  "setpriv",
                                  "--reuid=nagios",
                                  "--regid=nagios",
                                  "--init-groups",
                                  "--"};
    for (const auto& w : split_words(c.line))
      argv.push_back(w);
    const Result direct = vs::test::run(argv);
    EXPECT_GE(direct.exit_code, 0);
    EXPECT_LE(direct.exit_code, 3);
    EXPECT_EQ(via.exit_code, direct.exit_code) << via.out << "\n--- direct:\n"
                                               << direct.out << direct.err;
    EXPECT_EQ(via.first_line(), direct.first_line());
    EXPECT_EQ(via.first_line().rfind("VS_", 0), 0u) << via.out;
    std::cout << "  " << c.name << ": exit " << via.exit_code << ", " << via.first_line() << "\n";
    ++compared;
  }
  EXPECT_GT(compared, 0) << fragment.out;

  // The agent obeys the fragment: bound to the guest's address, not the wildcard.
  const std::string listen = vs::test::plugin("check_vs_listen");
  if (executable(listen)) {
    const Result bound =
        ns.run({listen, "--role", "guest", "--strict", "--expect", "192.0.2.40:5666"});
    EXPECT_EQ(bound.exit_code, 0) << bound.out;
  }
}

// The host agent runs as nagios and calls the plugins through `sudo -n` with the
// generated sudoers rules: each answer through NRPE equals the plugin's own run as
// root, and check_vs_listen sees the owners ("run as root" is gone). The rules are
// bind-mounted over /etc/sudoers in a mount namespace of nrpe's own: the host's /etc
// is never touched.
TEST(MonitoringStack, NrpeThroughSudoAnswersLikeRoot) {
  VS_REQUIRE_NETNS();
  std::string why = skip_reason({kNrpe, kCheckNrpe, kSudo, "/usr/bin/unshare"},
                                "nagios-nrpe-server, nagios-nrpe-plugin, sudo, util-linux");
  if (!why.empty()) GTEST_SKIP() << why;

  TempDir t;
  add_site(t);
  const std::vector<std::string> common{"--plugin-dir", plugin_dir(),     "--host-name",
                                        "vs1",          "--host-address", "192.0.2.1"};
  auto with = [&](std::vector<std::string> more) {
    more.insert(more.end(), common.begin(), common.end());
    return more;
  };
  const Result fragment = generate(t, with({"--format", "nrpe", "--sudo"}));
  ASSERT_EQ(fragment.exit_code, 0) << fragment.err;
  const Result rules = generate(t, with({"--format", "sudoers"}));
  ASSERT_EQ(rules.exit_code, 0) << rules.err;
  const std::string sudoers = t.write("sudoers", rules.out);
  ASSERT_EQ(vs::test::run({"visudo", "-cf", sudoers}).exit_code, 0) << rules.out;

  vs::test::Netns ns({"192.0.2.1/32"});
  ASSERT_TRUE(ns.ok()) << ns.why_not();
  // nrpe's own mount namespace, where /etc/sudoers is our rules (sudo wants them
  // owned by root and not writable by others).
  const std::vector<std::string> wrap{
      "unshare",
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      "chmod 0440 " + sudoers + " && mount --bind " + sudoers + " /etc/sudoers && exec \"$@\"",
      "sh"};
  const std::string failed = start_nrpe(ns, t, fragment.out, "192.0.2.1", wrap);
  ASSERT_EQ(failed, "");
  // A wildcard listener of root's: its owner is what only root can name.
  const char* src = std::getenv("VS_SOURCE_ROOT");
  const std::string ready = t.path() + "/ready";
  ns.spawn({"python3", std::string(src != nullptr ? src : ".") + "/tests/support/socket_holder.py",
            "--ready", ready, "--hold", "120", "tcp/0.0.0.0:2222"});
  for (int i = 0; i < 200 && !std::filesystem::exists(ready); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(std::filesystem::exists(ready)) << "socket_holder.py did not start";

  int compared = 0;
  bool saw_owner = false;
  for (const auto& c : nrpe_commands(fragment.out)) {
    SCOPED_TRACE(c.line);
    const std::string sudo = std::string(kSudo) + " -n ";
    ASSERT_EQ(c.line.rfind(sudo, 0), 0u);
    const Result via = ns.run({kCheckNrpe, "-H", "192.0.2.1", "-t", "30", "-c", c.name});
    const Result direct = ns.run(split_words(c.line.substr(sudo.size())));  // as root
    EXPECT_EQ(via.exit_code, direct.exit_code) << via.out << "\n--- as root:\n" << direct.out;
    EXPECT_EQ(via.first_line(), direct.first_line());
    EXPECT_EQ(via.first_line().rfind("VS_", 0), 0u) << via.out;
    EXPECT_EQ(via.out.find("run as root"), std::string::npos) << via.out;
    if (c.name == "check_vs_listen") {
      // Through sudo the owner is named; the same line run as nagios cannot.
      EXPECT_NE(via.out.find("0.0.0.0:2222 python3["), std::string::npos) << via.out;
      std::vector<std::string> argv{"setpriv", "--reuid=nagios", "--regid=nagios", "--init-groups",
                                    "--"};
      for (const auto& w : split_words(c.line.substr(sudo.size())))
        argv.push_back(w);
      const Result unprivileged = ns.run(argv);
      EXPECT_NE(unprivileged.out.find("run as root"), std::string::npos) << unprivileged.out;
      saw_owner = true;
    }
    std::cout << "  " << c.name << ": exit " << via.exit_code << ", " << via.first_line() << "\n";
    ++compared;
  }
  EXPECT_GT(compared, 0) << fragment.out;
  EXPECT_TRUE(saw_owner) << fragment.out;

  // The rules allow exactly those lines: the same plugin with other arguments is
  // refused (sudo -n: no password to ask, exit 1), a listed line runs.
  const std::string listen = plugin_dir() + "/check_vs_listen";
  auto as_nagios = [&](const std::string& args) {
    return ns.run({"unshare", "--mount", "--propagation", "private", "sh", "-c",
                   "mount --bind " + sudoers +
                       " /etc/sudoers && exec setpriv --reuid=nagios --regid=nagios "
                       "--init-groups -- " +
                       kSudo + " -n " + listen + " " + args});
  };
  const Result refused = as_nagios("--role guest");
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_EQ(refused.out, "");
  const Result allowed = as_nagios("--role host --root " + t.path());
  EXPECT_EQ(allowed.first_line().rfind("VS_LISTEN ", 0), 0u) << allowed.out << allowed.err;
}

// Copies a package's stock configuration directory to `to`, symlinks as links.
void copy_stock(const std::string& from, const std::string& to) {
  std::filesystem::copy(
      from, to,
      std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
}

// Replaces every occurrence of `from` in the file.
void rewrite(const std::string& file, const std::string& from, const std::string& to) {
  std::string text = slurp(file);
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  std::ofstream(file, std::ios::trunc) << text;
}

// "Checked 4 hosts." -> 4; -1 when absent.
long count_after(const std::string& text, const std::string& before, const std::string& after) {
  const std::regex re(before + R"((\d+))" + after);
  std::smatch m;
  return std::regex_search(text, m, re) ? std::stol(m[1]) : -1;
}

// Debian's /etc/nagios4 copied into `t`, its state paths moved there too: the
// stock nagios.cfg (illegal_object_name_chars and all), plus `extra` lines.
std::string stock_nagios(const TempDir& t, const std::string& extra) {
  const std::string etc = t.path() + "/etc-nagios4";
  copy_stock("/etc/nagios4", etc);
  const std::string cfg = etc + "/nagios.cfg";
  rewrite(cfg, "/etc/nagios4/", etc + "/");
  const std::string var = writable_by_nagios(t, "var");
  for (const std::string dir : {"/var/lib/nagios4/", "/var/log/nagios4/", "/var/run/nagios4/"})
    rewrite(cfg, dir, var + "/");
  writable_by_nagios(t, "var/spool");
  writable_by_nagios(t, "var/spool/checkresults");
  writable_by_nagios(t, "var/rw");
  writable_by_nagios(t, "var/archives");
  std::ofstream(cfg, std::ios::app) << extra;
  open_to_nagios(t);
  return cfg;
}

TEST(MonitoringStack, Nagios4AcceptsTheObjectsWithTheStockConfiguration) {
  const std::string why = skip_reason({kNagios}, "nagios4-core");
  if (!why.empty()) GTEST_SKIP() << why;
  if (!std::filesystem::exists("/etc/nagios4/nagios.cfg"))
    GTEST_SKIP() << "needs Debian's /etc/nagios4/nagios.cfg (nagios4-core)";

  // The stock configuration alone: what it checks without ours.
  TempDir stock;
  const Result base = vs::test::run({kNagios, "-v", stock_nagios(stock, "")});
  ASSERT_EQ(base.exit_code, 0) << base.out << base.err;
  const long stock_hosts = count_after(base.out, "Checked ", " hosts\\.");
  ASSERT_GE(stock_hosts, 0) << base.out;

  TempDir t;
  add_site(t);
  const Result objects =
      generate(t, {"--format", "nagios", "--host-name", "vs1", "--host-address", "192.0.2.1"});
  ASSERT_EQ(objects.exit_code, 0) << objects.err;
  t.write("objects/vs1.cfg", objects.out);
  const std::string cfg = stock_nagios(
      t, "\n# check_vs\ncfg_dir=" + snippets() + "/nagios\ncfg_dir=" + t.path() + "/objects\n");
  const std::string stock_text = slurp("/etc/nagios4/nagios.cfg");
  ASSERT_NE(stock_text.find("\nillegal_object_name_chars="), std::string::npos);

  const Result r = vs::test::run({kNagios, "-v", cfg});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Total Errors:   0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Total Warnings: 0"), std::string::npos) << r.out;
  // web1 and mail, not the disabled guest, and the host.
  EXPECT_EQ(count_after(r.out, "Checked ", " hosts\\."), stock_hosts + 3) << r.out;
  // Every service object generated was accepted.
  static const std::regex service(R"(define service \{)");
  const auto ours =
      std::distance(std::sregex_iterator(objects.out.begin(), objects.out.end(), service),
                    std::sregex_iterator());
  EXPECT_GT(ours, 0) << objects.out;
  EXPECT_EQ(count_after(r.out, "Checked ", " services\\."),
            count_after(base.out, "Checked ", " services\\.") + ours)
      << r.out;
}

// Debian's /etc/icinga2 copied into `t` plus `extra` at the end of icinga2.conf.
std::string stock_icinga(const TempDir& t, const std::string& extra) {
  const std::string etc = t.path() + "/etc-icinga2";
  copy_stock("/etc/icinga2", etc);
  std::ofstream(etc + "/icinga2.conf", std::ios::app) << extra;
  open_to_nagios(t);
  return etc + "/icinga2.conf";
}

// The services `icinga2 daemon -C` instantiated ("host!service"), from the objects
// file it writes into its cache directory (netstrings of JSON objects).
std::set<std::string> icinga_services(const std::string& cache) {
  const std::string text = slurp(cache + "/icinga2.debug");
  static const std::regex name(R"re("__name":"([^"]+)")re");
  std::set<std::string> out;
  for (std::size_t at = 0; at < text.size();) {
    const auto colon = text.find(':', at);
    if (colon == std::string::npos) break;
    const std::size_t length = std::stoul(text.substr(at, colon - at));
    const std::string object = text.substr(colon + 1, length);
    at = colon + 1 + length + 1;  // the trailing ','
    std::smatch m;
    if (object.ends_with(R"("type":"Service"})") && std::regex_search(object, m, name))
      out.insert(m[1]);
  }
  return out;
}

// What a host configuration asks for: "host!service" for every vars.check_vs entry.
std::set<std::string> listed_services(const std::string& config) {
  static const std::regex host(R"re(^object Host "([^"]+)")re");
  static const std::regex service(R"re(^\s*vars\.check_vs\["([^"]+)"\])re");
  std::set<std::string> out;
  std::string current;
  std::istringstream in(config);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, host)) current = m[1];
    if (std::regex_search(line, m, service)) out.insert(current + "!" + std::string(m[1]));
  }
  return out;
}

TEST(MonitoringStack, Icinga2ValidatesTheObjectsWithTheStockConfiguration) {
  const std::string why = skip_reason({kIcinga}, "icinga2");
  if (!why.empty()) GTEST_SKIP() << why;
  if (!std::filesystem::exists("/etc/icinga2/icinga2.conf"))
    GTEST_SKIP() << "needs Debian's /etc/icinga2/icinga2.conf (icinga2)";

  TempDir t;
  add_site(t);
  const Result objects =
      generate(t, {"--format", "icinga2", "--host-name", "vs1", "--host-address", "192.0.2.1"});
  ASSERT_EQ(objects.exit_code, 0) << objects.err;
  t.write("objects/vs1.conf", objects.out);
  // Plus a host that runs three plugins directly, through the CheckCommands.
  const std::string direct =
      "object Host \"direct\" {\n"
      "  import \"check-vs-host\"\n"
      "  address = \"192.0.2.2\"\n"
      "  vars.check_vs[\"check_vs_caps\"] = { command = \"vs_caps\", vs_caps_crit_cap = [ "
      "\"NET_RAW\", \"SYS_ADMIN\" ] }\n"
      "  vars.check_vs[\"check_vs_listen\"] = { command = \"vs_listen\", vs_role = \"host\", "
      "vs_listen_allow_port = [ \"tcp/22\" ] }\n"
      "  vars.check_vs[\"check_vs_sshd_web1\"] = { command = \"vs_sshd\", vs_guest = \"web1\", "
      "vs_strict = true }\n"
      "}\n";
  const std::string conf =
      stock_icinga(t, "\n// check_vs\ninclude_recursive \"" + snippets() +
                          "/icinga2\"\ninclude_recursive \"" + t.path() + "/objects\"\n" + direct);

  const std::string cache = writable_by_nagios(t, "cache");
  const Result r =
      vs::test::run({kIcinga, "daemon", "-C", "-c", conf, "-D", "Configuration.CacheDir=" + cache},
                    std::chrono::seconds(120));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Finished validating the configuration"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("critical/"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("warning/"), std::string::npos) << r.out;

  // Every service a host lists became a service, and no other of ours.
  auto wanted = listed_services(objects.out + direct);
  EXPECT_GT(wanted.size(), 3u) << objects.out;
  std::set<std::string> ours;
  for (const auto& s : icinga_services(cache)) {
    if (s.find("!check_vs_") != std::string::npos) ours.insert(s);
  }
  EXPECT_EQ(ours, wanted);
}

}  // namespace
