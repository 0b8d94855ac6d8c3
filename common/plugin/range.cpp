// SPDX-License-Identifier: GPL-3.0-or-later
#include "plugin/range.hpp"

#include <charconv>
#include <cmath>

#include "plugin/number.hpp"

namespace vs::plugin {
namespace {

double parse_number(std::string_view text, std::string_view whole) {
  double value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, value, std::chars_format::fixed);
  if (text.empty() || ec != std::errc{} || ptr != last || !std::isfinite(value)) {
    throw RangeError("invalid range '" + std::string(whole) + "': '" + std::string(text) +
                     "' is not a number");
  }
  return value;
}

}  // namespace

Range Range::parse(std::string_view whole) {
  Range r;
  std::string_view text = whole;
  if (text.empty()) throw RangeError("invalid range: empty");
  if (text.front() == '@') {
    r.inside = true;
    text.remove_prefix(1);
  }
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    r.end = parse_number(text, whole);
  } else {
    const std::string_view lo = text.substr(0, colon);
    const std::string_view hi = text.substr(colon + 1);
    if (lo == "~" || lo.empty()) {
      r.start_infinite = lo == "~";
      if (lo.empty()) r.start = 0;
    } else {
      r.start = parse_number(lo, whole);
    }
    if (hi.empty()) {
      r.end_infinite = true;
    } else {
      r.end = parse_number(hi, whole);
    }
  }
  if (!r.start_infinite && !r.end_infinite && r.start > r.end) {
    throw RangeError("invalid range '" + std::string(whole) + "': start is greater than end");
  }
  return r;
}

bool Range::alerts(double value) const {
  const bool in = (start_infinite || value >= start) && (end_infinite || value <= end);
  return inside ? in : !in;
}

std::string Range::str() const {
  std::string out = inside ? "@" : "";
  if (start_infinite) {
    out += "~:";
  } else if (start != 0 || end_infinite) {
    out += format_number(start) + ":";
  }
  if (!end_infinite) out += format_number(end);
  return out;
}

}  // namespace vs::plugin
