// What every plugin sets up first: the tree under --root, the guests configured
// there, the guests chosen with --guest, and the role the policy judges in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fs/tree.hpp"
#include "plugin/options.hpp"
#include "vserver/guest.hpp"

namespace vs::vserver {

struct Site {
  fs::Tree host;                           // --root
  std::string vservers_dir;                // in-tree path
  GuestSet all;                            // every enabled guest
  std::vector<const Guest*> chosen;        // --guest NAME..., in the order given
  plugin::Role role = plugin::Role::host;  // resolved: host or guest, never automatic

  const Guest* find(const std::string& name) const;
};

// Throws plugin::UsageError for a --guest that is not configured (or disabled).
Site open_site(const plugin::StandardOptions& options, const GuestParts& parts = {});

// auto role: a process in a VServer guest context has "VxID: N" (N > 0) in
// /proc/self/status; a plain kernel has no such line.
plugin::Role detect_role(std::string_view proc_self_status);

}  // namespace vs::vserver
