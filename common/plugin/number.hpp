// Numbers in the C locale, never in exponent notation: what perfdata parsers expect.
#pragma once

#include <string>

namespace vs::plugin {

// 3 -> "3", 0.25 -> "0.25", 1e20 -> "100000000000000000000", up to 6 decimals.
std::string format_number(double value);

}  // namespace vs::plugin
