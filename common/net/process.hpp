// SPDX-License-Identifier: GPL-3.0-or-later
// Socket -> owning process: the /proc/PID/fd/N links that read "socket:[INODE]".
//
// Walking every fd of every process costs a few microseconds each, so the walk
// looks only for the inodes asked about and stops as soon as all are found.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "fs/tree.hpp"
#include "net/listeners.hpp"

namespace vs::net {

struct Owners {
  std::map<std::uint64_t, Process> by_inode;  // the inodes found
  // Some /proc/PID/fd could not be read (another user's process, not root): an
  // inode not found may belong to one of those.
  bool denied = false;
};

// `proc` is the procfs mount, or a recorded /proc whose PID/fd/N are symlinks reading
// socket:[INODE] (tools/record-proc): read through fs::Tree either way, so a hostile
// recording cannot lead the walk out of its directory.
Owners find_owners(std::span<const std::uint64_t> inodes, const fs::Tree& proc);

// "socket:[12345]" -> 12345; anything else -> nullopt. Pure.
std::optional<std::uint64_t> socket_inode(std::string_view link);

struct StatusFields {
  unsigned uid = 0;              // real uid, first number of "Uid:"
  std::optional<unsigned> vxid;  // "VxID:" exists only on a Linux-VServer kernel
};
// Parses /proc/PID/status text. Pure.
StatusFields parse_status(std::string_view text);

}  // namespace vs::net
