// SPDX-License-Identifier: GPL-3.0-or-later
// Entering another network namespace for the duration of a scope.
//
// setns(CLONE_NEWNET) switches the calling thread only: open the netlink socket and
// read /proc/thread-self/net while the guard lives (/proc/net follows the process's
// first thread, not necessarily this one).
#pragma once

#include <string>

namespace vs::net {

// "/run/netns/NAME" for a bare name (as `ip netns` creates), the path itself for
// anything with a '/' (/proc/PID/ns/net). Throws std::runtime_error for a name
// that is not one ("..", empty).
std::string netns_path(const std::string& name_or_path);

class NetnsGuard {
 public:
  // "" stays in the current namespace. Throws std::runtime_error with one line:
  // "cannot enter network namespace /run/netns/x: Operation not permitted (needs root)".
  explicit NetnsGuard(const std::string& name_or_path);
  // Returns to the namespace the thread was in.
  ~NetnsGuard();
  NetnsGuard(const NetnsGuard&) = delete;
  NetnsGuard& operator=(const NetnsGuard&) = delete;

 private:
  int original_ = -1;
};

}  // namespace vs::net
