// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "vserver/kernel_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto config = vs::vserver::parse_kernel_config(text, "/proc/config.gz");
    (void)vs::vserver::vserver_patch(config.release);
  } catch (const vs::vserver::ProcFormatError& e) {
    (void)e.where().str();
  }
  return 0;
}
