// SPDX-License-Identifier: GPL-3.0-or-later
// A guest's fstab read with secure-mount's grammar: never crashes, never loops.
#include <cstdint>
#include <string_view>

#include "mount/fstab.hpp"
#include "mount/mountinfo.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto fstab = vs::mount::parse_fstab(text, "/etc/vservers/web1/fstab");
  for (const auto& e : fstab.entries) {
    if (e.source.empty() || e.point.empty() || e.type.empty()) __builtin_trap();
    (void)vs::mount::normalize("/" + e.point);
  }
  return 0;
}
