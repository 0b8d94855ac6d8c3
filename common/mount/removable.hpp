// SPDX-License-Identifier: GPL-3.0-or-later
// Which block devices hold removable media: the kernel's own flag, by device number.
//
// /sys/block/<disk>/removable is 1 for a disk with removable media (a CD/DVD drive,
// most USB card readers, some USB sticks); partitions live in /sys/block/<disk>/<part>
// (those with a "partition" file) and inherit it. Both have a "dev" file, "8:17".
// mountinfo names a filesystem by that major:minor, while its source field is only
// what mount was told (/dev/disk/by-label/..., a mapper name), so devices are
// matched by number.
#pragma once

#include <set>

#include "fs/tree.hpp"
#include "mount/mountinfo.hpp"

namespace vs::mount {

// `sys` is the sysfs tree ("/sys", or a directory of fixtures). Unreadable entries
// are skipped: a device whose flag cannot be read is not known to be removable.
std::set<Device> removable_devices(const fs::Tree& sys);

// "8:17\n" -> {8, 17}; nullopt for anything else.
std::optional<Device> parse_device(std::string_view text);

}  // namespace vs::mount
