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
  std::string vservers_dir = "/etc/vservers";        // --vservers-dir, inside --root
  bool vservers_dir_given = false;                   // given: its absence is an error
  std::vector<std::string> guests;                   // --guest, each once, as first given
  Role role = Role::automatic;                       // --role
  std::size_t max_output = 1023;                     // --max-output, 0 = no cap
};

}  // namespace vs::plugin
