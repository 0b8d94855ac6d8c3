// SPDX-License-Identifier: GPL-3.0-or-later
// The options every check_vs plugin takes, and the guest/host role they select.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "plugin/range.hpp"

namespace vs::plugin {

// Thrown by checks for a problem with what the user asked ("no guest named x"):
// reported like an option error, "LABEL UNKNOWN - <message>" then the usage line.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Role { automatic, host, guest };

struct StandardOptions {
  int verbosity = 0;                                 // -v repeated
  unsigned timeout_seconds = 10;                     // -t
  std::chrono::steady_clock::time_point deadline{};  // start + timeout
  std::optional<Range> warning;                      // -w
  std::optional<Range> critical;                     // -c
  std::string root = "/";                            // --root
  // --proc: the running kernel's view (contexts, sockets, processes, mounts): the
  // procfs, or a directory recorded from one (tools/record-proc). Not under --root.
  std::string proc = "/proc";
  std::string vservers_dir = "/etc/vservers";  // --vservers-dir, inside --root
  bool vservers_dir_given = false;             // given: its absence is an error
  std::vector<std::string> guests;             // --guest, each once, as first given
  Role role = Role::automatic;                 // --role
  std::size_t max_output = 1023;               // --max-output, 0 = no cap

  // Whether --proc is this machine's procfs, read live (netlink, setns, /sys), rather
  // than a recording of another host's, which can only be read as files.
  bool live_proc() const { return proc == "/proc"; }
};

}  // namespace vs::plugin
