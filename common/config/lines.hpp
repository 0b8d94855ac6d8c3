// What every line-oriented configuration parser needs: the lines of a text with
// their 1-based numbers, and whitespace trimmed the way the C daemons trim it
// (isspace in the C locale: space, \t, \n, \v, \f, \r).
#pragma once

#include <cstddef>
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

// How much of a value read from a file a message may quote: the value of a directive
// the parser understood, never a line it could not read (through sudo or NRPE,
// `--config /etc/shadow` must not print a password hash). Longer text is cut.
inline constexpr std::size_t kMaxQuoted = 64;
// `text` as a message quotes it: at most `max` bytes (never half a UTF-8 sequence),
// then "...".
std::string bounded(std::string_view text, std::size_t max = kMaxQuoted);

bool is_space(char c);
std::string_view trim(std::string_view text);
std::string_view trim_left(std::string_view text);
std::string_view trim_right(std::string_view text);

// ASCII lower case, for case-insensitive keywords (locale-independent).
std::string lower(std::string_view text);

}  // namespace vs::config
