// SPDX-License-Identifier: GPL-3.0-or-later
#include "observe.hpp"

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "netns.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace vs::daemon_test {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string last_line(const std::string& text) {
  std::string line;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (!l.empty()) line = l;
  }
  return line;
}

// The processes in network namespace `netns`: the daemon, its children, the syslog
// sink, whatever they forked, daemonised or not.
std::vector<pid_t> processes_in(const std::string& netns) {
  struct stat ns {};
  if (stat(("/run/netns/" + netns).c_str(), &ns) != 0) return {};
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    struct stat s {};
    if (stat((e.path() / "ns" / "net").c_str(), &s) != 0) continue;
    if (s.st_dev == ns.st_dev && s.st_ino == ns.st_ino) out.push_back(std::stoi(name));
  }
  return out;
}

// The daemon's log once the syslog sink has written what it was sent: what a daemon
// logs as it stops can come after its start command's own output. Bounded; for the
// report only, the verdict does not depend on it.
std::string settled_log(const std::string& path) {
  std::string log = read_text(path);
  for (int reading = 0; reading < 10; ++reading) {
    std::this_thread::sleep_for(50ms);
    std::string now = read_text(path);
    if (now == log) break;
    log = std::move(now);
  }
  return log;
}

// Whether process `pid` (text) still runs: not gone, not a zombie.
bool running(const std::string& pid) {
  if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) return false;
  const std::string stat = read_text("/proc/" + pid + "/stat");
  const auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

// Kills every process of the namespace and waits (bounded) until none is left, so
// that the next case starts from nothing and the state directories can go.
void stop_everything_in(const std::string& netns) {
  for (int round = 0; round < 200; ++round) {
    const auto pids = processes_in(netns);
    if (pids.empty()) return;
    for (const pid_t pid : pids)
      kill(pid, SIGKILL);
    std::this_thread::sleep_for(25ms);
  }
}

// Stops the namespace's processes when the case ends, however it ends.
class StopAll {
 public:
  explicit StopAll(std::string netns) : netns_(std::move(netns)) {}
  ~StopAll() { stop_everything_in(netns_); }
  StopAll(const StopAll&) = delete;
  StopAll& operator=(const StopAll&) = delete;

 private:
  std::string netns_;
};

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

}  // namespace

std::string plugin_for(const std::string& daemon) {
  if (daemon == "apache2") return "check_vs_apache";
  if (daemon == "mariadb") return "check_vs_mysql";
  return "check_vs_" + daemon;
}

Harness::Harness() : source_(env_or("VS_SOURCE_ROOT", ".")) {}

Harness::~Harness() = default;

std::string Harness::mariadb_datadir() {
  if (mariadb_ || !mariadb_error_.empty()) return mariadb_ ? mariadb_->path() + "/data" : "";
  mariadb_ = std::make_unique<vs::test::TempDir>();
  // mariadbd runs as mysql and must reach the directory; nothing of the host's
  // configuration (--no-defaults) goes into it.
  fs::permissions(mariadb_->path(), fs::perms::owner_all | fs::perms::group_exec |
                                        fs::perms::group_read | fs::perms::others_exec |
                                        fs::perms::others_read);
  const auto r = vs::test::run(
      {"mariadb-install-db", "--no-defaults", "--datadir=" + mariadb_->path() + "/data",
       "--user=mysql", "--skip-test-db", "--auth-root-authentication-method=normal"},
      120s);
  if (r.exit_code != 0) {
    mariadb_error_ =
        "mariadb-install-db failed (exit " + std::to_string(r.exit_code) +
        "; is mariadb-server installed? tools/install-deps --test): " + last_line(r.err + r.out);
    mariadb_.reset();
    return "";
  }
  return mariadb_->path() + "/data";
}

