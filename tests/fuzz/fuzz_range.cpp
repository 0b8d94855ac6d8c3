// SPDX-License-Identifier: GPL-3.0-or-later
// Nagios ranges: whatever parses must print back to a range that alerts alike.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "plugin/range.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  vs::plugin::Range range;
  try {
    range = vs::plugin::Range::parse(text);
  } catch (const vs::plugin::RangeError&) {
    return 0;
  }
  const auto again = vs::plugin::Range::parse(range.str());
  for (const double v : {-1e9, -1.0, -0.5, 0.0, 0.5, 1.0, 10.0, 1e9, range.start, range.end}) {
    if (range.alerts(v) != again.alerts(v)) std::abort();
  }
  return 0;
}
