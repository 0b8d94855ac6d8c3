// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_caps's run: the capability files of the guests (and, on a VServer
// kernel, their running contexts), or the bounding sets of processes, judged by
// CapPolicy, with the perfdata and the summary.
#pragma once

#include <string>
#include <vector>

#include "plugin/options.hpp"
#include "plugin/report.hpp"
#include "policy/cap_policy.hpp"

namespace vs::policy {

struct CapsOptions {
  std::vector<std::string> crit_caps{"NET_RAW"};  // --crit-cap
  std::vector<std::string> warn_caps;             // --warn-cap; empty: the default list
  std::vector<std::string> allows;                // --allow GUEST:CAP
  std::vector<int> pids;                          // --pid
};

// The policy the options ask for. Throws plugin::UsageError for an unknown name.
CapPolicy make_cap_policy(const CapsOptions& options);

// Every guest (or the --guest ones) and every --pid. Perfdata: guests, net_raw,
// denied (the metric -w/-c apply to), broken.
plugin::Result check_caps(const plugin::StandardOptions& options, const CapsOptions& caps);

}  // namespace vs::policy
