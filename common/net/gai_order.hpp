// SPDX-License-Identifier: GPL-3.0-or-later
// The order getaddrinfo() puts a name's addresses in, for a daemon that takes the
// first one. glibc sorts by RFC 3484 (sysdeps/posix/getaddrinfo.c rfc3484_sort)
// with tables from /etc/gai.conf; lookup_hosts() gives the file order.
//
// Most of the rules compare the source address the kernel would use to reach each
// destination (rules 1-5, 7, 9): a fact of the running machine at the daemon's start,
// not of a configuration tree. Two cases make them all ties:
//  - the addresses are the machine's own (what a daemon can bind): each is its own
//    source, same scope, same label;
//  - no address is reachable (what the differential test sets up: an empty network
//    namespace).
// What is left, and what getaddrinfo_order applies, is rule 6 (higher precedence
// first: ::1, then other IPv6, then IPv4 with the default table) and rule 8 (smaller
// scope first: 127.0.0.0/8 and 169.254.0.0/16, ::1 and fe80::/10 before the rest),
// then file order. Not modelled: rule 9 between two addresses of one family and
// scope (127.0.0.1 before 127.0.0.2 on a live machine), labels.
//
// gai.conf as glibc reads it: '#' comments anywhere, "keyword value1 value2" and the
// rest ignored, keywords case-sensitive; "precedence PREFIX/BITS VALUE" and
// "scopev4 ADDRESS/BITS VALUE" (IPv4, or v4-mapped IPv6 with 96..128 bits) REPLACE
// the built-in table as soon as one line is valid (an entry for ::/0, 40 or 0.0.0.0/0,
// 14 is added when none covers everything); invalid lines are skipped silently.
// "label" and "reload" are not needed here. (A prefix without "/BITS" reads an
// uninitialised pointer in glibc; it is taken as a full-length prefix here.)
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"
#include "net/address.hpp"
#include "net/hosts_file.hpp"

namespace vs::net {

struct GaiConf {
  struct Precedence {
    std::array<std::uint8_t, 16> prefix{};  // IPv6; IPv4 is matched as ::ffff:a.b.c.d
    unsigned bits = 0;
    int value = 0;
    Location where;  // empty for glibc's built-in entries
  };
  struct ScopeV4 {
    std::uint32_t network = 0;  // host byte order
    unsigned bits = 0;          // 0..32
    int value = 0;
    Location where;
  };
  std::vector<Precedence> precedence;  // most specific first, as glibc searches it
  std::vector<ScopeV4> scopev4;

  // glibc's built-in tables (no /etc/gai.conf, or one with only comments: Debian's).
  static GaiConf defaults();
};

// Pure: text to tables. `file` is only used for the locations.
GaiConf parse_gai_conf(std::string_view text, const std::string& file);

// RFC 3484 precedence and scope of a destination, from the tables.
int gai_precedence(const GaiConf& conf, const Address& a);
int gai_scope(const GaiConf& conf, const Address& a);

// Stable sort: higher precedence first, then smaller scope, then the given order.
std::vector<HostAddress> getaddrinfo_order(std::vector<HostAddress> addresses, const GaiConf& conf);

}  // namespace vs::net
