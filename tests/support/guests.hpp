// SPDX-License-Identifier: GPL-3.0-or-later
// Guests built in memory, for the unit tests of the policies (no tree on disk:
// vserver_tree.hpp writes one).
#pragma once

#include <string>
#include <vector>

#include "vserver/guest.hpp"

namespace vs::test {

// Guest `name` owning `ips` (interfaces 0, 1, ...), with these nflags
// ("lback_remap" gives it loopback).
vserver::Guest guest(const std::string& name, const std::vector<std::string>& ips,
                     const std::vector<std::string>& nflags = {});

}  // namespace vs::test
