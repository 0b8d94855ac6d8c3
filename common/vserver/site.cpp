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

plugin::Role detect_role(std::string_view status) {
  const auto rest = fs::proc_field(status, "VxID");
  if (!rest) return plugin::Role::host;
  unsigned xid = 0;
  std::from_chars(rest->data(), rest->data() + rest->size(), xid);
  return xid > 0 ? plugin::Role::guest : plugin::Role::host;
}

Site open_site(const plugin::StandardOptions& options, const GuestParts& parts) {
  Site site{fs::Tree(options.root), options.vservers_dir, {}, {}, plugin::Role::host};
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
  } else if (options.root == "/") {
    try {
      site.role = detect_role(fs::Tree("/").read("/proc/self/status", 1 << 20).content);
    } catch (const fs::FileError&) {
      site.role = plugin::Role::host;
    }
  }
  return site;
}

}  // namespace vs::vserver
