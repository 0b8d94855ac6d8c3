// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/mount_policy.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace vs::policy {

using mount::at_or_below;
using mount::Mount;
using mount::relative_to;
using mount::Subject;
using plugin::Status;

namespace {

// Filesystems whose every fresh mount shares one superblock (per kernel, per pid or
// network namespace): a whole one in a guest is its own mount of the kernel's view,
// not a bind from the host.
constexpr std::array<std::string_view, 19> kKernelApiFilesystems = {
    "proc",     "sysfs",      "devpts",    "mqueue",     "cgroup",   "cgroup2", "debugfs",
    "tracefs",  "securityfs", "pstore",    "bpf",        "configfs", "fusectl", "binfmt_misc",
    "efivarfs", "selinuxfs",  "hugetlbfs", "rpc_pipefs", "nfsd",
};

// Host system paths a guest must never write to (besides other guests' roots).
constexpr std::array<std::string_view, 4> kSystemDirs = {"/etc", "/root", "/usr",
                                                         "/var/lib/vservers"};

constexpr std::array<std::string_view, 4> kOpticalDevices = {"/dev/sr", "/dev/scd", "/dev/cdrom",
                                                             "/dev/dvd"};

bool same_files(const Mount& a, const Mount& b) {
  return a.device == b.device && a.root == b.root;
}

bool is_kernel_api(const Mount& m) {
  if (m.fstype == "nsfs") return true;  // a namespace file, not files
  return m.root == "/" && std::find(kKernelApiFilesystems.begin(), kKernelApiFilesystems.end(),
                                    m.fstype) != kKernelApiFilesystems.end();
}

// "iso9660 /dev/sr0": what is mounted, for messages.
std::string what(const Mount& m) {
  return m.source.empty() || m.source == m.fstype ? m.fstype : m.fstype + " " + m.source;
}

// A path as the guest names it ("/mnt/cdrom").
std::string inside(const Subject& s, const std::string& point) {
  return at_or_below(point, s.root) ? relative_to(point, s.root) : point;
}

// "web1", or "pid 4242" for a process: the start of a summary brief.
std::string who(const Subject& s) {
  return s.guest.empty() ? s.label : s.guest;
}

bool in_subject(const Subject& s, const Mount& m) {
  return !s.root.empty() && at_or_below(m.point, s.root);
}

// Where the files of a process's root are in the host's namespace. A VServer guest
// (or a chrooted process) has a root the host names; a container that pivoted into
// its own root filesystem has root "/", found through the mount at "/".
std::optional<std::string> content_root(const Subject& s, const mount::Host& host) {
  if (!s.guest.empty() || s.root != "/") return s.root;
  const Mount* top = nullptr;
  for (const auto& m : s.mounts) {
    if (m.point == "/") top = &m;  // the last one stacked at "/" is the one in use
  }
  if (top == nullptr) return std::nullopt;
  const auto paths = host_paths_of(*top, host.mounts);
  if (paths.empty()) return std::nullopt;
  return paths.front();
}

void add_ok(plugin::Result& result, const std::string& origin, const std::string& text) {
  result.add(Status::ok, origin, text, 1);
}

void judge_host_namespace(const MountPolicy& policy, const mount::Host& host, const Subject& s,
                          plugin::Result& result, MountCounts& counts) {
  for (const auto& h : host.mounts) {
    if (h.point == s.root || !at_or_below(h.point, s.root)) continue;
    const std::string rel = inside(s, h.point);
    if (policy.allows(h.point)) {
      add_ok(result, h.point,
             what(h) + " mounted in the host's namespace: allowed by --allow-mount");
      continue;
    }
    ++counts.host_namespace;
    const std::string brief = s.guest + ": " + rel + " mounted in the host's namespace";
    const Mount* hidden = nullptr;
    bool seen = false;
    if (s.namespace_read) {
      for (const auto& g : s.mounts) {
        if (!at_or_below(g.point, h.point)) continue;
        if (g.point == h.point && same_files(g, h)) seen = true;
        // A copy of a host mount (the namespace copied it at start) hides nothing.
        const bool copy = std::any_of(host.mounts.begin(), host.mounts.end(), [&](const Mount& o) {
          return o.point == g.point && same_files(o, g);
        });
        if (!copy && hidden == nullptr) hidden = &g;
      }
    }
    if (hidden != nullptr && s.running) {
      result
          .add(Status::critical, h.point,
               what(h) + " mounted in the host's namespace hides " + inside(s, hidden->point) +
                   ", which guest " + s.guest + "'s own namespace mounts (" + what(*hidden) +
                   "): the host sees other files there than the guest does; umount it here, and "
                   "mount it with vnamespace -e " +
                   s.guest + " if the guest needs it")
          .brief = s.guest + ": a host mount hides its " + inside(s, hidden->point);
    } else if (seen) {
      result
          .add(Status::warning, h.point,
               what(h) + " mounted in the host's namespace: guest " + s.guest +
                   " sees it too (it was there when the guest started, or propagated to it), and "
                   "it keeps the guest's tree busy; mount it with vnamespace -e " +
                   s.guest + ", and umount it here")
          .brief = brief;
    } else if (!s.running) {
      result
          .add(Status::warning, h.point,
               what(h) + " mounted in the host's namespace: it keeps stopped guest " + s.guest +
                   "'s tree busy and its namespace will copy it at start; umount it, and mount "
                   "it with vnamespace -e " +
                   s.guest + " once the guest runs")
          .brief = brief;
    } else {
      result
          .add(Status::warning, h.point,
               what(h) + " mounted in the host's namespace: guest " + s.guest +
                   " does not see it; mount it with vnamespace -e " + s.guest +
                   ", and umount it here")
          .brief = brief;
    }
  }
}

void judge_removable(const MountPolicy& policy, const mount::Host& host, const Subject& s,
                     plugin::Result& result, MountCounts& counts) {
  for (const auto& m : s.mounts) {
    if (!in_subject(s, m) || !is_removable(m, host.removable)) continue;
    const std::string media = m.source.empty() ? m.fstype : m.source;
    if (policy.allows(m.point)) {
      add_ok(result, m.point, s.label + " has " + what(m) + " mounted: allowed by --allow-mount");
      continue;
    }
    ++counts.removable;
    result
        .add(Status::warning, m.point,
             s.label + " has removable media mounted: " + media + " (" + m.fstype + ") on " +
                 inside(s, m.point) + "; unmount it with " + s.enter_command() + "umount " +
                 m.point)
        .brief = who(s) + " has " + media + " mounted";
  }
}

void judge_fstab(const MountPolicy& policy, const Subject& s, plugin::Result& result,
                 MountCounts& counts) {
  for (const auto& stop : s.fstab_stops) {
    const std::string rest =
        stop.lines_after == 0
            ? "this line is"
            : "this line and the " + std::to_string(stop.lines_after) + " after it are";
    result
        .add(
            Status::warning, stop.where.str(),
            stop.message + "; secure-mount stops here, so " + rest + " never mounted in " + s.label)
        .brief = s.guest + ": fstab syntax error";
  }
  const bool can_see = s.running && s.namespace_read;
  for (const auto& e : s.fstab) {
    if (!e.entry.skipped.empty()) continue;
    const std::string options = "'" + e.entry.options + "'";
    const std::string hash_note = "no newline at end of file: secure-mount reads the options as " +
                                  options + ", which most filesystems refuse";
    if (!can_see) {
      if (e.entry.hash_appended) {
        result
            .add(Status::warning, e.entry.where.str(),
                 hash_note + ", so " + s.label + " may start without this mount; end the line")
            .brief = s.guest + ": fstab needs a final newline";
      }
      continue;
    }
    const bool mounted = std::any_of(s.mounts.begin(), s.mounts.end(),
                                     [&](const Mount& m) { return m.point == e.point; });
    if (mounted) continue;
    if (policy.allows(e.point)) {
      add_ok(result, e.entry.where.str(),
             "'" + e.entry.str() + "' is not mounted in " + s.label +
                 "'s namespace: allowed by --allow-mount");
      continue;
    }
    ++counts.missing;
    result
        .add(Status::warning, e.entry.where.str(),
             "'" + e.entry.str() + "' is not mounted in " + s.label + "'s namespace (nothing at " +
                 e.point + "): mount it with vnamespace -e " + s.guest + ", or restart the guest" +
                 (e.entry.hash_appended ? "; " + hash_note : ""))
        .brief = s.guest + ": " + mount::normalize("/" + e.entry.point) + " not mounted";
  }
}

void judge_binds(const MountPolicy& policy, const mount::Host& host, const Subject& s,
                 plugin::Result& result, MountCounts& counts) {
  const auto own = content_root(s, host);
  for (const auto& m : s.mounts) {
    if (m.point == s.root || !in_subject(s, m) || is_kernel_api(m)) continue;
    const auto sources = host_paths_of(m, host.mounts);
    if (sources.empty()) continue;  // not the host's files
    if (own && std::any_of(sources.begin(), sources.end(),
                           [&](const std::string& p) { return at_or_below(p, *own); })) {
      continue;  // the guest's own files
    }
    const std::string& source = sources.front();
    const std::string at = inside(s, m.point);
    if (!m.writable()) {
      add_ok(result, m.point,
             "read-only bind mount of " + source + " into " + s.label + " at " + at);
      continue;
    }
    if (policy.allows(m.point)) {
      add_ok(result, m.point,
             "writable bind mount of " + source + " into " + s.label + " at " + at +
                 ": allowed by --allow-mount");
      continue;
    }
    ++counts.writable_binds;
    const auto system = system_path(source, s.guest, host.guest_roots);
    const std::string brief = who(s) + ": writable bind of " + source;
    if (system) {
      result
          .add(Status::critical, m.point,
               "writable bind mount of " + source + " (" + *system + ") into " + s.label + " at " +
                   at + ": the guest can change it; bind it read-only or remove it")
          .brief = brief;
    } else {
      result
          .add(Status::warning, m.point,
               "writable bind mount of " + source + " into " + s.label + " at " + at +
                   ", from outside its root: bind it read-only if the guest only reads it, or "
                   "accept it with --allow-mount " +
                   m.point)
          .brief = brief;
    }
  }
}

}  // namespace

