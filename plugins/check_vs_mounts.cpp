// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_mounts: whether each guest's mounts are in the guest's own mount
// namespace (the talk's vnamespace lesson), and what the guests mount from where.
#include <charconv>
#include <map>

#include "mount/facts.hpp"
#include "plugin/plugin.hpp"
#include "policy/mount_policy.hpp"
#include "vserver/site.hpp"

namespace {

using vs::plugin::Result;
using vs::plugin::StandardOptions;
using vs::plugin::Status;
namespace po = vs::plugin::po;

// Where the live kernel facts are. The --proc standard option (VServer kernel model)
// will make the first one a parameter; everything below already takes it as one.
const char* const kProc = "/proc";
const char* const kSys = "/sys";

const vs::plugin::Spec kSpec{
    .name = "check_vs_mounts",
    .label = "VS_MOUNTS",
    .synopsis = "[--pid [GUEST:]PID]... [--allow-mount PATH]...",
    .purpose =
        "Checks the guests' mount namespaces. util-vserver starts a guest in a mount namespace\n"
        "of its own, and mounts its fstab there: a mount for a guest belongs in that namespace\n"
        "(vnamespace -e GUEST mount /dev/cdrom /var/lib/vservers/GUEST/mnt/cdrom). A plain mount\n"
        "under a guest's root lands in the host's namespace instead, where the guest never sees\n"
        "it and where it keeps the guest's tree busy. The check also finds a CD-ROM or ISO left\n"
        "mounted in a guest, a guest fstab line that is not mounted, and a host directory bind\n"
        "mounted writable into a guest. A guest's namespace is read from\n"
        "/proc/PID/mountinfo of its init (Init: of /proc/virtual/XID/info) or of any process\n"
        "whose VxID is the guest's; --pid judges any process's namespace (a container).",
    .details =
        "Findings: a mount in the host's namespace at or below a guest's root (not the root\n"
        "itself) is WARNING, CRITICAL when the guest runs and the mount hides a path the guest's\n"
        "own namespace mounts. Removable media in a guest (iso9660, udf, /dev/sr*, /dev/cdrom,\n"
        "/dev/dvd, or a block device whose /sys/block/*/removable is 1) is WARNING. A line of\n"
        "fstab, fstab.local or fstab.remote in /etc/vservers/GUEST that is not mounted in the\n"
        "running guest is WARNING (the files are read with secure-mount's grammar: four fields\n"
        "needed, no \\040 escapes, a syntax error ends the file). A writable bind mount into a\n"
        "guest from outside its root is CRITICAL when the source is /, /etc, /root, /usr,\n"
        "/var/lib/vservers (or below) or another guest's root, WARNING otherwise; read-only\n"
        "binds are OK (listed at -v). The bind's source is found by matching the mount's device\n"
        "and root directory with the host's mounts of the same filesystem. A guest whose\n"
        "processes or mounts cannot be read (not root, not a VServer kernel, no such process) is\n"
        "UNKNOWN on its own; the others are still judged. Inside a guest (--role guest, or\n"
        "detected) it judges its own namespace: removable media.\n"
        "Perfdata: mounts (in the judged namespaces), host_namespace (-w/-c apply to it),\n"
        "removable, missing, writable_binds.",
    .examples =
        "  check_vs_mounts\n"
        "      every guest: host-namespace mounts under its root, and each running guest's mounts\n"
        "  check_vs_mounts --guest web1 --allow-mount /var/lib/vservers/web1/srv/data\n"
        "      guest web1, which is meant to write to the bind mounted at /srv/data\n"
        "  check_vs_mounts --guest web1 --pid web1:4242\n"
        "      guest web1, its namespace read from process 4242 (a kernel without /proc/virtual)\n"
        "  check_vs_mounts --pid $(docker inspect -f '{{.State.Pid}}' web)\n"
        "      a container's namespace: removable media and writable binds of host paths\n",
    .metric = "host_namespace (mounts in the host's namespace under a guest's root)",
};

struct MountsOptions {
  std::vector<std::string> pids;  // --pid [GUEST:]PID
  std::vector<std::string> allowed;
};

struct PidChoice {
  std::map<std::string, int> by_guest;  // GUEST:PID
  std::vector<int> bare;                // PID
};

int parse_pid(const std::string& text, const std::string& option) {
  int pid = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || pid <= 0) {
    throw vs::plugin::UsageError("--pid '" + option + "': '" + text + "' is not a process id");
  }
  return pid;
}

PidChoice parse_pids(const std::vector<std::string>& texts) {
  PidChoice out;
  for (const auto& t : texts) {
    const auto colon = t.rfind(':');
    if (colon == std::string::npos) {
      out.bare.push_back(parse_pid(t, t));
    } else {
      if (colon == 0) throw vs::plugin::UsageError("--pid '" + t + "': no guest name before ':'");
      out.by_guest[t.substr(0, colon)] = parse_pid(t.substr(colon + 1), t);
    }
  }
  return out;
}

