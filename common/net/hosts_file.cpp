// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/hosts_file.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <optional>

#include "config/lines.hpp"
#include "net/nss_lines.hpp"

namespace vs::net {
namespace {

// inet_pton(AF_INET) first, then AF_INET6, as the AF_UNSPEC line parser does.
std::optional<Address> parse_address(std::string_view text) {
  const std::string s(text);
  std::uint8_t v4[4] = {};
  if (inet_pton(AF_INET, s.c_str(), v4) == 1) return Address::v4_bytes(v4);
  std::uint8_t v6[16] = {};
  if (inet_pton(AF_INET6, s.c_str(), v6) == 1) return Address::v6_bytes(v6);
  return std::nullopt;
}

// The entry's address as the line parser returns it when asked for `family`
// (files-hosts.c LINE_PARSER), or nullopt when that parser skips the line.
std::optional<Address> as_family(const Address& a, int family) {
  switch (family) {
    case AF_UNSPEC:
      return a;
    case AF_INET:
      if (a.family() == Family::v4) return a;
      if (a.is_v4_mapped()) return a.unmapped();
      if (a.is_loopback()) return Address::v4(0x7f000001);  // "::1" reads as 127.0.0.1
      return std::nullopt;
    case AF_INET6:
      if (a.family() == Family::v6) return a;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && config::lower(a) == config::lower(b);
}

}  // namespace

bool HostsEntry::names(std::string_view host) const {
  return iequals(name, host) ||
         std::any_of(aliases.begin(), aliases.end(),
                     [&](const std::string& alias) { return iequals(alias, host); });
}

HostsFile parse_hosts(std::string_view text, const std::string& file) {
  HostsFile out;
  for (const auto& record : nss::records(text)) {
    const auto words = nss::fields(record.text);
    if (words.empty()) continue;
    const Location where{file, record.line};
    std::vector<std::string> names(words.begin() + 1, words.end());
    const auto address = parse_address(words.front());
    if (!address) {
      out.ignored.push_back({std::string(words.front()), std::move(names), where});
      continue;
    }
    HostsEntry entry{.address = *address, .where = where};
    if (!names.empty()) {
      entry.name = std::move(names.front());
      entry.aliases.assign(std::make_move_iterator(names.begin() + 1),
                           std::make_move_iterator(names.end()));
    }
    out.entries.push_back(std::move(entry));
  }
  return out;
}

std::vector<HostAddress> lookup_hosts(const HostsFile& hosts, std::string_view host, int family,
                                      bool multi) {
  std::vector<HostAddress> out;
  for (const auto& entry : hosts.entries) {
    if (!entry.names(host)) continue;
    const auto address = as_family(entry.address, family);
    if (!address) continue;
    out.push_back({*address, entry.where});
    if (!multi) break;
  }
  return out;
}

}  // namespace vs::net
