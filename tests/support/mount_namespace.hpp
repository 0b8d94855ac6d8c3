// SPDX-License-Identifier: GPL-3.0-or-later
// A mount namespace of the test's own, kept alive by a resident process: the way a
// VServer guest's namespace lives as long as its processes.
//
//   MountNamespace host;                                  // the "host" the plugin runs in
//   MountNamespace guest({.from = &host, .chroot = root});  // copied from it at "start",
//                                                          // its process chrooted like init
//   host.sh("mount -t tmpfs /dev/sr0 " + root + "/mnt");   // a command inside a namespace
//   host.run({plugin, "--pid", "web1:" + std::to_string(guest.pid())});
//
// Each namespace has private propagation, so nothing mounted in it reaches the
// machine's own namespace (or another test's); it vanishes with its process.
#pragma once

#include <string>
#include <vector>

#include "process.hpp"

namespace vs::test {

class MountNamespace {
 public:
  struct Options {
    const MountNamespace* from = nullptr;  // copy this namespace instead of the test's
    std::string chroot;                    // the resident process's root (a guest's init)
  };
  // Check ok() (false without root).
  explicit MountNamespace(const Options& options);
  MountNamespace() : MountNamespace(Options{}) {}
  ~MountNamespace();
  MountNamespace(const MountNamespace&) = delete;
  MountNamespace& operator=(const MountNamespace&) = delete;

  bool ok() const { return pid_ > 0; }
  const std::string& why_not() const { return why_not_; }
  // The resident process: /proc/<pid>/mountinfo is this namespace.
  int pid() const { return pid_; }
  // argv run inside the namespace (nsenter; not chrooted: host paths).
  std::vector<std::string> exec(const std::vector<std::string>& argv) const;
  Run run(const std::vector<std::string>& argv) const;
  // A shell command inside; fails the current test when it does not exit 0.
  Run sh(const std::string& command) const;

 private:
  int pid_ = -1;
  int hold_fd_ = -1;  // the resident process exits when this closes
  std::string why_not_;
};

// Why mount namespace tests cannot run here, or "" when they can.
std::string mount_namespaces_unavailable();

// Shell quoting for paths with spaces and such in sh() commands.
std::string shell_quote(const std::string& text);

}  // namespace vs::test

// Skips the current test with the reason when mount namespaces are unavailable.
#define VS_REQUIRE_MOUNT_NAMESPACES()                                      \
  do {                                                                     \
    const std::string vs_why = ::vs::test::mount_namespaces_unavailable(); \
    if (!vs_why.empty()) GTEST_SKIP() << vs_why;                           \
  } while (0)
