// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "net/services_file.hpp"

// Every entry is found by its own name and protocol, at its line or an earlier one
// (the first 64 entries: the check is quadratic).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto services = vs::net::parse_services(text, "services");
  const std::size_t checked = std::min<std::size_t>(services.entries.size(), 64);
  for (std::size_t i = 0; i < checked; ++i) {
    const auto& e = services.entries[i];
    for (const std::string_view proto : {std::string_view(e.proto), std::string_view()}) {
      const auto* found = vs::net::find_service(services, e.name, proto);
      if (found == nullptr || found->where.line > e.where.line) __builtin_trap();
    }
  }
  return 0;
}
