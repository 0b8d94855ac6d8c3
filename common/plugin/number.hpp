// SPDX-License-Identifier: GPL-3.0-or-later
// Numbers in the C locale, never in exponent notation: what perfdata parsers expect.
#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

namespace vs::plugin {

// 3 -> "3", 0.25 -> "0.25", 1e20 -> "100000000000000000000": the shortest fixed
// notation that reads back as the same value.
std::string format_number(double value);

// The whole of `text` as an integer in `base` ("42"; "7f" in base 16), or nullopt:
// empty text, a sign Int cannot take, anything after the digits, a value out of range.
// What every /proc and configuration reader wants of a number field.
template <typename Int>
std::optional<Int> parse_number(std::string_view text, int base = 10) {
  Int value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value, base);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

}  // namespace vs::plugin
