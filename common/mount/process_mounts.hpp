// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a process's mount namespace from /proc (which process is a guest's, the
// kernel model says: vserver::GuestKernel::init_pid).
//
// `proc` is the --proc tree (fs::Tree("/proc") on a live system, a recorded /proc
// or a directory of fixtures in tests).
#pragma once

#include <optional>
#include <string>

#include "fs/tree.hpp"
#include "mount/mountinfo.hpp"

namespace vs::mount {

struct ProcessMounts {
  std::string file;  // "/proc/1234/mountinfo", as shown to the user
  // The process's root directory ("/proc/1234/root"): a VServer guest's init is
  // chrooted into the guest's root, and its mountinfo names mount points from there.
  std::string root;
  Mountinfo info;  // mount points as the process sees them (see rebase())
};

// `process` is "self" or a PID. Throws fs::FileMissing when the process does not
// exist, fs::FileError when its mounts or its root cannot be read (another user's
// root link needs root). A fixture without a "root" link has root "/".
ProcessMounts read_process_mounts(const fs::Tree& proc, const std::string& process);

}  // namespace vs::mount
