// SPDX-License-Identifier: GPL-3.0-or-later
// vs-nrpe-config: NRPE, Nagios 4, Icinga 2 and sudoers configuration for a VServer
// host and its guests, from /etc/vservers. Options in, text out; nrpe_config.cpp
// does the work, output_file.cpp the atomic --output.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <sstream>

#include "nrpe_config.hpp"
#include "output_file.hpp"
#include "version.hpp"

#ifndef VS_DEFAULT_PLUGIN_DIR
#define VS_DEFAULT_PLUGIN_DIR "/usr/lib/nagios/plugins"
#endif
#ifndef VS_DEFAULT_SNIPPET_DIR
#define VS_DEFAULT_SNIPPET_DIR "/usr/share/check_vs"
#endif

namespace {

namespace po = boost::program_options;
namespace nc = vs::nrpeconfig;

constexpr const char* kName = "vs-nrpe-config";
constexpr const char* kUsage =
    "  vs-nrpe-config --format nrpe|sudoers [--guest NAME] [--host-address ADDR] [--sudo]\n"
    "                 [--nrpe-user USER] [--plugin-dir DIR] [--root DIR] [--proc DIR]\n"
    "                 [--vservers-dir DIR] [--all-services] [--output FILE]\n"
    "  vs-nrpe-config --format nagios|icinga2 [--host-name NAME] [--host-address ADDR]\n"
    "                 [--root DIR] [--proc DIR] [--vservers-dir DIR] [--all-services]\n"
    "                 [--output FILE]\n"
    "  vs-nrpe-config --snippet NAME [--plugin-dir DIR] [--output FILE]\n"
    "  vs-nrpe-config --help\n"
    "  vs-nrpe-config --version\n";

std::string this_host() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  std::string host(name);
  return host.substr(0, host.find('.'));  // Nagios host names are usually short
}

std::string help(const po::options_description& options) {
  const std::string share = VS_DEFAULT_SNIPPET_DIR;
  std::ostringstream out;
  out << kName << " v" << VS_VERSION << " (check_vs)\n\n"
      << "Writes monitoring configuration for a VServer host and guests. It reads\n"
      << "/etc/vservers with the same code as the plugins and writes an nrpe.cfg fragment for\n"
      << "the host's agent (host-role commands, plus one command per guest and check that\n"
      << "checks the guest from the host), an nrpe.cfg fragment for the agent inside one guest\n"
      << "(bound to the guest's first address, guest-role commands), Nagios 4 / Icinga 2\n"
      << "objects (a host object for the VServer host and one per guest, and their services\n"
      << "through NRPE), or a sudoers fragment that lets the NRPE user run exactly those\n"
      << "commands as root.\n"
      << "Configuration checks (sshd, Postfix, ...) are generated only where their files exist\n"
      << "(the host's root, the guest's root), so every command has something to check.\n\n"
      << "Usage:\n"
      << kUsage << "\n"
      << options << "\n"
      << "Output: the configuration goes to standard output, or with --output FILE to a\n"
      << "temporary file in FILE's directory that is synced and renamed to FILE once complete:\n"
      << "FILE is replaced whole or, on any error, left as it was (nothing else is left "
         "behind).\n\n"
      << "Examples:\n"
      << "  vs-nrpe-config --format nrpe --host-address 192.0.2.1 --output "
         "/etc/nagios/nrpe.d/check_vs.cfg\n"
      << "      the host agent's commands, bound to the host's own address\n"
      << "  vs-nrpe-config --format nrpe --guest web1 --output "
         "/vservers/web1/etc/nagios/nrpe.d/check_vs.cfg\n"
      << "      the agent inside guest web1, on web1's address\n"
      << "  vs-nrpe-config --format nrpe --sudo --output /etc/nagios/nrpe.d/check_vs.cfg\n"
      << "  vs-nrpe-config --format sudoers --output /etc/sudoers.d/check_vs\n"
      << "      the host agent runs the plugins as root through sudo -n (check with visudo -c)\n"
      << "  vs-nrpe-config --format nagios --host-name vs1 --host-address 192.0.2.1 > vs1.cfg\n"
      << "      Nagios objects; load them together with " << share << "/nagios/\n"
      << "  vs-nrpe-config --format icinga2 --host-name vs1 --host-address 192.0.2.1 > vs1.conf\n"
      << "      Icinga 2 objects; load them together with " << share << "/icinga2/\n\n"
      << "Exit status: 0 when the configuration was written, 3 for a bad option, a broken\n"
      << "/etc/vservers tree, an unknown guest or an output that could not be written (the\n"
      << "message says which).\n";
  return out.str();
}

