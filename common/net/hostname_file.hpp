// SPDX-License-Identifier: GPL-3.0-or-later
// The machine's own name from /etc/hostname, as Debian 12 sets it at boot (systemd
// 252, src/shared/hostname-setup.c read_etc_hostname_stream): the first line that is
// neither blank nor a '#' comment, blanks trimmed, then cleaned the way systemd
// cleans it (hostname_cleanup: only letters, digits, '-' and '.'; no leading, doubled
// or trailing dot or hyphen after a dot; at most 64 characters) and checked
// (hostname_is_valid: "a--" cleans to "a-", which it refuses). A line that cleans to
// nothing valid means systemd keeps its fallback name: no name here.
//
// Postfix's myhostname defaults to the kernel's name, and Debian's installer writes
// "127.0.1.1 <fqdn> <name>" into /etc/hosts so that name resolves. In a VServer
// guest the kernel's name comes from /etc/vservers/<guest>/uts/nodename instead.
#pragma once

#include <string>
#include <string_view>

#include "fs/location.hpp"

namespace vs::net {

struct HostnameFile {
  std::string name;     // "" when the file names no valid host
  Location where;       // the line it came from
  std::string problem;  // why a line that is there gives no name; "" otherwise
};

// Pure: text to name. `file` is only used for the location.
HostnameFile parse_hostname(std::string_view text, const std::string& file);

}  // namespace vs::net
