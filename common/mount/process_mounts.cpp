// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount/process_mounts.hpp"

#include <cerrno>
#include <system_error>

namespace vs::mount {
namespace {

// <proc>/<process>/root: a magic link that needs ptrace access, read through the tree
// (a recording's is a plain symlink naming the recorded host's path).
std::string process_root(const fs::Tree& proc, const std::string& process) {
  const std::string link = "/" + process + "/root";
  const auto root = proc.read_link(link);
  if (!root) {
    if (!proc.lstat(link).exists) return "/";  // a recording or fixture without the link
    // The link is there and cannot be read: the kernel refuses it without ptrace access.
    throw fs::FileError(proc.display(link), std::system_category().message(EACCES) +
                                                " (reading another process's root needs root "
                                                "and ptrace access to it)");
  }
  // A root that is not a path ("(unreachable)" or empty) is treated as the namespace's.
  return root->empty() || root->front() != '/' ? "/" : normalize(*root);
}

}  // namespace

ProcessMounts read_process_mounts(const fs::Tree& proc, const std::string& process) {
  ProcessMounts out;
  const auto text = proc.read("/" + process + "/mountinfo");
  out.file = text.path;  // already the displayed path
  out.info = parse_mountinfo(text.content, out.file);
  out.root = process_root(proc, process);
  return out;
}

}  // namespace vs::mount
