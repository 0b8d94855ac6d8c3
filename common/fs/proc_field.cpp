// SPDX-License-Identifier: GPL-3.0-or-later
#include "fs/proc_field.hpp"

#include <algorithm>

namespace vs::fs {

std::optional<std::string_view> proc_field(std::string_view text, std::string_view key) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, end - pos);
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':') {
      std::string_view value = line.substr(key.size() + 1);
      // Blanks on both sides: Umask is printed "%16llx", padded with spaces.
      const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
      while (!value.empty() && blank(value.front()))
        value.remove_prefix(1);
      while (!value.empty() && blank(value.back()))
        value.remove_suffix(1);
      return value;
    }
    pos = end + 1;
  }
  return std::nullopt;
}

}  // namespace vs::fs
