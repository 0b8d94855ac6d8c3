// SPDX-License-Identifier: GPL-3.0-or-later
// Guests built in memory, for the unit tests of the policies (no tree on disk:
// vserver_tree.hpp writes one).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "policy/bind_policy.hpp"
#include "vserver/guest.hpp"
#include "vserver/loopback.hpp"

namespace vs::test {

// Guest `name` owning `ips` (interfaces 0, 1, ...), with these nflags
// ("lback_remap" gives it loopback).
vserver::Guest guest(const std::string& name, const std::vector<std::string>& ips,
                     const std::vector<std::string>& nflags = {});

// A stopped guest's loopback on a vs2.2 kernel, where its nflags file alone decides
// (no loopback unless lback_remap or lback_allow): "no loopback (vs2.2 kernel)".
vserver::Loopback nflags_loopback(const vserver::Guest& g);

// The guest role's policy as the policies' and readers' unit tests judge it: loopback
// from nflags_loopback(), or `loopback` as --loopback yes|no gives it.
policy::BindPolicy guest_policy(const vserver::Guest& g, bool strict,
                                std::optional<bool> loopback = {});

}  // namespace vs::test
