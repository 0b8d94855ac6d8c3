// SPDX-License-Identifier: GPL-3.0-or-later
// The addresses configured on this network namespace's interfaces (getifaddrs):
// inside a VServer guest, exactly the guest's own addresses.
#pragma once

#include <vector>

#include "net/address.hpp"

namespace vs::net {

struct LocalAddresses {
  std::vector<Address> addresses;  // without loopback ones
  bool has_loopback = false;       // a 127.x or ::1 address is configured
  std::vector<Address> loopback;   // those loopback addresses (127.0.0.1, ::1 ...)
};

LocalAddresses local_addresses();

}  // namespace vs::net
