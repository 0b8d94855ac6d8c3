// SPDX-License-Identifier: GPL-3.0-or-later
// What the plugin registry (plugins/meson.build) says about one plugin. The build
// writes registry.hpp with one constexpr PluginInfo per plugin; the plugin mains
// take their defaults from it, vs-nrpe-config its catalog, the tests their lists.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vs::registry {

using Paths = std::span<const std::string_view>;

struct PluginInfo {
  std::string_view name;   // "check_vs_sshd"
  std::string_view label;  // "VS_SSHD", the first word of the output
  std::string_view title;  // "VS sshd", the Nagios/Icinga service description
  std::string_view about;  // one line for comments in generated configuration
  // The daemon's default configuration paths, in the daemon's own search order.
  Paths configs;
  // The daemon reads every one of `configs` in order, later values winning (MariaDB);
  // otherwise it reads the first that exists.
  bool reads_all_configs = false;
  // Paths whose existence says the service is installed; empty: always there.
  Paths installed_if;
  Paths processes;  // the daemon's process names, for --runtime
  // Where vs-nrpe-config puts commands: the host agent judging the host, the host
  // agent judging each guest (--guest NAME), the agent inside a guest.
  bool on_host = false;
  bool from_host = false;
  bool in_guest = false;
  Paths demo;  // machines of examples/demo-host tools/demo runs it on: "host", guests

  // "sshd": check_vs_<short>; Nagios templates are vs-<short>, Icinga vs_<short>.
  std::string short_name() const { return std::string(name.substr(name.find("_vs_") + 4)); }

  // The paths the plugin tries when --config is not given, first one existing wins.
  // A daemon that reads them all lets the last one override: its plugin reads them
  // all itself (check_vs_mysql), and --config's default, shown in --help, is the last.
  std::vector<std::string> config_search() const {
    std::vector<std::string> out(configs.begin(), configs.end());
    if (reads_all_configs) out.assign(configs.rbegin(), configs.rend());
    return out;
  }
  // --config's default: the first of config_search(); "" when the plugin has none.
  std::string default_config() const {
    const auto all = config_search();
    return all.empty() ? std::string{} : all.front();
  }
  // The fallbacks after default_config(), in the order they are tried.
  std::vector<std::string> fallback_configs() const {
    auto all = config_search();
    if (!all.empty()) all.erase(all.begin());
    return all;
  }
  std::vector<std::string> process_names() const { return {processes.begin(), processes.end()}; }
};

}  // namespace vs::registry
