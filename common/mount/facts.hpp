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

struct Host {
  std::vector<Mount> mounts;   // the host's namespace (the plugin's own)
  std::set<Device> removable;  // see removable.hpp
  std::vector<std::pair<std::string, std::string>> guest_roots;  // name, host path; every guest
  std::vector<Problem> problems;
};

// The host: `proc`/self/mountinfo, the removable flags under the sysfs directory
// `sys` ("/sys"), and the roots of `guests` (read from `config`, the --root tree).
Host read_host(const fs::Tree& proc, const std::string& sys, const fs::Tree& config,
               const std::vector<vserver::Guest>& guests);

// A configured guest: its root, its fstab files, and the namespace of process `pid`,
// or of the process find_guest_process() names when the guest runs.
Subject read_guest(const fs::Tree& config, const vserver::Guest& guest, const fs::Tree& proc,
                   std::optional<int> pid);

// The namespace of process `pid` (a container): its root is the process's root.
Subject read_process(const fs::Tree& proc, int pid);

// The plugin's own namespace, judged as the guest it runs in.
Subject read_own(const fs::Tree& proc);

// The host path of an in-tree directory (a guest's resolved vdir under --root),
// with symlinks in the --root path itself resolved: mountinfo names real paths.
std::string host_path(const fs::Tree& config, const std::string& in_tree);

}  // namespace vs::mount
