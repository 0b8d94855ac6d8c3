// SPDX-License-Identifier: GPL-3.0-or-later
// One guest as the running kernel sees it: its contexts, live capabilities, network
// flags, loopback address and, for a guest with a network namespace of its own, that
// namespace.
//
// The link between a guest's configuration (/etc/vservers/<name>) and the kernel is
// its context id: the `run` file of a running guest, or a static `context`; its
// network context is `ncontext`, else the same id.
//
// A check reads the kernel once (Site::kernel()), then each guest it judges with
// view_guest() (guest_view.hpp), which does:
//   const GuestNetworkConfig config = read_guest_network_config(site.host, guest);
//   const GuestKernel live = read_guest_kernel(kernel, proc, guest, config);
//   const Loopback lo = decide_loopback(loopback_facts(kernel, guest, config, live));
// check_vs_caps then compares live.bcaps with the file (compare_bcaps), and every check
// reports the guest's problems as UNKNOWN for that guest only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fs/location.hpp"
#include "fs/tree.hpp"
#include "net/address.hpp"
#include "vserver/guest.hpp"
#include "vserver/kernel.hpp"

namespace vs::vserver {

// What a guest's configuration directory says about its contexts and network.
struct GuestNetworkConfig {
  std::optional<unsigned> context;    // "context": a static context id
  std::optional<unsigned> ncontext;   // "ncontext": the network context, when not the xid
  bool noncontext = false;            // "noncontext": no network context at all
  bool spaces_net = false;            // "spaces/net": a network namespace of its own
  std::optional<net::Address> lback;  // "interfaces/lback": the remapped loopback address
  Location lback_at;
  std::vector<ReadProblem> problems;

  // No network isolation by the VServer kernel: the guest has its own namespace with
  // a real lo, and the host's wildcard listeners do not answer for it.
  bool own_netns() const { return noncontext || (spaces_net && !ncontext); }
  // "noncontext", "spaces/net without ncontext"
  std::string own_netns_why() const;
};

GuestNetworkConfig read_guest_network_config(const fs::Tree& root, const Guest& guest);

// A network namespace of the guest's own, as /proc shows it.
struct GuestNetns {
  int pid = 0;          // the process it was read through (the guest's init)
  std::string path;     // in the proc tree, "/4300/ns/net"; proc.display(path) for setns()
  std::string id;       // the link's text, "net:[4026532301]"; "" when unreadable
  std::string net_dir;  // "/4300/net": that namespace's tcp, udp... (a recorded /proc)
};

struct GuestKernel {
  std::optional<unsigned> xid;  // run file, else "context"
  std::optional<unsigned> nid;  // "ncontext", else the xid; nullopt without a network context
  bool running = false;         // the kernel has the context with Tasks > 0
  std::optional<int> init_pid;  // "Init:", else the first process with that VxID

  // Live, from /proc/virtual/<xid>/status (running guests only).
  std::optional<std::uint64_t> bcaps;
  std::optional<std::uint64_t> ccaps;
  std::optional<std::uint64_t> cflags;
  Location bcaps_at;

  // Live network flags and loopback address: /proc/virtnet/<nid>/status and info, else
  // the init process's /proc/PID/ninfo.
  std::optional<std::uint64_t> nflags;
  Location nflags_at;
  std::optional<net::Address> lback;  // nullopt when unset (printed as 0.0.0.0)
  Location lback_at;

  std::optional<GuestNetns> netns;  // set for a running guest with its own namespace
  // This guest's unreadable /proc files: its context's (virtual/<xid>/: running or not,
  // capabilities, init), and its network's (virtnet/<nid>/, PID/ninfo, PID/ns/net),
  // apart, so that a check reports only those that hide what it judges.
  std::vector<ReadProblem> problems;
  std::vector<ReadProblem> network_problems;
};

// Never throws for a bad file: it becomes one of the guest's problems.
GuestKernel read_guest_kernel(const Kernel& kernel, const fs::Tree& proc, const Guest& guest,
                              const GuestNetworkConfig& config);

}  // namespace vs::vserver
