// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/interfaces.hpp"

#include <ifaddrs.h>
#include <netinet/in.h>

#include <algorithm>

namespace vs::net {

LocalAddresses local_addresses() {
  LocalAddresses out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (const ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr) continue;
    Address a;
    if (i->ifa_addr->sa_family == AF_INET) {
      const auto* sin = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
      std::uint8_t b[4];
      std::copy_n(reinterpret_cast<const std::uint8_t*>(&sin->sin_addr), 4, b);
      a = Address::v4_bytes(b);
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
      std::uint8_t b[16];
      std::copy_n(reinterpret_cast<const std::uint8_t*>(&sin6->sin6_addr), 16, b);
      a = Address::v6_bytes(b);
    } else {
      continue;
    }
    if (a.is_loopback()) {
      out.has_loopback = true;
      if (std::find(out.loopback.begin(), out.loopback.end(), a) == out.loopback.end())
        out.loopback.push_back(a);
    } else if (std::find(out.addresses.begin(), out.addresses.end(), a) == out.addresses.end()) {
      out.addresses.push_back(a);
    }
  }
  freeifaddrs(list);
  return out;
}

}  // namespace vs::net
