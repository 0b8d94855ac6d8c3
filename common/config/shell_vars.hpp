// SPDX-License-Identifier: GPL-3.0-or-later
// Variable assignments in a /bin/sh fragment that init scripts and systemd units
// source (/etc/default/slapd, /etc/sysconfig/slapd, Apache's envvars): NAME=value,
// optionally after `export`, with single quotes, double quotes, backslashes, line
// continuations and comments read as the shell reads them. Nothing is executed.
//
// Two views:
//  - parse_shell_assignments(): every assignment as written, quotes removed; a value
//    that needs expansion ($VAR, `cmd`) is flagged, not expanded.
//  - run_shell_fragment(): what the shell holds once it has sourced the fragment, the
//    way dash does it: each variable's last value with $NAME, ${NAME} and
//    ${NAME:-word} (-, =, +, ?, with or without ':') expanded from the variables
//    assigned before it; what only running commands could tell ($(cmd), `cmd`, $1,
//    ${#X}, ${X%pat}) makes a value unknown, with the reason; the commands it would
//    run are listed, and which names are exported (`export A=1`, `export A`): what a
//    program started after sourcing the fragment finds in its environment (Debian's
//    apache2ctl and envvars). Bounded whatever the input: values, variables and
//    commands are capped (a doubling A="$A$A" chain stops at kMaxShellValue).
#pragma once

#include <cstddef>
#include <map>
#include <set>
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
};

// Every assignment that persists in the shell, in order. `A=1 cmd` (an environment
// for one command only) is not one.
std::vector<ShellAssignment> parse_shell_assignments(std::string_view text,
                                                     const std::string& file);

// The caps of run_shell_fragment().
inline constexpr std::size_t kMaxShellValue = 64 * 1024;    // bytes of one expanded value
inline constexpr std::size_t kMaxShellVariables = 1024;     // distinct names tracked
inline constexpr std::size_t kMaxShellBytes = 1024 * 1024;  // all values held at once
inline constexpr std::size_t kMaxShellCommands = 16;        // commands listed

// A variable as the shell holds it after the fragment.
struct ShellVariable {
  std::string value;  // expanded; meaningless when `unknown` is set
  Location where;     // its last assignment (line 0: from the environment given)
  // Non-empty: the shell computes the value, this reader cannot ("$(hostname)"), or a
  // cap was hit. Says why, for a message.
  std::string unknown;
  // Variables its value used that nothing had set: the shell expanded them to nothing.
  std::vector<std::string> unset_used;
};

// A command the shell runs while sourcing the fragment (not an assignment).
struct ShellCommand {
  Location where;
  std::string word;    // the command word, expanded (quote removed)
  std::string prefix;  // "A" for `A=1 cmd`: the first assignment written before it
};

struct ShellRun {
  std::map<std::string, ShellVariable, std::less<>> variables;
  std::vector<ShellCommand> commands;  // the first kMaxShellCommands
  std::size_t more_commands = 0;       // how many more were not listed
  // line > 0: a quote, ${ or $( is never closed there: dash stops with "Syntax error"
  // and the script that sources the fragment with it (the variables are then what
  // came before).
  Location unterminated;
  std::string capped;  // non-empty: which cap was hit (variables beyond it are unknown)
  // Names with the export attribute (`export A=1`, `export A`; `readonly` does not
  // export), whether set or not; at most kMaxShellVariables of them.
  std::set<std::string, std::less<>> exported;
};

// Runs the fragment's assignments over `environment` (the variables its caller set
// before sourcing it: Debian's init script sets PATH and SLAPD). A variable neither
// assigned nor in `environment` is unset.
ShellRun run_shell_fragment(std::string_view text, const std::string& file,
                            const std::map<std::string, std::string, std::less<>>& environment);

}  // namespace vs::config
