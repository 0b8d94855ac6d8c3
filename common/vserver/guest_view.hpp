// SPDX-License-Identifier: GPL-3.0-or-later
// What a check knows about one guest at run time, read once: the network facts of its
// configuration, what the running kernel shows of it, and its loopback verdict. The
// checks judge from this, never from Guest::nflags alone.
#pragma once

#include <optional>
#include <vector>

#include "fs/tree.hpp"
#include "vserver/guest.hpp"
#include "vserver/guest_kernel.hpp"
#include "vserver/kernel.hpp"
#include "vserver/loopback.hpp"

namespace vs::vserver {

struct GuestView {
  GuestNetworkConfig network;
  GuestKernel live;
  Loopback loopback;

  // What could not be read for this guest, each naming its file: its context's /proc
  // files always; with `network`, also its network's /proc files and its network
  // configuration (context, ncontext, interfaces/lback). UNKNOWN for this guest only.
  std::vector<ReadProblem> problems(bool network) const;
};

// `root` is the --root tree the guest is configured in; `kernel` may lack its
// configuration (read_kernel(..., false)): it is read when the verdict needs it.
// Never throws for a bad file.
GuestView view_guest(Kernel& kernel, const fs::Tree& proc, const fs::Tree& root,
                     const Guest& guest);

// The loopback of the guest this plugin runs in (--role guest, or detected): the live
// NFlags of <proc>/self/ninfo on a VServer kernel; else `on_interfaces`, whether a
// loopback address is on the interfaces (nullopt when they cannot be seen: under
// --root, or with another --proc); else the kernel's default, or an assumption. A bad
// self/ninfo is added to `problems`; the configuration is read when needed.
Loopback own_loopback(Kernel& kernel, const fs::Tree& proc, const fs::Tree& root,
                      std::optional<bool> on_interfaces, std::vector<ReadProblem>& problems);

}  // namespace vs::vserver
