// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount_namespace.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vs::test {
namespace {

// The resident process: only async-signal-safe calls between fork and _exit.
[[noreturn]] void resident(int ns_fd, const char* chroot_dir, int ready_fd, int hold_fd) {
  const char* step = nullptr;
  if (ns_fd >= 0 && setns(ns_fd, CLONE_NEWNS) != 0) step = "setns";
  if (step == nullptr && unshare(CLONE_NEWNS) != 0) step = "unshare(CLONE_NEWNS)";
  if (step == nullptr && mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    step = "mount --make-rprivate /";
  if (step == nullptr && chroot_dir != nullptr && (chroot(chroot_dir) != 0 || chdir("/") != 0))
    step = "chroot";
  if (step != nullptr) {
    const int err = errno;
    ssize_t ignored = write(ready_fd, step, strlen(step));
    ignored = write(ready_fd, ": ", 2);
    const char* why = strerror(err);
    ignored = write(ready_fd, why, strlen(why));
    (void)ignored;
    _exit(1);
  }
  ssize_t ignored = write(ready_fd, "ok", 2);
  (void)ignored;
  close(ready_fd);
  char byte;
  while (read(hold_fd, &byte, 1) != 0) {
  }
  _exit(0);
}

}  // namespace

std::string mount_namespaces_unavailable() {
  if (!is_root()) return "needs root (unshare CLONE_NEWNS, mount)";
  if (!have_program("nsenter")) return "needs nsenter (util-linux)";
  static const std::string probe = [] {
    const Run r = sh("unshare -m --propagation private true");
    return r.exit_code == 0 ? std::string{} : "unshare -m failed: " + r.err;
  }();
  return probe;
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

MountNamespace::MountNamespace(const Options& options) {
  why_not_ = mount_namespaces_unavailable();
  if (!why_not_.empty()) return;
  int ns_fd = -1;
  if (options.from != nullptr) {
    const std::string ns = "/proc/" + std::to_string(options.from->pid()) + "/ns/mnt";
    ns_fd = open(ns.c_str(), O_RDONLY | O_CLOEXEC);
    if (ns_fd < 0) {
      why_not_ = ns + ": " + strerror(errno);
      return;
    }
  }
  int ready[2], hold[2];
  if (pipe2(ready, O_CLOEXEC) != 0 || pipe2(hold, O_CLOEXEC) != 0) {
    why_not_ = "pipe";
    return;
  }
  const char* chroot_dir = options.chroot.empty() ? nullptr : options.chroot.c_str();
  const pid_t pid = fork();
  if (pid == 0) {
    close(ready[0]);
    close(hold[1]);
    resident(ns_fd, chroot_dir, ready[1], hold[0]);
  }
  if (ns_fd >= 0) close(ns_fd);
  close(ready[1]);
  close(hold[0]);
  std::string answer;
  char buf[256];
  for (ssize_t n; (n = read(ready[0], buf, sizeof buf)) > 0;)
    answer.append(buf, static_cast<std::size_t>(n));
  close(ready[0]);
  if (pid < 0 || answer != "ok") {
    why_not_ = pid < 0 ? "fork" : "resident process: " + answer;
    close(hold[1]);
    if (pid > 0) waitpid(pid, nullptr, 0);
    return;
  }
  pid_ = pid;
  hold_fd_ = hold[1];
}

MountNamespace::~MountNamespace() {
  if (pid_ <= 0) return;
  close(hold_fd_);
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::vector<std::string> MountNamespace::exec(const std::vector<std::string>& argv) const {
  std::vector<std::string> full{"nsenter", "--mount=/proc/" + std::to_string(pid_) + "/ns/mnt",
                                "--"};
  full.insert(full.end(), argv.begin(), argv.end());
  return full;
}

Run MountNamespace::run(const std::vector<std::string>& argv) const {
  return vs::test::run(exec(argv));
}

Run MountNamespace::sh(const std::string& command) const {
  Run r = run({"/bin/sh", "-c", command});
  EXPECT_EQ(r.exit_code, 0) << command << ": " << r.err;
  return r;
}

}  // namespace vs::test