bool MountPolicy::allows(const std::string& point) const {
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](const std::string& a) { return mount::normalize(a) == point; });
}

std::vector<std::string> host_paths_of(const Mount& m, const std::vector<Mount>& host) {
  std::vector<const Mount*> matches;
  for (const auto& h : host) {
    if (h.device == m.device && at_or_below(m.root, h.root)) matches.push_back(&h);
  }
  // The host mount of the deepest directory first: the most specific name.
  std::stable_sort(matches.begin(), matches.end(),
                   [](const Mount* a, const Mount* b) { return a->root.size() > b->root.size(); });
  std::vector<std::string> paths;
  for (const Mount* h : matches) {
    std::string p = mount::under(h->point, relative_to(m.root, h->root));
    if (std::find(paths.begin(), paths.end(), p) == paths.end()) paths.push_back(std::move(p));
  }
  return paths;
}

bool is_removable(const Mount& m, const std::set<mount::Device>& removable) {
  if (m.fstype == "iso9660" || m.fstype == "udf") return true;
  if (m.device.major != 0 && removable.count(m.device) > 0) return true;
  return std::any_of(kOpticalDevices.begin(), kOpticalDevices.end(), [&](std::string_view d) {
    if (m.source.compare(0, d.size(), d) != 0) return false;
    // "/dev/sr0", "/dev/cdrom", "/dev/cdrom1": a number or nothing after the name.
    const std::string_view rest = std::string_view(m.source).substr(d.size());
    return std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           (!rest.empty() || d == "/dev/cdrom" || d == "/dev/dvd");
  });
}

