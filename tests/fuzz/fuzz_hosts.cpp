// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "net/gai_order.hpp"
#include "net/hosts_file.hpp"

// Looks up every name the file holds (and a few it may not) in every family, with and
// without "multi": a lookup without multi is the first address of the one with it.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto hosts = vs::net::parse_hosts(text, "hosts");
  std::vector<std::string> names = {"", "localhost", "LOCALHOST"};
  for (const auto& e : hosts.entries) {
    if (names.size() > 64) break;  // the check is quadratic
    names.push_back(e.name);
    names.insert(names.end(), e.aliases.begin(), e.aliases.end());
  }
  const auto conf = vs::net::GaiConf::defaults();
  for (const auto& name : names) {
    for (const int family : {AF_UNSPEC, AF_INET, AF_INET6}) {
      const auto all = vs::net::lookup_hosts(hosts, name, family, true);
      const auto first = vs::net::lookup_hosts(hosts, name, family, false);
      if (first.size() > 1 || (!all.empty() && (first.empty() || !(first[0] == all[0]))))
        __builtin_trap();
      if (vs::net::getaddrinfo_order(all, conf).size() != all.size()) __builtin_trap();
    }
  }
  return 0;
}
