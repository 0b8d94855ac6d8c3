// SPDX-License-Identifier: GPL-3.0-or-later
// The skeleton every configuration check shares (postfix, sshd, apache, slapd,
// nrpe, mysql): pick where the service runs (the host, a --guest seen from the
// host, or the guest we run in), read its configuration there, judge every
// configured endpoint with BindPolicy, and report with file:line origins.
//
// A plugin supplies only a Reader: configuration files -> config::ServiceConfig
// (endpoints and notes, no status); the statuses come from BindPolicy and
// policy/notes.hpp.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/machine.hpp"
#include "config/service_config.hpp"
#include "fs/tree.hpp"
#include "plugin/plugin.hpp"

namespace vs::policy {

// How every configuration check judges, for its --help (after its own details).
inline constexpr std::string_view kServicePolicyHelp =
    "Host role: a wildcard is CRITICAL when it answers for a guest address of its family\n"
    "(an IPv6-only [::] for IPv6 addresses only), WARNING when it answers for no guest\n"
    "today (no guests, or none of its family); a guest's address is CRITICAL; the host's\n"
    "own addresses and loopback are OK; a guest with a network namespace of its own is\n"
    "reached by no host wildcard. Guest role: a wildcard is OK (WARNING with --strict);\n"
    "loopback is OK when the running kernel gives the guest loopback (its live NFlags;\n"
    "stopped: the kernel's default, vs2.3 remapped with CONFIG_VSERVER_AUTO_LBACK, vs2.2\n"
    "none, changed by its nflags file), CRITICAL when not, WARNING when only the guest's\n"
    "files could tell (an ASSUMPTION); an address the guest does not own is CRITICAL.\n"
    "A host name is WARNING (cannot judge a name). What the daemon refuses is\n"
    "CRITICAL, \"<daemon> will not start: <reason>\", and leads the summary. A missing or\n"
    "unreadable configuration file is UNKNOWN.\n"
    "Perfdata: endpoints, wildcard, violations (-w/-c apply to violations).";

// Options every configuration check takes.
struct ServiceOptions {
  std::string config;             // --config PATH (inside the scope's tree)
  std::string config_default;     // what --config is when not given
  bool strict = false;            // --strict: a wildcard in a guest is WARNING
  std::string loopback = "auto";  // --loopback yes|no|auto
  bool runtime = false;           // --runtime: compare with the live listeners
  std::string netns;              // --netns for --runtime
  std::string local_addresses;    // --local-addresses live|ADDR,...: "" when not given
};

// What a check's --config names, for its --help: a file for most daemons, a
// directory for Postfix.
struct ConfigOption {
  std::string value_name = "PATH";
  std::string what = "the configuration file";
};

// Registers --config (with its default), --strict, --loopback, --runtime, --netns,
// --local-addresses.
void add_service_options(plugin::Plugin& plugin, ServiceOptions& options,
                         const std::string& default_config, const ConfigOption& config = {});

// Those options as a Spec's synopsis shows them: "[--config PATH] [--strict]
// [--loopback yes|no|auto] [--runtime [--netns NAME|PATH]]", with the check's `own`
// options after --config.
std::string service_synopsis(const ConfigOption& config = {}, const std::string& own = "");

struct ServiceSpec {
  std::string noun;                        // "sshd", "Postfix": used in messages
  std::vector<std::string> process_names;  // for --runtime: {"sshd"}
  // Fallback configuration paths tried in order when --config was not given and the
  // default does not exist (apache2.conf, then httpd.conf).
  std::vector<std::string> alternatives;
};

// Reads the configuration found at `path` inside `tree` (the host's --root, or the
// guest's root directory). Throws fs::FileError (reported as UNKNOWN naming the
// file) or returns what the configuration says.
using Reader = std::function<config::ServiceConfig(const fs::Tree& tree, const std::string& path)>;

plugin::Result check_service(const plugin::StandardOptions& options, const ServiceOptions& service,
                             const ServiceSpec& spec, const Reader& read);

// A Reader whose answer depends on the machine the daemon runs on (Postfix: its name
// and its interface addresses, config/machine.hpp says where each comes from).
using MachineReader = std::function<config::ServiceConfig(
    const fs::Tree& tree, const std::string& path, const config::Machine& machine)>;

plugin::Result check_service(const plugin::StandardOptions& options, const ServiceOptions& service,
                             const ServiceSpec& spec, const MachineReader& read);

// Parses --local-addresses: "live" (nullopt: read this network namespace's
// interfaces) or a comma-separated list of addresses. Throws UsageError.
std::optional<std::vector<net::Address>> parse_local_addresses(const std::string& text);

// Parses --loopback: nullopt for auto. Throws UsageError.
std::optional<bool> parse_loopback(const std::string& text);

}  // namespace vs::policy
