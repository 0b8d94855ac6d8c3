// SPDX-License-Identifier: GPL-3.0-or-later
// Postfix's own syntax checks for host names, addresses and master.cf service
// names (Postfix 3.7: util/valid_hostname.c, util/host_port.c), as pure functions.
//
// Postfix checks a master.cf service's host with these before it resolves it, and
// they are stricter than the resolver: "127.1" and "0" (inet_aton shorthand) are
// neither a host name (all-numeric) nor an address (not four octets), so master(8)
// refuses "127.1:2525"; "0177.0.0.1" passes as four decimal octets and the resolver
// then reads it as octal 127.0.0.1; "00.00.00.00" passes too, the wildcard.
// inet_interfaces goes to the resolver without these checks.
#pragma once

#include <string>
#include <string_view>

namespace vs::config::postfix {

// valid_hostname(): labels of letters, digits, '_' and '-' (not at a label's ends),
// separated by single dots, no leading or trailing dot; not all-numeric; at most 255
// characters, 63 a label.
bool valid_hostname(std::string_view name);
// valid_ipv4_hostaddr(): exactly four dot-separated decimal octets of at most 255;
// a first octet of 0 only in an address of zeros and dots (0.0.0.0).
bool valid_ipv4_hostaddr(std::string_view addr);
// valid_ipv6_hostaddr(): hexadecimal fields of at most four digits, 2 to 7 colons,
// at most one "::", optionally ending in an IPv4 address.
bool valid_ipv6_hostaddr(std::string_view addr);
// valid_hostaddr(): IPv6 when the text has a colon, else IPv4.
bool valid_hostaddr(std::string_view addr);

// A master.cf inet service name: "[host]:port", "host:port" (split at the last
// colon) or "port".
struct ServiceName {
  std::string host;   // without brackets; "" when the service listens on inet_interfaces
  std::string port;   // as written: "smtp", "10025"
  std::string error;  // Postfix's words when it refuses the name ("missing \"]\"", ...)
};

// host_port(buf, &host, "", &port, NULL) as master(8) calls it: a host that is
// neither a valid host name nor a valid address is "valid hostname or network
// address required"; a port that starts with a digit must be all digits.
ServiceName parse_service_name(std::string_view name);

}  // namespace vs::config::postfix
