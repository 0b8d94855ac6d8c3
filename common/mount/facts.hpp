// SPDX-License-Identifier: GPL-3.0-or-later
// What check_vs_mounts knows about the host and about each guest (or process), read
// from the system here and judged by policy/mount_policy, which reads nothing.
//
// Every path in these facts is a HOST path: the host's namespace names its mounts
// that way, and a guest's mount points are rebased onto the root directory of the
// process they were read from (a VServer guest's init is chrooted into the guest's
// root, so its mountinfo says "/tmp" for /var/lib/vservers/web1/tmp).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fs/tree.hpp"
#include "mount/fstab.hpp"
#include "mount/mountinfo.hpp"
#include "vserver/guest.hpp"

namespace vs::mount {

// Something that could not be read: UNKNOWN for its subject only.
struct Problem {
  std::string origin;  // a file (and line) or "guest web1"
  std::string message;
};

// An fstab line secure-mount mounts, and where.
struct ExpectedMount {
  FstabEntry entry;
  std::string point;  // host path: the guest's root + the mount point resolved inside it
};

// One guest, one process's namespace (--pid), or the plugin's own namespace when it
// runs inside a guest.
struct Subject {
  std::string label;  // "guest web1", "pid 4242", "this guest"
  std::string guest;  // "web1": the hints say vnamespace -e web1; empty otherwise
  int pid = 0;        // the hints say nsenter -t PID -m when there is no guest name
  std::string root;   // host path of its root directory; "in it" means at or below
  bool running = false;
  bool namespace_read = false;
  std::string namespace_file;          // "/proc/1234/mountinfo", when read
  std::vector<Mount> mounts;           // its namespace; mount points as host paths
  std::vector<ExpectedMount> fstab;    // every line of fstab, fstab.local, fstab.remote
  std::vector<FstabStop> fstab_stops;  // where secure-mount gives up on a file
  std::vector<Problem> problems;

  // The command prefix that acts inside its namespace: "vnamespace -e web1 ",
  // "nsenter -t 4242 -m ", or "" for the plugin's own namespace.
  std::string enter_command() const;
};

// Where the facts are read from. A live --proc (this machine's) names this machine's
// paths, so a guest's root is its path under --root here; a recorded one
// (tools/record-proc) names the recorded host's paths, and --root stands for that
// host's /: a guest's root is its in-tree path.
struct Sources {
  const fs::Tree& proc;    // --proc
  const fs::Tree& config;  // --root
  bool live = true;        // --proc is this machine's /proc
  // The sysfs whose block devices say which are removable; "" reads none (a
  // recording's device numbers are not this machine's).
  std::string sys = "/sys";

  // The host path of an in-tree directory (a guest's resolved vdir under --root).
  std::string host_path(const std::string& in_tree) const;
};

// How a guest runs, as the kernel model says (or --pid GUEST:PID).
struct GuestRun {
  bool running = false;
  std::optional<int> pid;  // the process whose mount namespace is the guest's
  std::string why_no_pid;  // running without a pid: a sentence for the sysadmin
};

struct Host {
  std::vector<Mount> mounts;   // the host's namespace (the plugin's own)
  std::set<Device> removable;  // see removable.hpp
  std::vector<std::pair<std::string, std::string>> guest_roots;  // name, host path; every guest
  std::vector<Problem> problems;
};

// The host: the mountinfo of the plugin's own process (<proc>/self; a recording has
// no "self", and its PID 1's is the host's), the removable flags under `sys`, and the
// roots of `guests`.
Host read_host(const Sources& from, const std::vector<vserver::Guest>& guests);

// A configured guest: its root, its fstab files, and, when it runs, the namespace of
// the process `run` names.
Subject read_guest(const Sources& from, const vserver::Guest& guest, const GuestRun& run);

// The namespace of process `pid` (a container): its root is the process's root.
Subject read_process(const fs::Tree& proc, int pid);

// The plugin's own namespace, judged as the guest it runs in.
Subject read_own(const fs::Tree& proc);

// This machine's path of an in-tree directory (a guest's resolved vdir under --root),
// with symlinks in the --root path itself resolved: mountinfo names real paths.
std::string host_path(const fs::Tree& config, const std::string& in_tree);

}  // namespace vs::mount
