// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/mounts_check.hpp"

#include <charconv>
#include <map>

#include "mount/facts.hpp"
#include "plugin/number.hpp"
#include "policy/kernel_report.hpp"
#include "policy/mount_policy.hpp"
#include "vserver/site.hpp"

namespace vs::policy {

using plugin::Result;
using plugin::Status;

namespace {

struct PidChoice {
  std::map<std::string, int> by_guest;  // GUEST:PID
  std::vector<int> bare;                // PID
};

int parse_pid(const std::string& text, const std::string& option) {
  const auto pid = plugin::parse_number<int>(text);
  if (!pid || *pid <= 0)
    throw plugin::UsageError("--pid '" + option + "': '" + text + "' is not a process id");
  return *pid;
}

PidChoice parse_pids(const std::vector<std::string>& texts) {
  PidChoice out;
  for (const auto& t : texts) {
    const auto colon = t.rfind(':');
    if (colon == std::string::npos) {
      out.bare.push_back(parse_pid(t, t));
    } else {
      if (colon == 0) throw plugin::UsageError("--pid '" + t + "': no guest name before ':'");
      out.by_guest[t.substr(0, colon)] = parse_pid(t.substr(colon + 1), t);
    }
  }
  return out;
}

// Where guest `g` runs, as the kernel model says: its init (or any process of its
// context) is the process whose namespace is the guest's. The context's unreadable
// /proc files are UNKNOWN for this guest.
mount::GuestRun guest_run(const vserver::Site& site, const vserver::Guest& g, Result& result) {
  const std::string pid_hint = "; give --pid " + g.name + ":PID";
  const vserver::Kernel& kernel = site.kernel();
  if (!kernel.vserver) {
    if (!g.running) return {};
    return {true, std::nullopt,
            "no " + site.proc.display("/virtual") +
                ": not a VServer kernel, so the guest's processes cannot be found" + pid_hint};
  }
  const auto view = site.view(g, false);
  report_problems(result, view.problems(false), g.name);
  if (!view.live.xid) {
    if (!g.running) return {};
    return {true, std::nullopt,
            "no context id in " + site.host.display(g.config_dir + "/run") + " nor in " +
                site.host.display(g.config_dir + "/context") + pid_hint};
  }
  const std::string xid = std::to_string(*view.live.xid);
  if (!view.live.running) {
    if (g.running && view.live.problems.empty()) {
      result.add(Status::ok, "guest " + g.name,
                 "its run file says it runs, but the kernel has no running context " + xid + " (" +
                     site.proc.display("/virtual/" + xid) + "): stopped",
                 1);
    }
    return {};
  }
  if (!view.live.init_pid) {
    return {true, std::nullopt,
            "context " + xid + " has no process (" +
                site.proc.display("/virtual/" + xid + "/info") +
                " names no init, and no process has VxID " + xid + ")" + pid_hint};
  }
  return {true, view.live.init_pid, {}};
}

void describe_inputs(const mount::Subject& s, Result& result) {
  std::string text;
  if (s.namespace_read) {
    text = "namespace read from " + s.namespace_file + " (root " + s.root + ")";
  } else if (!s.running) {
    text = "not running: no namespace of its own";
  } else {
    text = "namespace not read";
  }
  if (!s.fstab.empty()) text += "; " + std::to_string(s.fstab.size()) + " fstab line(s)";
  result.add(Status::ok, s.label, text, 2);
}

std::string summary(int guests, int running, std::size_t processes, bool own_only,
                    const MountCounts& counts) {
  std::string out;
  if (guests > 0 || processes == 0) {
    out = std::to_string(guests) + (guests == 1 ? " guest" : " guests");
    if (running > 0) out += " (" + std::to_string(running) + " running)";
  }
  if (processes > 0) {
    if (!out.empty()) out += " and ";
    out += std::to_string(processes) + (processes == 1 ? " process" : " processes");
  }
  if (own_only) out = "this guest";
  return out + ": " + std::to_string(counts.mounts) + (counts.mounts == 1 ? " mount" : " mounts") +
         ", none misplaced";
}

}  // namespace

Result check_mounts(const plugin::StandardOptions& o, const MountsOptions& opts) {
  const PidChoice pids = parse_pids(opts.pids);
  const auto site = vserver::open_site(
      o, {.root = true, .addresses = false, .nflags = false, .capabilities = false});
  for (const auto& [name, pid] : pids.by_guest) {
    if (site.find(name) == nullptr) {
      throw plugin::UsageError("--pid " + name + ":" + std::to_string(pid) + ": guest '" + name +
                               "' is not configured in " + site.host.display(site.vservers_dir));
    }
  }
  const mount::Sources from{site.proc, site.host, site.live_proc, site.live_proc ? "/sys" : ""};
  const mount::Host host = mount::read_host(from, site.all.guests);
  const MountPolicy policy{opts.allowed};
  Result result;
  MountCounts counts;
  for (const auto& p : host.problems)
    result.add(Status::unknown, p.origin, p.message);

  std::vector<mount::Subject> subjects;
  int guests = 0;
  int running = 0;
  const bool own_only = site.role == plugin::Role::guest && o.guests.empty() && opts.pids.empty();
  if (own_only) {
    subjects.push_back(mount::read_own(site.proc));
  } else if (pids.bare.empty() || !o.guests.empty() || !pids.by_guest.empty()) {
    std::vector<const vserver::Guest*> scope = site.chosen;
    if (scope.empty()) {
      for (const auto& g : site.all.guests)
        scope.push_back(&g);
    }
    for (const auto* g : scope) {
      const auto it = pids.by_guest.find(g->name);
      const mount::GuestRun run = it != pids.by_guest.end() ? mount::GuestRun{true, it->second, {}}
                                                            : guest_run(site, *g, result);
      subjects.push_back(mount::read_guest(from, *g, run));
      ++guests;
      if (subjects.back().running) ++running;
    }
    for (const auto& name : site.all.disabled)
      result.add(Status::ok, "guest " + name, "disabled: skipped");
  }
  for (const int pid : pids.bare)
    subjects.push_back(mount::read_process(site.proc, pid));

  for (const auto& s : subjects) {
    judge_mounts(policy, host, s, result, counts);
    describe_inputs(s, result);
  }
  if (o.verbosity >= 2 && site.kernel_read) describe_kernel(result, *site.kernel_read);

  const auto count = [](int n) { return static_cast<std::size_t>(n); };
  plugin::Perfdata host_namespace = plugin::count("host_namespace", count(counts.host_namespace));
  host_namespace.warn = o.warning;
  host_namespace.crit = o.critical;
  result.threshold_status = host_namespace.status();
  result.perfdata = {
      plugin::count("mounts", count(counts.mounts)),
      host_namespace,
      plugin::count("removable", count(counts.removable)),
      plugin::count("missing", count(counts.missing)),
      plugin::count("writable_binds", count(counts.writable_binds)),
  };
  if (result.status() == Status::ok)
    result.summary = summary(guests, running, pids.bare.size(), own_only, counts);
  return result;
}

}  // namespace vs::policy
