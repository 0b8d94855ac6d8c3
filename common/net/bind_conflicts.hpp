// SPDX-License-Identifier: GPL-3.0-or-later
// Which of a daemon's TCP listening sockets the kernel lets it bind, given the ones it
// bound before. Daemons (sshd, httpd, slapd, nrpe ...) set SO_REUSEADDR and listen()
// right after each bind(), so a later bind conflicts with an earlier socket on the
// same port when their addresses overlap (Linux: inet_csk_bind_conflict and
// inet_rcv_saddr_equal, net/ipv4/inet_connection_sock.c; inet6_bind, af_inet6.c):
//
//  - the same address, or a wildcard of the other's family: 0.0.0.0 covers every
//    IPv4 address, [::] every IPv6 one, and IPv4 too unless it is IPv6-only;
//  - a v4-mapped address (::ffff:a.b.c.d) is that IPv4 address;
//  - two sockets bound to different devices (SO_BINDTODEVICE) never conflict;
//  - an IPv6-only socket cannot bind a v4-mapped address at all (EINVAL).
//
// Given the machine's own addresses, a bind of one it does not have fails too
// (EADDRNOTAVAIL): an IPv4 address (or a v4-mapped one) must be one of them, any of
// 127.0.0.0/8 when one of those is (the loopback route), an IPv6 one exactly; the
// wildcards always bind. Without them that is not checked. UDP sockets with
// SO_REUSEADDR share their ports, so conflicts are only checked for TCP. Host names
// are not checked (what they resolve to is the caller's).
//
//   net::BoundSockets socks;
//   socks.bind(endpoint("0.0.0.0", 80));         // BindError::none
//   socks.bind(endpoint("192.0.2.1", 80));       // BindError::address_in_use
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "net/address.hpp"

namespace vs::net {

enum class BindError {
  none,
  address_in_use,         // EADDRINUSE
  invalid_argument,       // EINVAL
  address_not_available,  // EADDRNOTAVAIL: not an address of the machine
};

// strerror's text: "Address already in use", "Invalid argument", "Cannot assign
// requested address", "" for none.
std::string strerror_text(BindError e);
// The errno: 98, 22, 99, 0 (httpd writes "(98)Address already in use").
int errno_of(BindError e);

class BoundSockets {
 public:
  // `local`: the machine's addresses, when known.
  explicit BoundSockets(std::optional<std::vector<Address>> local = std::nullopt)
      : local_(std::move(local)) {}

  // Binds `e` when the kernel would; an IPv6 endpoint's v6only says how the daemon
  // set IPV6_V6ONLY (unset: Linux's default, off).
  BindError bind(const Endpoint& e);
  // What bind() would answer, without binding.
  BindError check(const Endpoint& e) const;
  // Every socket bound, in order.
  const std::vector<Endpoint>& bound() const { return bound_; }

 private:
  std::optional<std::vector<Address>> local_;
  std::vector<Endpoint> bound_;
};

}  // namespace vs::net
