// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/guest_view.hpp"

namespace vs::vserver {

std::vector<ReadProblem> GuestView::problems(bool with_network) const {
  std::vector<ReadProblem> out = live.problems;
  if (with_network) {
    out.insert(out.end(), network.problems.begin(), network.problems.end());
    out.insert(out.end(), live.network_problems.begin(), live.network_problems.end());
  }
  return out;
}

GuestView view_guest(Kernel& kernel, const fs::Tree& proc, const fs::Tree& root,
                     const Guest& guest) {
  GuestView v;
  v.network = read_guest_network_config(root, guest);
  v.live = read_guest_kernel(kernel, proc, guest, v.network);
  if (needs_configuration(kernel, loopback_facts(kernel, guest, v.network, v.live)))
    read_configuration(kernel, proc, root);
  v.loopback = decide_loopback(loopback_facts(kernel, guest, v.network, v.live));
  return v;
}

Loopback own_loopback(Kernel& kernel, const fs::Tree& proc, const fs::Tree& root,
                      std::optional<bool> on_interfaces, std::vector<ReadProblem>& problems) {
  LoopbackFacts facts;
  if (kernel.vserver) {
    const auto ninfo = read_proc_file(proc, "/self/ninfo", &parse_pid_ninfo, problems);
    if (ninfo && ninfo->nflags) {
      facts.running = true;
      facts.live_nflags = ninfo->nflags;
      if (ninfo->lback && !ninfo->lback->is_wildcard()) facts.live_lback = ninfo->lback;
      facts.nid = ninfo->nid;
      return decide_loopback(facts);
    }
  }
  if (!on_interfaces && needs_configuration(kernel, facts)) read_configuration(kernel, proc, root);
  facts.branch = kernel.branch();
  facts.config_read = kernel.config.has_value();
  if (kernel.config) facts.auto_lback = kernel.config->auto_lback;
  if (on_interfaces) {
    Loopback out;
    out.has_loopback = *on_interfaces;
    out.source = LoopbackSource::live;
    out.reason = *on_interfaces ? "loopback on the interfaces (live)"
                                : "no loopback address on the interfaces (live)";
    return out;
  }
  return decide_loopback(facts);
}

}  // namespace vs::vserver
