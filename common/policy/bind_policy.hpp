// SPDX-License-Identifier: GPL-3.0-or-later
// BindPolicy: the one judgement shared by check_vs_listen and every configuration
// check. It turns an endpoint (live socket or configured directive) into a status
// and a reason, for the role the endpoint lives in:
//
//  host   a wildcard answers for every guest address OF ITS FAMILY that has no
//         more specific listener on that port, and collides with the guests' own
//         binds: CRITICAL when there is at least one such guest address (IPv4
//         wildcard: IPv4 addresses; dual-stack [::]: both; IPv6-only [::]: IPv6).
//         When there is none (no guests, or none of its family) it answers for no
//         guest today: WARNING, and the reason claims no collision. A guest with a
//         network namespace of its own (noncontext, spaces/net without ncontext) has
//         its own stack: the host's wildcard never answers for it.
//         Binding a guest's address from the host context: CRITICAL.
//         The host's own addresses and loopback: OK.
//  guest  the kernel confines a wildcard to the guest's addresses: OK (WARNING
//         with --strict). Loopback: the guest's loopback verdict decides
//         (vserver::decide_loopback: live NFlags, the kernel's default and the
//         nflags file, or --loopback): OK when it has loopback, CRITICAL when it has
//         none, WARNING when that is only assumed from its files. An address the
//         guest does not own: CRITICAL (the daemon cannot bind it).
//  both   a host name instead of an address: WARNING (cannot judge a name).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "net/address.hpp"
#include "plugin/status.hpp"
#include "vserver/guest.hpp"
#include "vserver/loopback.hpp"

namespace vs::policy {

struct Verdict {
  plugin::Status status = plugin::Status::ok;
  std::string reason;  // "wildcard; answers for guests web1 (192.0.2.40)"
  // Host role: a wildcard that answers for no guest today (no guest address of its
  // family): check_vs_listen does not count it in its thresholded metric.
  bool answers_for_no_guest = false;
};

// A guest address that a host wildcard answers for.
struct Shadow {
  std::string guest;
  net::Address address;
};

struct GuestAddresses {
  std::string name;
  std::vector<net::Address> addresses;
  bool own_netns = false;  // a network namespace of its own: no host wildcard reaches it
};

class BindPolicy {
 public:
  // Host context; `guests` are all configured guests (for shadowing and ownership);
  // `own_netns` names those with a network namespace of their own.
  static BindPolicy host(const std::vector<vserver::Guest>& guests,
                         const std::vector<std::string>& own_netns = {});
  // Inside `guest` (from the host with --guest), with its loopback verdict
  // (Site::view(guest).loopback, or vserver::loopback_option for --loopback yes|no).
  static BindPolicy guest(const vserver::Guest& guest, bool strict, vserver::Loopback loopback);
  // Inside a guest whose configuration is not visible (run in the guest itself):
  // its own addresses are unknown, so only wildcard and loopback rules apply unless
  // `own` lists them.
  static BindPolicy guest_context(std::vector<net::Address> own, bool strict,
                                  vserver::Loopback loopback);

  bool is_host() const { return host_; }
  // Guest role: the guest's own addresses (empty when unknown).
  const std::vector<net::Address>& self_addresses() const { return self_.addresses; }
  // Guest role: the guest's name ("" inside a guest that does not know it).
  const std::string& self_name() const { return self_.name; }
  // Whether loopback binds work where this policy judges, and what decided it: always
  // on the host; in a guest, its loopback verdict.
  const vserver::Loopback& loopback() const { return loopback_; }
  bool has_loopback() const { return loopback_.has_loopback; }

  // Judges one endpoint. `peers`: the other endpoints seen alongside it (live
  // sockets), so that a host wildcard is not blamed for guests that listen on the
  // same port themselves.
  Verdict judge(const net::Endpoint& e, std::span<const net::Endpoint> peers = {}) const;

  // Host role: guest addresses a wildcard `e` answers for on its port.
  std::vector<Shadow> shadowed(const net::Endpoint& e,
                               std::span<const net::Endpoint> peers = {}) const;
  // Host role: the guest whose address `a` is, or nullptr.
  const GuestAddresses* owner(const net::Address& a) const;
  // Host role: whether a wildcard `e` can answer for at least one guest address (one
  // of its family), own listeners or not.
  bool reaches_a_guest(const net::Endpoint& e) const;
  // Host role: whether any guest is configured.
  bool has_guests() const { return !guests_.empty(); }

 private:
  // "db has", "db and lab have": the guests with a network namespace of their own.
  std::string isolated() const;

  bool host_ = true;
  bool strict_ = false;
  vserver::Loopback loopback_;
  GuestAddresses self_;  // guest role
  bool own_known_ = false;
  std::vector<GuestAddresses> guests_;  // host role
};

// "web1 (192.0.2.40), mail (192.0.2.41, 2001:db8::41)"
std::string describe(const std::vector<Shadow>& shadows);

}  // namespace vs::policy
