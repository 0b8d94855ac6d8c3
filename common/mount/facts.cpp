// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount/facts.hpp"

#include <filesystem>

#include "mount/process_mounts.hpp"
#include "mount/removable.hpp"

namespace vs::mount {
namespace {

// The fstab files util-vserver mounts, in its order (vserver.functions, mountVserver).
constexpr const char* kFstabFiles[] = {"fstab", "fstab.local", "fstab.remote"};

void add_errors(const Mountinfo& info, std::vector<Problem>& problems) {
  for (const auto& e : info.errors)
    problems.push_back({e.where.str(), e.message});
}

// Reads `process`'s namespace into `s`; problems (no such process, not root) go
// into s.problems.
void read_namespace(const fs::Tree& proc, const std::string& process, Subject& s) {
  try {
    ProcessMounts pm = read_process_mounts(proc, process);
    s.namespace_file = pm.file;
    add_errors(pm.info, s.problems);
    rebase(pm.info.mounts, pm.root);
    s.mounts = std::move(pm.info.mounts);
    s.namespace_read = true;
    if (s.root.empty()) s.root = pm.root;
  } catch (const fs::FileMissing& e) {
    s.problems.push_back({e.path(), "no such process: " + s.label + "'s mounts cannot be read"});
  } catch (const fs::FileError& e) {
    s.problems.push_back({e.path(), e.reason() + ": " + s.label + "'s mounts cannot be read"});
  }
}

// Where secure-mount mounts `point`: it chroots into the guest's root and changes
// to the directory there, so symlinks resolve inside the guest. A path that does not
// resolve (a missing directory) is taken as written.
std::string mount_point_in(const fs::Tree* guest_tree, const std::string& point) {
  if (guest_tree != nullptr) {
    try {
      return normalize(guest_tree->resolve(normalize("/" + point)));
    } catch (const fs::FileError&) {
    }
  }
  return normalize("/" + point);
}

void read_fstabs(const fs::Tree& config, const vserver::Guest& g, Subject& s) {
  std::optional<fs::Tree> guest_tree;
  try {
    guest_tree.emplace(config, g.root_dir);
  } catch (const fs::FileError&) {
    // The mount points are then compared as written.
  }
  for (const char* name : kFstabFiles) {
    const std::string path = g.config_dir + "/" + name;
    try {
      const auto text = config.read_if_exists(path);
      if (!text) continue;
      Fstab fstab = parse_fstab(text->content, text->path);
      for (auto& e : fstab.entries) {
        const std::string point =
            under(s.root, mount_point_in(guest_tree ? &*guest_tree : nullptr, e.point));
        s.fstab.push_back({std::move(e), point});
      }
      if (fstab.stop) s.fstab_stops.push_back(*fstab.stop);
    } catch (const fs::FileError& e) {
      s.problems.push_back({e.path(), e.reason()});
    }
  }
}

}  // namespace

std::string Subject::enter_command() const {
  if (!guest.empty()) return "vnamespace -e " + guest + " ";
  if (pid > 0) return "nsenter -t " + std::to_string(pid) + " -m ";
  return "";
}

std::string Sources::host_path(const std::string& in_tree) const {
  return live ? mount::host_path(config, in_tree) : normalize(in_tree);
}

std::string host_path(const fs::Tree& config, const std::string& in_tree) {
  const std::string shown = config.display(in_tree);
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(shown, ec);
  return normalize(ec ? shown : canonical.string());
}

Host read_host(const Sources& from, const std::vector<vserver::Guest>& guests) {
  Host host;
  try {
    const std::string self = from.proc.stat("/self").exists ? "self" : "1";
    ProcessMounts pm = read_process_mounts(from.proc, self);
    add_errors(pm.info, host.problems);
    rebase(pm.info.mounts, pm.root);
    host.mounts = std::move(pm.info.mounts);
  } catch (const fs::FileError& e) {
    host.problems.push_back({e.path(), e.reason() + ": the host's mounts cannot be read"});
  }
  if (!from.sys.empty()) {
    try {
      host.removable = removable_devices(fs::Tree(from.sys));
    } catch (const fs::FileError&) {
      // No sysfs: removable media are then known by their type and device name only.
    }
  }
  for (const auto& g : guests) {
    if (!g.root_dir.empty()) host.guest_roots.emplace_back(g.name, from.host_path(g.root_dir));
  }
  return host;
}

Subject read_guest(const Sources& from, const vserver::Guest& g, const GuestRun& run) {
  Subject s;
  s.label = "guest " + g.name;
  s.guest = g.name;
  s.running = run.running;
  for (const auto& p : g.problems) {
    if (p.part == vserver::GuestPart::root) {
      s.problems.push_back({p.where.str(), p.message + ": " + s.label + " cannot be checked"});
    }
  }
  if (g.root_dir.empty()) return s;
  s.root = from.host_path(g.root_dir);
  read_fstabs(from.config, g, s);
  if (!run.running) return s;  // nothing is mounted in a namespace of its own
  if (!run.pid) {
    s.problems.push_back({s.label, run.why_no_pid});
    return s;
  }
  s.pid = *run.pid;
  read_namespace(from.proc, std::to_string(*run.pid), s);
  return s;
}

Subject read_process(const fs::Tree& proc, int pid) {
  Subject s;
  s.label = "pid " + std::to_string(pid);
  s.pid = pid;
  s.running = true;
  read_namespace(proc, std::to_string(pid), s);
  return s;
}

Subject read_own(const fs::Tree& proc) {
  Subject s;
  s.label = "this guest";
  s.running = true;
  read_namespace(proc, "self", s);
  return s;
}

}  // namespace vs::mount
