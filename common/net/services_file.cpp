// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/services_file.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "config/lines.hpp"
#include "net/nss_lines.hpp"

namespace vs::net {
namespace {

// STRING_FIELD (s, isspace, swallow): the text up to a blank, and `s` moved past the
// blanks after it.
std::string_view take_field(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && !config::is_space(s[n]))
    ++n;
  const std::string_view field = s.substr(0, n);
  s = config::trim_left(s.substr(n));
  return field;
}

// INT_FIELD (port, ISSLASH, swallow, base 0, htons): strtoul on the rest of the line,
// then cut to 16 bits. nullopt when glibc skips the line.
std::optional<std::uint16_t> take_port(std::string_view& s) {
  const std::string rest(s);
  char* end = nullptr;
  const unsigned long value = std::strtoul(rest.c_str(), &end, 0);
  if (end == rest.c_str() || value > 0xffffffffUL) return std::nullopt;
  std::size_t used = static_cast<std::size_t>(end - rest.c_str());
  if (used < s.size() && s[used] == '/') {
    while (used < s.size() && s[used] == '/')
      ++used;
  } else if (used < s.size() && s[used] != '\0') {
    return std::nullopt;
  }
  s.remove_prefix(std::min(used, s.size()));
  return static_cast<std::uint16_t>(value & 0xffff);
}

}  // namespace

ServicesFile parse_services(std::string_view text, const std::string& file) {
  ServicesFile out;
  for (const auto& record : nss::records(text)) {
    std::string_view rest = record.text;
    const Location where{file, record.line};
    const std::string name(take_field(rest));
    const auto port = take_port(rest);
    if (!port) {
      out.ignored.push_back({name, where});
      continue;
    }
    ServiceEntry entry{.name = name, .port = *port, .where = where};
    entry.proto = take_field(rest);
    for (const auto alias : nss::fields(rest))
      entry.aliases.emplace_back(alias);
    out.entries.push_back(std::move(entry));
  }
  return out;
}

const ServiceEntry* find_service(const ServicesFile& services, std::string_view name,
                                 std::string_view proto) {
  for (const auto& entry : services.entries) {
    if (!proto.empty() && entry.proto != proto) continue;
    if (entry.name == name ||
        std::find(entry.aliases.begin(), entry.aliases.end(), name) != entry.aliases.end())
      return &entry;
  }
  return nullptr;
}

}  // namespace vs::net
