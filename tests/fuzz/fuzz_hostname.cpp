// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "net/hostname_file.hpp"

// A name is at most 64 letters, digits, '-' and '.', never starting or ending with
// '-' or '.'; no name without a line, or with the reason.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto h = vs::net::parse_hostname(text, "hostname");
  const std::string& n = h.name;
  if (n.size() > 64) __builtin_trap();
  if (!n.empty() && (n.front() == '-' || n.front() == '.' || n.back() == '-' || n.back() == '.'))
    __builtin_trap();
  for (const char c : n) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok) __builtin_trap();
  }
  if (n.empty() && h.where.line != 0 && h.problem.empty()) __builtin_trap();
  return 0;
}
