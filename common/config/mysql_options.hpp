// SPDX-License-Identifier: GPL-3.0-or-later
// How mariadbd's my_getopt (mysys/my_getopt.c) takes an option from an option file
// line: "--name=value", for the four options that decide where the server listens.
// Everything here was checked against MariaDB 10.11 started on such lines
// (tests/daemon/cases/mariadb):
//
//  - Names: ASCII case-insensitive, '-' and '_' alike. An unambiguous prefix is the
//    option ("bind" is bind-address, "skip-ne" skip-networking, "extra-p" extra-port);
//    a shorter one is the start of several options and stops the server ("ambiguous
//    option '--bin'"), loose- or not. The shortest unambiguous prefixes come from the
//    server's 707 options (mariadbd --help --verbose, 10.11).
//  - Prefixes tried when the name itself is no option, in any order and repeated:
//    loose- (errors in the value become warnings), skip-/disable- (the value becomes
//    "0", or "1" when it was exactly "0"), enable- ("1", or "0" for "0"), maximum-
//    (sets a maximum, which these global options have not: an error).
//  - bind-address, port and extra-port need a value ("option '--port' requires an
//    argument", loose- or not); skip-networking without one is ON.
//  - Numbers (port, extra-port): strtoull's digits, then ONE suffix letter K M G T P E
//    (x1024^n, any case; the rest of the text is not looked at: "mysql" is 0 Mega, so
//    0); a leading '-' or any other letter is an error; more than 65535 is set to
//    65535 with a warning. Booleans: 1/on/true, 0/off/false, anything else is OFF
//    with a warning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vs::config {

enum class ServerOption { none, bind_address, port, extra_port, skip_networking };

// "bind_address", "port", "extra_port", "skip_networking": as mariadbd's messages
// name them.
std::string_view server_name(ServerOption option);

struct OptionUse {
  ServerOption option = ServerOption::none;  // none: not one of the four (or an error)
  bool loose = false;
  // What my_getopt hands to the option: the value as written, or "0"/"1" after
  // skip-/disable-/enable-; absent when the line has no '='.
  std::optional<std::string> argument;
  // Not empty: the server stops here, in its own words (values bounded).
  std::string error;
  // The error is about the value: a loose- option only warns, and is ignored.
  bool loose_forgives = false;
};

// `name` and `value` as the option file line has them (the value unquoted).
OptionUse server_option(std::string_view name, const std::optional<std::string>& value);

struct PortValue {
  std::uint16_t port = 0;  // 0: not set (the server then takes its default)
  std::string error;       // the server stops (unless loose-): "Unknown suffix 'a' ..."
  std::string warning;     // "option 'port': unsigned value 70000 adjusted to 65535"
};

// my_getopt's unsigned number for `option` (port or extra-port), in [0, 65535].
PortValue port_value(std::string_view text, ServerOption option);

// my_getopt's boolean: nullopt when not recognized (the server takes it as OFF).
std::optional<bool> server_bool(std::string_view text);

}  // namespace vs::config
