// SPDX-License-Identifier: GPL-3.0-or-later
// What a daemon did with a configuration, or what a plugin predicts it does, in one
// form both can be compared in: the sockets it listens on, or its refusal to start.
#pragma once

#include <string>
#include <vector>

#include "process.hpp"

namespace vs::daemon_test {

struct Outcome {
  enum class Kind {
    sockets,  // it runs, listening on `sockets` (perhaps none)
    refused,  // it will not start: `message` says why
    error,    // the harness could not tell: `message` says why
  };
  Kind kind = Kind::error;
  // "tcp 192.0.2.1:22", "tcp [::]:22 (IPv6 only)", "tcp [::]:80 (dual-stack)": the
  // plugins' bind_text (common/policy/service_check.cpp). Sorted, duplicates kept: a
  // socket predicted twice that the daemon opens once is a disagreement.
  std::vector<std::string> sockets;
  std::string message;

  static Outcome listening(std::vector<std::string> sockets);
  static Outcome refusal(std::string why);
  static Outcome failure(std::string why);

  // One line: "tcp 0.0.0.0:22, tcp [::]:22 (IPv6 only)", "nothing", "refuses: ...".
  std::string str() const;
};

// Both run on the same sockets, or both refuse (for any reason).
bool agree(const Outcome& daemon, const Outcome& plugin);

// The listening sockets in `ss -Hltune` output, as the plugins write them.
std::vector<std::string> sockets_from_ss(const std::string& ss_output);

// The prediction in a configuration check's output at -vvv: a refusal when one
// finding says the daemon will not start, else every "binds ..." finding; an error
// when the plugin said UNKNOWN or its output cannot be read.
Outcome prediction_from_plugin(const vs::test::Run& plugin);

// Whether a finding line says that the daemon will not start. The readers are moving to
// "<noun> will not start: <daemon's reason>"; until they all do, the older wordings
// ("refuses this configuration", "refuses to start") count too. This is the one place
// to tighten once they are gone.
bool says_will_not_start(const std::string& finding);

// The few lines of a daemon's log that say why it stopped, joined with " / ".
std::string reason_from_log(const std::string& log);

}  // namespace vs::daemon_test
