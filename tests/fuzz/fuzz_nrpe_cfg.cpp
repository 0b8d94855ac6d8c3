// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "config/lines.hpp"
#include "config/nrpe.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  vs::config::LineCursor lines(text);
  while (const auto line = lines.next()) {
    for (const auto piece : vs::config::nrpe_pieces(line->text, true))
      (void)vs::config::parse_nrpe_line(piece);
  }
  return 0;
}
