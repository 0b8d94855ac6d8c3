// SPDX-License-Identifier: GPL-3.0-or-later
// The small pieces every configuration parser needs: splitting a directive line
// into words (quotes, escapes, trailing comments) and reading "addr", "addr:port",
// "[v6]:port" or "port" into an Endpoint (or a host name, which the policy cannot
// judge). Shared by the sshd, Apache, slapd, NRPE and MySQL readers.
//
//   auto words = split_words(R"(ListenAddress "192.0.2.1:22" # admin)", true);
//   // words.words == {"ListenAddress", "192.0.2.1:22"}
//   auto hp = parse_host_port("[2001:db8::1]:2222", kSshdHostPort);
//   // hp.host == "2001:db8::1", hp.port == 2222
//   net::Endpoint e = endpoint_for(hp.host, *hp.port);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/lines.hpp"  // lower(), for the callers of this header
#include "net/address.hpp"

namespace vs::config {

struct Words {
  std::vector<std::string> words;
  std::string error;  // "unterminated quote"; words is then what came before it
};

// Splits on blanks (space, tab). A double or single quote starts a quoted run that
// may contain blanks, anywhere in a word (shell-like: a"b c"d is one word "ab cd");
// a backslash escapes a quote, a backslash, or (outside quotes) a blank. With
// `hash_ends_line`, a word starting with '#' ends the line (sshd; Apache has
// comments only on their own line).
Words split_words(std::string_view line, bool hash_ends_line);

// "22" -> 22. Decimal digits only, 1..65535; nullopt otherwise (service names
// such as "ssh" are not looked up).
std::optional<std::uint16_t> parse_port(std::string_view text);

// How the services differ in reading host:port.
struct HostPortRules {
  // "80" alone is a port (Apache Listen), not a host (sshd ListenAddress).
  bool digits_are_port = false;
  // Without brackets, two or more colons make the whole text an IPv6 address
  // (sshd, most daemons). When false, the digits after the last colon are always
  // the port (APR's apr_parse_addr_port: "2001:db8::1:80" is port 80), so IPv6
  // needs brackets.
  bool bare_ipv6 = true;
};

inline constexpr HostPortRules kSshdHostPort{.digits_are_port = false, .bare_ipv6 = true};
inline constexpr HostPortRules kApacheHostPort{.digits_are_port = true, .bare_ipv6 = false};

struct HostPort {
  std::string host;                   // without brackets or zone; "" for a bare port
  std::string zone;                   // "eth0" from "fe80::1%eth0" or "[fe80::1%eth0]"
  std::optional<std::uint16_t> port;  // absent when the text names no port
  std::string error;                  // non-empty: the text is malformed (host/port unusable)
};

// Splits "addr", "addr:port", "[v6]", "[v6]:port", "v6" (per `rules`) or "port".
// The host is not checked to be an address: see endpoint_for.
HostPort parse_host_port(std::string_view text, HostPortRules rules);

// An endpoint for `host` (an address literal, or else a name the policy will not
// judge) on `port`; `zone` becomes the device.
net::Endpoint endpoint_for(std::string_view host, std::uint16_t port, std::string_view zone = {},
                           net::Proto proto = net::Proto::tcp);

}  // namespace vs::config
