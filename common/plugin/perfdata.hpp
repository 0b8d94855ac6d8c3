// SPDX-License-Identifier: GPL-3.0-or-later
// One performance data item: 'label'=value[UOM];warn;crit;min;max, and the status
// its ranges give its value: the one place thresholds are evaluated (as
// monitoring-plugins' mp_get_pd_status, nagiosplugin's ScalarContext).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "plugin/range.hpp"
#include "plugin/status.hpp"

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

  // CRITICAL when `crit` alerts for the value, else WARNING when `warn` does, else OK.
  Status status() const;
};

// A count: "guests=3;;;0", or with a maximum "net_raw=1;;;0;3".
Perfdata count(std::string label, std::size_t value, std::optional<std::size_t> max = {});

// A label as the guidelines want it: quoted with single quotes when it holds a
// space, '=' or quote (quotes doubled); '|' and control characters replaced.
std::string quote_label(const std::string& label);

}  // namespace vs::plugin
