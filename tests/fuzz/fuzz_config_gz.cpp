// SPDX-License-Identifier: GPL-3.0-or-later
// /proc/config.gz as the model reads it: bounded gunzip, then the parser.
#include <cstdint>
#include <string_view>

#include "vserver/gunzip.hpp"
#include "vserver/kernel_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // A small cap: a fuzzer-made bomb must be refused, not grown into memory.
  const auto text = vs::vserver::gunzip(bytes, 1 << 20);
  if (!text.ok) return 0;
  try {
    (void)vs::vserver::parse_kernel_config(text.text, "/proc/config.gz");
  } catch (const vs::vserver::ProcFormatError&) {
  }
  return 0;
}
