// SPDX-License-Identifier: GPL-3.0-or-later
// Apache httpd 2.4's configuration, read the way httpd reads it, for the one thing
// this suite judges: the sockets its `Listen` directives open.
//
//  - logical lines: a trailing backslash continues a line; '#' starts a comment
//    only as the first non-blank of a line; directive names are case-insensitive;
//  - `${VAR}` is replaced as each line is read, from `Define`d variables and httpd's
//    environment: what Debian's apache2ctl exports after sourcing
//    /etc/apache2/envvars. A variable defined nowhere at that point stays as written
//    (AH00111), so `Listen ${PORT}` before `Define PORT` is a syntax error;
//  - `Include` / `IncludeOptional` (globs, directories read recursively, relative
//    paths under ServerRoot) are read in place. Include fails on a missing file or
//    a glob matching nothing or a match it cannot open (a dangling symlink);
//    IncludeOptional ignores all three;
//  - `<IfModule [!]mod>` is active when a `LoadModule` for it came before
//    (`ssl_module` and `mod_ssl.c` name the same module), so Debian's
//    mods-enabled/*.load decide; `<IfDefine [!]NAME>` when NAME was given with -D
//    (--define, APACHE_ARGUMENTS) or `Define`d; `<IfFile [!]path>` when the file
//    exists. Other conditionals (<IfVersion>, <IfDirective>, <IfSection>) are taken
//    as active. Inactive sections are skipped unread, nested sections included;
//  - the first syntax error ends the reading: httpd exits on it;
//  - `Listen [addr:]port [proto]`, `[v6]:port`: each Listen gives one socket per
//    address getaddrinfo returns for it (the judged tree's /etc/hosts, net::Names;
//    inet_aton forms such as 127.1 are addresses); no address or `*` gives 0.0.0.0
//    and ::. The same address text and port twice is "Cannot define multiple
//    Listeners on the same IP:port";
//  - then httpd binds them in order (listen.c open_listeners: IPv6 sockets are
//    dual-stack, 0.0.0.0 is skipped after a [::] of its port, and [::] failing before
//    a 0.0.0.0 of its port is tolerated); any other failure stops httpd.
//
// What to include next depends on what was read before (LoadModule before
// IfModule, ServerRoot and Define before Include), so reading and evaluating are
// one walk: `read_apache`, which keeps no line of the files. Its pieces are pure and
// tested alone: parse_apache (text -> logical lines), split_directive,
// expand_variables, parse_listen, parse_envvars, open_listeners.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/service_config.hpp"
#include "fs/location.hpp"
#include "fs/tree.hpp"
#include "net/address.hpp"

namespace vs::config::apache {

// One logical line: continuations joined, comments and blank lines dropped.
struct Line {
  Location where;    // the first physical line
  std::string text;  // trimmed
};
std::vector<Line> parse_apache(std::string_view text, const std::string& display_path);
// The same, one line at a time: `each(first physical line number, text)`.
void for_each_line(std::string_view text,
                   const std::function<void(int number, std::string_view line)>& each);

struct Directive {
  enum class Kind { directive, open, close } kind = Kind::directive;
  std::string name;               // lower case, without '<', '</' and '>': "listen", "ifmodule"
  std::vector<std::string> args;  // quotes removed; for a section, what is between name and '>'
  std::string error;              // "missing closing '>'", "unterminated quote"
};
Directive split_directive(std::string_view text);

using Variables = std::map<std::string, std::string>;

// No line or variable grows past this by expansion (Define or envvars doubling).
inline constexpr std::size_t kMaxExpansion = 64 * 1024;

struct Expansion {
  std::string text;
  std::set<std::string> undefined;  // left as written: httpd's AH00111
  bool too_long = false;            // past kMaxExpansion: `text` is not what httpd reads
};
// Replaces each ${NAME} found in `vars` (ap_resolve_env). A name with ':' is not a
// variable (mod_rewrite's ${map:key}) and is left alone without a warning.
Expansion expand_variables(std::string_view text, const Variables& vars);

// Debian's envvars, as apache2ctl uses it: it sources the file, then runs httpd.
struct Envvars {
  Variables environment;                 // exported with a value read from the file
  std::set<std::string> computed;        // exported, with a value only the shell can compute
  std::optional<std::string> arguments;  // APACHE_ARGUMENTS (apache2ctl's own), when known
};
Envvars parse_envvars(std::string_view text);
// The -D NAME and -DNAME words of APACHE_ARGUMENTS.
std::vector<std::string> defines_in_arguments(std::string_view arguments);

struct Listen {
  std::string host;  // "" for every address (none given, or "*"); without brackets
  std::uint16_t port = 0;
  std::string error;  // what httpd would say: "Port must be specified"
};
Listen parse_listen(const std::vector<std::string>& args);

// The names <IfModule> accepts for a module loaded by `LoadModule id path`:
// "ssl_module", "mod_ssl.c" (from the id and from the file name).
std::vector<std::string> module_names(const std::string& id, const std::string& path);
// Modules Debian's apache2 has compiled in (`apache2 -l`), loaded without LoadModule.
const std::vector<std::string>& builtin_modules();

struct Options {
  std::string server_root;           // in-tree; empty: from the main file's place
  std::vector<std::string> defines;  // -D NAME
  // The machine's addresses, when known (policy/service_check decides them for each
  // scope): httpd cannot bind another one and will not start.
  std::optional<std::vector<net::Address>> local_addresses;
};

// One socket a Listen directive asks for.
struct ListenDirective {
  net::Endpoint endpoint;
  Location where;
  std::string text;  // "Listen 80", "Listen www.example:80; www.example is ..." (bounded)
};

// What open_listeners() gives: the sockets httpd opens, or its refusal.
struct Opened {
  std::vector<ListenDirective> sockets;
  std::vector<Note> notes;  // a tolerated failure (ignored), the one that stops httpd (refusal)
};
// httpd's open_listeners() over `wanted`, in configuration order, on a machine with
// the `local` addresses when known. Host names (not found in the files) are kept as
// they are, not bound.
Opened open_listeners(std::vector<ListenDirective> wanted,
                      const std::optional<std::vector<net::Address>>& local = std::nullopt);

struct Config {
  std::vector<ListenDirective> listens;  // the sockets httpd opens (none when it will not start)
  // What httpd refuses (refusal), what this check cannot judge (a computed ${VAR} in
  // a Listen: unjudged), a tolerated bind failure (ignored).
  std::vector<Note> notes;
  std::vector<std::string> files_read;  // display paths
  std::string server_root;              // the last one in effect
};

// The ServerRoot httpd uses when the configuration sets none: the Debian layout's
// /etc/apache2 for /etc/apache2/apache2.conf, /etc/httpd for /etc/httpd/conf/httpd.conf.
std::string default_server_root(const std::string& main_file);

// Reads `path` inside `tree` with everything it includes, and envvars next to it;
// names from the tree's /etc/hosts. Throws fs::FileError for the main file and
// fs::ReadBudgetExhausted for any.
Config read_apache(const fs::Tree& tree, const std::string& path, const Options& options);

// The endpoints and notes of `config`, for check_service.
ServiceConfig service_config(const Config& config);

}  // namespace vs::config::apache
