// SPDX-License-Identifier: GPL-3.0-or-later
// The one place where what a configuration reader found becomes a status.
//
//   refusal   CRITICAL  "<noun> will not start: <reason>"; it leads the summary (a
//                       daemon that does not start binds nothing else)
//   hazard    CRITICAL  it starts, and endangers the machine
//   impaired  WARNING   it starts, but a feature fails or listens nowhere
//   ignored   WARNING   the daemon skips a line or a file
//   unjudged  WARNING   this check cannot tell
//   advice    WARNING   accepted, but discouraged
//   info      OK        shown at -v (or always, when it explains the result)
//
// A note that needs loopback ("inet_interfaces = loopback-only") holds only where
// loopback binds fail: a guest whose loopback verdict (vserver::decide_loopback) says
// it has none; elsewhere it is dropped. Its refusal reads "<noun> will not start in a
// guest: <reason>; <what decided it>". When the verdict is only an assumption from the
// guest's files (the kernel could not be read), the note is WARNING, never CRITICAL:
// "<noun> may not start in a guest: ...".
// A note for guests only (xauth missing for X11 forwarding) is dropped on the host.
#pragma once

#include <optional>
#include <string>

#include "config/service_config.hpp"
#include "plugin/report.hpp"
#include "vserver/loopback.hpp"

namespace vs::policy {

plugin::Status status_of(config::NoteKind kind);

// The finding `note` amounts to for the daemon `noun` ("sshd") in a scope with this
// loopback verdict, in a guest or on the host, or nullopt when the note does not hold
// there. The finding's origin is the note's file:line.
std::optional<plugin::Finding> judge_note(const config::Note& note, const std::string& noun,
                                          const vserver::Loopback& loopback, bool in_guest = false);

}  // namespace vs::policy
