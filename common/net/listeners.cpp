// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/listeners.hpp"

#include <net/if.h>

#include <algorithm>

#include "fs/tree.hpp"
#include "net/netns.hpp"
#include "net/proc_net.hpp"
#include "net/process.hpp"
#include "net/sock_diag.hpp"

namespace vs::net {
namespace {

std::vector<sock_diag::Request> requests_for(const ListenerQuery& q) {
  std::vector<sock_diag::Request> out;
  for (const Proto proto : {Proto::tcp, Proto::udp}) {
    if ((proto == Proto::tcp && !q.tcp) || (proto == Proto::udp && !q.udp)) continue;
    out.push_back({proto, Family::v4});
    out.push_back({proto, Family::v6});
  }
  return out;
}

// The device name of an ifindex; must run inside the socket's namespace.
std::string device_name(unsigned ifindex) {
  if (ifindex == 0) return {};
  char name[IF_NAMESIZE] = {};
  if (if_indextoname(ifindex, name) == nullptr) return "if" + std::to_string(ifindex);
  return name;
}

Listener to_listener(const SocketEntry& s) {
  Listener l;
  l.endpoint.proto = s.proto;
  l.endpoint.address = s.local;
  l.endpoint.port = s.local_port;
  // v6only only matters for the IPv6 wildcard; a v4 socket has no such option.
  if (s.local.family() == Family::v6) l.endpoint.v6only = s.v6only;
  l.endpoint.device = device_name(s.ifindex);
  l.inode = s.inode;
  l.uid = s.uid;
  return l;
}

void sort_listeners(std::vector<Listener>& listeners) {
  std::sort(listeners.begin(), listeners.end(), [](const Listener& a, const Listener& b) {
    return std::tie(a.endpoint.proto, a.endpoint.port, a.endpoint.address, a.inode) <
           std::tie(b.endpoint.proto, b.endpoint.port, b.endpoint.address, b.inode);
  });
}

void attribute(std::vector<Listener>& listeners, const std::string& proc) {
  std::vector<std::uint64_t> inodes;
  for (const auto& l : listeners) {
    inodes.push_back(l.inode);
  }
  Owners owners;
  try {
    owners = find_owners(inodes, fs::Tree(proc));
  } catch (const fs::FileError&) {
    owners.denied = true;  // no such --proc: Site has said so already
  }
  for (auto& l : listeners) {
    if (const auto it = owners.by_inode.find(l.inode); it != owners.by_inode.end()) {
      l.process = it->second;
    } else {
      l.owner_hidden = owners.denied;
    }
  }
}

}  // namespace

bool is_listening(const SocketEntry& s) {
  if (s.proto == Proto::tcp) return s.state == kTcpListen;
  return s.state == kTcpClose && s.remote_port == 0 && s.local_port != 0;
}

ListenerReport read_listeners_report(const ListenerQuery& query) {
  ListenerReport report;
  if (!query.tables.empty()) {
    // A recording: its tables are the sockets, read as files.
    const fs::Tree proc(query.proc);
    report.used = Source::proc;
    report.tables = proc.display(query.tables);
    for (const auto& s : read_proc_net_dir(proc, query.tables, query.tcp, query.udp)) {
      if (is_listening(s)) report.listeners.push_back(to_listener(s));
    }
    sort_listeners(report.listeners);
    if (query.processes) attribute(report.listeners, query.proc);
    return report;
  }
  // A deadline far in the future stays representable for the timer.
  const auto deadline =
      std::min(query.deadline, std::chrono::steady_clock::now() + std::chrono::hours(24));
  {
    const NetnsGuard in_namespace(query.netns);
    std::vector<SocketEntry> sockets;
    if (query.source != Source::proc) {
      try {
        sockets = sock_diag::dump(requests_for(query), deadline);
        report.used = Source::netlink;
      } catch (const sock_diag::NetlinkError& e) {
        if (query.source == Source::netlink) throw;
        report.note = e.what();
        report.used = Source::proc;
      }
    } else {
      report.used = Source::proc;
    }
    if (report.used == Source::proc) sockets = read_proc_net(query.tcp, query.udp);
    for (const auto& s : sockets) {
      if (is_listening(s)) report.listeners.push_back(to_listener(s));
    }
  }
  if (std::chrono::steady_clock::now() > deadline) {
    throw std::runtime_error("listening sockets: the deadline passed while reading them");
  }
  sort_listeners(report.listeners);
  if (query.processes) attribute(report.listeners, query.proc);
  return report;
}

std::vector<Listener> read_listeners(const ListenerQuery& query) {
  return read_listeners_report(query).listeners;
}

}  // namespace vs::net
