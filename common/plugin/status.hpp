// SPDX-License-Identifier: GPL-3.0-or-later
// Nagios plugin states and how they combine.
#pragma once

#include <string_view>

namespace vs::plugin {

enum class Status { ok = 0, warning = 1, critical = 2, unknown = 3 };

// Severity order for aggregation: CRITICAL > WARNING > UNKNOWN > OK. (An UNKNOWN
// part of the answer must not hide a CRITICAL one, but a confirmed WARNING is
// more actionable than "could not tell".)
constexpr int severity(Status s) {
  switch (s) {
    case Status::ok:
      return 0;
    case Status::unknown:
      return 1;
    case Status::warning:
      return 2;
    case Status::critical:
      return 3;
  }
  return 1;
}

constexpr Status worst(Status a, Status b) {
  return severity(a) >= severity(b) ? a : b;
}

constexpr std::string_view name(Status s) {
  switch (s) {
    case Status::ok:
      return "OK";
    case Status::warning:
      return "WARNING";
    case Status::critical:
      return "CRITICAL";
    case Status::unknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

constexpr int exit_code(Status s) {
  return static_cast<int>(s);
}

}  // namespace vs::plugin
