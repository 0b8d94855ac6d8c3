// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "vserver/capabilities.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto kind : {vs::vserver::CapKind::bcap, vs::vserver::CapKind::ccap}) {
    const auto list = vs::vserver::parse_capabilities(text, "bcapabilities", kind);
    (void)vs::vserver::capability_names(list.granted(), kind);
  }
  return 0;
}
