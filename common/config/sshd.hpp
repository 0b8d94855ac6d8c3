// sshd_config the way OpenSSH's sshd reads it (servconf.c), for the keywords that
// decide where it listens and where X11 forwarding points DISPLAY:
//
//  - a line is `Keyword value...` or `Keyword=value...`; keywords are
//    case-insensitive; values split like a shell line (quotes, backslash, a word
//    starting with '#' ends the line);
//  - single-valued keywords keep their FIRST value; `Port` and `ListenAddress`
//    repeat;
//  - `Include` (globs; relative paths under /etc/ssh) is read in place; a missing
//    file is silently skipped, a loop or nesting deeper than 16 is fatal; a Match
//    block opened inside an included file ends with that file;
//  - `Match` ends the global section: Port, ListenAddress and AddressFamily are
//    refused after it; in a Match block the first value among the blocks that match
//    a connection overrides the global one;
//  - without ListenAddress sshd binds 0.0.0.0 and :: (IPV6_V6ONLY on) on every
//    Port, as AddressFamily allows; a ListenAddress without a port uses every Port.
//
// Three steps, each testable alone: parse_sshd (text -> lines, pure), load_sshd
// (includes expanded through fs::Tree and IncludeGuard), evaluate_sshd (lines ->
// settings, pure); then listen_endpoints and x11_localhost_displays answer the
// questions the check asks, and read_sshd puts it all together for check_service.
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

namespace vs::config::sshd {

struct File;

// One directive line, split as sshd splits it.
struct Line {
  Location where;
  std::string keyword;            // lower case
  std::vector<std::string> args;  // quotes and escapes removed
  std::string text;               // the line as written, trimmed: for messages
  std::string error;              // "invalid quotes", "no argument after keyword"
  std::vector<File> included;     // for `Include`: the files it pulled in, in order
};

struct File {
  std::string path;  // display path
  std::vector<Line> lines;
};

// Text -> directive lines (comments and blank lines dropped). Pure.
File parse_sshd(std::string_view text, const std::string& display_path);

// Where sshd looks for relative Include paths.
inline constexpr std::string_view kSshDir = "/etc/ssh";

struct Loaded {
  File root;
  std::vector<Note> notes;              // include loops, unreadable included files
  std::vector<std::string> files_read;  // display paths
};

// Reads `path` inside `tree` and every file it includes. Throws fs::FileError for
// the main file only.
Loaded load_sshd(const fs::Tree& tree, const std::string& path);

enum class AddressFamily { any, inet, inet6 };

template <typename T>
struct Setting {
  T value{};
  Location where;  // line 0: the built-in default
  std::string text;
};

struct ListenAddress {
  Location where;
  std::string text;  // "ListenAddress [2001:db8::1]:2222"
  std::string host;  // without brackets
  std::string zone;
  std::optional<std::uint16_t> port;
  std::string rdomain;
};

struct X11 {
  std::optional<Setting<bool>> forwarding;     // X11Forwarding (default no)
  std::optional<Setting<bool>> use_localhost;  // X11UseLocalhost (default yes)
};

struct MatchBlock {
  Location where;
  std::string text;  // "Match User anoncvs"
  bool all = false;  // "Match all": applies to every connection
  X11 x11;
};

struct Config {
  std::string main_file;
  std::vector<Setting<std::uint16_t>> ports;
  std::vector<ListenAddress> listen;
  std::optional<Setting<AddressFamily>> family;
  X11 global;
  std::vector<MatchBlock> blocks;
  // What sshd refuses (refusal), what this check cannot judge (a service name as Port).
  std::vector<Note> notes;
};

// Lines (with their includes) -> effective settings. Pure.
Config evaluate_sshd(const File& root);

struct Bind {
  net::Endpoint endpoint;
  Location where;         // the ListenAddress, else the Port line, else the main file
  std::string directive;  // "ListenAddress 192.0.2.1", "Port 2222 (no ListenAddress)"
};

// Every address:port sshd binds, in sshd's order (ListenAddress in file order,
// each on its own port or on every Port). Addresses the AddressFamily forbids are
// left out (evaluate_sshd reports them as refusals).
std::vector<Bind> listen_endpoints(const Config& config);

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

// load_sshd + evaluate_sshd: the endpoints, the refusals, and X11 forwarding that
// needs loopback. The Reader for check_service; throws fs::FileError for `path`.
ServiceConfig read_sshd(const fs::Tree& tree, const std::string& path);

}  // namespace vs::config::sshd
