// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/guest_sockets.hpp"

#include <stdexcept>
#include <string>

#include "fs/tree.hpp"

namespace vs::policy {

std::optional<std::vector<net::Listener>> own_sockets(const vserver::Site& site,
                                                      const vserver::Guest& g,
                                                      const vserver::GuestView& view,
                                                      net::ListenerQuery query,
                                                      plugin::Result& result) {
  const std::string who = "guest " + g.name;
  const std::string why = view.network.own_netns_why();
  if (!view.live.running) {
    result.add(plugin::Status::ok, who,
               "a network namespace of its own (" + why + "), not running: no sockets", 1);
    return std::vector<net::Listener>{};
  }
  if (!view.live.netns) {
    result.add(plugin::Status::unknown, who,
               "its network namespace of its own (" + why +
                   ") cannot be found: no process of its context is visible");
    return std::nullopt;
  }
  const auto& ns = *view.live.netns;
  const std::string init_dir = site.proc.display("/" + std::to_string(ns.pid));
  std::string from;
  if (site.live_proc || fs::on_procfs(init_dir)) {
    query.tables.clear();
    query.netns = site.proc.display(ns.path);
    from = "its network namespace " + (ns.id.empty() ? std::string("") : ns.id + " ") +
           "(through " + query.netns + ")";
  } else {
    query.netns.clear();
    query.tables = ns.net_dir;
    from = site.proc.display(ns.net_dir) + " (recorded)";
  }
  try {
    auto report = net::read_listeners_report(query);
    result.add(plugin::Status::ok, "inputs", who + "'s sockets from " + from, 2);
    return std::move(report.listeners);
  } catch (const std::runtime_error& e) {
    result.add(plugin::Status::unknown, who, std::string("its own network namespace: ") + e.what());
    return std::nullopt;
  }
}

}  // namespace vs::policy
