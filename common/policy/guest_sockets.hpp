// SPDX-License-Identifier: GPL-3.0-or-later
// The sockets of a guest with a network namespace of its own (noncontext, or
// spaces/net without ncontext): they are not in the host's stack, so check_vs_listen
// --guest and a configuration check's --runtime read them in that namespace.
#pragma once

#include <optional>
#include <vector>

#include "net/listeners.hpp"
#include "plugin/report.hpp"
#include "vserver/site.hpp"

namespace vs::policy {

// Entered through the guest's init's ns/net where that is a live procfs (netlink
// there), else the recorded tables of its init's net/ directory; `query` gives the
// deadline and the rest. A guest that is not running has none (said at -v). Nullopt,
// with an UNKNOWN finding for that guest saying why, when they cannot be read.
std::optional<std::vector<net::Listener>> own_sockets(const vserver::Site& site,
                                                      const vserver::Guest& g,
                                                      const vserver::GuestView& view,
                                                      net::ListenerQuery query,
                                                      plugin::Result& result);

}  // namespace vs::policy
