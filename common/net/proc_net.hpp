// SPDX-License-Identifier: GPL-3.0-or-later
// /proc/net/{tcp,tcp6,udp,udp6}: the fallback source of sockets, parsed as text.
//
//   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
//    0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345
//    ...
//
// Addresses are the kernel's 32-bit words printed with %08X in host byte order: one
// word for IPv4, four for IPv6; ports are plain hex. The files cannot tell v6only
// or a bound device, so those stay unknown.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fs/tree.hpp"
#include "net/listeners.hpp"

namespace vs::net {

// A malformed line: the message is "PATH:LINE: what is wrong".
class ProcNetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses a whole table (header line included). `path` only names the file in errors.
// Pure; throws ProcNetError.
std::vector<SocketEntry> parse_proc_net(std::string_view text, Proto proto, Family family,
                                        const std::string& path);

// Reads and parses the tables of the calling thread's network namespace
// (/proc/thread-self/net). Throws std::runtime_error when a table cannot be read.
std::vector<SocketEntry> read_proc_net(bool tcp, bool udp);

// Reads and parses DIR/{tcp,tcp6,udp,udp6} inside `proc`: "/thread-self/net" of the
// procfs mount, or "/net" and "/PID/net" (a guest's own namespace) of a tree recorded
// with tools/record-proc. A missing IPv6 table is a kernel without IPv6. Throws
// std::runtime_error naming the file when a table cannot be read or parsed.
std::vector<SocketEntry> read_proc_net_dir(const fs::Tree& proc, const std::string& dir, bool tcp,
                                           bool udp);

}  // namespace vs::net
