// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a process's mount namespace from /proc, and finding a guest's process.
//
// `proc` is the /proc tree everywhere (fs::Tree("/proc") on a live system, a
// directory of fixtures in tests), so that the --proc standard option plugs in.
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

// Which process's mount namespace is guest context `xid`'s: the context's init
// (Init: of <proc>/virtual/<xid>/info), else the lowest PID whose status says
// "VxID: <xid>". This is the one place that maps a context to a process: the
// VServer kernel model (vserver/, with the --proc option) will provide the same
// and replace this function.
struct GuestProcess {
  std::optional<int> pid;
  std::string why_not;  // when there is no pid: a sentence for the sysadmin
};
GuestProcess find_guest_process(const fs::Tree& proc, unsigned xid);

// "Init:\t123" of virtual/<xid>/info; "VxID:\t40001" of <pid>/status.
std::optional<int> parse_init_pid(std::string_view virtual_info);
std::optional<unsigned> parse_vxid(std::string_view proc_status);

}  // namespace vs::mount