std::optional<std::string> system_path(
    const std::string& source, const std::string& guest,
    const std::vector<std::pair<std::string, std::string>>& guest_roots) {
  for (const auto& [name, root] : guest_roots) {
    if (name != guest && at_or_below(source, root)) return "guest " + name + "'s root";
  }
  if (source == "/") return "the host's root directory";
  for (const auto dir : kSystemDirs) {
    if (source == dir) return "the host's " + std::string(dir);
    if (at_or_below(source, dir)) return "inside the host's " + std::string(dir);
  }
  return std::nullopt;
}

void judge_mounts(const MountPolicy& policy, const mount::Host& host, const Subject& s,
                  plugin::Result& result, MountCounts& counts) {
  for (const auto& p : s.problems)
    result.add(Status::unknown, p.origin, p.message);
  counts.mounts += static_cast<int>(std::count_if(
      s.mounts.begin(), s.mounts.end(), [&](const Mount& m) { return in_subject(s, m); }));
  if (!s.guest.empty() && !s.root.empty()) judge_host_namespace(policy, host, s, result, counts);
  judge_removable(policy, host, s, result, counts);
  if (!s.guest.empty()) judge_fstab(policy, s, result, counts);
  judge_binds(policy, host, s, result, counts);
}

}  // namespace vs::policy
