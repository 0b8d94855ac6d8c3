// SPDX-License-Identifier: GPL-3.0-or-later
#include "guests.hpp"

#include "endpoints.hpp"

namespace vs::test {

vserver::Guest guest(const std::string& name, const std::vector<std::string>& ips,
                     const std::vector<std::string>& nflags) {
  vserver::Guest g;
  g.name = name;
  for (const auto& ip : ips)
    g.addresses.push_back({address(ip.c_str()), "", {}});
  g.nflags = nflags;
  return g;
}

}  // namespace vs::test