Outcome Harness::run_daemon(const Case& c, const std::string& netns, const std::string& tree,
                            const std::string& state, std::string& log) {
  std::vector<std::string> argv{"ip",     "netns",   "exec",
                                netns,    "/bin/sh", source_ + "/tests/daemon/launch.sh",
                                c.daemon, tree,      state};
  if (c.daemon == "mariadb") {
    const std::string datadir = mariadb_datadir();
    if (datadir.empty()) return Outcome::failure(mariadb_error_);
    argv.push_back(datadir);
  }
  const auto launched = vs::test::run(argv, 120s);
  log = settled_log(state + "/daemon.log");
  const std::string said = last_line(launched.out);
  if (said.rfind("ready ", 0) == 0) {
    // The daemon opened its sockets before it said so; read until two readings agree
    // in case it is still adding some (bounded).
    std::vector<std::string> before;
    for (int reading = 0; reading < 20; ++reading) {
      const auto ss = vs::test::run({"ip", "netns", "exec", netns, "ss", "-Hltune"});
      if (ss.exit_code != 0) return Outcome::failure("ss failed: " + ss.err);
      auto now = sockets_from_ss(ss.out);
      if (reading > 0 && now == before) break;
      before = std::move(now);
      std::this_thread::sleep_for(100ms);
    }
    log = settled_log(state + "/daemon.log");
    // Up is not enough: a daemon can report that it started and then give up.
    if (!running(said.substr(6)))
      return Outcome::refusal("stopped after starting: " + reason_from_log(log));
    return Outcome::listening(before);
  }
  // Started nothing on purpose, and said so: it listens on nothing.
  if (said == "idle") return Outcome::listening({});
  if (said.rfind("exited ", 0) == 0) {
    return Outcome::refusal("exit " + said.substr(7) + ": " + reason_from_log(log));
  }
  if (said == "timeout") return Outcome::failure("the daemon neither started nor stopped in 60 s");
  if (said.rfind("error ", 0) == 0) return Outcome::failure("launch.sh: " + said.substr(6));
  return Outcome::failure("launch.sh said '" + said + "' (exit " +
                          std::to_string(launched.exit_code) + "): " + last_line(launched.err));
}

Observation Harness::observe(const Case& c) {
  const auto start = std::chrono::steady_clock::now();
  Observation o;
  vs::test::TempDir work;
  const std::string tree = work.mkdir("tree");
  const std::string state = work.mkdir("state");
  try {
    materialise(c, tree, source_ + "/tests/fixtures", source_ + "/tests/daemon/defaults");
  } catch (const std::exception& e) {
    o.daemon = o.plugin =
        Outcome::failure(std::string("cannot write the case's tree: ") + e.what());
    return o;
  }
  vs::test::Netns ns(c.addresses);
  if (!ns.ok()) {
    o.daemon = o.plugin = Outcome::failure("network namespace: " + ns.why_not());
    return o;
  }
  // The plugin first, on files the daemon has not seen yet, in the namespace: the
  // machine's own addresses are the namespace's, the case's "addresses:" line, which
  // --local-addresses live tells a --root check (it cannot know them otherwise).
  std::vector<std::string> argv{vs::test::plugin(plugin_for(c.daemon)),
                                "--root",
                                tree,
                                "--role",
                                "host",
                                "--local-addresses",
                                "live",
                                "-vvv",
                                "--max-output",
                                "0"};
  if (!c.config.empty()) {
    argv.push_back("--config");
    argv.push_back(c.config);
  }
  auto plugin = ns.run(argv);
  // openat2(RESOLVE_IN_ROOT) fails with EAGAIN when a mount or rename anywhere on the
  // machine races a ".." it resolves (Debian's mods-enabled links are ../mods-available/):
  // the other cases' namespaces make that frequent here. common/fs does not retry yet;
  // until it does, rerun the plugin (bounded) and say so, rather than compare noise.
  for (int rerun = 0;
       rerun < 5 && plugin.out.find("Resource temporarily unavailable") != std::string::npos;
       ++rerun) {
    ++o.plugin_reruns;
    plugin = ns.run(argv);
  }
  // Origins as the daemon sees the files: "/etc/ssh/sshd_config:3", not the temp tree.
  for (auto at = plugin.out.find(tree); at != std::string::npos; at = plugin.out.find(tree, at))
    plugin.out.erase(at, tree.size());
  o.plugin = prediction_from_plugin(plugin);
  o.plugin_output = plugin.out + plugin.err;
  for (const auto& a : argv)
    o.plugin_command += (o.plugin_command.empty() ? "" : " ") + a;
  {
    StopAll stop(ns.name());
    o.daemon = run_daemon(c, ns.name(), tree, state, o.daemon_log);
  }
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return o;
}

}  // namespace vs::daemon_test
