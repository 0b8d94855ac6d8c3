// SPDX-License-Identifier: GPL-3.0-or-later
// The running kernel's build configuration, as far as the VServer checks need it:
// whether a new network context gets a private loopback (CONFIG_VSERVER_AUTO_LBACK)
// and which VServer patch the kernel carries.
//
// Sources, in order: /proc/config.gz (CONFIG_IKCONFIG_PROC), then the root's
// /boot/config-<release> with the release from /proc/sys/kernel/osrelease.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"
#include "fs/tree.hpp"
#include "vserver/proc_files.hpp"

namespace vs::vserver {

struct KernelConfig {
  std::string source;    // display path: "/proc/config.gz", "/boot/config-4.9.159-vs2.3.9.8"
  std::string release;   // from "# Linux/x86 4.9.159-vs2.3.9.8 Kernel Configuration"
  bool vserver = false;  // CONFIG_VSERVER=y
  // CONFIG_VSERVER_AUTO_LBACK: "=y" true, "is not set" false; nullopt when the option
  // does not exist (vs2.2 and older have no automatic loopback).
  std::optional<bool> auto_lback;
  Location auto_lback_at;
};

// Pure. Lines are blank, "# comment" or CONFIG_NAME=value; anything else throws
// ProcFormatError naming file:line.
KernelConfig parse_kernel_config(std::string_view text, const std::string& file);

// "4.9.159-vs2.3.9.8" -> "2.3.9.8"; "" when the release names no VServer patch.
std::string vserver_patch(std::string_view release);

// The decompressed size a kernel configuration may have (they are ~250 KiB).
inline constexpr std::size_t kMaxKernelConfig = 4u << 20;

struct ConfigReading {
  std::optional<KernelConfig> config;  // nullopt: no source exists, or it is unreadable
  std::vector<ReadProblem> problems;   // a source that exists but cannot be used
  std::vector<std::string> tried;      // display paths looked at, for -vv and messages
};

// Never throws for a bad file: it becomes a problem and the next source is tried.
ConfigReading read_kernel_config(const fs::Tree& proc, const fs::Tree& root,
                                 const std::string& release);

}  // namespace vs::vserver
