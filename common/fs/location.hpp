// SPDX-License-Identifier: GPL-3.0-or-later
// Where a piece of configuration came from: a file and a 1-based line.
#pragma once

#include <string>

namespace vs {

struct Location {
  std::string file;  // path as the user knows it (e.g. "/etc/postfix/main.cf")
  int line = 0;      // 1-based; 0 means "the file as a whole" or "built-in default"

  // "file:line", "file" when line is 0, "" when both are empty.
  std::string str() const {
    if (file.empty()) return line > 0 ? "line " + std::to_string(line) : std::string{};
    return line > 0 ? file + ":" + std::to_string(line) : file;
  }
  bool operator==(const Location&) const = default;
};

}  // namespace vs
