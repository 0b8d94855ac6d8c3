// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/guest.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "config/lines.hpp"
#include "plugin/number.hpp"

namespace vs::vserver {
namespace {

using config::lower;
using config::trim;

void read_addresses(const fs::Tree& tree, Guest& g) {
  const std::string dir = g.config_dir + "/interfaces";
  std::optional<std::vector<fs::Entry>> entries;
  try {
    entries = tree.list_if_exists(dir);
  } catch (const fs::FileError& e) {
    g.problems.push_back({{tree.display(dir), 0}, e.reason(), GuestPart::addresses});
    return;
  }
  if (!entries) return;  // a guest without interfaces has no addresses of its own
  for (const auto& e : *entries) {
    if (e.type != fs::Entry::Type::directory) continue;  // "interfaces/lback" etc. are files
    const std::string base = dir + "/" + e.name;
    if (tree.stat(base + "/disabled").exists) continue;
    try {
      const auto ip = tree.read_if_exists(base + "/ip", 4096);
      if (!ip) continue;
      std::string text = first_line(ip->content);
      if (const auto slash = text.find('/'); slash != std::string::npos) text.resize(slash);
      const Location where{ip->path, 1};
      const auto address = net::Address::parse(text);
      if (!address) {
        g.problems.push_back({where, "'" + text + "' is not an IP address", GuestPart::addresses});
        continue;
      }
      std::string device;
      if (const auto dev = tree.read_if_exists(base + "/dev", 4096))
        device = first_line(dev->content);
      g.addresses.push_back({*address, device, where});
    } catch (const fs::FileError& err) {
      g.problems.push_back({{err.path(), 0}, err.reason(), GuestPart::addresses});
    }
  }
}

std::optional<CapFile> read_caps(const fs::Tree& tree, Guest& g, const std::string& file,
                                 CapKind kind) {
  const std::string path = g.config_dir + "/" + file;
  try {
    const auto text = tree.read_if_exists(path);
    if (!text) return std::nullopt;
    return CapFile{text->path, parse_capabilities(text->content, text->path, kind), text->mtime};
  } catch (const fs::FileError& e) {
    g.problems.push_back({{e.path(), 0}, e.reason(), GuestPart::capabilities});
    return std::nullopt;
  }
}

void read_run_state(const fs::Tree& tree, Guest& g) {
  // "run" is a symlink to /var/run/vservers/<name>, which exists while the guest
  // runs and holds its context id.
  const std::string run = g.config_dir + "/run";
  const fs::Stat st = tree.stat(run);
  if (!st.exists || !st.is_regular) return;
  g.running = true;
  g.started = st.mtime;
  try {
    const auto text = tree.read(run, 4096);
    const std::string xid = first_line(text.content);
    if (const auto value = plugin::parse_number<unsigned>(xid)) g.xid = *value;
  } catch (const fs::FileError&) {
    // The start time is what matters; an unreadable XID only loses the live check.
  }
}

}  // namespace

bool Guest::owns(const net::Address& a) const {
  return std::any_of(addresses.begin(), addresses.end(),
                     [&](const GuestAddress& g) { return net::same_host(g.address, a); });
}

std::string first_line(std::string_view content) {
  return std::string(trim(content.substr(0, content.find('\n'))));
}

namespace {

void read_root(const fs::Tree& tree, Guest& g) {
  const std::string vdir = g.config_dir + "/vdir";
  const fs::Stat root = tree.stat(vdir);
  if (root.is_directory) {
    g.root_dir = tree.resolve(vdir);
  } else {
    g.problems.push_back({{tree.display(vdir), 0},
                          root.exists ? "not a directory" : "no vdir link: guest root unknown",
                          GuestPart::root});
  }
}

void read_nflags(const fs::Tree& tree, Guest& g) {
  try {
    if (const auto nflags = tree.read_if_exists(g.config_dir + "/nflags", 65536)) {
      std::size_t pos = 0;
      const std::string& c = nflags->content;
      while (pos < c.size()) {
        std::size_t nl = c.find('\n', pos);
        if (nl == std::string::npos) nl = c.size();
        const auto flag = trim(std::string_view(c).substr(pos, nl - pos));
        if (!flag.empty() && flag.front() != '#') g.nflags.push_back(lower(flag));
        pos = nl + 1;
      }
    }
  } catch (const fs::FileError& e) {
    g.problems.push_back({{e.path(), 0}, e.reason(), GuestPart::nflags});
  }
}

// Reads a guest whose configuration directory is known to exist.
Guest read_guest(const fs::Tree& tree, const std::string& vservers_dir, const std::string& name,
                 const GuestParts& parts) {
  Guest g;
  g.name = name;
  g.config_dir = fs::join(vservers_dir, name);
  if (parts.root) read_root(tree, g);
  if (parts.addresses) read_addresses(tree, g);
  if (parts.nflags) read_nflags(tree, g);
  if (parts.capabilities) {
    g.bcaps = read_caps(tree, g, "bcapabilities", CapKind::bcap);
    g.ccaps = read_caps(tree, g, "ccapabilities", CapKind::ccap);
  }
  read_run_state(tree, g);
  return g;
}

}  // namespace

std::optional<Guest> load_guest(const fs::Tree& tree, const std::string& vservers_dir,
                                const std::string& name, const GuestParts& parts) {
  if (!tree.stat(fs::join(vservers_dir, name)).is_directory) return std::nullopt;
  return read_guest(tree, vservers_dir, name, parts);
}

GuestSet load_guests(const fs::Tree& tree, const std::string& vservers_dir,
                     const GuestParts& parts) {
  GuestSet set;
  const auto entries = tree.list_if_exists(vservers_dir);
  if (!entries) return set;  // a host without util-vserver
  set.config_dir_exists = true;
  for (const auto& e : *entries) {
    if (e.name.front() == '.') continue;  // ".defaults" and friends are not guests
    const std::string dir = fs::join(vservers_dir, e.name);
    // The listing's type saves a stat; a symlinked guest directory needs one.
    if (e.type != fs::Entry::Type::directory && !tree.stat(dir).is_directory) continue;
    if (tree.stat(dir + "/disabled").exists) {
      set.disabled.push_back(e.name);
      continue;
    }
    set.guests.push_back(read_guest(tree, vservers_dir, e.name, parts));
  }
  return set;
}

}  // namespace vs::vserver
