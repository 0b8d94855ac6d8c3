// SPDX-License-Identifier: GPL-3.0-or-later
// dpkg's database of installed packages, /var/lib/dpkg/status (deb-control(5),
// dpkg's lib/dpkg/parse.c): stanzas of "Field: value" lines separated by blank lines,
// a line starting with a blank continuing the field before it, field names
// case-insensitive. A check reads it to learn which version of a daemon the judged
// tree has installed (MariaDB reads [mysqld-10.11] only when it is 10.11).
//
//   auto found = installed_packages(text, "/var/lib/dpkg/status",
//                                   [](std::string_view p) { return p == "mariadb-server-core"; });
//   // found[0].version == "1:10.11.19-0+deb12u1", found[0].where: the Version line
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"

namespace vs::config {

struct InstalledPackage {
  std::string name;     // "mariadb-server-core"
  std::string version;  // "1:10.11.19-0+deb12u1", as written
  Location where;       // the stanza's Version line
};

// The stanzas whose Package `wanted` accepts and whose Status says the package's
// files are on disk (the last word of Status: unpacked, half-configured,
// triggers-awaited, triggers-pending or installed), in file order. Pure; keeps
// nothing of the other stanzas.
std::vector<InstalledPackage> installed_packages(
    std::string_view text, const std::string& file,
    const std::function<bool(std::string_view package)>& wanted);

// "1:10.11.19-0+deb12u1" -> "10.11": the upstream version's first two numbers (no
// epoch, no Debian revision), as MariaDB names its versioned option groups.
std::optional<std::string> major_minor(std::string_view debian_version);

}  // namespace vs::config
