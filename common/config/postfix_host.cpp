// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/postfix_host.hpp"

#include <algorithm>

namespace vs::config::postfix {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

bool ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; });
}

constexpr std::size_t kMaxHostname = 255;  // RFC 1035
constexpr std::size_t kMaxLabel = 63;

}  // namespace

bool valid_hostname(std::string_view name) {
  if (name.empty() || name.size() > kMaxHostname) return false;
  std::size_t label = 0;
  bool numeric = true;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool last = i + 1 == name.size();
    if (is_alnum(c) || c == '_') {
      if (++label > kMaxLabel) return false;
      if (!is_digit(c)) numeric = false;
    } else if (c == '.') {
      if (label == 0 || last) return false;
      label = 0;
    } else if (c == '-') {
      numeric = false;
      if (++label == 1 || last || name[i + 1] == '.') return false;
    } else {
      return false;
    }
  }
  return !numeric;
}

bool valid_ipv4_hostaddr(std::string_view addr) {
  int octets = 0;
  int value = 0;
  bool in_octet = false;
  for (std::size_t i = 0; i < addr.size(); ++i) {
    const char c = addr[i];
    if (is_digit(c)) {
      if (!in_octet) {
        in_octet = true;
        value = 0;
        ++octets;
      }
      value = value * 10 + (c - '0');
      if (value > 255) return false;
    } else if (c == '.') {
      if (!in_octet || i + 1 == addr.size()) return false;
      // 0.0.0.0 is allowed, 0.1.2.3 is not.
      if (octets == 1 && value == 0 && addr.find_first_not_of("0.") != std::string_view::npos)
        return false;
      in_octet = false;
    } else {
      return false;
    }
  }
  return octets == 4;
}

bool valid_ipv6_hostaddr(std::string_view addr) {
  int colons = 0;
  int double_colon_at = 0;  // the colon count where "::" was seen, 0 for none
  std::size_t field = 0;    // length of the current hexadecimal field
  std::size_t i = 0;
  while (true) {
    if (i == addr.size()) {
      if (colons < 2) return false;
      // A text ending in ':' must end in "::".
      return !(field == 0 && double_colon_at != colons - 1);
    }
    const char c = addr[i];
    if (c == '.') {
      if (colons < 2 || colons > 6) return false;
      return valid_ipv4_hostaddr(addr.substr(i - field));
    }
    if (c == ':') {
      // A leading single ':' ("::1" is fine, ":1" is not).
      if (colons == 0 && field == 0 && i + 1 < addr.size() && is_alnum(addr[i + 1])) return false;
      if (++colons > 7) return false;
      ++i;
      field = 0;
      if (i < addr.size() && addr[i] == ':') {
        if (double_colon_at > 0) return false;
        double_colon_at = colons;
      }
      continue;
    }
    field = 0;
    while (i + field < addr.size() && is_hex(addr[i + field]))
      ++field;
    if (field == 0 || field > 4) return false;
    i += field;
  }
}

bool valid_hostaddr(std::string_view addr) {
  if (addr.empty()) return false;
  return addr.find(':') != std::string_view::npos ? valid_ipv6_hostaddr(addr)
                                                  : valid_ipv4_hostaddr(addr);
}

ServiceName parse_service_name(std::string_view name) {
  ServiceName out;
  bool host_given = false;  // false: the service takes inet_interfaces
  if (!name.empty() && name.front() == '[') {
    std::string_view rest = name.substr(1);
    // "[ipv6:2001:db8::1]" is the address-literal form of RFC 5321.
    const bool ipv6_tag = rest.size() >= 5 && (rest[0] | 0x20) == 'i' && (rest[1] | 0x20) == 'p' &&
                          (rest[2] | 0x20) == 'v' && rest[3] == '6' && rest[4] == ':';
    if (ipv6_tag) rest.remove_prefix(5);
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) {
      out.error = "missing \"]\"";
      return out;
    }
    out.host = rest.substr(0, close);
    host_given = true;
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        out.error = "garbage after \"]\"";
        return out;
      }
      after.remove_prefix(1);
    }
    if (ipv6_tag && !valid_ipv6_hostaddr(out.host)) {
      out.error = "malformed IPv6 address";
      return out;
    }
    out.port = after;
  } else if (const std::size_t colon = name.rfind(':'); colon != std::string_view::npos) {
    out.host = name.substr(0, colon);
    host_given = !out.host.empty();  // ":25" is the port alone
    out.port = name.substr(colon + 1);
  } else {
    out.port = name;
  }
  if (out.port.empty()) {
    out.error = "missing service information";
    return out;
  }
  // A name that is not ASCII is checked as an internationalised domain name
  // (smtputf8_enable): taken as valid here, the resolver decides.
  if (host_given && ascii(out.host) && !valid_hostname(out.host) && !valid_hostaddr(out.host)) {
    out.error = "valid hostname or network address required";
    return out;
  }
  if (is_digit(out.port.front()) && !all_digits(out.port)) {
    out.error = "garbage after numerical service";
    return out;
  }
  return out;
}

}  // namespace vs::config::postfix
