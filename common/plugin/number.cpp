// SPDX-License-Identifier: GPL-3.0-or-later
#include "plugin/number.hpp"

#include <charconv>
#include <cmath>

namespace vs::plugin {

std::string format_number(double value) {
  if (!std::isfinite(value)) return "U";  // "U" is the guidelines' "undetermined"
  if (value == 0) value = 0;              // no "-0"
  // std::to_chars ignores the locale, unlike printf: LC_NUMERIC=de_DE cannot turn
  // "0.5" into "0,5". Without a precision it writes the shortest text that reads
  // back as the same double, so a threshold is never rounded into another one.
  char buf[1100];  // the longest fixed double: 309 digits before the point, 767 after
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (ec != std::errc{}) return "U";
  return std::string(buf, end);
}

}  // namespace vs::plugin
