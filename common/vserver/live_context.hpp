// SPDX-License-Identifier: GPL-3.0-or-later
// A running guest's context as a VServer kernel shows it in /proc/virtual/<xid>/:
// today only its capabilities, for check_vs_caps. The kernel model
// (common/vserver/kernel*) supersedes this; it is one function so that the
// rewiring is one call.
#pragma once

#include <optional>

#include "vserver/guest.hpp"

namespace vs::vserver {

// The live context of `guest` from this machine's /proc/virtual/<xid>/status;
// nullopt when the guest does not run, this is not a VServer kernel, or the file
// cannot be read.
std::optional<LiveContext> read_live_context(const Guest& guest);

}  // namespace vs::vserver
