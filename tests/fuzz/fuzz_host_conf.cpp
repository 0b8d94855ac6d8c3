// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "net/host_conf.hpp"

// "multi" set by a line says which line; left at glibc's default it names none.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto conf = vs::net::parse_host_conf(text, "host.conf");
  if (conf.multi && conf.multi_where.line == 0) __builtin_trap();
  return 0;
}
