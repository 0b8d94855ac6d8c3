// SPDX-License-Identifier: GPL-3.0-or-later
// Numbers in the C locale, never in exponent notation: what perfdata parsers expect.
#pragma once

#include <string>

namespace vs::plugin {

// 3 -> "3", 0.25 -> "0.25", 1e20 -> "100000000000000000000": the shortest fixed
// notation that reads back as the same value.
std::string format_number(double value);

}  // namespace vs::plugin
