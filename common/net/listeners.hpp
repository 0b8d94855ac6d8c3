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
  std::string command;          // /proc/PID/comm
  unsigned uid = 0;
  std::optional<unsigned> vxid; // "VxID:" of /proc/PID/status on a VServer kernel
};

struct Listener {
  Endpoint endpoint;
  std::uint64_t inode = 0;
  unsigned uid = 0;                // socket owner uid, from the kernel
  std::optional<Process> process;  // nullopt: not looked up, or not found (no permission)
};

enum class Source { automatic, netlink, proc };

struct ListenerQuery {
  Source source = Source::automatic;  // automatic: netlink, /proc/net when refused
  bool tcp = true;
  bool udp = true;
  std::string netns;  // "" this namespace; a name (/run/netns/NAME) or a path
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  bool processes = true;  // attribute sockets to processes
};

// Throws std::runtime_error with a one-line reason (netns not permitted, netlink
// and /proc/net both unreadable, deadline passed).
std::vector<Listener> read_listeners(const ListenerQuery& query);

}  // namespace vs::net
