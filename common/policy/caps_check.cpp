// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/caps_check.hpp"

#include "fs/tree.hpp"
#include "policy/kernel_report.hpp"
#include "vserver/site.hpp"

namespace vs::policy {

using plugin::Status;

namespace {

// The guests' files: capabilities and run state only (no roots, addresses or flags).
int judge_guests(const plugin::StandardOptions& o, const CapsOptions& caps, const CapPolicy& policy,
                 plugin::Result& result, CapCounts& counts) {
  const auto site = vserver::open_site(o, {.root = false, .addresses = false, .nflags = false});
  std::vector<const vserver::Guest*> scope = site.chosen;
  if (scope.empty()) {
    for (const auto& g : site.all.guests)
      scope.push_back(&g);
  }
  // The running contexts' bounding sets, on a VServer kernel (--proc).
  const vserver::Kernel& kernel = site.kernel();
  for (const auto* g : scope) {
    std::optional<LiveBcaps> live;
    if (kernel.vserver) {
      const auto view = site.view(*g, false);
      report_problems(result, view.problems(false), g->name);
      if (view.live.bcaps) {
        live = LiveBcaps{
            vserver::compare_bcaps(*view.live.bcaps, g->bcaps ? &g->bcaps->list : nullptr),
            view.live.bcaps_at};
      }
    }
    judge_guest(policy, *g, live, result, counts);
  }
  for (const auto& name : site.all.disabled)
    result.add(Status::ok, "guest " + name, "disabled: skipped");
  if (o.verbosity >= 2) {
    result.add(Status::ok, "inputs", "read " + site.host.display(site.vservers_dir), 2);
    describe_kernel(result, kernel);
  }
  if (!site.all.config_dir_exists && caps.pids.empty()) {
    result.add(Status::ok, site.host.display(site.vservers_dir),
               "no such directory: no guests here", 0);
  }
  return static_cast<int>(scope.size());
}

// A process's bounding set, from --proc's PID/status.
void judge_pid(const fs::Tree& proc, int pid, const CapPolicy& policy, plugin::Result& result,
               CapCounts& counts) {
  const std::string base = "/" + std::to_string(pid);
  try {
    const auto status = proc.read(base + "/status", 1 << 20);
    const auto bounding = parse_capbnd(status.content);
    if (!bounding) throw plugin::UsageError(status.path + ": no CapBnd line");
    std::string command;
    if (const auto comm = proc.read_if_exists(base + "/comm", 4096))
      command = vserver::first_line(comm->content);
    judge_process(policy, pid, command, *bounding, result, counts);
  } catch (const fs::FileMissing&) {
    result.add(Status::unknown, "pid " + std::to_string(pid), "no such process");
  }
}

}  // namespace

CapPolicy make_cap_policy(const CapsOptions& o) {
  CapPolicy p;
  for (const auto& c : o.crit_caps)
    p.critical |= CapPolicy::parse_cap(c);
  if (o.warn_caps.empty()) {
    p.warning = CapPolicy::default_warning() & ~p.critical;
  } else {
    for (const auto& c : o.warn_caps)
      p.warning |= CapPolicy::parse_cap(c);
  }
  for (const auto& a : o.allows)
    p.allowed.push_back(CapPolicy::parse_grant(a));
  return p;
}

plugin::Result check_caps(const plugin::StandardOptions& o, const CapsOptions& caps) {
  const auto policy = make_cap_policy(caps);
  plugin::Result result;
  CapCounts counts;
  int checked = 0;
  if (caps.pids.empty() || !o.guests.empty())
    checked = judge_guests(o, caps, policy, result, counts);
  if (!caps.pids.empty()) {
    const fs::Tree proc(o.proc);
    for (const int pid : caps.pids)
      judge_pid(proc, pid, policy, result, counts);
  }

  const auto guests = static_cast<std::size_t>(checked);
  const std::size_t total = guests + caps.pids.size();
  plugin::Perfdata denied = plugin::count("denied", static_cast<std::size_t>(counts.denied));
  denied.warn = o.warning;
  denied.crit = o.critical;
  result.threshold_status = denied.status();
  result.perfdata = {
      plugin::count("guests", guests),
      plugin::count("net_raw", static_cast<std::size_t>(counts.net_raw), total),
      denied,
      plugin::count("broken", static_cast<std::size_t>(counts.broken), guests),
  };
  if (result.status() == Status::ok) {
    result.summary = std::to_string(checked) + (checked == 1 ? " guest" : " guests");
    if (!caps.pids.empty())
      result.summary += " and " + std::to_string(caps.pids.size()) + " process(es)";
    result.summary += ", no denied capability granted";
  }
  return result;
}

}  // namespace vs::policy
