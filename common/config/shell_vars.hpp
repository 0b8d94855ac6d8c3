// Variable assignments in a /bin/sh fragment that init scripts and systemd units
// source (/etc/default/slapd, /etc/sysconfig/slapd): NAME=value, optionally after
// `export`, with single quotes, double quotes, backslashes, line continuations and
// comments read as the shell reads them. Nothing is executed: a value that needs
// expansion ($VAR, `cmd`) is flagged instead.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fs/location.hpp"

namespace vs::config {

struct ShellAssignment {
  std::string name;
  std::string value;             // quotes removed, escapes applied
  Location where;                // the line the assignment starts on
  bool needs_expansion = false;  // $ or ` outside single quotes: the value is not literal
  bool unterminated = false;     // a quote is never closed: the shell stops with a syntax error
  bool exported = false;         // `export NAME=value`: in the environment of what runs next
};

// `export NAME` of a variable, without an assignment in that word.
struct ShellExport {
  std::string name;
  Location where;
};

struct ShellScript {
  std::vector<ShellAssignment> assignments;  // as parse_shell_assignments gives them
  std::vector<ShellExport> exports;          // every `export NAME`, in order
};

// Every assignment that persists in the shell, in order. `A=1 cmd` (an environment
// for one command only) is not one.
std::vector<ShellAssignment> parse_shell_assignments(std::string_view text,
                                                     const std::string& file);
// The same, and the names exported without an assignment: what a program started
// after sourcing the fragment finds in its environment (Debian's apache2ctl and
// envvars).
ShellScript parse_shell_script(std::string_view text, const std::string& file);

}  // namespace vs::config
