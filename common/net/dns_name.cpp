// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/dns_name.hpp"

#include <algorithm>

namespace vs::net {

namespace {

bool label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::optional<std::string_view> why_dns_cannot_resolve(std::string_view name, NameBytes bytes) {
  constexpr std::string_view kMalformed = "glibc does not look up such a name in DNS";
  if (bytes == NameBytes::idna) {
    for (const char c : name) {
      // An escape ns_name_pton() would decode, or bytes the IDNA conversion may map.
      if (c == '\\' || (c & 0x80) != 0) return std::nullopt;
    }
  }
  if (name.empty() || name.front() == '-') return kMalformed;
  // A trailing dot is the root, written: the name is fully qualified.
  const bool rooted = name.back() == '.';
  if (rooted) name.remove_suffix(1);
  if (name.empty()) return kMalformed;
  if (name.size() > 253) return "a DNS name is at most 253 bytes";
  std::size_t labels = 0;
  std::string_view last;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = name.find('.', start);
    const std::string_view label = name.substr(start, dot == name.npos ? dot : dot - start);
    if (label.empty() || !std::all_of(label.begin(), label.end(), label_char)) return kMalformed;
    if (label.size() > 63) return "a DNS label is at most 63 bytes";
    ++labels;
    last = label;
    if (dot == name.npos) break;
    start = dot + 1;
  }
  if (std::all_of(last.begin(), last.end(), digit)) return "no top-level domain is all digits";
  // "mx." is a top-level domain; "mx" alone goes through the search list first.
  if (rooted && labels == 1) return "a top-level domain has no address";
  return std::nullopt;
}

}  // namespace vs::net
