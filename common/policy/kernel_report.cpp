// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/kernel_report.hpp"

namespace vs::policy {

using plugin::Status;

void report_problems(plugin::Result& result, const std::vector<vserver::ReadProblem>& problems,
                     const std::string& guest) {
  for (const auto& p : problems) {
    result.add(Status::unknown, p.where.str(),
               (guest.empty() ? "" : "guest " + guest + ": ") + p.message);
  }
}

void report_kernel(plugin::Result& result, const vserver::Kernel& kernel) {
  report_problems(result, kernel.problems);
  describe_kernel(result, kernel);
}

void describe_kernel(plugin::Result& result, const vserver::Kernel& kernel) {
  // On another kernel the verdicts say so themselves ("ASSUMED ... no VServer kernel").
  const auto branch = kernel.branch();
  if (!kernel.vserver && !branch) return;
  std::string text = "kernel: ";
  text += branch ? branch->name() + " (" + branch->evidence + ")"
                 : std::string("a VServer kernel of unknown version");
  if (!kernel.config_read) {
    // Not needed by this check: nothing to say.
  } else if (kernel.config) {
    text += ", configuration " + kernel.config->source;
    if (kernel.config->auto_lback) {
      text += *kernel.config->auto_lback ? " (CONFIG_VSERVER_AUTO_LBACK=y)"
                                         : " (CONFIG_VSERVER_AUTO_LBACK not set)";
    }
  } else {
    std::string tried;
    for (const auto& t : kernel.config_tried)
      tried += (tried.empty() ? "" : ", ") + t;
    text += ", no configuration" + (tried.empty() ? "" : " (tried " + tried + ")");
  }
  result.add(Status::ok, "inputs", text, 2);
}

}  // namespace vs::policy
