// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver_tree.hpp"

#include <filesystem>

namespace vs::test {

std::string add_guest(const TempDir& root, const GuestSpec& g) {
  const std::string conf = "etc/vservers/" + g.name;
  root.mkdir(conf);
  if (!std::filesystem::is_symlink(root.path() + "/etc/vservers/.defaults/vdirbase")) {
    root.symlink("etc/vservers/.defaults/vdirbase", "/vservers");
  }
  const std::string guest_root = root.mkdir("vservers/" + g.name);
  root.symlink(conf + "/vdir", "/etc/vservers/.defaults/vdirbase/" + g.name);
  for (std::size_t i = 0; i < g.ips.size(); ++i)
    root.write(conf + "/interfaces/" + std::to_string(i) + "/ip", g.ips[i] + "\n");
  if (!g.bcapabilities.empty()) root.write(conf + "/bcapabilities", g.bcapabilities);
  if (!g.ccapabilities.empty()) root.write(conf + "/ccapabilities", g.ccapabilities);
  if (!g.nflags.empty()) {
    std::string text;
    for (const auto& f : g.nflags)
      text += f + "\n";
    root.write(conf + "/nflags", text);
  }
  if (g.running) {
    root.write("var/run/vservers/" + g.name, "40001\n");
    root.symlink(conf + "/run", "/var/run/vservers/" + g.name);
  }
  if (g.disabled) root.write(conf + "/disabled", "");
  return guest_root;
}

}  // namespace vs::test
