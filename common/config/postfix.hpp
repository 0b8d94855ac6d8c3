// Postfix's two configuration files, read with Postfix's own rules (postconf(5),
// master(5)), as pure functions from text to data with file:line locations.
//
// Both files share the line grammar: a line whose first non-blank character is '#'
// is a comment and blank lines are ignored, both without ending a logical line; a
// line that starts with whitespace continues the logical line before it.
//
// main.cf: "name = value"; the LAST assignment wins; values refer to other
// parameters with $name, ${name}, $(name), ${name?value}, ${name:value},
// ${name?{a}:{b}}, and "$$" is a literal '$'.
//
// master.cf: eight whitespace-separated fields per service; of the services of type
// "inet", the name is [host:]port; the last line for a name and type wins.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/service_config.hpp"
#include "fs/location.hpp"

namespace vs::config::postfix {

struct Parameter {
  std::string value;  // as written, continuation lines joined by one space
  Location where;     // first line of the assignment; {"default", 0} for a built-in
};

struct MainCf {
  std::string file;                             // display path, for locations
  std::map<std::string, Parameter> parameters;  // names are case-sensitive
  // What Postfix refuses ("fatal: ..." from postconf and master(8): refusal) or
  // skips with a warning (ignored).
  std::vector<Note> notes;
};

MainCf parse_main_cf(std::string_view text, const std::string& file);

// Postfix's built-in defaults for the parameters this suite reads (postconf -d on
// Debian 12, Postfix 3.7): inet_interfaces = all, inet_protocols = all,
// master_service_disable = "". Other names have no built-in here.
std::optional<std::string> builtin_default(const std::string& name);

// The parameter as main.cf sets it, else its built-in default, else nullopt.
std::optional<Parameter> lookup(const MainCf& main, const std::string& name);

struct Expansion {
  std::string value;
  std::string error;  // non-empty: Postfix stops with a fatal error ("expansion loop: a -> b -> a")
  // Referenced names neither main.cf nor the built-ins define: left as written in
  // `value` (Postfix has a default for most, so this check cannot know them).
  std::vector<std::string> unknown;
  // Such names that a ${name?...} or ${name:...} tested: taken as empty.
  std::vector<std::string> guessed;
};

// The fully expanded value of parameter `name` (as `postconf -x -h name` prints it).
Expansion expand(const MainCf& main, const std::string& name);

// A list value split at commas and/or whitespace, empty items dropped.
std::vector<std::string> split_list(std::string_view value);

// A master.cf service of type inet.
struct InetService {
  std::string name;  // the first field as written: "smtp", "127.0.0.1:10025", "[::1]:submission"
  std::string host;  // "" when the service listens on inet_interfaces
  std::string port;  // the port part as written: "smtp", "10025"
  Location where;
};

struct MasterCf {
  std::string file;
  std::vector<InetService> services;  // in file order; a redefined service keeps its last line
  std::vector<Note> notes;
};

MasterCf parse_master_cf(std::string_view text, const std::string& file);

// The TCP port of a services(5) name or number, from a built-in table of the mail
// services master.cf uses (smtp 25, submission 587, submissions/smtps 465, qmtp 209, qmqp 628).
std::optional<std::uint16_t> service_port(std::string_view port);

}  // namespace vs::config::postfix
