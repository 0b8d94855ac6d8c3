// SPDX-License-Identifier: GPL-3.0-or-later
// Nagios threshold ranges, exactly as the plugin development guidelines define them:
//   10      alert outside 0..10        10:     alert below 10
//   ~:10    alert above 10             10:20   alert outside 10..20
//   @10:20  alert inside 10..20        ends are inclusive; negatives and decimals work
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace vs::plugin {

class RangeError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct Range {
  double start = 0;
  double end = 0;
  bool start_infinite = false;  // "~:" or an empty start
  bool end_infinite = false;    // "10:"
  bool inside = false;          // "@": alert when the value is inside

  // Throws RangeError with a message naming the text.
  static Range parse(std::string_view text);

  // True when `value` must raise an alert.
  bool alerts(double value) const;

  // The range as the user wrote it, normalised ("10", "10:", "~:10", "@1:2").
  std::string str() const;
};

}  // namespace vs::plugin
