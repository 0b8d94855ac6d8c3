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

vserver::Loopback nflags_loopback(const vserver::Guest& g) {
  vserver::LoopbackFacts facts;
  facts.branch = vserver::Branch{2, 2, "test"};
  facts.nflags_file = g.nflags;
  return vserver::decide_loopback(facts);
}

policy::BindPolicy guest_policy(const vserver::Guest& g, bool strict,
                                std::optional<bool> loopback) {
  return policy::BindPolicy::guest(
      g, strict, loopback ? vserver::loopback_option(*loopback) : nflags_loopback(g));
}

}  // namespace vs::test
