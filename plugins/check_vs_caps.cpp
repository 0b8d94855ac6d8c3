// check_vs_caps: which guests hold capabilities that let them forge packets or
// reach out of their context, and whether their capability files will even work.
#include <filesystem>

#include "plugin/plugin.hpp"
#include "policy/cap_policy.hpp"
#include "vserver/site.hpp"

namespace {

using vs::plugin::Result;
using vs::plugin::StandardOptions;
using vs::plugin::Status;
namespace po = vs::plugin::po;

const vs::plugin::Spec kSpec{
    .name = "check_vs_caps",
    .label = "VS_CAPS",
    .synopsis = "[--crit-cap CAP]... [--warn-cap CAP]... [--allow GUEST:CAP]... [--pid PID]...",
    .purpose =
        "Checks the capabilities util-vserver grants each guest in\n"
        "/etc/vservers/<guest>/bcapabilities and ccapabilities. NET_RAW in bcapabilities lets\n"
        "every program in the guest forge packets (the raw_icmp context capability is enough\n"
        "for ping). The files are read with util-vserver's own grammar, so the check also\n"
        "predicts a guest that will fail to start (unknown token), a line the start scripts\n"
        "ignore (no newline at end of file) and a change not yet applied (file newer than the\n"
        "running guest). With --pid it judges a process's bounding set instead (a container).",
    .details =
        "Findings: a granted --crit-cap is CRITICAL, a --warn-cap WARNING; an unknown token is\n"
        "CRITICAL (the guest will fail to start); an ignored last line or a change after the\n"
        "guest started is WARNING; an unreadable capability file is UNKNOWN for that guest.\n"
        "Perfdata: guests (checked), net_raw (guests or processes holding NET_RAW), denied\n"
        "(grants of listed capabilities without --allow; -w/-c apply to it), broken (guests\n"
        "util-vserver will refuse to start).",
    .examples =
        "  check_vs_caps\n"
        "      every guest; CRITICAL for NET_RAW, WARNING for SYS_ADMIN and friends\n"
        "  check_vs_caps --guest web1 --allow web1:NET_ADMIN\n"
        "      one guest that is allowed NET_ADMIN (a VPN endpoint, say)\n"
        "  check_vs_caps --pid $(docker inspect -f '{{.State.Pid}}' web)\n"
        "      a container's init: Docker keeps NET_RAW by default\n",
    .metric = "denied (grants without --allow)",
};

struct CapsOptions {
  std::vector<std::string> crit_caps{"NET_RAW"};
  std::vector<std::string> warn_caps;
  std::vector<std::string> allows;
  std::vector<int> pids;
};

vs::policy::CapPolicy make_policy(const CapsOptions& o) {
  vs::policy::CapPolicy p;
  for (const auto& c : o.crit_caps)
    p.critical |= vs::policy::CapPolicy::parse_cap(c);
  if (o.warn_caps.empty()) {
    p.warning = vs::policy::CapPolicy::default_warning() & ~p.critical;
  } else {
    for (const auto& c : o.warn_caps)
      p.warning |= vs::policy::CapPolicy::parse_cap(c);
  }
  for (const auto& a : o.allows)
    p.allowed.push_back(vs::policy::CapPolicy::parse_grant(a));
  return p;
}

// The running context's capabilities, on a VServer kernel only (/proc/virtual).
std::optional<vs::vserver::LiveContext> live_context(const StandardOptions& o,
                                                     const vs::vserver::Guest& g) {
  if (o.root != "/" || !g.xid || !std::filesystem::exists("/proc/virtual")) return std::nullopt;
  try {
    const auto text =
        vs::fs::Tree("/").read("/proc/virtual/" + std::to_string(*g.xid) + "/status", 1 << 20);
    return vs::vserver::parse_context_status(text.content);
  } catch (const vs::fs::FileError&) {
    return std::nullopt;
  }
}

Result check(const StandardOptions& o, const CapsOptions& caps) {
  const auto policy = make_policy(caps);
  Result result;
  vs::policy::CapCounts counts;
  int checked = 0;

  if (caps.pids.empty() || !o.guests.empty()) {
    // Capabilities and run state only: no roots, addresses or flags to read.
    const auto site =
        vs::vserver::open_site(o, {.root = false, .addresses = false, .nflags = false});
    std::vector<const vs::vserver::Guest*> scope = site.chosen;
    if (scope.empty()) {
      for (const auto& g : site.all.guests)
        scope.push_back(&g);
    }
    for (const auto* g : scope) {
      vs::policy::judge_guest(policy, *g, live_context(o, *g), result, counts);
      ++checked;
    }
    for (const auto& name : site.all.disabled)
      result.add(Status::ok, "guest " + name, "disabled: skipped");
    if (o.verbosity >= 2) {
      result.add(Status::ok, "inputs", "read " + site.host.display(site.vservers_dir), 2);
    }
    if (!site.all.config_dir_exists && caps.pids.empty()) {
      result.add(Status::ok, site.host.display(site.vservers_dir),
                 "no such directory: no guests here", 0);
    }
  }
  vs::fs::Tree proc("/");
  for (const int pid : caps.pids) {
    const std::string base = "/proc/" + std::to_string(pid);
    try {
      const auto status = proc.read(base + "/status", 1 << 20);
      const auto bounding = vs::policy::parse_capbnd(status.content);
      if (!bounding) throw vs::plugin::UsageError(status.path + ": no CapBnd line");
      std::string command;
      if (const auto comm = proc.read_if_exists(base + "/comm", 4096))
        command = vs::vserver::first_line(comm->content);
      vs::policy::judge_process(policy, pid, command, *bounding, result, counts);
    } catch (const vs::fs::FileMissing&) {
      result.add(Status::unknown, "pid " + std::to_string(pid), "no such process");
    }
  }

  const int total = checked + static_cast<int>(caps.pids.size());
  vs::plugin::Perfdata denied{
      "denied", static_cast<double>(counts.denied), "", o.warning, o.critical, 0, {}};
  if (o.warning && o.warning->alerts(counts.denied)) result.threshold_status = Status::warning;
  if (o.critical && o.critical->alerts(counts.denied)) result.threshold_status = Status::critical;
  result.perfdata = {
      {"guests", static_cast<double>(checked), "", {}, {}, 0, {}},
      {"net_raw", static_cast<double>(counts.net_raw), "", {}, {}, 0, static_cast<double>(total)},
      denied,
      {"broken", static_cast<double>(counts.broken), "", {}, {}, 0, static_cast<double>(checked)},
  };
  if (result.status() == Status::ok) {
    result.summary = std::to_string(checked) + (checked == 1 ? " guest" : " guests");
    if (!caps.pids.empty())
      result.summary += " and " + std::to_string(caps.pids.size()) + " process(es)";
    result.summary += ", no denied capability granted";
  }
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  CapsOptions caps;
  // One option a paragraph, as the formatter cannot lay out the chain.
  // clang-format off
  plugin.add_options()
      ("crit-cap", po::value(&caps.crit_caps)->value_name("CAP"),
       "a granted CAP is CRITICAL; repeatable; a given list replaces the default (NET_RAW)")
      ("warn-cap", po::value(&caps.warn_caps)->value_name("CAP"),
       "a granted CAP is WARNING; repeatable; default: util-vserver's insecure bcaps (SETPCAP, "
       "LINUX_IMMUTABLE, NET_BROADCAST, NET_ADMIN, IPC_LOCK, IPC_OWNER, SYS_MODULE, SYS_RAWIO, "
       "SYS_PACCT, SYS_ADMIN, SYS_NICE, SYS_RESOURCE, SYS_TIME, MKNOD, AUDIT_CONTROL)")
      ("allow", po::value(&caps.allows)->value_name("GUEST:CAP"),
       "accept one grant (GUEST may be * for every guest, or pid:N for --pid); repeatable")
      ("pid", po::value(&caps.pids)->value_name("PID"),
       "judge the bounding set (CapBnd) of process PID, e.g. a container's init; repeatable");
  // clang-format on
  return plugin.run(argc, argv, [&](const StandardOptions& o) { return check(o, caps); });
}
