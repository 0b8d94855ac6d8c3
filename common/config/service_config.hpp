// SPDX-License-Identifier: GPL-3.0-or-later
// What a configuration reader produces: the endpoints the daemon will bind and the
// notes on what else it found. A reader says WHAT it read, in the daemon's terms;
// it never decides a status. common/policy/ judges both, for the scope the daemon
// runs in (policy/notes.hpp maps a note's kind to a status, BindPolicy judges the
// endpoints).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"
#include "net/address.hpp"

namespace vs::config {

// One endpoint a service's configuration makes it bind.
struct ConfiguredEndpoint {
  net::Endpoint endpoint;
  Location origin;        // file:line of the directive, or {file, 0} for a built-in default
  std::string directive;  // as the user wrote it: "ListenAddress 0.0.0.0"
};

// What a note says about the daemon. The policy gives each kind one status
// (docs/design.md lists them).
enum class NoteKind {
  refusal,   // the daemon refuses to start on this; text: its reason, in its own words
  hazard,    // it starts, but the setting endangers the machine (nrpe's bash substitution)
  impaired,  // it starts, but a feature it offers fails or listens nowhere (X11 forwarding
             // without loopback, inet_protocols enabling nothing)
  ignored,   // the daemon skips this line, this file or the rest of it, and goes on
  unjudged,  // this check cannot tell (a ${VAR} defined nowhere, a service name it lacks)
  advice,    // accepted, but discouraged (dont_blame_nrpe=1, no allowed_hosts)
  info,      // a fact, shown at -v (a missing optional include, a local socket)
};

// "refusal", "hazard" ...: for tests and messages.
constexpr std::string_view name(NoteKind kind) {
  switch (kind) {
    case NoteKind::refusal:
      return "refusal";
    case NoteKind::hazard:
      return "hazard";
    case NoteKind::impaired:
      return "impaired";
    case NoteKind::ignored:
      return "ignored";
    case NoteKind::unjudged:
      return "unjudged";
    case NoteKind::advice:
      return "advice";
    case NoteKind::info:
      return "info";
  }
  return "info";
}

struct Note {
  NoteKind kind = NoteKind::info;
  Location where;
  // What was found. For a refusal only the reason: the policy writes "<noun> will
  // not start: <text>".
  std::string text;
  // A few words for the summary line; empty: the policy uses the origin and text.
  std::string brief;
  // The note holds only where loopback binds fail (a guest without lback_remap or
  // lback_allow): "inet_interfaces = loopback-only". Elsewhere the policy drops it.
  bool needs_loopback = false;
  // The note holds only when the daemon runs in a guest: a fact the host's admin may
  // have chosen, a trap in a guest's minimal install (no xauth for X11 forwarding).
  bool guest_only = false;
  // An info note that explains the result, shown without -v ("skip-networking: no
  // TCP listener", the effective inet_interfaces).
  bool always_shown = false;
};

struct ServiceConfig {
  std::vector<ConfiguredEndpoint> endpoints;
  std::vector<Note> notes;
  std::vector<std::string> files_read;  // display paths, listed at -vv
};

}  // namespace vs::config
