// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/hostname_file.hpp"

#include "config/lines.hpp"

namespace vs::net {
namespace {

constexpr std::size_t kHostNameMax = 64;  // HOST_NAME_MAX on Linux

bool is_letter_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// systemd's hostname_cleanup.
std::string cleanup(std::string_view text) {
  std::string out;
  bool after_dot = true;  // at the start, as after a dot: no '.' or '-' may come first
  bool after_hyphen = true;
  for (const char c : text) {
    if (out.size() >= kHostNameMax) break;
    if (c == '.') {
      if (after_dot || after_hyphen) continue;
      after_dot = true;
      after_hyphen = false;
    } else if (c == '-') {
      if (after_dot) continue;
      after_dot = false;
      after_hyphen = true;
    } else if (is_letter_or_digit(c)) {
      after_dot = after_hyphen = false;
    } else {
      continue;
    }
    out += c;
  }
  if (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  return out;
}

// systemd's hostname_is_valid on a cleaned name: only one trailing character was
// dropped, so "a--" is still "a-", which it refuses.
bool valid(std::string_view name) {
  if (name.empty() || name.size() > kHostNameMax) return false;
  bool after_dot = true;
  bool after_hyphen = true;
  for (const char c : name) {
    if (c == '.') {
      if (after_dot || after_hyphen) return false;
      after_dot = true;
      after_hyphen = false;
    } else if (c == '-') {
      if (after_dot) return false;
      after_dot = false;
      after_hyphen = true;
    } else {
      after_dot = after_hyphen = false;
    }
  }
  return !after_dot && !after_hyphen;
}

}  // namespace

HostnameFile parse_hostname(std::string_view text, const std::string& file) {
  for (const auto& line : config::split_lines(text)) {
    const std::string_view content = config::trim(line.text);
    if (content.empty() || content.front() == '#') continue;
    HostnameFile out{.name = cleanup(content), .where = {file, line.number}};
    if (!valid(out.name)) {
      out.name.clear();
      out.problem = "'" + std::string(content) +
                    "' is not a host name: systemd ignores it and keeps its fallback name";
    }
    return out;
  }
  return {};
}

}  // namespace vs::net
