// SPDX-License-Identifier: GPL-3.0-or-later
// What a daemon sees of the machine it runs on, for the readers whose answer depends
// on it: Postfix's myhostname defaults to the machine's name, and Postfix refuses an
// inet_interfaces address that none of the machine's interfaces has. A reader gets
// these as data (policy/service_check.hpp decides them for each scope) and never
// looks at the running system itself, so that it stays a pure function.
//
//   scope                     name                                  addresses
//   the host (--root /)       /etc/hostname                         this namespace's interfaces
//   a guest, from the host    /etc/vservers/<guest>/uts/nodename    its interfaces/*/ip, plus
//                                                                   127.0.0.1 and ::1
//   inside a guest (/)        the kernel's (uname)                  this namespace's interfaces
//   any other --root          its /etc/hostname                     unknown (--local-addresses)
//
// A guest's loopback addresses are counted as present: whether loopback binds work
// in a guest is the bind policy's loopback rule, with its own message.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "fs/location.hpp"
#include "net/address.hpp"

namespace vs::config {

struct MachineName {
  std::string name;  // "vs1", "mail.example.org"
  Location where;    // the file and line it comes from; {"uname", 0} for the kernel's
};

struct Machine {
  std::optional<MachineName> name;  // nullopt: unknown
  std::string name_unknown;         // why, when unknown: "/etc/hostname names no host"
  // The addresses of its network interfaces, loopback ones included; nullopt: unknown
  // (a --root tree without --local-addresses).
  std::optional<std::vector<net::Address>> addresses;
  std::string addresses_from;  // "this network namespace's interfaces", "--local-addresses"

  // Whether `a` is one of the interface addresses (false when they are unknown).
  bool has_address(const net::Address& a) const {
    return addresses && std::find(addresses->begin(), addresses->end(), a) != addresses->end();
  }
};

}  // namespace vs::config
