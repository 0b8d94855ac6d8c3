// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/host_port.hpp"

#include <algorithm>

namespace vs::config {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Moves a "%zone" suffix of `host` into `zone`.
void split_zone(HostPort& hp) {
  const auto percent = hp.host.find('%');
  if (percent == std::string::npos) return;
  hp.zone = hp.host.substr(percent + 1);
  hp.host.resize(percent);
  if (hp.zone.empty()) hp.error = "'%' without an interface name";
}

void set_port(HostPort& hp, std::string_view text) {
  hp.port = parse_port(text);
  if (!hp.port) hp.error = "port '" + std::string(text) + "' is not a number from 1 to 65535";
}

}  // namespace

Words split_words(std::string_view line, bool hash_ends_line) {
  Words out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (is_blank(line[i])) {
      ++i;
      continue;
    }
    if (hash_ends_line && line[i] == '#') break;
    std::string word;
    char quote = 0;
    for (; i < line.size(); ++i) {
      const char c = line[i];
      const char next = i + 1 < line.size() ? line[i + 1] : '\0';
      if (c == '\\' &&
          (next == '"' || next == '\'' || next == '\\' || (quote == 0 && is_blank(next)))) {
        word += next;
        ++i;
      } else if (quote == 0 && is_blank(c)) {
        break;
      } else if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    }
    if (quote != 0) {
      out.error = "unterminated quote";
      return out;
    }
    out.words.push_back(std::move(word));
  }
  return out;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (!all_digits(text) || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (const char c : text)
    value = value * 10 + static_cast<unsigned>(c - '0');
  if (value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

HostPort parse_host_port(std::string_view text, HostPortRules rules) {
  HostPort hp;
  if (text.empty()) {
    hp.error = "empty address";
    return hp;
  }
  if (text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) {
      hp.error = "'[' without ']'";
      return hp;
    }
    hp.host = std::string(text.substr(1, close - 1));
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        hp.error = "unexpected '" + std::string(rest) + "' after ']'";
        return hp;
      }
      set_port(hp, rest.substr(1));
    }
    split_zone(hp);
    if (hp.host.empty() && hp.error.empty()) hp.error = "empty address in brackets";
    return hp;
  }
  if (rules.digits_are_port && all_digits(text)) {
    set_port(hp, text);
    return hp;
  }
  const auto colons = std::count(text.begin(), text.end(), ':');
  const auto last = text.rfind(':');
  if (colons == 0 || (colons >= 2 && rules.bare_ipv6)) {
    hp.host = std::string(text);
  } else {
    hp.host = std::string(text.substr(0, last));
    set_port(hp, text.substr(last + 1));
  }
  split_zone(hp);
  if (hp.host.empty() && hp.error.empty()) hp.error = "no address before ':'";
  return hp;
}

net::Endpoint endpoint_for(std::string_view host, std::uint16_t port, std::string_view zone,
                           net::Proto proto) {
  net::Endpoint e;
  e.proto = proto;
  e.port = port;
  e.device = std::string(zone);
  if (const auto a = net::Address::parse(host)) {
    e.address = *a;
  } else {
    e.hostname = std::string(host);
  }
  return e;
}

}  // namespace vs::config
