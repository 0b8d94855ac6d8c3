// SPDX-License-Identifier: GPL-3.0-or-later
// Live listening sockets: what `ss -ltun` shows, as Endpoints with their owners.
//
// Sources: netlink NETLINK_SOCK_DIAG (inet_diag) with a kernel-side state filter,
// TCP LISTEN and UDP CLOSE (unconnected) in separate dumps, so the cost grows with
// listeners, not with established connections; /proc/net/{tcp,tcp6,udp,udp6} as
// the fallback. Owning processes are found through /proc/*/fd only for the sockets
// asked about, stopping as soon as all are found.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/address.hpp"

namespace vs::net {

struct Process {
  int pid = 0;
  std::string command;  // /proc/PID/comm
  unsigned uid = 0;
  std::optional<unsigned> vxid;  // "VxID:" of /proc/PID/status on a VServer kernel
};

struct Listener {
  Endpoint endpoint;
  std::uint64_t inode = 0;
  unsigned uid = 0;                // socket owner uid, from the kernel
  std::optional<Process> process;  // nullopt: not looked up, or not found (no permission)
  // Set when the owner was looked for and not found while some /proc/PID/fd could not
  // be read: the owner may be hidden there ("owner unknown (run as root)").
  bool owner_hidden = false;
};

// One socket as a source reports it, before it is judged a listener.
struct SocketEntry {
  Proto proto = Proto::tcp;
  int state = 0;  // TCP state numbering (include/net/tcp_states.h), UDP included
  Address local;
  std::uint16_t local_port = 0;
  Address remote;
  std::uint16_t remote_port = 0;
  std::optional<bool> v6only;  // netlink only; /proc/net cannot tell
  unsigned ifindex = 0;        // bound device (SO_BINDTODEVICE), 0 for none; netlink only
  std::uint64_t inode = 0;
  unsigned uid = 0;
};

inline constexpr int kTcpListen = 10;  // TCP_LISTEN
inline constexpr int kTcpClose = 7;    // TCP_CLOSE: an unconnected UDP socket

// TCP in LISTEN; UDP unconnected (no remote port) with a local port.
bool is_listening(const SocketEntry& s);

enum class Source { automatic, netlink, proc };

struct ListenerQuery {
  Source source = Source::automatic;  // automatic: netlink, /proc/net when refused
  bool tcp = true;
  bool udp = true;
  std::string netns;  // "" this namespace; a name (/run/netns/NAME) or a path
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  bool processes = true;  // attribute sockets to processes
  // Where processes are looked up (PID/fd, comm, status): --proc.
  std::string proc = "/proc";
  // Read the sockets from the /proc/net-style tables of this directory of `proc`
  // instead of asking the kernel: "/net" of a recorded /proc (netlink cannot be
  // replayed), "/4300/net" for a guest's own namespace in one. "" asks the kernel.
  std::string tables;
};

// Throws std::runtime_error with a one-line reason (netns not permitted, netlink
// and /proc/net both unreadable, deadline passed).
std::vector<Listener> read_listeners(const ListenerQuery& query);

// What read_listeners() did, for -vv ("netlink sock_diag", "/proc/net (netlink
// refused: ...)").
struct ListenerReport {
  std::vector<Listener> listeners;
  Source used = Source::netlink;
  std::string note;    // why netlink was not used, when it was not
  std::string tables;  // the tables read instead of the kernel, as shown ("/rec/net")
};
ListenerReport read_listeners_report(const ListenerQuery& query);

}  // namespace vs::net
