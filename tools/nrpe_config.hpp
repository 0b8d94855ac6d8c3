// vs-nrpe-config's generator: the guests under /etc/vservers in, configuration
// text out (an nrpe.cfg fragment, Nagios 4 objects or Icinga 2 objects). It reads
// the tree and nothing else, so main() stays a thin wrapper and tests can call it.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace vs::nrpeconfig {

enum class Format { nrpe, nagios, icinga2 };

struct Options {
  Format format = Format::nrpe;
  std::string guest;         // --guest: the fragment for the agent inside this guest (nrpe)
  std::string host_name;     // --host-name: the VServer host's object name
  std::string host_address;  // --host-address: its address ("" = use the name)
  std::string root = "/";    // --root
  std::string vservers_dir = "/etc/vservers";  // --vservers-dir, inside --root
  std::string plugin_dir;                      // --plugin-dir, as the agents see it
  std::vector<std::string> plugins;  // the plugins this suite has: commands for these only
  bool all_services = false;         // --all-services: do not look for the services' files
  std::string version;               // for the header line
};

// What is wrong with the request or the tree; main prints it and exits 3.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ConfigError (fs::FileError from the tree is turned into one).
std::string generate(const Options& options);

// "nrpe" -> Format::nrpe; throws ConfigError.
Format parse_format(const std::string& text);

// The NRPE command name a check gets: "check_vs_listen", or "check_vs_listen_web1"
// for the host agent's command that checks guest web1.
std::string command_name(const std::string& plugin, const std::string& guest = {});

}  // namespace vs::nrpeconfig
