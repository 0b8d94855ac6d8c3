// SPDX-License-Identifier: GPL-3.0-or-later
// "Key:\tvalue" lines of /proc files (/proc/PID/status, /proc/virtual/N/status).
//
// A key counts only at the start of a line: the Name: line of /proc/PID/status
// is the process's own choice, and a process named "CapBnd:0" must not be taken
// for its bounding set.
#pragma once

#include <optional>
#include <string_view>

namespace vs::fs {

// The value of the first line that starts with exactly `key` then ':', up to the
// end of the line, without the blanks around it; nullopt when no line has that
// key. Pure.
std::optional<std::string_view> proc_field(std::string_view text, std::string_view key);

}  // namespace vs::fs
