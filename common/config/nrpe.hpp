// SPDX-License-Identifier: GPL-3.0-or-later
// NRPE's nrpe.cfg as the daemon (nrpe 4.1, read_config_file() in nrpe.c) reads it:
//  - fgets() of 2046 bytes: a longer line is read as several, each its own line;
//    leading and trailing blanks go, '#' starts a comment line only;
//  - the name is exactly what precedes the first '=' (leading '='s skipped, no
//    blanks trimmed: "server_address =x" sets nothing), the value all the rest and
//    never empty; a later setting overrides an earlier one;
//  - include=FILE (or include_file) and include_dir=DIR are read in place, a
//    directory's *.cfg regular files and subdirectories (not hidden) in name order;
//    relative paths are taken from / (nrpe's working directory under systemd);
//  - a line nrpe rejects (no value, server_port below 1024, a timeout below 1, ...)
//    stops it in nrpe.cfg itself; in an included file it ends that file (and the
//    directory walk) and nrpe goes on. server_port is assigned before it is checked:
//    a rejected one in an included file still counts.
//
// nrpe binds every address getaddrinfo(server_address, server_port) returns, or
// 0.0.0.0 and an IPv6-only [::] without server_address; a value that does not
// resolve makes it exit ("bad addr or host"), and so does having no address left to
// bind. Three settings matter for security wherever it runs: dont_blame_nrpe=1
// (clients choose the command arguments), allow_bash_command_substitution=1 (those
// arguments may run $(...)), and a missing allowed_hosts (any host that reaches the
// port may ask).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/service_config.hpp"
#include "fs/location.hpp"
#include "fs/tree.hpp"
#include "net/address.hpp"

namespace vs::config {

// One line as read_config_file() reads it.
struct NrpeLine {
  enum class Kind { skip, setting, rejected };
  Kind kind = Kind::skip;
  std::string_view name;   // what precedes the first '=' after leading '='s
  std::string_view value;  // the rest (trailing blanks trimmed, as nrpe trims the line)
  std::string why;         // rejected: nrpe's message, without its " in config file ..."
};

// Pure: one fgets() piece of a line (parse_nrpe_pieces() splits lines into them).
NrpeLine parse_nrpe_line(std::string_view line);

// The pieces fgets(buffer, 2047) reads a line in (without the newline).
std::vector<std::string_view> nrpe_pieces(std::string_view line, bool ends_with_newline);

// A setting as nrpe keeps it (a value nrpe copies into a fixed buffer is cut there).
struct NrpeValue {
  std::string value;
  Location where;
};

// What nrpe.cfg and its includes leave set, for the settings this check judges.
struct NrpeConfig {
  std::optional<NrpeValue> server_address, server_port, allowed_hosts, dont_blame_nrpe,
      allow_bash_command_substitution;
  std::vector<Note> notes;  // includes that failed, files nrpe stops reading (capped)
  std::vector<std::string> files_read;
};

// Reads `path` and what it includes, each file counted by the IncludeGuard before it
// is read. Throws fs::FileError for `path` itself, and fs::ReadBudgetExhausted for
// any file (the run's budget is spent: nothing can be judged).
NrpeConfig load_nrpe(const fs::Tree& tree, const std::string& path);

// The endpoints and notes `config` (read from `main_file` in `tree`) amounts to;
// server_address resolves through the tree's /etc/hosts. Given the machine's
// addresses (`local`), an address it lacks fails to bind: nrpe goes on with the
// others, and exits when none is left ("Cannot bind to any address.").
ServiceConfig service_config(const NrpeConfig& config, const fs::Tree& tree,
                             const std::string& main_file,
                             const std::optional<std::vector<net::Address>>& local = std::nullopt);

// load_nrpe + service_config: the Reader for check_service.
ServiceConfig read_nrpe(const fs::Tree& tree, const std::string& path,
                        const std::optional<std::vector<net::Address>>& local = std::nullopt);

}  // namespace vs::config
