// SPDX-License-Identifier: GPL-3.0-or-later
// The running Linux-VServer kernel, read through a /proc tree.
//
// `proc` is the procfs mount, or a directory recorded from one (tools/record-proc) or
// written as a test fixture: every read goes through fs::Tree, so a FIFO, a huge file
// or a symlink out of the tree is refused like any other hostile file. `root` is the
// tree the configuration is read from (--root), for /boot/config-<release>.
//
// Nothing throws out of the model for one bad file: a garbage or truncated file is a
// ReadProblem kept with the context it concerns, and every other context is still read.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fs/tree.hpp"
#include "vserver/kernel_config.hpp"
#include "vserver/proc_files.hpp"

namespace vs::vserver {

// A security context, /proc/virtual/<xid>/.
struct Context {
  unsigned xid = 0;
  std::optional<ContextStatus> status;  // nullopt: unreadable, see problems
  std::optional<int> init_pid;          // "Init:" of info; nullopt when 0 or unreadable
  std::string status_path;              // display path, "/proc/virtual/42/status"
  std::vector<ReadProblem> problems;

  bool running() const { return status && status->tasks > 0; }
};

// A network context, /proc/virtnet/<nid>/.
struct NetworkContext {
  unsigned nid = 0;
  std::optional<NetworkStatus> status;  // nflags
  std::optional<NetworkInfo> info;      // lback address, addresses
  std::vector<ReadProblem> problems;
};

// Which VServer patch branch the kernel carries, and what said so.
struct Branch {
  unsigned major = 0;    // 2
  unsigned minor = 0;    // 2 or 3
  std::string evidence;  // "/proc/virtual/info: VCIVersion 0002:0308", "release 4.9.159-vs2.3.9.8"

  std::string name() const { return "vs" + std::to_string(major) + "." + std::to_string(minor); }
};

struct Kernel {
  bool vserver = false;            // /proc/virtual/info exists
  std::optional<VirtualInfo> vci;  // nullopt on other kernels, or when unreadable
  std::string release;             // /proc/sys/kernel/osrelease, "" when unreadable
  std::optional<KernelConfig> config;
  std::vector<std::string> config_tried;  // where the configuration was looked for
  bool config_read = false;               // read_configuration() has run
  std::map<unsigned, Context> contexts;   // every listed context, running or not
  std::map<unsigned, NetworkContext> networks;
  std::vector<ReadProblem> problems;  // about the kernel as a whole (info, config)

  // The VCI of virtual/info, else the "-vsX.Y" of the release or of the
  // configuration's header. nullopt: not known to be a VServer kernel.
  std::optional<Branch> branch() const;
  const Context* context(unsigned xid) const;
  const NetworkContext* network(unsigned nid) const;
  // The contexts with Tasks > 0, in xid order.
  std::vector<unsigned> running() const;
};

// Reads virtual/info, sys/kernel/osrelease, the configuration (unless `with_config`
// is false: only the loopback of a stopped guest needs it, and it is a gunzip), every
// context under virtual/ and every network context under virtnet/. Never throws
// FileError or ProcFormatError: they become problems.
Kernel read_kernel(const fs::Tree& proc, const fs::Tree& root, bool with_config = true);

// Reads the configuration into a kernel read without it (config, config_tried, problems).
void read_configuration(Kernel& kernel, const fs::Tree& proc, const fs::Tree& root);

// Small /proc files are a few hundred bytes; this bounds a hostile one.
inline constexpr std::size_t kMaxProcFile = 64u << 10;

// Reads and parses one /proc file through `proc`. nullopt when it does not exist (the
// process or context is gone); a problem appended when it cannot be read or parsed.
template <typename T>
std::optional<T> read_proc_file(const fs::Tree& proc, const std::string& path,
                                T (*parse)(std::string_view, const std::string&),
                                std::vector<ReadProblem>& problems) {
  try {
    const auto text = proc.read_if_exists(path, kMaxProcFile);
    if (!text) return std::nullopt;
    return parse(text->content, text->path);
  } catch (const fs::FileError& e) {
    problems.push_back({{e.path(), 0}, e.reason()});
  } catch (const ProcFormatError& e) {
    problems.push_back({e.where(), e.reason()});
  }
  return std::nullopt;
}

// The first process (lowest PID) whose /proc/PID/status says "VxID: xid": a guest's
// process when its context shows no init PID. nullopt when none is found.
std::optional<int> find_context_process(const fs::Tree& proc, unsigned xid);

}  // namespace vs::vserver
