// SPDX-License-Identifier: GPL-3.0-or-later
// What every plugin sets up first: the tree under --root, the /proc under --proc, the
// guests configured there, the guests chosen with --guest, the role the policy judges
// in, and (read on first use) the running kernel's model.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fs/tree.hpp"
#include "plugin/options.hpp"
#include "vserver/guest.hpp"
#include "vserver/guest_view.hpp"
#include "vserver/kernel.hpp"

namespace vs::vserver {

struct Site {
  fs::Tree host;                           // --root
  fs::Tree proc;                           // --proc
  bool live_proc = true;                   // --proc is this machine's /proc
  std::string vservers_dir;                // in-tree path
  GuestSet all;                            // every enabled guest
  std::vector<const Guest*> chosen;        // --guest NAME..., in the order given
  plugin::Role role = plugin::Role::host;  // resolved: host or guest, never automatic

  const Guest* find(const std::string& name) const;
  // The running kernel, read from --proc on first use. Its configuration (a gunzip of
  // config.gz, or /boot/config-* under --root) is read only when a loopback verdict
  // needs it (vserver::needs_configuration), or here with `config`.
  const Kernel& kernel(bool config = false) const;
  // One guest as the kernel sees it, with its loopback verdict. Without `loopback` the
  // configuration is never read for it, and a stopped guest's verdict may only be
  // assumed: for the checks that judge no loopback (caps, mounts).
  GuestView view(const Guest& guest, bool loopback = true) const;
  // The loopback of the guest this plugin runs in (vserver::own_loopback).
  Loopback own_loopback(std::optional<bool> on_interfaces,
                        std::vector<ReadProblem>& problems) const;

  mutable std::optional<Kernel> kernel_read;  // kernel()'s cache
};

// Throws plugin::UsageError for a --guest that is not configured (or disabled), or a
// --proc that is not a directory.
Site open_site(const plugin::StandardOptions& options, const GuestParts& parts = {});

// auto role: a process in a VServer guest context has "VxID: N" (N > 0) in
// /proc/self/status; a plain kernel has no such line.
plugin::Role detect_role(std::string_view proc_self_status);

}  // namespace vs::vserver
