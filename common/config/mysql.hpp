// MySQL/MariaDB option files (/etc/mysql/my.cnf) as mysys' my_default.c reads them:
// `[group]` headers, `name`, `name = value` (quotes around the value removed,
// \n \t \s \\ \' \" escapes), `#` and `;` comment lines, `#` comments after a
// value, `!include FILE` and `!includedir DIR` (the `*.cnf` files of DIR in name
// order) read in place, ten levels deep at most; a missing `!include` file is
// skipped, and paths are used as written (a relative one from /, the server's
// working directory). Each file starts outside any group. An option there, a `[`
// without `]`, an `!include` without a path or a missing `!includedir` directory
// end the file: in the first file that stops the server ("Fatal error in defaults
// handling"); in an included one only the rest of that file is lost.
//
// The server reads the groups mysqld, server, mariadb, mariadbd, client-server,
// galera and the versioned mysqld-V, mariadb-V, mariadbd-V (the installed version is
// not known here, so every version counts). Later values win; `-` and `_` are the
// same in option names; a `loose-` prefix changes nothing for a known option.
//
// It listens on `bind-address` (a comma list since MariaDB 10.11 / MySQL 8.0.13;
// `*` or unset: every address, IPv4 and IPv6 on one socket) at `port` (3306) and,
// for MariaDB's thread pool, `extra-port`; `skip-networking` means no TCP at all.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/service_config.hpp"
#include "fs/location.hpp"
#include "fs/tree.hpp"

namespace vs::config {

struct OptionFileItem {
  enum class Kind { option, include, includedir, fatal };
  Kind kind = Kind::option;
  std::string group;                 // option: the group it belongs to
  std::string name;                  // option: as written; include/includedir: the path
  std::optional<std::string> value;  // option: after '=' (absent for a bare "skip-networking")
  Location where;
  std::string problem;  // fatal: why the server stops here (the last item then)
};

// One file's text, up to and including the first fatal line.
std::vector<OptionFileItem> parse_option_file(std::string_view text, const std::string& file);

// Does mysqld/mariadbd read options from `group` (case-insensitive)?
bool is_server_group(std::string_view group);

// "loose-bind_address" -> "bind-address": how the server matches an option name.
std::string canonical_option(std::string_view name);

struct MysqlConfig {
  std::vector<OptionFileItem> options;  // every option of every file read, in order
  std::vector<Note> notes;              // fatal lines, includes skipped
  std::vector<std::string> files_read;
};

// Reads `path` and what it includes. Throws fs::FileError for `path` itself only.
MysqlConfig load_mysql(const fs::Tree& tree, const std::string& path);

// The server's endpoints and notes from `config` (read from `main_file`).
ServiceConfig service_config(const MysqlConfig& config, const std::string& main_file);

// load_mysql + service_config: the Reader for check_service.
ServiceConfig read_mysql(const fs::Tree& tree, const std::string& path);

}  // namespace vs::config
