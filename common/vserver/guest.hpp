// SPDX-License-Identifier: GPL-3.0-or-later
// A Linux-VServer guest as util-vserver configures it under /etc/vservers/<name>.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "fs/location.hpp"
#include "fs/tree.hpp"
#include "net/address.hpp"
#include "vserver/capabilities.hpp"

namespace vs::vserver {

struct GuestAddress {
  net::Address address;
  std::string device;  // interfaces/<n>/dev, may be empty
  Location origin;     // interfaces/<n>/ip:1
};

struct CapFile {
  std::string path;  // display path
  CapList list;
  std::chrono::system_clock::time_point mtime{};
};

// Which part of a guest's configuration a problem is in, so that a check reports
// only the problems that hide what it judges.
enum class GuestPart { root, addresses, nflags, capabilities };

// Something about the guest that could not be read or understood.
struct GuestProblem {
  Location where;
  std::string message;
  GuestPart part;
};

struct Guest {
  std::string name;
  std::string config_dir;  // in-tree path, "/etc/vservers/web1"
  std::string root_dir;    // in-tree path that vdir resolves to, "" when unknown
  std::vector<GuestAddress> addresses;
  // Lower-case, from the nflags file. Whether the guest has loopback is the kernel's
  // decision: vserver::decide_loopback (loopback.hpp) weighs this file with it.
  std::vector<std::string> nflags;
  bool running = false;
  std::optional<std::chrono::system_clock::time_point> started;  // mtime of the run target
  std::optional<unsigned> xid;                                   // from the run target
  std::optional<CapFile> bcaps;
  std::optional<CapFile> ccaps;
  std::vector<GuestProblem> problems;

  bool owns(const net::Address& a) const;
};

struct GuestSet {
  std::vector<Guest> guests;          // sorted by name
  std::vector<std::string> disabled;  // names skipped because of a top-level "disabled" file
  bool config_dir_exists = false;     // false on a host without util-vserver
};

// What to read of each guest: a check over thousands of guests reads only what it
// judges (check_vs_caps needs neither roots nor addresses).
struct GuestParts {
  bool root = true;       // vdir, resolved
  bool addresses = true;  // interfaces/*/ip and dev
  bool nflags = true;
  bool capabilities = true;  // bcapabilities, ccapabilities
};

// Reads every guest under `vservers_dir` (an in-tree path). Unreadable parts become
// GuestProblems; never throws FileError for a single guest's files. The run state is
// always read.
GuestSet load_guests(const fs::Tree& tree, const std::string& vservers_dir,
                     const GuestParts& parts = {});

// One guest; nullopt when `vservers_dir/name` is not a directory.
std::optional<Guest> load_guest(const fs::Tree& tree, const std::string& vservers_dir,
                                const std::string& name, const GuestParts& parts = {});

// First line of a util-vserver scalar file, trimmed ("" for an empty file).
std::string first_line(std::string_view content);

}  // namespace vs::vserver
