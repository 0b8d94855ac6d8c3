// SPDX-License-Identifier: GPL-3.0-or-later
// /etc/host.conf as glibc reads it (resolv/res_hconf.c), for the one setting that
// changes what /etc/hosts answers: "multi on" makes every line for a name count, not
// only the first. Debian's base-files ships "multi on"; without the file, or without
// the keyword, glibc's default is off. The rules:
//  - the file is read with fgets into 256 bytes: a longer line goes on as the next
//    line(s);
//  - blanks, then a keyword ending at a blank, '#' or ','; "order" is ignored,
//    "trim" takes domains, "multi" and "reorder" take on/off: a case-insensitive
//    PREFIX test ("multi onion" is on), the last line wins;
//  - anything else makes glibc print a complaint on every program's stderr and
//    changes nothing; the complaints are kept as notes.
// "reorder on" moves an address on a local subnet to the front in gethostbyname (and
// getaddrinfo for AF_INET): it depends on the running machine's interfaces and is
// reported, not modelled. The daemon's RESOLV_MULTI environment is not known here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"
#include "net/file_note.hpp"

namespace vs::net {

struct HostConf {
  bool multi = false;
  Location multi_where;  // the line that decided `multi`; empty: glibc's default
  bool reorder = false;
  Location reorder_where;
  std::vector<FileNote> notes;  // glibc's complaints, in file order
};

// Pure: text to settings. `file` is only used for the locations.
HostConf parse_host_conf(std::string_view text, const std::string& file);

}  // namespace vs::net
