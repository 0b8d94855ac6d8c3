// SPDX-License-Identifier: GPL-3.0-or-later
// /etc/hosts as glibc's nss_files module reads it (hosts(5); nss/nss_files/
// files-hosts.c), so a configuration check resolves a host name to the addresses
// the daemon's own getaddrinfo() gets from the judged tree:
//  - lines as nss_lines.hpp says ('#' starts a comment anywhere on a line);
//  - an address, then the canonical name, then aliases, separated by blanks;
//  - the address is IPv4 (inet_pton: dotted quad only) or IPv6 (no "%zone", no
//    brackets); a line whose address is neither is skipped, silently;
//  - names match ASCII case-insensitively, the canonical name or any alias;
//  - every matching line counts only with "multi on" in /etc/host.conf (Debian's
//    default file has it; without the file or the keyword only the first does).
//
//   auto hosts = parse_hosts("127.0.0.1 localhost\n::1 localhost\n", "/etc/hosts");
//   lookup_hosts(hosts, "localhost", AF_UNSPEC, true);  // 127.0.0.1 (:1), ::1 (:2)
//   lookup_hosts(hosts, "localhost", AF_INET, true);    // 127.0.0.1 (:1), 127.0.0.1 (:2)
#pragma once

#include <sys/socket.h>  // AF_INET, AF_INET6, AF_UNSPEC for the callers

#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"
#include "net/address.hpp"

namespace vs::net {

struct HostsEntry {
  Address address;   // as written: IPv4, or IPv6 (a v4-mapped "::ffff:a.b.c.d" stays IPv6)
  std::string name;  // the canonical name; "" on a line with an address only
  std::vector<std::string> aliases;
  Location where;
  // glibc's test: `host` is the canonical name or an alias, ASCII case-insensitive.
  bool names(std::string_view host) const;
};

// A line glibc skips because its first field is not an address ("192.0.2.300 mail"):
// kept so a check can say why a name written in the file does not resolve.
struct HostsIgnored {
  std::string address;             // the field that is not an address
  std::vector<std::string> names;  // the canonical name and aliases written after it
  Location where;
};

struct HostsFile {
  std::vector<HostsEntry> entries;  // file order
  std::vector<HostsIgnored> ignored;
};

// Pure: text to entries. `file` is only used for the locations.
HostsFile parse_hosts(std::string_view text, const std::string& file);

// One address a name resolves to, and the line that says so (line 0 for an address
// literal, which getaddrinfo never looks up).
struct HostAddress {
  Address address;
  Location where;
  bool operator==(const HostAddress&) const = default;
};

// The addresses glibc's files lookup gives for `host`, in FILE ORDER:
//  - AF_UNSPEC (getaddrinfo's path, _nss_files_gethostbyname4_r): each matching line
//    in its own family;
//  - AF_INET (gethostbyname2, which getaddrinfo also uses for AF_INET): the lines with
//    an IPv4 address, plus "::ffff:a.b.c.d" as a.b.c.d and "::1" as 127.0.0.1;
//  - AF_INET6: the lines with an IPv6 address.
// Without `multi`, only the first of those (for AF_UNSPEC the first matching line of
// either family: "127.0.0.1 localhost" hides "::1 localhost"). Any other family
// gives nothing. getaddrinfo then sorts the result: see gai_order.hpp.
std::vector<HostAddress> lookup_hosts(const HostsFile& hosts, std::string_view host, int family,
                                      bool multi);

}  // namespace vs::net
