// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/bind_conflicts.hpp"

#include <algorithm>
#include <cerrno>
#include <optional>

namespace vs::net {
namespace {

bool is_v6(const Endpoint& e) {
  return e.address.family() == Family::v6;
}

bool v6_only(const Endpoint& e) {
  return is_v6(e) && e.v6only.value_or(false);
}

bool is_any(const Endpoint& e) {
  return e.address == (is_v6(e) ? Address::any_v6() : Address::any_v4());
}

// The IPv4 address a socket receives for: its own for IPv4, the embedded one for a
// v4-mapped IPv6 address, every one (0.0.0.0) for [::]; none for another IPv6 address.
std::optional<Address> ipv4_side(const Endpoint& e) {
  if (!is_v6(e)) return e.address;
  if (e.address.is_v4_mapped()) return e.address.unmapped();
  if (is_any(e)) return Address::any_v4();
  return std::nullopt;
}

bool ipv4_overlap(const Address& a, const Address& b) {
  return a == b || a == Address::any_v4() || b == Address::any_v4();
}

// Whether `later`, bound after `earlier`, would receive some of its traffic
// (inet_rcv_saddr_equal with wildcards matching).
bool overlap(const Endpoint& later, const Endpoint& earlier) {
  if (is_v6(later) && is_v6(earlier) && !later.address.is_v4_mapped() &&
      !earlier.address.is_v4_mapped()) {
    return later.address == earlier.address || is_any(later) || is_any(earlier);
  }
  // At least one side is IPv4 or v4-mapped: they meet on IPv4, where an IPv6-only
  // socket takes nothing.
  if (v6_only(later) || v6_only(earlier)) return false;
  const auto a = ipv4_side(later);
  const auto b = ipv4_side(earlier);
  return a && b && ipv4_overlap(*a, *b);
}

bool same_device_or_any(const Endpoint& a, const Endpoint& b) {
  return a.device.empty() || b.device.empty() || a.device == b.device;
}

// Whether the kernel finds `a` among the machine's addresses `local` (inet_addr_type
// RTN_LOCAL for IPv4, ipv6_chk_addr for IPv6).
bool is_local(const Address& a, const std::vector<Address>& local) {
  if (a.is_wildcard()) return true;
  const Address own = a.unmapped();
  return std::any_of(local.begin(), local.end(), [&](const Address& l) {
    if (l == own) return true;
    // lo's 127.0.0.1/8 makes the whole network local.
    return own.family() == Family::v4 && own.is_loopback() && l.family() == Family::v4 &&
           l.is_loopback();
  });
}

}  // namespace

std::string strerror_text(BindError e) {
  switch (e) {
    case BindError::none:
      return "";
    case BindError::address_in_use:
      return "Address already in use";
    case BindError::invalid_argument:
      return "Invalid argument";
    case BindError::address_not_available:
      return "Cannot assign requested address";
  }
  return "";
}

int errno_of(BindError e) {
  switch (e) {
    case BindError::none:
      return 0;
    case BindError::address_in_use:
      return EADDRINUSE;
    case BindError::invalid_argument:
      return EINVAL;
    case BindError::address_not_available:
      return EADDRNOTAVAIL;
  }
  return 0;
}

BindError BoundSockets::check(const Endpoint& e) const {
  if (e.is_name()) return BindError::none;
  if (v6_only(e) && e.address.is_v4_mapped()) return BindError::invalid_argument;
  if (local_ && !is_local(e.address, *local_)) return BindError::address_not_available;
  if (e.proto != Proto::tcp) return BindError::none;
  for (const auto& b : bound_) {
    if (b.proto == Proto::tcp && b.port == e.port && e.port != 0 && same_device_or_any(e, b) &&
        overlap(e, b))
      return BindError::address_in_use;
  }
  return BindError::none;
}

BindError BoundSockets::bind(const Endpoint& e) {
  const BindError error = check(e);
  if (error == BindError::none) bound_.push_back(e);
  return error;
}

}  // namespace vs::net
