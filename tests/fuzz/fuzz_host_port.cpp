// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "config/host_port.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& rules : {vs::config::kSshdHostPort, vs::config::kApacheHostPort}) {
    const auto hp = vs::config::parse_host_port(text, rules);
    if (hp.error.empty())
      (void)vs::config::endpoint_for(hp.host, hp.port.value_or(0), hp.zone).str();
  }
  return 0;
}
