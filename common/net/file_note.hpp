// SPDX-License-Identifier: GPL-3.0-or-later
// A remark about one of the files name resolution reads: what glibc or systemd
// complains about or ignores there, or why the file could not be read at all.
#pragma once

#include <string>

#include "fs/location.hpp"

namespace vs::net {

struct FileNote {
  Location where;
  std::string message;  // one line, for a sysadmin
  bool operator==(const FileNote&) const = default;
};

}  // namespace vs::net
