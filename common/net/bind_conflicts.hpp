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
// The machine's own addresses are not known here: a bind of an address the machine
// does not have (EADDRNOTAVAIL) is for the caller to decide. UDP sockets with
// SO_REUSEADDR share their ports, so only TCP is checked. Host names are not
// checked either (what they resolve to is the caller's).
//
//   net::BoundSockets socks;
//   socks.bind(endpoint("0.0.0.0", 80));         // BindError::none
//   socks.bind(endpoint("192.0.2.1", 80));       // BindError::address_in_use
#pragma once

#include <string>
#include <vector>

#include "net/address.hpp"

namespace vs::net {

enum class BindError {
  none,
  address_in_use,    // EADDRINUSE
  invalid_argument,  // EINVAL
};

// strerror's text: "Address already in use", "Invalid argument", "" for none.
std::string strerror_text(BindError e);
// The errno: 98, 22, 0 (httpd writes "(98)Address already in use").
int errno_of(BindError e);

class BoundSockets {
 public:
  // Binds `e` when the kernel would; an IPv6 endpoint's v6only says how the daemon
  // set IPV6_V6ONLY (unset: Linux's default, off).
  BindError bind(const Endpoint& e);
  // What bind() would answer, without binding.
  BindError check(const Endpoint& e) const;
  // Every socket bound, in order.
  const std::vector<Endpoint>& bound() const { return bound_; }

 private:
  std::vector<Endpoint> bound_;
};

}  // namespace vs::net
