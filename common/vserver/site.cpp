// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/site.hpp"

#include <algorithm>
#include <charconv>

#include "fs/proc_field.hpp"

namespace vs::vserver {

const Guest* Site::find(const std::string& name) const {
  const auto it = std::find_if(all.guests.begin(), all.guests.end(),
                               [&](const Guest& g) { return g.name == name; });
  return it == all.guests.end() ? nullptr : &*it;
}

const Kernel& Site::kernel(bool config) const {
  if (!kernel_read) kernel_read = read_kernel(proc, host, false);
  if (config) read_configuration(*kernel_read, proc, host);
  return *kernel_read;
}

GuestView Site::view(const Guest& guest, bool loopback) const {
  kernel();
  if (loopback) return view_guest(*kernel_read, proc, host, guest);
  GuestView v;
  v.network = read_guest_network_config(host, guest);
  v.live = read_guest_kernel(*kernel_read, proc, guest, v.network);
  v.loopback = decide_loopback(loopback_facts(*kernel_read, guest, v.network, v.live));
  return v;
}

Loopback Site::own_loopback(std::optional<bool> on_interfaces,
                            std::vector<ReadProblem>& problems) const {
  kernel();
  return vserver::own_loopback(*kernel_read, proc, host, on_interfaces, problems);
}

plugin::Role detect_role(std::string_view status) {
  const auto rest = fs::proc_field(status, "VxID");
  if (!rest) return plugin::Role::host;
  unsigned xid = 0;
  std::from_chars(rest->data(), rest->data() + rest->size(), xid);
  return xid > 0 ? plugin::Role::guest : plugin::Role::host;
}

namespace {

fs::Tree open_proc(const std::string& dir) {
  try {
    return fs::Tree(dir);
  } catch (const fs::FileError& e) {
    throw plugin::UsageError("--proc " + dir + ": " + e.reason());
  }
}

}  // namespace

Site open_site(const plugin::StandardOptions& options, const GuestParts& parts) {
  Site site{fs::Tree(options.root),
            open_proc(options.proc),
            options.live_proc(),
            options.vservers_dir,
            {},
            {},
            plugin::Role::host};
  site.all = load_guests(site.host, site.vservers_dir, parts);
  // The default missing means a host without guests; a given one missing, a typo.
  if (options.vservers_dir_given && !site.all.config_dir_exists) {
    throw plugin::UsageError("--vservers-dir " + site.host.display(site.vservers_dir) +
                             ": no such directory");
  }
  for (const auto& name : options.guests) {
    const Guest* g = site.find(name);
    if (g == nullptr) {
      const bool disabled = std::find(site.all.disabled.begin(), site.all.disabled.end(), name) !=
                            site.all.disabled.end();
      throw plugin::UsageError(
          "guest '" + name + "' " +
          (disabled ? "is disabled"
                    : "is not configured in " + site.host.display(site.vservers_dir)));
    }
    site.chosen.push_back(g);
  }
  if (!options.guests.empty()) {
    site.role = plugin::Role::guest;
  } else if (options.role != plugin::Role::automatic) {
    site.role = options.role;
  } else {
    // The process running the plugin: a recorded /proc has no "self", so a recording
    // is replayed as the host unless --role guest says otherwise.
    try {
      if (const auto status = site.proc.read_if_exists("/self/status", kMaxProcFile))
        site.role = detect_role(status->content);
    } catch (const fs::FileError&) {
      site.role = plugin::Role::host;
    }
  }
  return site;
}

}  // namespace vs::vserver
