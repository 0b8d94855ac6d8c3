// SPDX-License-Identifier: GPL-3.0-or-later
// Does a guest have loopback? The running kernel decides, and the verdict says what
// decided it (see ../shared/vserver-kernel.md):
//  1. a running guest: its live nflags (LBACK_REMAP: 127.0.0.1 is remapped to the
//     guest's own address; LBACK_ALLOW: it may use the host's loopback);
//  2. a stopped guest: the kernel's default for a new network context (vs2.3 with
//     CONFIG_VSERVER_AUTO_LBACK=y: remapped; vs2.2, or vs2.3 without it: none), changed
//     by the guest's nflags file (`~lback_remap`, `lback_remap`, `lback_allow`);
//  3. neither the kernel nor its configuration known: the nflags file alone, said as
//     an ASSUMPTION (a check turns "needs loopback" into WARNING then, never CRITICAL).
// --loopback yes|no overrides all three; the host always has its loopback.
// A guest with a network namespace of its own (noncontext, or spaces/net without
// ncontext) has a real lo.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/address.hpp"
#include "vserver/guest_kernel.hpp"

namespace vs::vserver {

enum class LoopbackSource {
  live,            // the running guest's nflags, or its live network namespace
  kernel_default,  // what the known kernel gives a new context, with the nflags file
  assumption,      // the files alone: the kernel could not be read
  option,          // --loopback yes|no
};
std::string_view name(LoopbackSource s);

struct Loopback {
  bool has_loopback = false;
  // 127.0.0.1 is remapped to `address`, the guest's own loopback address: a socket on
  // it, seen from the host, is the guest's loopback listener.
  bool remapped = false;
  std::optional<net::Address> address;  // set when remapped and the address is known
  LoopbackSource source = LoopbackSource::assumption;
  std::string reason;  // "loopback remapped to 127.0.42.1 (live NFlags)"

  // Only the guest's files said so: a verdict that needs loopback is WARNING, not
  // CRITICAL.
  bool assumed() const { return source == LoopbackSource::assumption; }
};

// --loopback yes|no: "loopback (--loopback yes)", "no loopback (--loopback no)".
Loopback loopback_option(bool yes);
// The host's own loopback interface.
Loopback host_loopback();

// Everything the decision looks at, each fact optional.
struct LoopbackFacts {
  std::optional<std::uint64_t> live_nflags;  // running guest
  std::optional<net::Address> live_lback;
  bool running = false;
  std::optional<Branch> branch;                  // the kernel, when known
  std::optional<bool> auto_lback;                // CONFIG_VSERVER_AUTO_LBACK; nullopt: unknown
  bool config_read = false;                      // a kernel configuration was read
  std::vector<std::string> nflags_file;          // lower-case tokens of /etc/vservers/<g>/nflags
  std::optional<net::Address> configured_lback;  // interfaces/lback
  std::optional<unsigned> nid;
  std::string own_netns;  // why the guest has its own namespace, "" when it has not
};

// Pure.
Loopback decide_loopback(const LoopbackFacts& facts);

// Whether the kernel's configuration (CONFIG_VSERVER_AUTO_LBACK, a gunzip of config.gz)
// can change the verdict: not for a running guest whose live NFlags are known, nor for
// one with a network namespace of its own, nor on a kernel known to be older than vs2.3
// or to be no VServer kernel (its release says so: the configuration's header would
// say the same). `kernel` may have been read without its configuration.
bool needs_configuration(const Kernel& kernel, const LoopbackFacts& facts);

// The facts for one guest, from the model.
LoopbackFacts loopback_facts(const Kernel& kernel, const Guest& guest,
                             const GuestNetworkConfig& config, const GuestKernel& live);

// 127.(nid >> 8 & 255).(nid & 255).1: the address vs2.3 gives network context nid.
net::Address default_lback_address(unsigned nid);

}  // namespace vs::vserver
