// SPDX-License-Identifier: GPL-3.0-or-later
// MountPolicy: judges where a guest's mounts are (the talk's last lesson: a guest
// lives in its own mount namespace; mount for it with vnamespace -e).
//
//  - a mount in the HOST's namespace at or below a guest's root (not the root
//    itself) is WARNING: the guest does not see it, yet it keeps the guest's tree
//    busy; CRITICAL when the guest runs and the mount hides a path the guest's own
//    namespace mounts (the host then sees other files there than the guest);
//  - removable media in a guest's namespace (iso9660, udf, /dev/sr*, /dev/cdrom*,
//    /dev/dvd*, /dev/scd*, or a block device the kernel flags removable) is WARNING;
//  - a line of the guest's fstab files that secure-mount mounts but that is not
//    mounted in the running guest's namespace is WARNING, and so is a line where
//    secure-mount gives up on the file (the rest is never mounted);
//  - a writable bind mount into a guest from outside its root is CRITICAL when
//    the source is a host system path (/, /etc, /root, /usr, /var/lib/vservers or
//    another guest's root), WARNING otherwise; read-only ones are OK (shown at -v);
//  - --allow-mount PATH accepts whatever is mounted at PATH (a host path).
//
// Finding a bind mount's SOURCE: mountinfo does not record the path a bind mount
// was made from. It records the filesystem (major:minor) and the directory of that
// filesystem the mount shows (the root field: "/" for a whole filesystem, "/srv/data"
// for a bind of /srv/data when /srv/data lives on the root filesystem). The host's
// namespace mounts the same filesystem somewhere: a host mount H of the same device
// whose root is a prefix of the guest mount's root shows the same directory at
// H's mount point + the rest of the root. That host path is the source. When one
// of those paths lies inside the guest's own root, the files are the guest's (a
// bind inside the guest). When the host does not mount that filesystem at all, the
// files are not the host's (the guest's tmpfs, a CD mounted in the guest only).
// Kernel API filesystems (proc, sysfs, cgroup...) are shared by every fresh mount
// of them, so a whole one (root "/") is a mount, not a bind, and is not judged.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mount/facts.hpp"
#include "plugin/report.hpp"

namespace vs::policy {

struct MountPolicy {
  std::vector<std::string> allowed;  // --allow-mount: mount points as host paths

  bool allows(const std::string& point) const;
};

struct MountCounts {
  int mounts = 0;          // mounts in the judged namespaces, at or below their roots
  int host_namespace = 0;  // mounts in the host's namespace below a guest's root
  int removable = 0;       // removable media mounted in a guest
  int missing = 0;         // fstab lines not mounted in a running guest
  int writable_binds = 0;  // writable bind mounts from outside a guest's root
};

// Adds the findings about one subject (a guest, a process's namespace) to `result`.
void judge_mounts(const MountPolicy& policy, const mount::Host& host, const mount::Subject& subject,
                  plugin::Result& result, MountCounts& counts);

// The host paths that show the same files as `m`, most specific first (see above);
// empty when the host does not mount m's filesystem.
std::vector<std::string> host_paths_of(const mount::Mount& m,
                                       const std::vector<mount::Mount>& host);

// Removable media: by type, by device name, or by the kernel's removable flag.
bool is_removable(const mount::Mount& m, const std::set<mount::Device>& removable);

// Why a bind source is a host system path ("the host's /etc", "guest mail's root"),
// or nullopt. `guest` is the judged guest's own name (its root is not "another's").
std::optional<std::string> system_path(
    const std::string& source, const std::string& guest,
    const std::vector<std::pair<std::string, std::string>>& guest_roots);

}  // namespace vs::policy
