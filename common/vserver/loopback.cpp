// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/loopback.hpp"

namespace vs::vserver {
namespace {

// What the nflags file changes: util-vserver sets a flag for "name" and clears it for
// "~name" or "!name"; the last mention wins.
struct FileFlags {
  std::optional<bool> remap;
  std::optional<bool> allow;
  std::string mentioned;  // "~lback_remap, lback_allow", as written
};

FileFlags file_flags(const std::vector<std::string>& tokens) {
  FileFlags out;
  for (const auto& token : tokens) {
    const bool clear = !token.empty() && (token.front() == '~' || token.front() == '!');
    const std::string_view flag = std::string_view(token).substr(clear ? 1 : 0);
    std::optional<bool>* target = flag == "lback_remap"   ? &out.remap
                                  : flag == "lback_allow" ? &out.allow
                                                          : nullptr;
    if (target == nullptr) continue;
    *target = !clear;
    out.mentioned += (out.mentioned.empty() ? "" : ", ") + token;
  }
  return out;
}

std::string remapped_text(const std::optional<net::Address>& address) {
  return "loopback remapped to " +
         (address ? address->str() : std::string("the guest's 127.x.y.1 address"));
}

constexpr std::string_view kAllowed = "loopback allowed: the host's 127.0.0.1";

}  // namespace

std::string_view name(LoopbackSource s) {
  switch (s) {
    case LoopbackSource::live:
      return "live";
    case LoopbackSource::kernel_default:
      return "kernel default";
    case LoopbackSource::assumption:
      return "assumption";
    case LoopbackSource::option:
      return "option";
  }
  return "assumption";
}

Loopback loopback_option(bool yes) {
  Loopback out;
  out.has_loopback = yes;
  out.source = LoopbackSource::option;
  out.reason = yes ? "loopback (--loopback yes)" : "no loopback (--loopback no)";
  return out;
}

Loopback host_loopback() {
  Loopback out;
  out.has_loopback = true;
  out.source = LoopbackSource::live;
  out.reason = "the host's loopback";
  return out;
}

net::Address default_lback_address(unsigned nid) {
  return net::Address::v4((127u << 24) | (((nid >> 8) & 255u) << 16) | ((nid & 255u) << 8) | 1u);
}

Loopback decide_loopback(const LoopbackFacts& facts) {
  Loopback out;
  if (!facts.own_netns.empty()) {
    out.has_loopback = true;
    out.source = facts.running ? LoopbackSource::live : LoopbackSource::kernel_default;
    out.reason = "loopback on its own lo (own network namespace: " + facts.own_netns + ")";
    return out;
  }
  const std::optional<net::Address> address =
      facts.configured_lback ? facts.configured_lback
      : facts.nid            ? std::optional<net::Address>(default_lback_address(*facts.nid))
                             : std::nullopt;

  if (facts.running && facts.live_nflags) {
    out.source = LoopbackSource::live;
    out.remapped = (*facts.live_nflags & kNxfLbackRemap) != 0;
    out.has_loopback = out.remapped || (*facts.live_nflags & kNxfLbackAllow) != 0;
    if (out.remapped) out.address = facts.live_lback ? facts.live_lback : address;
    out.reason = (out.remapped       ? remapped_text(out.address)
                  : out.has_loopback ? std::string(kAllowed)
                                     : std::string("no loopback")) +
                 " (live NFlags)";
    return out;
  }

  // What the kernel gives a new network context, before the nflags file.
  bool remap_default = false;
  std::string basis;
  const auto& b = facts.branch;
  if (b && (b->major > 2 || (b->major == 2 && b->minor >= 3))) {
    out.source = LoopbackSource::kernel_default;
    if (facts.auto_lback) {
      remap_default = *facts.auto_lback;
      basis = *facts.auto_lback ? b->name() + " default, CONFIG_VSERVER_AUTO_LBACK=y"
                                : b->name() + " kernel, CONFIG_VSERVER_AUTO_LBACK not set";
    } else if (facts.config_read) {
      basis = b->name() + " kernel without CONFIG_VSERVER_AUTO_LBACK";
    } else {
      out.source = LoopbackSource::assumption;
      remap_default = true;
      basis = "ASSUMED: " + b->name() +
              " kernel whose configuration is unreadable; CONFIG_VSERVER_AUTO_LBACK=y is the "
              "Kconfig default";
    }
  } else if (b) {
    out.source = LoopbackSource::kernel_default;
    basis = b->name() + " kernel";
  } else {
    out.source = LoopbackSource::assumption;
    basis = "ASSUMED from the guest's files alone: no VServer kernel or configuration readable";
  }

  const FileFlags file = file_flags(facts.nflags_file);
  if (!file.mentioned.empty()) basis += "; nflags " + file.mentioned;
  out.remapped = file.remap.value_or(remap_default);
  out.has_loopback = out.remapped || file.allow.value_or(false);
  if (out.remapped) out.address = address;
  out.reason = (out.remapped       ? remapped_text(out.address)
                : out.has_loopback ? std::string(kAllowed)
                                   : std::string("no loopback")) +
               " (" + basis + ")";
  return out;
}

bool needs_configuration(const Kernel& kernel, const LoopbackFacts& facts) {
  if (!facts.own_netns.empty() || (facts.running && facts.live_nflags)) return false;
  if (const auto b = kernel.branch()) return b->major > 2 || (b->major == 2 && b->minor >= 3);
  return kernel.release.empty();  // only the configuration's header could tell then
}

LoopbackFacts loopback_facts(const Kernel& kernel, const Guest& guest,
                             const GuestNetworkConfig& config, const GuestKernel& live) {
  LoopbackFacts f;
  f.running = live.running;
  f.live_nflags = live.nflags;
  f.live_lback = live.lback;
  f.branch = kernel.branch();
  f.config_read = kernel.config.has_value();
  if (kernel.config) f.auto_lback = kernel.config->auto_lback;
  f.nflags_file = guest.nflags;
  f.configured_lback = config.lback;
  f.nid = live.nid;
  f.own_netns = config.own_netns_why();
  return f;
}

}  // namespace vs::vserver
