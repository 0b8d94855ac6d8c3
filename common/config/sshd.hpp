// SPDX-License-Identifier: GPL-3.0-or-later
// sshd_config the way OpenSSH's sshd 9.2 reads it at start (servconf.c, sshd.c), for
// what decides where it listens, whether it starts, and where X11 forwarding points:
//
//  - a line is `Keyword value...` or `Keyword=value...`; keywords are
//    case-insensitive; values split like a shell line (quotes, backslash, a word
//    starting with '#' ends the line); a keyword sshd does not know, or without a
//    value, is a bad option: sshd reads on, then refuses to start;
//  - single-valued keywords keep their FIRST value; `Port` (at most 256) and
//    `ListenAddress` repeat; a Port is a number or a service name (/etc/services);
//  - `Include` (globs; relative paths under /etc/ssh) is read in place; a glob that
//    matches nothing is skipped, a match that cannot be opened (a dangling symlink)
//    stops sshd, a directory reads as empty; nesting deeper than 16 is fatal; a
//    Match opened inside an included file ends with that file;
//  - `Match` blocks: at start only `Match all` matches, so global-only keywords
//    (Port, ListenAddress, AddressFamily, XAuthLocation ...) are refused in any
//    other block and accepted after `Match all`; for a connection, the first value
//    among the blocks that match it overrides the global one (X11 settings);
//  - ListenAddress names resolve with getaddrinfo (every address, both families unless
//    AddressFamily says one), in the judged tree's /etc/hosts (net::Names); without
//    ListenAddress sshd binds 0.0.0.0 and :: (IPV6_V6ONLY) on every Port; a
//    ListenAddress without a port uses every Port;
//  - sshd binds its addresses one by one (SO_REUSEADDR, IPv6-only sockets), skipping
//    those the kernel refuses (the same address twice, a v4-mapped address, one
//    another of its sockets already covers) and stops only when none is left:
//    "Cannot bind any address."
//
// read_config walks the files line by line (includes in place) without keeping
// them, so a huge file costs its text, not a structure per line; parse_line and
// parse_sshd are the pure splitting, evaluate_sshd the walk of one text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/service_config.hpp"
#include "fs/location.hpp"
#include "fs/tree.hpp"
#include "net/address.hpp"
#include "net/names.hpp"

