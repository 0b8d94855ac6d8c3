// SPDX-License-Identifier: GPL-3.0-or-later
// Whether DNS could ever give an address for a host name that the files do not know:
// what a check may say about a name it cannot look up (DNS is never queried here).
//
// glibc 2.36 sends no query for a name its resolver finds malformed (res_hnok(),
// resolv/res-name-checking.c): a character other than a letter, a digit, '-' or '_'
// in a label ("#", "a b", "*"), an empty label ("a..b", ".a"), or a leading '-'; the
// lookup fails at once, "host not found". Measured here with strace on getaddrinfo().
// And a top-level domain alone ("mx.", one label and the root) has no address
// record: ICANN does not allow "dotless domains" (SAC053, board resolution 2013).
#pragma once

#include <optional>
#include <string_view>

namespace vs::net {

// Why no DNS answer can give `name` an address ("glibc does not look up such a name
// in DNS", "a top-level domain has no address"), or nullopt when one might. Names
// with a backslash escape or non-ASCII bytes are given the benefit of the doubt.
std::optional<std::string_view> why_dns_cannot_resolve(std::string_view name);

}  // namespace vs::net
