// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "config/sshd.hpp"

// sshd_config split into lines and words as sshd splits them.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)vs::config::sshd::parse_sshd(text, "sshd_config");
  return 0;
}