// Exit status 3 with the plugins' UNKNOWN line (on stderr: stdout is the
// configuration): the configuration could not be written.
int fail(const std::string& message, bool usage) {
  std::cerr << kName << " UNKNOWN - " << message << "\n";
  if (usage) std::cerr << "Usage:\n" << kUsage << "Try '" << kName << " --help'.\n";
  return 3;
}

}  // namespace

int main(int argc, char** argv) {
  nc::Options o;
  o.version = VS_VERSION;
  o.snippet_dir = VS_DEFAULT_SNIPPET_DIR;
  std::string format, snippet, output;
  po::options_description options("Options", 100, 50);
  options.add_options()("help,h", "print this help and exit")("version,V",
                                                              "print the version and exit")(
      "format", po::value(&format)->value_name("nrpe|nagios|icinga2|sudoers"),
      "what to write (this or --snippet is required)")(
      "guest", po::value(&o.guest)->value_name("NAME"),
      "with --format nrpe or sudoers: the fragment for the agent inside guest NAME")(
      "host-name", po::value(&o.host_name)->value_name("NAME"),
      "the VServer host's Nagios/Icinga object name (default: this machine's short name)")(
      "host-address", po::value(&o.host_address)->value_name("ADDR"),
      "the VServer host's own address: its host object's address, and the host agent's "
      "server_address (default for objects: the host name)")(
      "sudo", po::bool_switch(&o.sudo),
      "with --format nrpe: the commands run the plugins as root through `sudo -n` (allowed by "
      "--format sudoers)")("nrpe-user",
                           po::value(&o.nrpe_user)->default_value("nagios")->value_name("USER"),
                           "with --format sudoers: the user NRPE runs commands as (nrpe_user)")(
      "plugin-dir",
      po::value(&o.plugin_dir)->default_value(VS_DEFAULT_PLUGIN_DIR)->value_name("DIR"),
      "where the agents find the plugins")(
      "root", po::value(&o.root)->default_value("/")->value_name("DIR"),
      "read the tree under DIR (host commands then get --root with DIR made absolute)")(
      "proc", po::value(&o.proc)->default_value("/proc")->value_name("DIR"),
      "the running kernel's view, for what the comments say of a guest's loopback: DIR "
      "instead of /proc (a recording of tools/record-proc; host commands then get --proc)")(
      "vservers-dir", po::value(&o.vservers_dir)->default_value("/etc/vservers")->value_name("DIR"),
      "util-vserver configuration directory, under --root")(
      "all-services", po::bool_switch(&o.all_services),
      "generate every configuration check, also where the service's files are absent")(
      "snippet", po::value(&snippet)->value_name("NAME"),
      "write one of the generic files installed in " VS_DEFAULT_SNIPPET_DIR
      " (for every plugin, no tree read): nrpe-host, nrpe-guest, nagios-commands, "
      "nagios-templates, icinga2-services")(
      "output,o", po::value(&output)->value_name("FILE"),
      "write to FILE, atomically and only on success, instead of standard output");
  try {
    // Words that belong to no option are collected to be refused, not ignored.
    std::vector<std::string> stray;
    po::options_description all;
    all.add(options).add_options()("stray", po::value(&stray));
    po::positional_options_description positional;
    positional.add("stray", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
    if (!stray.empty()) {
      return fail("unexpected argument '" + stray.front() + "': every value belongs to an option",
                  true);
    }
    if (vm.count("help")) {
      std::cout << help(options);
      return 0;
    }
    if (vm.count("version")) {
      std::cout << kName << " v" << VS_VERSION << " (check_vs)\n";
      return 0;
    }
    std::string text;
    try {
      if (!snippet.empty()) {
        if (!format.empty()) return fail("--snippet and --format exclude each other", true);
        text = nc::snippet(nc::parse_snippet(snippet), o);
      } else {
        if (format.empty()) return fail("--format is required", true);
        o.format = nc::parse_format(format);
        if (o.host_name.empty()) o.host_name = this_host();
        text = nc::generate(o);
      }
    } catch (const nc::ConfigError& e) {
      return fail(e.what(), false);
    }
    if (!output.empty()) {
      vs::tools::write_file_atomically(output, text);
      return 0;
    }
    std::cout << text;
    std::cout.flush();
    return std::cout ? 0 : fail("could not write to standard output", false);
  } catch (const po::error& e) {
    return fail(e.what(), true);
  } catch (const std::exception& e) {
    return fail(e.what(), false);
  }
}
