// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_mounts's run: the host's mounts, each guest's (or --pid process's)
// namespace, read where the kernel model says the guest runs, judged by MountPolicy,
// with the perfdata and the summary.
#pragma once

#include <string>
#include <vector>

#include "plugin/options.hpp"
#include "plugin/report.hpp"

namespace vs::policy {

struct MountsOptions {
  std::vector<std::string> pids;     // --pid [GUEST:]PID
  std::vector<std::string> allowed;  // --allow-mount PATH
};

// Every guest (or the --guest ones) and every --pid; inside a guest, its own
// namespace. Perfdata: mounts, host_namespace (the metric -w/-c apply to), removable,
// missing, writable_binds. Throws plugin::UsageError for a bad --pid.
plugin::Result check_mounts(const plugin::StandardOptions& options, const MountsOptions& mounts);

}  // namespace vs::policy
