// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/mysql_options.hpp"

#include <array>

#include "config/lines.hpp"

namespace vs::config {
namespace {

struct Target {
  ServerOption option;
  std::string_view name;
  // The shortest prefix that names this option alone among mariadbd 10.11's options
  // ("bin" is also binlog-*, "por" port-open-timeout, "skip-n" skip-name-resolve).
  std::size_t unique;
};

constexpr std::array<Target, 4> kTargets = {{
    {ServerOption::bind_address, "bind-address", 4},
    {ServerOption::port, "port", 4},
    {ServerOption::extra_port, "extra-port", 7},
    {ServerOption::skip_networking, "skip-networking", 7},
}};

enum class Match { none, target, ambiguous };

// my_getopt's findopt() for the four options: `name` (canonical) names one of them,
// is the start of several options, or is not about them.
Match find_target(std::string_view name, ServerOption& found) {
  if (name.empty()) return Match::none;
  for (const auto& t : kTargets) {
    if (!t.name.starts_with(name)) continue;
    if (name.size() < t.unique) return Match::ambiguous;
    found = t.option;
    return Match::target;
  }
  return Match::none;
}

// The special prefixes of my_getopt, each followed by '-' (or '_').
enum class Special { none, skip, enable, maximum, loose };

Special strip_special(std::string_view& name) {
  static constexpr std::array<std::pair<std::string_view, Special>, 5> kPrefixes = {{
      {"skip-", Special::skip},
      {"disable-", Special::skip},
      {"enable-", Special::enable},
      {"maximum-", Special::maximum},
      {"loose-", Special::loose},
  }};
  for (const auto& [prefix, special] : kPrefixes) {
    if (name.starts_with(prefix)) {
      name.remove_prefix(prefix.size());
      return special;
    }
  }
  return Special::none;
}

bool needs_argument(ServerOption o) {
  return o == ServerOption::bind_address || o == ServerOption::port ||
         o == ServerOption::extra_port;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// eval_num_suffix(): the multiplier of one suffix letter, 1 for none, 0 for others.
std::uint64_t suffix_multiplier(char c) {
  switch (c) {
    case '\0':
      return 1;
    case 'k':
    case 'K':
      return 1ULL << 10;
    case 'm':
    case 'M':
      return 1ULL << 20;
    case 'g':
    case 'G':
      return 1ULL << 30;
    case 't':
    case 'T':
      return 1ULL << 40;
    case 'p':
    case 'P':
      return 1ULL << 50;
    case 'e':
    case 'E':
      return 1ULL << 60;
    default:
      return 0;
  }
}

}  // namespace

std::string_view server_name(ServerOption option) {
  switch (option) {
    case ServerOption::bind_address:
      return "bind_address";
    case ServerOption::port:
      return "port";
    case ServerOption::extra_port:
      return "extra_port";
    case ServerOption::skip_networking:
      return "skip_networking";
    case ServerOption::none:
      break;
  }
  return "";
}

OptionUse server_option(std::string_view written, const std::optional<std::string>& value) {
  std::string canonical = lower(written);
  for (auto& c : canonical) {
    if (c == '_') c = '-';
  }
  OptionUse use;
  use.argument = value;
  std::string_view name = canonical;
  Special last = Special::none;  // only the prefix stripped last acts on the value
  for (;;) {
    ServerOption found = ServerOption::none;
    const Match m = find_target(name, found);
    if (m == Match::ambiguous) {
      use.error = "ambiguous option '--" + bounded(written) + "'";
      return use;
    }
    if (m == Match::target) {
      use.option = found;
      break;
    }
    const Special s = strip_special(name);
    if (s == Special::none) return OptionUse{};  // another option, or an unknown one
    if (s == Special::loose) {
      use.loose = true;
    } else {
      last = s;
    }
  }
  const bool given_zero = value && *value == "0";
  switch (last) {
    case Special::skip:
      use.argument = given_zero ? "1" : "0";
      break;
    case Special::enable:
      use.argument = given_zero ? "0" : "1";
      break;
    case Special::maximum:
      use.error = "Maximum value of '" + std::string(server_name(use.option)) + "' cannot be set";
      use.loose_forgives = true;
      return use;
    case Special::none:
    case Special::loose:
      break;
  }
  if (!use.argument && needs_argument(use.option)) {
    use.error = "option '--" + std::string(server_name(use.option)) + "' requires an argument";
  }
  return use;
}

PortValue port_value(std::string_view text, ServerOption option) {
  const std::string name(server_name(option));
  const std::string shown = bounded(text);
  PortValue out;
  if (!text.empty() && text.front() == '-') {
    out.error = "Incorrect unsigned value: '" + shown + "' for " + name;
    return out;
  }
  // strtoull(text, &end, 10): blanks, a sign, digits; `end` stays at the start
  // when there is no digit.
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i]))
    ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::size_t end = 0;
  std::uint64_t number = 0;
  if (i < text.size() && is_digit(text[i])) {
    for (; i < text.size() && is_digit(text[i]); ++i) {
      const auto digit = static_cast<std::uint64_t>(text[i] - '0');
      if (number > (UINT64_MAX - digit) / 10) {
        out.error = "Integer value out of range for uint64: '" + shown + "' for " + name;
        return out;
      }
      number = number * 10 + digit;
    }
    if (negative) number = 0 - number;
    end = i;
  }
  const char suffix = end < text.size() ? text[end] : '\0';
  const std::uint64_t multiplier = suffix_multiplier(suffix);
  if (multiplier == 0) {
    out.error = "Unknown suffix '" + std::string(1, suffix) + "' used for variable '" + name +
                "' (value '" + shown + "'). Legal suffix characters are: K, M, G, T, P, E";
    return out;
  }
  number *= multiplier;  // wraps, as in the server
  if (number > 65535) {
    out.warning =
        "option '" + name + "': unsigned value " + std::to_string(number) + " adjusted to 65535";
    number = 65535;
  }
  out.port = static_cast<std::uint16_t>(number);
  return out;
}

std::optional<bool> server_bool(std::string_view text) {
  const std::string v = lower(text);
  if (v == "1" || v == "on" || v == "true") return true;
  if (v == "0" || v == "off" || v == "false") return false;
  return std::nullopt;
}

}  // namespace vs::config
