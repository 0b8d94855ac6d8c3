// vs-nrpe-config: NRPE, Nagios 4 and Icinga 2 configuration for a VServer host and
// its guests, from /etc/vservers. Options in, text out; nrpe_config.cpp does the work.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <sstream>

#include "nrpe_config.hpp"
#include "version.hpp"

#ifndef VS_DEFAULT_PLUGIN_DIR
#define VS_DEFAULT_PLUGIN_DIR "/usr/lib/nagios/plugins"
#endif
#ifndef VS_BUILT_PLUGINS
#define VS_BUILT_PLUGINS ""
#endif

namespace {

namespace po = boost::program_options;
namespace nc = vs::nrpeconfig;

constexpr const char* kName = "vs-nrpe-config";
constexpr const char* kUsage =
    "  vs-nrpe-config --format nrpe [--guest NAME] [--host-address ADDR] [--plugin-dir DIR]\n"
    "  vs-nrpe-config --format nagios|icinga2 [--host-name NAME] [--host-address ADDR]\n"
    "  (all forms also take --root DIR, --vservers-dir DIR and --all-services)\n";

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::istringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string this_host() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  std::string host(name);
  return host.substr(0, host.find('.'));  // Nagios host names are usually short
}

std::string help(const po::options_description& options) {
  std::ostringstream out;
  out << kName << " v" << VS_VERSION << " (check_vs)\n\n"
      << "Writes the monitoring configuration for a Linux-VServer host and its guests, read from\n"
      << "/etc/vservers with the same code as the plugins: an nrpe.cfg fragment for the host's\n"
      << "agent (host-role commands, plus one command per guest and check that checks the guest\n"
      << "from the host), an nrpe.cfg fragment for the agent inside one guest (bound to the\n"
      << "guest's first address, guest-role commands), or Nagios 4 / Icinga 2 objects: a host\n"
      << "object for the VServer host and one per guest, and their services through NRPE.\n"
      << "Configuration checks (sshd, Postfix, ...) are generated only where their files exist\n"
      << "(the host's root, the guest's root), so every command has something to check.\n\n"
      << "Usage:\n"
      << kUsage << "\n"
      << options << "\n"
      << "Examples:\n"
      << "  vs-nrpe-config --format nrpe --host-address 192.0.2.1 > "
         "/etc/nagios/nrpe.d/check_vs.cfg\n"
      << "      the host agent's commands, bound to the host's own address\n"
      << "  vs-nrpe-config --format nrpe --guest web1 > "
         "/vservers/web1/etc/nagios/nrpe.d/check_vs.cfg\n"
      << "      the agent inside guest web1, on web1's address\n"
      << "  vs-nrpe-config --format nagios --host-name vs1 --host-address 192.0.2.1 > vs1.cfg\n"
      << "      Nagios objects; load them together with /usr/share/check_vs/nagios/\n"
      << "  vs-nrpe-config --format icinga2 --host-name vs1 --host-address 192.0.2.1 > vs1.conf\n"
      << "      Icinga 2 objects; load them together with /usr/share/check_vs/icinga2/\n\n"
      << "Exit status: 0 when the configuration was written, 3 for a bad option, a broken\n"
      << "/etc/vservers tree or an unknown guest (the message says which).\n";
  return out.str();
}

// Exit status 3, as the plugins' UNKNOWN: the configuration could not be written.
int fail(const std::string& message, bool usage = true) {
  std::cerr << kName << ": " << message << "\n";
  if (usage) std::cerr << "Usage:\n" << kUsage << "Try '" << kName << " --help'.\n";
  return 3;
}

}  // namespace

int main(int argc, char** argv) {
  nc::Options o;
  o.version = VS_VERSION;
  o.plugins = split(VS_BUILT_PLUGINS);
  std::string format;
  po::options_description options("Options", 100, 50);
  options.add_options()("help,h", "print this help and exit")("version,V",
                                                              "print the version and exit")(
      "format", po::value(&format)->value_name("nrpe|nagios|icinga2"), "what to write (required)")(
      "guest", po::value(&o.guest)->value_name("NAME"),
      "with --format nrpe: the fragment for the agent inside guest NAME")(
      "host-name", po::value(&o.host_name)->value_name("NAME"),
      "the VServer host's Nagios/Icinga object name (default: this machine's short name)")(
      "host-address", po::value(&o.host_address)->value_name("ADDR"),
      "the VServer host's own address: its host object's address, and the host agent's "
      "server_address (default for objects: the host name)")(
      "plugin-dir",
      po::value(&o.plugin_dir)->default_value(VS_DEFAULT_PLUGIN_DIR)->value_name("DIR"),
      "where the agents find the plugins")(
      "root", po::value(&o.root)->default_value("/")->value_name("DIR"),
      "read the tree under DIR (host commands then get --root DIR too)")(
      "vservers-dir", po::value(&o.vservers_dir)->default_value("/etc/vservers")->value_name("DIR"),
      "util-vserver configuration directory, under --root")(
      "all-services", po::bool_switch(&o.all_services),
      "generate every configuration check, also where the service's files are absent");
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(options).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << help(options);
      return 0;
    }
    if (vm.count("version")) {
      std::cout << kName << " v" << VS_VERSION << " (check_vs)\n";
      return 0;
    }
    if (format.empty()) return fail("--format is required");
    try {
      o.format = nc::parse_format(format);
    } catch (const nc::ConfigError& e) {
      return fail(e.what());
    }
    if (o.host_name.empty()) o.host_name = this_host();
    std::cout << nc::generate(o);
    std::cout.flush();
    return std::cout ? 0 : fail("could not write the output");
  } catch (const po::error& e) {
    return fail(e.what());
  } catch (const nc::ConfigError& e) {
    return fail(e.what(), false);
  } catch (const std::exception& e) {
    return fail(e.what(), false);
  }
}
