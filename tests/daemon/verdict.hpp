// SPDX-License-Identifier: GPL-3.0-or-later
// Whether a case passes: agreement, or a disagreement the project knows of and lists
// in tests/daemon/known-disagreements.txt until a reader is fixed.
#pragma once

#include <map>
#include <string>

#include "case_file.hpp"
#include "observe.hpp"

namespace vs::daemon_test {

// known-disagreements.txt: "<daemon>/<case>: what the daemon does; what the plugin
// says", one case a line; '#' starts a comment line.
class KnownDisagreements {
 public:
  // Throws std::runtime_error naming file:line on a line without "id: text" or a case
  // listed twice.
  static KnownDisagreements parse(const std::string& text, const std::string& origin);
  static KnownDisagreements load(const std::string& path);

  bool lists(const std::string& id) const { return entries_.count(id) != 0; }
  const std::map<std::string, std::string>& entries() const { return entries_; }

 private:
  std::map<std::string, std::string> entries_;
};

enum class Verdict {
  agrees,
  known_disagreement,     // listed, and still disagrees: passes
  listed_but_agrees,      // listed, but agrees now: fails until removed from the list
  unlisted_disagreement,  // fails
  harness_error,          // the daemon could not be observed, or the plugin said UNKNOWN: fails
};

Verdict judge(const Observation& o, bool listed);
bool passes(Verdict v);
// "agrees", "KNOWN", "NOW AGREES", "DISAGREES", "ERROR": the table's column.
std::string label(Verdict v);

// What a sysadmin needs to see the difference: both sides, the sockets only one of them
// has, what the daemon said, and how to rerun the plugin.
std::string explain(const Case& c, const Observation& o, Verdict v);

// A line for known-disagreements.txt that says what each side does.
std::string known_line(const Case& c, const Observation& o);

}  // namespace vs::daemon_test
