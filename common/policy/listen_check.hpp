// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_listen's run: which sockets to read (the shared stack, by netlink or from a
// recorded /proc's tables; a guest's own network namespace), the scopes each role
// judges with the kernel model's verdicts (loopback, own namespaces, the guests'
// loopback listeners), and listen_policy's judgement.
#pragma once

#include <string>
#include <vector>

#include "plugin/options.hpp"
#include "plugin/report.hpp"

namespace vs::policy {

struct ListenOptions {
  std::string source = "auto";  // --source auto|netlink|proc
  std::string proto = "all";    // --proto tcp|udp|all
  std::string netns;            // --netns NAME|PATH
  bool no_processes = false;    // --no-processes
  bool strict = false;          // --strict
  std::string loopback = "auto";
  std::vector<std::string> allow_ports;
  std::vector<std::string> allow_processes;
  std::vector<std::string> expect;
};

// Throws plugin::UsageError for a bad option value.
plugin::Result check_listen(const plugin::StandardOptions& options, const ListenOptions& listen);

}  // namespace vs::policy
