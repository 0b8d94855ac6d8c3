// SPDX-License-Identifier: GPL-3.0-or-later
// The host of a listen directive as a daemon sees it when it binds EVERY address that
// getaddrinfo() returns for it (slapd's URLs, nrpe's server_address), read from the
// judged tree's files with net::Names: an address literal (the inet_aton forms
// included: "127.1", "0177.0.0.1", "0"), or a name's addresses in /etc/hosts, in file
// order. A name the files do not have stays a name (DNS may know it, the policy cannot
// judge it) unless no DNS answer can exist ("192.0.2.1 # admin", "\"192.0.2.1\""):
// getaddrinfo() then fails, and so does the daemon.
//
//   ResolvedHost r = resolve_host(names, "ldap.example", AF_UNSPEC);
//   // r.kind == addresses, r.addresses == {192.0.2.1 (/etc/hosts:2)}
//   // r.because == "ldap.example is 192.0.2.1 (/etc/hosts:2)"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "net/address.hpp"
#include "net/names.hpp"

namespace vs::config {

struct ResolvedHost {
  enum class Kind {
    addresses,  // `addresses` holds what getaddrinfo() returns
    name,       // absent from the files: only DNS could answer
    fails,      // getaddrinfo() fails: `error` is its message
  };
  Kind kind = Kind::fails;
  std::vector<net::HostAddress> addresses;  // each with its /etc/hosts line (line 0: a literal)
  // addresses: what the finding says besides the directive, "ldap.example is 192.0.2.1
  // (/etc/hosts:2)", "127.1 is 127.0.0.1"; empty when the host is written as the
  // policy prints the address.
  std::string because;
  std::string error;  // fails: gai_strerror()'s text, "Name or service not known"
};

// getaddrinfo(host, port, {.ai_family = family}) in the tree `names` reads; family is
// AF_UNSPEC, AF_INET or AF_INET6.
ResolvedHost resolve_host(const net::Names& names, std::string_view host, int family);

// One endpoint per address, in order (an IPv6 one with IPV6_V6ONLY, as slapd and nrpe
// set it), or the name's own endpoint for Kind::name; nothing for Kind::fails.
std::vector<net::Endpoint> endpoints_of(const ResolvedHost& resolved, std::string_view host,
                                        std::uint16_t port, net::Proto proto = net::Proto::tcp);

}  // namespace vs::config
