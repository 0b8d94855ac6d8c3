#include "plugin/number.hpp"

#include <charconv>
#include <cmath>

namespace vs::plugin {

std::string format_number(double value) {
  if (!std::isfinite(value)) return "U";  // "U" is the guidelines' "undetermined"
  if (value == 0) value = 0;              // no "-0"
  // std::to_chars ignores the locale, unlike printf: LC_NUMERIC=de_DE cannot turn
  // "0.5" into "0,5".
  char buf[512];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 6);
  if (ec != std::errc{}) return "U";
  std::string out(buf, end);
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

}  // namespace vs::plugin
