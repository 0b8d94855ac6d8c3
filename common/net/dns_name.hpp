// SPDX-License-Identifier: GPL-3.0-or-later
// Whether DNS could ever give an address for a host name that the files do not know:
// what a check may say about a name it cannot look up (DNS is never queried here).
//
// glibc 2.36 sends no query for a name its resolver finds malformed (res_hnok(),
// resolv/res-name-checking.c): a character other than a letter, a digit, '-' or '_'
// in a label ("#", "a b", "*", a quote, a comma), an empty label ("a..b", ".a"), or a
// leading '-'; the lookup fails at once, "host not found". Measured here with strace
// on getaddrinfo(). A label is at most 63 bytes and a name 253 (RFC 1035). And no
// answer can come for a top-level domain alone ("mx.", one label and the root: ICANN
// allows no "dotless domains", SAC053) nor under an all-digit one ("192.0.2.300",
// "1.2.3.4.5": no top-level domain is all digits, RFC 1123 2.1).
#pragma once

#include <optional>
#include <string_view>

namespace vs::net {

// How the daemon hands a name to its resolver.
enum class NameBytes {
  as_is,  // getaddrinfo() on the bytes (sshd, httpd, slapd, nrpe)
  idna,   // converted first: a backslash escape or a UTF-8 name may become valid
          // (Postfix's smtputf8 conversion): given the benefit of the doubt
};

// Why no DNS answer can give `name` an address ("glibc does not look up such a name
// in DNS", "a top-level domain has no address"), or nullopt when one might.
std::optional<std::string_view> why_dns_cannot_resolve(std::string_view name,
                                                       NameBytes bytes = NameBytes::as_is);

}  // namespace vs::net
