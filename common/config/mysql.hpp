// SPDX-License-Identifier: GPL-3.0-or-later
// MySQL/MariaDB option files as mysys' my_default.c reads them: `[group]` headers,
// `name`, `name = value` (quotes around the value removed, \n \t \s \\ \' \" escapes),
// `#` and `;` comment lines, `#` comments after a value, `!include FILE` and
// `!includedir DIR` (the `*.cnf` files of DIR in name order) read in place, ten levels
// deep at most; a missing `!include` file is skipped, and paths are used as written.
// Each file starts outside any group. An option there, a `[` without `]`, an
// `!include` without a path or an `!includedir` directory that cannot be listed end
// the file: in a file the server reads first-hand (a default file, or --defaults-file)
// that stops it ("Fatal error in defaults handling"); in an included one only the rest
// of that file is lost.
//
// Which files: without --defaults-file, mariadbd reads EVERY default file that exists,
// in its order (mariadbd --help --verbose: "/etc/my.cnf /etc/mysql/my.cnf ~/.my.cnf";
// the last is the mysql user's, whose home on Debian is /nonexistent), later values
// winning. MYSQL_HOME/MARIADB_HOME and --defaults-extra-file are not modelled.
//
// Which groups: mysqld, server, mariadb, mariadbd, client-server, galera, and
// mysqld-V, mariadb-V, mariadbd-V for the server's own V only ("10.11": its first two
// numbers). V comes from --server-version, else from the tree's dpkg status
// (mariadb-server-core, the package of /usr/sbin/mariadbd); it is looked up only when
// such a group sets one of the options below. Group names are case-insensitive.
//
// Options: the four that decide where the server listens, read as my_getopt reads
// them (mysql_options.hpp: prefixes, loose-/skip-/enable-, numbers); the last line
// that sets one wins. Only those are kept, so memory does not grow with the files.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/service_config.hpp"
#include "fs/location.hpp"
#include "fs/tree.hpp"

namespace vs::net {
class Names;
}

namespace vs::config {

struct OptionFileItem {
  enum class Kind { option, include, includedir, fatal };
  Kind kind = Kind::option;
  std::string group;                 // option: the group it belongs to
  std::string name;                  // option: as written; include/includedir: the path
  std::optional<std::string> value;  // option: after '=' (absent for a bare "skip-networking")
  Location where;
  std::string problem;  // fatal: why the server stops here, in its words (the last item then)
};

// One file's items in order, up to and including the first fatal line, each handed to
// `visit` as it is read (nothing is kept); `visit` returns false to stop there.
void visit_option_file(std::string_view text, const std::string& file,
                       const std::function<bool(const OptionFileItem&)>& visit);
// The same as a list (tests, fuzzing).
std::vector<OptionFileItem> parse_option_file(std::string_view text, const std::string& file);

// Where a group stands among the server's groups.
struct ServerGroup {
  enum class Kind { other, server, versioned };
  Kind kind = Kind::other;
  std::string version;  // versioned: read only by this version ("10.11" of [mysqld-10.11])
};
ServerGroup server_group(std::string_view group);

struct MysqlOptions {
  // "10.11" (--server-version); nullopt: from the tree's /var/lib/dpkg/status.
  std::optional<std::string> server_version;
};

// The last line that set one of the server's listening options.
struct MysqlSetting {
  Location where;
  std::string written;       // "bind-address = 192.0.2.1", the value bounded
  std::string text;          // bind-address: the value my_getopt takes
  std::uint16_t number = 0;  // port, extra-port: the port (0: not set)
  bool on = false;           // skip-networking
};

struct MysqlConfig {
  std::optional<MysqlSetting> bind_address;
  std::optional<MysqlSetting> port;
  std::optional<MysqlSetting> extra_port;
  std::optional<MysqlSetting> skip_networking;
  std::vector<Note> notes;  // refusals, lines skipped, ... (at most kMaxNotes and one more)
  std::vector<std::string> files_read;
};

inline constexpr std::size_t kMaxNotes = 64;

// mariadbd --defaults-file=PATH: only `path` and what it includes. Throws fs::FileError
// for `path` itself (FileMissing when absent), and ReadBudgetExhausted from any file.
MysqlConfig load_mysql(const fs::Tree& tree, const std::string& path,
                       const MysqlOptions& options = {});

// mariadbd without --defaults-file: every one of `paths` that exists, in that order,
// and what they include. Throws FileMissing (naming the last of `paths`) when none
// exists, fs::FileError when one cannot be read, ReadBudgetExhausted from any file.
MysqlConfig load_mysql_defaults(const fs::Tree& tree, const std::vector<std::string>& paths,
                                const MysqlOptions& options = {});

// The server's endpoints and notes: `config` read from `main_file` (where "not set"
// points), names resolved with `names` (the judged tree's /etc/hosts, /etc/services).
ServiceConfig service_config(const MysqlConfig& config, const std::string& main_file,
                             const net::Names& names);

// load_mysql / load_mysql_defaults, then service_config: Readers for check_service.
ServiceConfig read_mysql(const fs::Tree& tree, const std::string& path,
                         const MysqlOptions& options = {});
ServiceConfig read_mysql_defaults(const fs::Tree& tree, const std::vector<std::string>& paths,
                                  const MysqlOptions& options = {});

}  // namespace vs::config