void describe_inputs(const vs::mount::Subject& s, Result& result) {
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

Result check(const StandardOptions& o, const MountsOptions& opts) {
  const PidChoice pids = parse_pids(opts.pids);
  const auto site = vs::vserver::open_site(
      o, {.root = true, .addresses = false, .nflags = false, .capabilities = false});
  for (const auto& [name, pid] : pids.by_guest) {
    if (site.find(name) == nullptr) {
      throw vs::plugin::UsageError("--pid " + name + ":" + std::to_string(pid) + ": guest '" +
                                   name + "' is not configured in " +
                                   site.host.display(site.vservers_dir));
    }
  }
  const vs::fs::Tree proc(kProc);
  const vs::mount::Host host = vs::mount::read_host(proc, kSys, site.host, site.all.guests);
  const vs::policy::MountPolicy policy{opts.allowed};
  Result result;
  vs::policy::MountCounts counts;
  for (const auto& p : host.problems)
    result.add(Status::unknown, p.origin, p.message);

  std::vector<vs::mount::Subject> subjects;
  int guests = 0;
  int running = 0;
  if (site.role == vs::plugin::Role::guest && o.guests.empty() && opts.pids.empty()) {
    subjects.push_back(vs::mount::read_own(proc));
  } else if (pids.bare.empty() || !o.guests.empty() || !pids.by_guest.empty()) {
    std::vector<const vs::vserver::Guest*> scope = site.chosen;
    if (scope.empty()) {
      for (const auto& g : site.all.guests)
        scope.push_back(&g);
    }
    for (const auto* g : scope) {
      const auto it = pids.by_guest.find(g->name);
      const std::optional<int> pid =
          it == pids.by_guest.end() ? std::nullopt : std::optional<int>(it->second);
      subjects.push_back(vs::mount::read_guest(site.host, *g, proc, pid));
      ++guests;
      if (subjects.back().running) ++running;
    }
    for (const auto& name : site.all.disabled)
      result.add(Status::ok, "guest " + name, "disabled: skipped");
  }
  for (const int pid : pids.bare)
    subjects.push_back(vs::mount::read_process(proc, pid));

  for (const auto& s : subjects) {
    vs::policy::judge_mounts(policy, host, s, result, counts);
    describe_inputs(s, result);
  }

  const auto count = [](int n) { return static_cast<double>(n); };
  vs::plugin::Perfdata host_namespace{
      "host_namespace", count(counts.host_namespace), "", o.warning, o.critical, 0, {}};
  if (o.warning && o.warning->alerts(counts.host_namespace))
    result.threshold_status = Status::warning;
  if (o.critical && o.critical->alerts(counts.host_namespace))
    result.threshold_status = Status::critical;
  result.perfdata = {
      {"mounts", count(counts.mounts), "", {}, {}, 0, {}},
      host_namespace,
      {"removable", count(counts.removable), "", {}, {}, 0, {}},
      {"missing", count(counts.missing), "", {}, {}, 0, {}},
      {"writable_binds", count(counts.writable_binds), "", {}, {}, 0, {}},
  };
  if (result.status() == Status::ok) {
    std::string summary;
    if (guests > 0 || pids.bare.empty()) {
      summary = std::to_string(guests) + (guests == 1 ? " guest" : " guests");
      if (running > 0) summary += " (" + std::to_string(running) + " running)";
    }
    if (!pids.bare.empty()) {
      if (!summary.empty()) summary += " and ";
      summary +=
          std::to_string(pids.bare.size()) + (pids.bare.size() == 1 ? " process" : " processes");
    }
    if (subjects.size() == 1 && subjects.front().label == "this guest") summary = "this guest";
    result.summary = summary + ": " + std::to_string(counts.mounts) +
                     (counts.mounts == 1 ? " mount" : " mounts") + ", none misplaced";
  }
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  MountsOptions opts;
  // One option a paragraph, as the formatter cannot lay out the chain.
  // clang-format off
  plugin.add_options()
      ("pid", po::value(&opts.pids)->value_name("[GUEST:]PID"),
       "PID: judge process PID's mount namespace (a container); GUEST:PID: read guest GUEST's "
       "namespace from process PID (a kernel without /proc/virtual); repeatable")
      ("allow-mount", po::value(&opts.allowed)->value_name("PATH"),
       "accept the mount at PATH, as the findings name it (the host's path: "
       "/var/lib/vservers/web1/mnt/cdrom); repeatable");
  // clang-format on
  return plugin.run(argc, argv, [&](const StandardOptions& o) { return check(o, opts); });
}
