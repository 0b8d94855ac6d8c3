// Apache httpd 2.4's configuration, read the way httpd reads it, for the one thing
// this suite judges: the addresses and ports of its `Listen` directives.
//
//  - logical lines: a trailing backslash continues a line; '#' starts a comment
//    only as the first non-blank of a line; directive names are case-insensitive;
//  - `${VAR}` is replaced before a line is split, from `Define`d variables and the
//    environment (Debian's /etc/apache2/envvars, `export NAME=value` lines);
//  - `Include` / `IncludeOptional` (globs, directories read recursively, relative
//    paths under ServerRoot) are read in place. Include fails on a missing file or
//    a glob matching nothing; IncludeOptional ignores both;
//  - `<IfModule [!]mod>` is active when a `LoadModule` for it came before
//    (`ssl_module` and `mod_ssl.c` name the same module), so Debian's
//    mods-enabled/*.load decide; `<IfDefine [!]NAME>` when NAME was given with -D
//    (--define, APACHE_ARGUMENTS) or `Define`d; `<IfFile [!]path>` when the file
//    exists. Other conditionals (<IfVersion>, <IfDirective>, <IfSection>) are taken
//    as active. Inactive sections are skipped unread, nested sections included;
//  - `Listen [addr:]port [proto]`, `[v6]:port`; no address or `*` means every
//    address (one dual-stack socket on ::).
//
// What to include next depends on what was read before (LoadModule before
// IfModule, ServerRoot and Define before Include), so reading and evaluating are
// one walk: `read_apache`. Its pieces are pure and tested alone: parse_apache
// (text -> logical lines), split_directive, expand_variables, parse_listen,
// parse_envvars.
#pragma once

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

struct Directive {
  enum class Kind { directive, open, close } kind = Kind::directive;
  std::string name;               // lower case, without '<', '</' and '>': "listen", "ifmodule"
  std::vector<std::string> args;  // quotes removed; for a section, what is between name and '>'
  std::string error;              // "missing closing '>'", "unterminated quote"
};
Directive split_directive(std::string_view text);

using Variables = std::map<std::string, std::string>;
// Replaces each ${NAME} found in `vars`; unknown names are left as written (as httpd
// does, with a warning) and added to `unknown`.
std::string expand_variables(std::string_view text, const Variables& vars,
                             std::set<std::string>* unknown);

// Debian's envvars: the variables it sets with literal values (or with $NAME and
// ${NAME} of earlier ones). Anything the shell would have to compute is left out.
Variables parse_envvars(std::string_view text);
// The -D NAME and -DNAME words of APACHE_ARGUMENTS.
std::vector<std::string> defines_in_arguments(std::string_view arguments);

struct Listen {
  net::Endpoint endpoint;
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
};

struct ListenDirective {
  net::Endpoint endpoint;
  Location where;
  std::string text;  // "Listen 80"
};

struct Config {
  std::vector<ListenDirective> listens;
  // What httpd refuses (refusal), what this check cannot judge (an unknown ${VAR} in
  // a Listen: unjudged).
  std::vector<Note> notes;
  std::vector<std::string> files_read;  // display paths
  std::string server_root;              // the last one in effect
};

// The ServerRoot httpd uses when the configuration sets none: the Debian layout's
// /etc/apache2 for /etc/apache2/apache2.conf, /etc/httpd for /etc/httpd/conf/httpd.conf.
std::string default_server_root(const std::string& main_file);

// Reads `path` inside `tree` with everything it includes, and envvars next to it.
// Throws fs::FileError for the main file only.
Config read_apache(const fs::Tree& tree, const std::string& path, const Options& options);

// The endpoints and notes of `config`, for check_service.
ServiceConfig service_config(const Config& config);

}  // namespace vs::config::apache
