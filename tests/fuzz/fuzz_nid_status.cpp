// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "vserver/proc_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)vs::vserver::parse_nid_status(text, "/proc/virtnet/42/status");
  } catch (const vs::vserver::ProcFormatError& e) {
    (void)e.where().str();
  }
  return 0;
}
