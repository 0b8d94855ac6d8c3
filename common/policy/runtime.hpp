// SPDX-License-Identifier: GPL-3.0-or-later
// --runtime: does the daemon listen where its configuration says? A configuration
// edited but not applied is the classic trap: the file is fixed, the service still
// answers on 0.0.0.0 until someone restarts it.
#pragma once

#include <string>
#include <vector>

#include "config/service_config.hpp"
#include "net/listeners.hpp"
#include "plugin/report.hpp"
#include "policy/bind_policy.hpp"

namespace vs::policy {

// The live sockets that may be the daemon's, decided socket by socket.
struct DaemonSockets {
  std::vector<net::Listener> owned;  // held by a process of the daemon (by command name)
  // Held by processes this user cannot look into (not root): each may be the
  // daemon's or not. A socket that no process holds as far as root can see (a kernel
  // socket, one in flight over a Unix socket) is not the daemon's and is in neither.
  std::vector<net::Listener> hidden;
};

// Sorts `all` into the daemon's sockets (process command one of `process_names`) and
// those whose owner is hidden; the other sockets do not matter.
DaemonSockets daemon_sockets(const std::vector<net::Listener>& all,
                             const std::vector<std::string>& process_names);

// Compares what the configuration says with the sockets of the daemon (`noun`),
// adding findings to `result`:
//  - a configured endpoint the daemon listens on: OK (shown at -v);
//  - one where only a hidden socket listens: UNKNOWN (cannot tell whose: run as root);
//  - one nothing of the daemon listens on: WARNING (restart needed to apply);
//  - a live socket of the daemon the configuration does not have: judged by `policy`;
//    if the policy finds nothing wrong with it, still WARNING (restart needed);
//  - a hidden socket on a configured port but not a configured address: UNKNOWN;
//  - no socket of the daemon, none hidden on its ports: WARNING (not running?).
// The restart warnings form one group: the summary says "sshd needs a restart" once.
// `prefix` is prepended to origins ("guest web1: ").
void compare_runtime(const std::vector<config::ConfiguredEndpoint>& configured,
                     const DaemonSockets& live, const BindPolicy& policy, const std::string& noun,
                     const std::string& prefix, plugin::Result& result);

}  // namespace vs::policy
