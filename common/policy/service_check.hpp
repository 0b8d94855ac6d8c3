// The skeleton every configuration check shares (postfix, sshd, apache, slapd,
// nrpe, mysql): pick where the service runs (the host, a --guest seen from the
// host, or the guest we run in), read its configuration there, judge every
// configured endpoint with BindPolicy, and report with file:line origins.
//
// A plugin supplies only a Reader: configuration text -> endpoints and notes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fs/location.hpp"
#include "fs/tree.hpp"
#include "net/address.hpp"
#include "plugin/plugin.hpp"
#include "policy/bind_policy.hpp"
#include "vserver/guest.hpp"

namespace vs::policy {

// One endpoint a service's configuration makes it bind.
struct ConfiguredEndpoint {
  net::Endpoint endpoint;
  Location origin;        // file:line of the directive, or {"default", 0}
  std::string directive;  // as the user wrote it: "ListenAddress 0.0.0.0"
};

// A service-specific finding (X11UseLocalhost in a guest, dont_blame_nrpe=1 ...).
struct ConfigNote {
  plugin::Status status = plugin::Status::ok;
  Location where;
  std::string text;
  int min_verbosity = -1;  // -1: 0 for problems, 1 for OK notes
  std::string brief;       // a few words for the summary line (see plugin::Finding)
};

struct ServiceConfig {
  std::vector<ConfiguredEndpoint> endpoints;
  std::vector<ConfigNote> notes;
  std::vector<std::string> files_read;  // display paths, listed at -vv
};

// Where the service runs: the tree its files are read from and how it is judged.
struct Scope {
  const fs::Tree& tree;         // the host's --root, or the guest's root directory
  const vserver::Guest* guest;  // the guest (from the host with --guest), else nullptr
  const BindPolicy& policy;
  bool is_guest() const { return !policy.is_host(); }
  // "host", "guest web1", "this guest"
  std::string label() const;
};

// Options every configuration check takes.
struct ServiceOptions {
  std::string config;             // --config PATH (inside the scope's tree)
  std::string config_default;     // what --config is when not given
  bool strict = false;            // --strict: a wildcard in a guest is WARNING
  std::string loopback = "auto";  // --loopback yes|no|auto
  bool runtime = false;           // --runtime: compare with the live listeners
  std::string netns;              // --netns for --runtime
};

// Registers --config (with its default), --strict, --loopback, --runtime, --netns.
void add_service_options(plugin::Plugin& plugin, ServiceOptions& options,
                         const std::string& default_config);

struct ServiceSpec {
  std::string noun;                        // "sshd", "Postfix": used in messages
  std::vector<std::string> process_names;  // for --runtime: {"sshd"}
  // Fallback configuration paths tried in order when --config was not given and the
  // default does not exist (apache2.conf, then httpd.conf).
  std::vector<std::string> alternatives;
};

// Reads the configuration found at `path` inside `scope.tree`. Throws fs::FileError
// (reported as UNKNOWN naming the file) or returns what the configuration says.
using Reader = std::function<ServiceConfig(const Scope& scope, const std::string& path)>;

plugin::Result check_service(const plugin::StandardOptions& options, const ServiceOptions& service,
                             const ServiceSpec& spec, const Reader& read);

// Parses --loopback: nullopt for auto. Throws UsageError.
std::optional<bool> parse_loopback(const std::string& text);

}  // namespace vs::policy
