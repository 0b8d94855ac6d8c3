// SPDX-License-Identifier: GPL-3.0-or-later
// vs-nrpe-config's generator: the guests under /etc/vservers in, configuration
// text out (an nrpe.cfg fragment, Nagios 4 objects, Icinga 2 objects or a sudoers
// fragment), and the generic snippets installed under <datadir>/check_vs. The
// plugins and what each needs come from the plugin registry (plugins/meson.build).
// It reads the tree and nothing else, so main() stays a thin wrapper.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace vs::nrpeconfig {

enum class Format { nrpe, nagios, icinga2, sudoers };

// The files installed under <datadir>/check_vs/, written without reading a tree.
enum class Snippet { nrpe_host, nrpe_guest, nagios_commands, nagios_templates, icinga2_services };

struct Options {
  Format format = Format::nrpe;
  std::string guest;         // --guest: the fragment for the agent inside this guest (nrpe)
  std::string host_name;     // --host-name: the VServer host's object name
  std::string host_address;  // --host-address: its address ("" = use the name)
  std::string root = "/";    // --root (a relative one is made absolute)
  std::string vservers_dir = "/etc/vservers";  // --vservers-dir, inside --root
  std::string proc = "/proc";                  // --proc: the running kernel's view
  std::string plugin_dir;                      // --plugin-dir, as the agents see it
  std::string snippet_dir;                     // where the snippets are installed, for the comments
  bool all_services = false;         // --all-services: do not look for the services' files
  bool sudo = false;                 // --sudo: NRPE commands run the plugins through sudo -n
  std::string nrpe_user = "nagios";  // --nrpe-user: who runs them (the sudoers rule)
  std::string version;               // for the header line
};

// What is wrong with the request or the tree; main prints it and exits 3.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ConfigError (fs::FileError from the tree is turned into one).
std::string generate(const Options& options);

// One generic snippet (options: plugin_dir, snippet_dir, version). Throws ConfigError.
std::string snippet(Snippet which, const Options& options);

// "nrpe" -> Format::nrpe; throws ConfigError.
Format parse_format(const std::string& text);
// "nrpe-host" -> Snippet::nrpe_host; throws ConfigError.
Snippet parse_snippet(const std::string& text);

// The NRPE command name a check gets: "check_vs_listen", or "check_vs_listen_web1"
// for the host agent's command that checks guest web1.
std::string command_name(const std::string& plugin, const std::string& guest = {});

// Where sudo is on Debian, as the generated NRPE commands call it.
inline constexpr const char* kSudo = "/usr/bin/sudo";

}  // namespace vs::nrpeconfig
