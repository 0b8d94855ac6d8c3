// SPDX-License-Identifier: GPL-3.0-or-later
// Builds util-vserver configuration trees for tests:
//   <root>/etc/vservers/<guest>/{vdir -> /vservers/<guest>, interfaces/N/ip, nflags, ...}
#pragma once

#include <string>
#include <vector>

#include "process.hpp"

namespace vs::test {

struct GuestSpec {
  std::string name;
  std::vector<std::string> ips;  // interfaces/0/ip, interfaces/1/ip, ...
  std::string bcapabilities;     // written when not empty (exactly, newline or not)
  std::string ccapabilities;
  std::vector<std::string> nflags;
  bool running = false;  // run -> /var/run/vservers/<name> holding an XID
  bool disabled = false;
};

// Writes the guest under `root` (a TempDir), its root directory at
// /vservers/<name> (reached through vdir -> .defaults/vdirbase/<name>, as
// util-vserver sets it up). Returns the guest's root directory (host path).
std::string add_guest(const TempDir& root, const GuestSpec& guest);

}  // namespace vs::test
