// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/nss_lines.hpp"

#include "config/lines.hpp"

namespace vs::net::nss {

std::vector<Record> records(std::string_view content) {
  std::vector<Record> out;
  int number = 0;
  std::size_t start = 0;
  while (start < content.size()) {
    std::size_t end = content.find('\n', start);
    end = end == std::string_view::npos ? content.size() : end + 1;  // fgets keeps the '\n'
    const std::string_view raw = content.substr(start, end - start);
    start = end;
    ++number;

    std::size_t blanks = 0;
    while (blanks < raw.size() && config::is_space(raw[blanks]))
      ++blanks;
    if (blanks == raw.size() || raw[blanks] == '#') continue;

    // memmove(buf, buf + blanks, strlen(buf + blanks)): the moved text, then what was
    // left of the old bytes up to the old NUL.
    std::string text(raw.substr(blanks));
    if (blanks > 0) text += raw.substr(raw.size() - blanks);
    const std::size_t cut = text.find_first_of("#\n");
    if (cut != std::string::npos) text.erase(cut);
    out.push_back({number, std::move(text)});
  }
  return out;
}

std::vector<std::string_view> fields(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && config::is_space(text[i]))
      ++i;
    const std::size_t begin = i;
    while (i < text.size() && !config::is_space(text[i]))
      ++i;
    if (i > begin) out.push_back(text.substr(begin, i - begin));
  }
  return out;
}

}  // namespace vs::net::nss