namespace vs::config::sshd {

// One directive line, split as sshd splits it.
struct Line {
  int number = 0;
  std::string keyword;            // lower case
  std::string spelled;            // as written, for a keyword sshd knows ("" otherwise)
  std::vector<std::string> args;  // quotes and escapes removed
  // Why sshd counts it as a bad option before looking at the keyword: "no argument
  // after keyword", "invalid quotes". Never the line's text.
  std::string error;
};

// One line of sshd_config (without its newline); nullopt for a blank or comment line,
// or one sshd ignores. Pure.
std::optional<Line> parse_line(std::string_view raw, int number);

struct File {
  std::string path;
  std::vector<Line> lines;
};

// Every directive line of `text`, for tests and the fuzzer. Pure.
File parse_sshd(std::string_view text, const std::string& display_path);

// Where sshd looks for relative Include paths.
inline constexpr std::string_view kSshDir = "/etc/ssh";
// sshd's MAX_PORTS.
inline constexpr std::size_t kMaxPorts = 256;
// Debian's _PATH_XAUTH, XAuthLocation's default.
inline constexpr std::string_view kDefaultXAuth = "/usr/bin/xauth";

enum class AddressFamily { any, inet, inet6 };

template <typename T>
struct Setting {
  T value{};
  Location where;    // line 0: the built-in default
  std::string text;  // the directive, bounded ("Port https (https is 443, /etc/services:60)")
};

struct ListenAddress {
  Location where;
  std::string text;  // the directive, bounded: "ListenAddress [2001:db8::1]:2222"
  std::string host;  // as getaddrinfo gets it, without brackets and zone
  std::string zone;
  std::optional<std::uint16_t> port;
  std::string rdomain;
};

struct X11 {
  std::optional<Setting<bool>> forwarding;     // X11Forwarding (default no)
  std::optional<Setting<bool>> use_localhost;  // X11UseLocalhost (default yes)
};

// A Match block that sets X11 options (the others change nothing this check reads).
struct MatchBlock {
  int ordinal = 0;  // which Match line of the walk opened it
  Location where;
  std::string text;  // "Match User anoncvs", bounded
  bool all = false;  // "Match all": applies to every connection
  X11 x11;
};

struct Config {
  std::string main_file;
  std::vector<Setting<std::uint16_t>> ports;
  std::vector<ListenAddress> listen;
  std::optional<Setting<AddressFamily>> family;
  std::optional<Setting<std::string>> xauth_location;
  X11 global;
  std::vector<MatchBlock> blocks;
  // What sshd refuses (refusal), what this check cannot judge (unjudged).
  std::vector<Note> notes;
  std::vector<std::string> files_read;  // display paths
  bool names_used = false;              // a service name was looked up
};

// Reads `path` inside `tree` and every file it includes, as sshd does at start;
// service names from `names`. Throws fs::FileError for the main file, and
// fs::ReadBudgetExhausted for any file.
Config read_config(const fs::Tree& tree, const std::string& path, const net::Names& names);

// The same walk over one text: Include reads nothing. For tests.
Config evaluate_sshd(std::string_view text, const std::string& path, const net::Names& names);

struct Bind {
  net::Endpoint endpoint;
  Location where;         // the ListenAddress, else the Port line, else the main file
  std::string directive;  // "ListenAddress 192.0.2.1", "Port 2222 and no ListenAddress, so ..."
};

// What sshd listens on, once its addresses are resolved and bound.
struct Listening {
  std::vector<Bind> sockets;  // in file order; a name not in the files stays a name
  // A bind that fails (ignored), every one failing or a name sshd cannot resolve
  // (refusal), what cannot be judged (unjudged).
  std::vector<Note> notes;
  bool names_used = false;  // a host name was looked up in the tree's files
};

// At most this many addresses are bound, then the rest is not judged (said in a note).
inline constexpr std::size_t kMaxBinds = 4096;

// `local`: the machine's addresses, when known; sshd cannot bind another one
// ("Cannot assign requested address", and skips it like any failed bind).
Listening listen_endpoints(const Config& config, const net::Names& names,
                           const std::optional<std::vector<net::Address>>& local = std::nullopt);

// The effective X11UseLocalhost for a connection no Match block (other than
// `Match all`) applies to: what `sshd -T` prints without -C.
bool x11_use_localhost(const Config& config);

// Where X11 forwarding is on while X11UseLocalhost is yes, so DISPLAY points at
// localhost: once for the connections no specific Match block applies to, and once
// for each Match block that would lead to it. `where` names the X11Forwarding line.
struct X11Display {
  Location where;
  std::string text;  // "X11Forwarding yes" or "X11Forwarding yes (Match User bob)"
};
std::vector<X11Display> x11_localhost_displays(const Config& config);

// The X11Forwarding line that turns forwarding on for some connection (the global
// one first), or nullptr when no connection gets it.
const Setting<bool>* x11_forwarding_on(const Config& config);

// The path sshd runs xauth from: XAuthLocation, relative paths from /, else the default.
std::string xauth_path(const Config& config);

// read_config + listen_endpoints: the endpoints, the refusals, X11 forwarding that
// needs loopback or lacks xauth. The Reader for check_service; throws fs::FileError
// for `path`.
ServiceConfig read_sshd(const fs::Tree& tree, const std::string& path);
// The same on a machine whose addresses are known (policy/service_check decides them
// for each scope).
ServiceConfig read_sshd(const fs::Tree& tree, const std::string& path,
                        const std::optional<std::vector<net::Address>>& local);

}  // namespace vs::config::sshd
