// SPDX-License-Identifier: GPL-3.0-or-later
// What every line-oriented configuration parser needs: the lines of a text with
// their 1-based numbers, and whitespace trimmed the way the C daemons trim it
// (isspace in the C locale: space, \t, \n, \v, \f, \r).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vs::config {

struct NumberedLine {
  int number = 0;         // 1-based
  std::string_view text;  // without the line end ("\n", or "\r\n")
};

// Every line, a last one without a newline included; an empty text has none.
std::vector<NumberedLine> split_lines(std::string_view content);

// The same lines one at a time, for a parser that keeps nothing per line: a 4 MiB
// file of short lines is a million NumberedLines (24 MiB) as a vector.
//   LineCursor lines(text);
//   while (const auto line = lines.next()) { ... line->number, line->text ... }
class LineCursor {
 public:
  explicit LineCursor(std::string_view content) : rest_(content) {}
  std::optional<NumberedLine> next();

 private:
  std::string_view rest_;
  int number_ = 0;
};

bool is_space(char c);
std::string_view trim(std::string_view text);
std::string_view trim_left(std::string_view text);
std::string_view trim_right(std::string_view text);

// ASCII lower case, for case-insensitive keywords (locale-independent).
std::string lower(std::string_view text);

// A value as a message may quote it: at most `max` bytes, cut on a UTF-8 character
// boundary and followed by "..." when longer. A file read as configuration may be
// anything (`--config /etc/shadow`), so messages quote only the keyword and a bounded
// value of what a parser understood, and name a line it did not by its number alone.
inline constexpr std::size_t kMaxQuoted = 64;
std::string bounded(std::string_view text, std::size_t max = kMaxQuoted);

}  // namespace vs::config
