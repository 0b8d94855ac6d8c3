// One performance data item: 'label'=value[UOM];warn;crit;min;max
#pragma once

#include <optional>
#include <string>

#include "plugin/range.hpp"

namespace vs::plugin {

struct Perfdata {
  std::string label;
  double value = 0;
  std::string uom;  // "", "s", "%", "B", "c" ...
  std::optional<Range> warn;
  std::optional<Range> crit;
  std::optional<double> min;
  std::optional<double> max;

  // C locale, no exponent, label quoted only when it needs to be, trailing empty
  // fields dropped ("listeners=9", "wildcard=2;;0;0").
  std::string str() const;
};

// A label as the guidelines want it: quoted with single quotes when it holds a
// space, '=' or quote (quotes doubled); '|' and control characters replaced.
std::string quote_label(const std::string& label);

}  // namespace vs::plugin
