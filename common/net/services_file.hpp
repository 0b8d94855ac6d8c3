// SPDX-License-Identifier: GPL-3.0-or-later
// /etc/services as glibc's nss_files module reads it (services(5); nss/nss_files/
// files-service.c), so "Port https" or "192.0.2.2:sieve" resolve to the port the
// daemon's getservbyname() finds in the judged tree:
//  - lines as nss_lines.hpp says ('#' starts a comment anywhere on a line);
//  - "name port/protocol aliases...", blanks between fields;
//  - the port is read by strtoul with base 0 ("0x16" and "026" are 22, "-1" is
//    ULONG_MAX), then cut to 16 bits as htons does ("65558/tcp" is port 22); one or
//    more '/' end it; a port that is not a number, over 32 bits ("-1" included), or
//    followed by anything else, skips the line. (The over-32-bits rule is Debian 12's
//    glibc 2.36, seen in its code and in the differential test; glibc's current
//    sources clamp such a value to 0xffffffff instead.)
//  - names and protocols match CASE-SENSITIVELY (unlike host names); the first
//    matching line wins.
//
//   auto services = parse_services("https 443/tcp\n", "/etc/services");
//   find_service(services, "https", "tcp")->port;  // 443
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"

namespace vs::net {

struct ServiceEntry {
  std::string name;
  std::uint16_t port = 0;
  std::string proto;  // "tcp", "udp", ...; "" when the line has "name port" only
  std::vector<std::string> aliases;
  Location where;
};

// A line glibc skips because its port is not "number[/protocol]" ("sieve 4190tcp").
struct ServiceIgnored {
  std::string name;  // the first field
  Location where;
};

struct ServicesFile {
  std::vector<ServiceEntry> entries;  // file order
  std::vector<ServiceIgnored> ignored;
};

// Pure: text to entries. `file` is only used for the locations.
ServicesFile parse_services(std::string_view text, const std::string& file);

// getservbyname(name, proto): the first entry whose name or an alias is `name` and
// whose protocol is `proto` ("" matches any protocol, as a NULL proto does).
// nullptr when none. Digits are not a port here: "22" is looked up as a name.
const ServiceEntry* find_service(const ServicesFile& services, std::string_view name,
                                 std::string_view proto);

}  // namespace vs::net
