// SPDX-License-Identifier: GPL-3.0-or-later
// Postfix's two configuration files, read with Postfix's own rules (postconf(5),
// master(5); Postfix 3.7 as Debian 12 builds it), as pure functions from text to
// data with file:line locations.
//
// Both files share the line grammar (readllines()): a line whose first non-blank
// character is '#' is a comment and blank lines are ignored, both without ending a
// logical line; a line that starts with whitespace continues the logical line before
// it. '#' anywhere else is text: main.cf has no trailing comments.
//
// main.cf: "name = value"; the LAST assignment wins; values refer to other
// parameters with $name, ${name}, $(name), ${name?value}, ${name:value},
// ${name?{a}:{b}}, and "$$" is a literal '$'. The first line Postfix cannot read
// stops it ("missing '=' after attribute name"), so reading stops there too.
//
// master.cf: eight whitespace-separated fields per service, each checked as master(8)
// checks it; of the services of type "inet", the name is [host:]port.
//
// Nothing read from a line that does not parse is quoted in a note (a --config
// pointed at /etc/shadow must not print a hash); values of lines that do parse are
// quoted at most kMaxQuoted bytes long (config/lines.hpp).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/service_config.hpp"
#include "fs/location.hpp"

namespace vs::config::postfix {

struct Parameter {
  std::string value;  // as written, continuation lines joined as Postfix joins them
  Location where;     // first line of the assignment; {"default", 0} for a built-in
};

// How many distinct parameter names main.cf may set before the others are no longer
// kept (Postfix itself has about 1,000): a hostile file of a million names would
// otherwise cost a million map entries. The parameters this check reads are always
// kept; a $name among those dropped cannot be judged, and says so.
inline constexpr std::size_t kMaxParameters = 4096;

struct MainCf {
  std::string file;                             // display path, for locations
  std::map<std::string, Parameter> parameters;  // names are case-sensitive
  // What Postfix refuses ("fatal: ..." from postfix(1) and master(8): refusal) or
  // skips with a warning (ignored).
  std::vector<Note> notes;
  std::size_t dropped = 0;  // names not kept past kMaxParameters
};

MainCf parse_main_cf(std::string_view text, const std::string& file);

// Which Postfix program evaluates a parameter: they fill in what main.cf does not set
// differently, and "postfix start" runs both.
enum class Evaluator {
  // postfix(1) and master(8): mail_params_init() stores Postfix's built-in value of
  // each parameter it reads, in a fixed order, and expands a $name with what is
  // stored so far; a name not stored (yet) is empty.
  daemon,
  // postconf(1), which postfix-script runs: only main.cf's own parameters; every
  // other $name is empty ("inet_interfaces = mx.$mydomain" is "mx." there).
  postconf,
};

struct Defaults {
  Evaluator evaluator = Evaluator::daemon;
  // The machine's name as gethostname() gives it, for myhostname's default: itself
  // when it has a dot, else with ".$mydomain" (main.cf's) or ".localdomain" added.
  // nullopt: unknown, and so are $myhostname and $mydomain unless main.cf sets them.
  std::optional<std::string> machine_name;
};

// Postfix's built-in value of `name` as mail_params_init() stores it (Postfix 3.7,
// Debian 12: postconf -d), for the parameters it reads up to inet_interfaces, and
// master_service_disable; nullopt for the others (and for myhostname and mydomain,
// computed from the machine's name).
std::optional<std::string_view> builtin_default(std::string_view name);

// The parameter as main.cf sets it, else its built-in default (at {"default", 0}),
// else nullopt.
std::optional<Parameter> lookup(const MainCf& main, const std::string& name);

struct Expansion {
  std::string value;
  std::string error;  // non-empty: Postfix stops with a fatal error ("expansion loop: a -> b -> a")
  // Referenced names whose value this check cannot know (myhostname without the
  // machine's name, a name main.cf set past kMaxParameters): left as written in
  // `value`, or taken as empty when a ${name?...} tests them.
  std::vector<std::string> unknown;
  // Referenced names main.cf does not set, which took the evaluator's value: a
  // built-in, or nothing. Says why postconf and master(8) can see different values.
  std::vector<std::string> defaulted;
};

// The fully expanded value of parameter `name` as `evaluator` sees it when it reads
// `name`: postfix(1) reads inet_interfaces before it has stored, say,
// double_bounce_sender's default, so $double_bounce_sender is empty there.
Expansion expand(const MainCf& main, const std::string& name, const Defaults& defaults = {});

// A list value split at commas and/or whitespace, empty items dropped.
std::vector<std::string> split_list(std::string_view value);

// master_service_disable: does this pattern list (split_list'ed) turn off the
// service `name` of `type`? "name/type" or "type", case-insensitive, the first
// match wins, each leading '!' negates.
bool service_disabled(const std::vector<std::string>& patterns, std::string_view name,
                      std::string_view type);

// A master.cf service of type inet.
struct InetService {
  std::string name;  // the first field as written: "smtp", "127.0.0.1:10025", "[::1]:submission"
  std::string host;  // without brackets; "" when the service listens on inet_interfaces
  std::string port;  // the port part as written: "smtp", "10025"
  Location where;
};

// How many inet services of master.cf are judged (each is a socket or two, and a
// finding or two); a master.cf with more says so.
inline constexpr std::size_t kMaxInetServices = 1024;

struct MasterCf {
  std::string file;
  std::vector<InetService> services;  // in file order, all of them (duplicates included)
  std::vector<Note> notes;
};

// `disabled`: master_service_disable's patterns (master(8) skips those lines before
// it reads more than their name and type).
MasterCf parse_master_cf(std::string_view text, const std::string& file,
                         const std::vector<std::string>& disabled = {});

// known_tcp_ports ("lmtp=24, smtp=25, smtps=submissions=465, submission=587"): the
// ports Postfix gives service names before it asks services(5).
struct KnownPorts {
  std::map<std::string, std::string> ports;  // name -> digits
  std::vector<std::string> problems;         // Postfix's warnings, each item quoted bounded
};
KnownPorts parse_known_tcp_ports(std::string_view value);

// The TCP port a number gets through getaddrinfo(): glibc keeps its low 16 bits
// ("70000" is 4464). nullopt when `digits` is not all digits.
std::optional<std::uint16_t> numeric_port(std::string_view digits);

}  // namespace vs::config::postfix
