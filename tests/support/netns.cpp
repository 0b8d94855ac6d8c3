// SPDX-License-Identifier: GPL-3.0-or-later
#include "netns.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

namespace vs::test {
namespace {
std::atomic<int> g_counter{0};
}

std::string netns_unavailable() {
  if (!is_root()) return "needs root (ip netns add)";
  if (!have_program("ip")) return "needs iproute2 (ip)";
  static const std::string probe = [] {
    const std::string name = "vs-probe-" + std::to_string(getpid());
    const Run r = sh("ip netns add " + name + " && ip netns del " + name);
    return r.exit_code == 0 ? std::string{} : "ip netns add failed: " + r.err;
  }();
  return probe;
}

Netns::Netns(const std::vector<std::string>& addresses) {
  why_not_ = netns_unavailable();
  if (!why_not_.empty()) return;
  name_ = "vs-test-" + std::to_string(getpid()) + "-" + std::to_string(g_counter++);
  Run r = sh("ip netns add " + name_ + " && ip -n " + name_ + " link set lo up");
  if (r.exit_code != 0) {
    why_not_ = "ip netns add " + name_ + ": " + r.err;
    return;
  }
  ok_ = true;
  for (const auto& a : addresses) {
    const bool v6 = a.find(':') != std::string::npos;
    r = sh("ip -n " + name_ + (v6 ? " -6" : "") + " addr add " + a + " dev lo" +
           (v6 ? " nodad" : ""));
    if (r.exit_code != 0) {
      ok_ = false;
      why_not_ = "ip addr add " + a + ": " + r.err;
    }
  }
}

Netns::~Netns() {
  for (const int pid : children_) {
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  if (!name_.empty()) sh("ip netns del " + name_);
}

std::vector<std::string> Netns::exec(const std::vector<std::string>& argv) const {
  std::vector<std::string> full{"ip", "netns", "exec", name_};
  full.insert(full.end(), argv.begin(), argv.end());
  return full;
}

Run Netns::run(const std::vector<std::string>& argv, std::chrono::milliseconds limit) const {
  return vs::test::run(exec(argv), limit);
}

int Netns::spawn(const std::vector<std::string>& argv) {
  const auto full = exec(argv);
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    std::vector<char*> args;
    for (const auto& a : full)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  children_.push_back(pid);
  return pid;
}

}  // namespace vs::test
