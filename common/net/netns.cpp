// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/netns.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace vs::net {

std::string netns_path(const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos) return name_or_path;
  if (name_or_path.empty() || name_or_path == "." || name_or_path == "..") {
    throw std::runtime_error("'" + name_or_path + "' is not a network namespace name");
  }
  return "/run/netns/" + name_or_path;
}

NetnsGuard::NetnsGuard(const std::string& name_or_path) {
  if (name_or_path.empty()) return;
  const std::string path = netns_path(name_or_path);
  const auto fail = [&](int error) {
    std::string why = error == EINVAL ? "not a network namespace" : std::strerror(error);
    if (error == EPERM || error == EACCES) why += " (needs root: CAP_SYS_ADMIN)";
    return std::runtime_error("cannot enter network namespace " + path + ": " + why);
  };
  original_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (original_ < 0) original_ = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (original_ < 0) throw fail(errno);
  const int target = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (target < 0) {
    const int error = errno;
    close(original_);
    throw fail(error);
  }
  const int rc = setns(target, CLONE_NEWNET);
  const int error = errno;
  close(target);
  if (rc != 0) {
    close(original_);
    throw fail(error);
  }
}

NetnsGuard::~NetnsGuard() {
  if (original_ < 0) return;
  // Cannot fail for a namespace we were just in, short of a kernel bug; nothing
  // sensible to do then but keep the descriptor from leaking.
  (void)setns(original_, CLONE_NEWNET);
  close(original_);
}

}  // namespace vs::net
