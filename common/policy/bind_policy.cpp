// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/bind_policy.hpp"

#include <algorithm>

namespace vs::policy {

using plugin::Status;

namespace {

GuestAddresses addresses_of(const vserver::Guest& g) {
  GuestAddresses out{g.name, {}};
  for (const auto& a : g.addresses)
    out.addresses.push_back(a.address);
  return out;
}

std::string join_addresses(const std::vector<net::Address>& list) {
  std::string out;
  for (const auto& a : list) {
    if (!out.empty()) out += ", ";
    out += a.str();
  }
  return out;
}

// "IPv4", "IPv6", "" (a dual-stack wildcard takes both): the guest addresses a
// wildcard can answer for.
std::string family_word(const net::Endpoint& e) {
  if (e.scope() == net::Scope::wildcard_v4) return "IPv4 ";
  if (e.scope() == net::Scope::wildcard_v6_only) return "IPv6 ";
  return "";
}

std::string wildcard_kind(const net::Endpoint& e) {
  std::string kind = "wildcard";
  if (e.scope() == net::Scope::wildcard_dual) kind += " (dual-stack: IPv6 and IPv4)";
  if (e.scope() == net::Scope::wildcard_v6_only) kind += " (IPv6 only)";
  if (!e.device.empty()) kind += " on device " + e.device + " only";
  return kind;
}

}  // namespace

BindPolicy BindPolicy::host(const std::vector<vserver::Guest>& guests,
                            const std::vector<std::string>& own_netns) {
  BindPolicy p;
  p.host_ = true;
  p.loopback_ = vserver::host_loopback();
  for (const auto& g : guests) {
    p.guests_.push_back(addresses_of(g));
    p.guests_.back().own_netns =
        std::find(own_netns.begin(), own_netns.end(), g.name) != own_netns.end();
  }
  return p;
}

BindPolicy BindPolicy::guest(const vserver::Guest& guest, bool strict, vserver::Loopback loopback) {
  BindPolicy p;
  p.host_ = false;
  p.strict_ = strict;
  p.loopback_ = std::move(loopback);
  p.self_ = addresses_of(guest);
  p.own_known_ = true;
  return p;
}

BindPolicy BindPolicy::guest_context(std::vector<net::Address> own, bool strict,
                                     vserver::Loopback loopback) {
  BindPolicy p;
  p.host_ = false;
  p.strict_ = strict;
  p.loopback_ = std::move(loopback);
  p.own_known_ = !own.empty();
  p.self_ = {"", std::move(own)};
  return p;
}

bool BindPolicy::reaches_a_guest(const net::Endpoint& e) const {
  return std::any_of(guests_.begin(), guests_.end(), [&](const GuestAddresses& g) {
    return !g.own_netns && std::any_of(g.addresses.begin(), g.addresses.end(),
                                       [&](const net::Address& a) { return e.answers_for(a); });
  });
}

const GuestAddresses* BindPolicy::owner(const net::Address& a) const {
  for (const auto& g : guests_) {
    for (const auto& ga : g.addresses) {
      if (net::same_host(ga, a)) return &g;
    }
  }
  return nullptr;
}

std::vector<Shadow> BindPolicy::shadowed(const net::Endpoint& e,
                                         std::span<const net::Endpoint> peers) const {
  std::vector<Shadow> out;
  if (!e.is_wildcard()) return out;
  for (const auto& g : guests_) {
    if (g.own_netns) continue;  // its own stack: the host's sockets are not in it
    for (const auto& a : g.addresses) {
      if (!e.answers_for(a)) continue;
      // The kernel prefers the most specific bind: a guest listening on its own
      // address and the same port gets its own traffic.
      const bool own_listener =
          std::any_of(peers.begin(), peers.end(), [&](const net::Endpoint& p) {
            return p.proto == e.proto && p.port == e.port && !p.is_wildcard() && !p.is_name() &&
                   net::same_host(p.address, a);
          });
      if (!own_listener) out.push_back({g.name, a});
    }
  }
  return out;
}

std::string BindPolicy::isolated() const {
  std::vector<std::string> names;
  for (const auto& g : guests_) {
    if (g.own_netns) names.push_back(g.name);
  }
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  if (names.empty()) return out;
  return out + (names.size() == 1 ? " has" : " have");
}

std::string describe(const std::vector<Shadow>& shadows) {
  std::string out;
  for (std::size_t i = 0; i < shadows.size();) {
    const std::string& name = shadows[i].guest;
    std::vector<net::Address> addrs;
    while (i < shadows.size() && shadows[i].guest == name)
      addrs.push_back(shadows[i++].address);
    if (!out.empty()) out += ", ";
    out += name + " (" + join_addresses(addrs) + ")";
  }
  return out;
}

Verdict BindPolicy::judge(const net::Endpoint& e, std::span<const net::Endpoint> peers) const {
  if (e.is_name()) {
    return {Status::warning,
            "host name '" + e.hostname + "' instead of an address: cannot judge a name"};
  }
  const std::string port = e.port != 0 ? " port " + std::to_string(e.port) : std::string{};
  if (host_) {
    if (e.is_wildcard()) {
      std::string reason = wildcard_kind(e);
      if (!reaches_a_guest(e)) {
        const std::string why =
            guests_.empty() ? "(no guests configured), but will for every guest added"
            : !isolated().empty()
                ? "(no guest sharing the host's network has an " + family_word(e) + "address; " +
                      isolated() +
                      " a network namespace of its own), but will for the first that gets one"
                : "(no guest has an " + family_word(e) +
                      "address), but will for the first that gets one";
        return {Status::warning,
                reason + "; answers for no guest today " + why + ": bind the host's own address",
                true};
      }
      const auto shadows = shadowed(e, peers);
      if (!shadows.empty()) {
        const bool several = std::any_of(shadows.begin(), shadows.end(), [&](const Shadow& s) {
          return s.guest != shadows.front().guest;
        });
        reason += "; answers for guest" + std::string(several ? "s " : " ") + describe(shadows);
      } else {
        // Every guest address of its family has its own listener on that port.
        reason += "; collides with the guests' own binds on" +
                  (port.empty() ? std::string(" this service") : port);
      }
      return {Status::critical, reason + ": bind the host's own address"};
    }
    if (const auto* g = owner(e.address)) {
      return {Status::critical,
              "the host binds guest " + g->name + "'s address " + e.address.str()};
    }
    if (e.address.is_loopback()) return {Status::ok, "loopback"};
    return {Status::ok, "a precise address"};
  }

  const std::string who = self_.name.empty() ? "the guest" : "guest " + self_.name;
  if (e.is_wildcard()) {
    if (strict_) {
      return {Status::warning, wildcard_kind(e) + "; --strict: bind " + who + "'s own address"};
    }
    return {Status::ok, wildcard_kind(e) + ", confined to " + who + "'s addresses by the kernel"};
  }
  if (e.address.is_loopback()) {
    if (loopback_.has_loopback) return {Status::ok, "loopback; " + who + ": " + loopback_.reason};
    if (loopback_.assumed()) {
      return {Status::warning, "loopback address; " + who + " has " + loopback_.reason +
                                   ": if so, the bind fails (--proc or --loopback settles it)"};
    }
    return {Status::critical,
            "loopback address, but " + who + " has " + loopback_.reason + ": the bind fails"};
  }
  if (own_known_) {
    const bool owned =
        std::any_of(self_.addresses.begin(), self_.addresses.end(),
                    [&](const net::Address& a) { return net::same_host(a, e.address); });
    if (!owned) {
      const std::string owns =
          self_.addresses.empty() ? "no address" : join_addresses(self_.addresses);
      return {Status::critical, "address " + e.address.str() + " is not " + who + "'s (it owns " +
                                    owns + "): the bind fails"};
    }
    return {Status::ok, who + "'s own address"};
  }
  return {Status::ok, "a precise address"};
}

}  // namespace vs::policy
