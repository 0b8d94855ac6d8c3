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

// Compares what the configuration says with what the daemon (`noun`) has bound,
// adding findings to `result`:
//  - a configured endpoint nothing listens on: WARNING (restart needed to apply);
//  - a live endpoint the configuration does not have: judged by `policy`; if the
//    policy finds nothing wrong with it, still WARNING (restart needed to apply);
//  - no listener of the daemon at all: WARNING (not running?).
// `prefix` is prepended to origins ("guest web1: ").
void compare_runtime(const std::vector<config::ConfiguredEndpoint>& configured,
                     const std::vector<net::Listener>& live, const BindPolicy& policy,
                     const std::string& noun, const std::string& prefix, plugin::Result& result);

// The daemon's own listeners among `all`: those whose process command is one of
// `process_names` (sockets whose owner could not be seen are kept when
// `keep_unowned`, so that an unprivileged run does not see a stopped daemon).
std::vector<net::Listener> daemon_listeners(const std::vector<net::Listener>& all,
                                            const std::vector<std::string>& process_names,
                                            bool keep_unowned);

}  // namespace vs::policy
