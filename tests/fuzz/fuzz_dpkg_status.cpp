// SPDX-License-Identifier: GPL-3.0-or-later
// dpkg's status file, any bytes: the installed stanzas and the version of each.
#include <cstdint>
#include <string_view>

#include "config/dpkg_status.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto found =
      vs::config::installed_packages(text, "status", [](std::string_view) { return true; });
  for (const auto& p : found)
    (void)vs::config::major_minor(p.version);
  return 0;
}
