// NRPE's nrpe.cfg as the daemon (nrpe 4) reads it: one `name=value` a line, the
// name being exactly what precedes the first '=' (no spaces are trimmed around
// it), `#` comments, and `include=FILE` / `include_dir=DIR` processed in place
// (a directory recursively, its `*.cfg` regular files and subdirectories in name
// order). A later setting overrides an earlier one.
// Relative include paths are taken from / (nrpe's working directory under systemd).
//
// nrpe binds `server_address` (every address, IPv4 and IPv6, when unset) on
// `server_port` (5666). Three settings matter for security wherever it runs:
// dont_blame_nrpe=1 (clients choose the command arguments),
// allow_bash_command_substitution=1 (those arguments may run $(...)), and a
// missing allowed_hosts (any host that reaches the port may ask).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/service_config.hpp"
#include "fs/location.hpp"
#include "fs/tree.hpp"

namespace vs::config {

struct NrpeSetting {
  std::string name;   // as nrpe compares it: "server_address", or "server_address " (never matches)
  std::string value;  // the rest of the line
  Location where;
};

struct NrpeFile {
  std::vector<NrpeSetting> settings;  // in order, up to the first line nrpe rejects
  int rejected_line = 0;              // 0: nrpe reads the whole file
  std::string rejected_why;
};

// One file's text. nrpe stops reading a file at a line without a value and at an
// out-of-range server_port, command_timeout or connection_timeout.
NrpeFile parse_nrpe_file(std::string_view text, const std::string& file);

struct NrpeConfig {
  std::vector<NrpeSetting> settings;  // every file read, includes expanded in place
  std::vector<Note> notes;            // includes that failed, files nrpe stops reading
  std::vector<std::string> files_read;
};

// Reads `path` and what it includes. Throws fs::FileError for `path` itself only.
NrpeConfig load_nrpe(const fs::Tree& tree, const std::string& path);

// The endpoints and security notes that `config` (read from `main_file`) amounts to.
ServiceConfig service_config(const NrpeConfig& config, const std::string& main_file);

// load_nrpe + service_config: the Reader for check_service.
ServiceConfig read_nrpe(const fs::Tree& tree, const std::string& path);

}  // namespace vs::config
