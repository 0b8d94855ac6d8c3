// SPDX-License-Identifier: GPL-3.0-or-later
#include "nrpe_config.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <sstream>

#include "fs/tree.hpp"
#include "net/address.hpp"
#include "registry.hpp"
#include "vserver/guest.hpp"
#include "vserver/guest_view.hpp"

namespace vs::nrpeconfig {
namespace {

using registry::PluginInfo;

// NRPE runs command lines through /bin/sh and Nagios splits object lines on
// whitespace: names and paths stay within a set that needs no quoting anywhere.
bool plain(const std::string& s, const std::string& extra) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           extra.find(c) != std::string::npos;
  });
}

void require_name(const std::string& what, const std::string& name) {
  if (!plain(name, "._-")) {
    throw ConfigError(what + " '" + name +
                      "' cannot be used in NRPE command and Nagios object names "
                      "(letters, digits, '.', '_' and '-' only)");
  }
}

void require_path(const std::string& what, const std::string& path) {
  if (!plain(path, "/._-+,:@%=")) {
    throw ConfigError(what + " '" + path +
                      "' needs quoting in an NRPE command line; use a plain path");
  }
}

// NRPE runs the commands from its own working directory.
void require_absolute(const std::string& what, const std::string& path) {
  require_path(what, path);
  if (path.front() != '/') throw ConfigError(what + " '" + path + "' must be an absolute path");
}

// A check runs where its service is: always for the plugins that need no file, with
// --all-services, or when one of the registry's installed_if paths exists in `tree`
// (null: the tree could not be opened).
bool installed(const fs::Tree* tree, const PluginInfo& p, bool all_services) {
  if (all_services || p.installed_if.empty()) return true;
  return tree != nullptr &&
         std::any_of(p.installed_if.begin(), p.installed_if.end(),
                     [&](std::string_view f) { return tree->stat(std::string(f)).exists; });
}

// The arguments that make a plugin judge the host: a plugin that also runs in guests
// needs them, since its default role (auto) depends on where it runs.
std::string host_role(const PluginInfo& p) {
  return p.in_guest ? " --role host" : "";
}

struct Command {
  std::string name;  // NRPE command name
  std::string run;   // the plugin's command line, as sudo matches it
  std::string line;  // what NRPE runs: `run`, or `sudo -n run`
  const PluginInfo* plugin;
};

// The plugin's command line, and the line NRPE runs for it.
Command command(const Options& o, const PluginInfo& p, const std::string& name,
                const std::string& args) {
  Command c{name, o.plugin_dir + "/" + std::string(p.name) + args, {}, &p};
  c.line = o.sudo ? std::string(kSudo) + " -n " + c.run : c.run;
  return c;
}

// The checks a scope runs, in registry order.
struct Agent {
  std::vector<Command> commands;
  std::string note;  // why some checks are missing, as a comment
};

struct Model {
  std::vector<vserver::Guest> guests;  // enabled guests in scope, sorted by name
  std::vector<std::string> left_out;   // "old (disabled)"
  Agent host;                          // the host agent, judging the host itself
  std::vector<Agent> from_host;        // per guest: the host agent's commands for it
  std::vector<Agent> inside;           // per guest: the agent inside it
};

class Builder {
 public:
  Builder(const Options& o, const fs::Tree& tree) : o_(o), tree_(tree) {
    // The host agent's commands must read the same tree the generator read.
    if (o.root != "/") host_args_ += " --root " + o.root;
    if (o.proc != "/proc") host_args_ += " --proc " + o.proc;
    if (o.vservers_dir != "/etc/vservers") host_args_ += " --vservers-dir " + o.vservers_dir;
  }

  Agent host() const {
    Agent a;
    for (const auto& p : registry::plugins) {
      if (!p.on_host || !installed(&tree_, p, o_.all_services)) continue;
      a.commands.push_back(
          command(o_, p, command_name(std::string(p.name)), host_role(p) + host_args_));
    }
    return a;
  }

  Agent from_host(const vserver::Guest& g) const {
    Agent a;
    const auto root = guest_root(g, a);
    for (const auto& p : registry::plugins) {
      if (!p.from_host || !installed(root.get(), p, o_.all_services)) continue;
      a.commands.push_back(command(o_, p, command_name(std::string(p.name), g.name),
                                   " --guest " + g.name + host_args_));
    }
    return a;
  }

  Agent inside(const vserver::Guest& g) const {
    Agent a;
    const auto root = guest_root(g, a);
    for (const auto& p : registry::plugins) {
      if (!p.in_guest || !installed(root.get(), p, o_.all_services)) continue;
      a.commands.push_back(command(o_, p, command_name(std::string(p.name)), " --role guest"));
    }
    return a;
  }

 private:
  // The guest's root tree for service detection; null (and a note) when it cannot
  // be opened, so only the checks that need no files are generated.
  std::unique_ptr<fs::Tree> guest_root(const vserver::Guest& g, Agent& a) const {
    if (o_.all_services) return nullptr;
    try {
      return std::make_unique<fs::Tree>(tree_, g.root_dir);
    } catch (const fs::FileError& e) {
      a.note = "guest " + g.name + ": " + e.what() +
               ": service checks left out (--all-services adds them)";
      return nullptr;
    }
  }

  const Options& o_;
  const fs::Tree& tree_;
  std::string host_args_;
};

std::string first_address(const vserver::Guest& g) {
  return g.addresses.empty() ? std::string{} : g.addresses.front().address.str();
}

std::string header(const Options& o, const Model& m, const std::string& comment,
                   const std::string& what) {
  std::ostringstream out;
  std::string source = (o.root == "/" ? "" : o.root) + o.vservers_dir;
  if (o.guest.empty()) {
    const auto n = m.guests.size();
    source += " (" + std::to_string(n) + (n == 1 ? " guest)" : " guests)");
  } else {
    source += "/" + o.guest;
  }
  out << comment << " check_vs: " << what << "\n"
      << comment << " Generated by vs-nrpe-config " << o.version << " from " << source << ";\n"
      << comment << " generate it again after adding or removing a guest or a service.\n";
  if (!m.left_out.empty()) {
    out << comment << " Guests left out:";
    for (const auto& d : m.left_out)
      out << " " << d;
    out << "\n";
  }
  return out.str();
}

void notes(std::ostream& out, const Agent& a, const std::string& comment) {
  if (!a.note.empty()) out << comment << " " << a.note << "\n";
}

void nrpe_commands(std::ostream& out, const Agent& a) {
  for (const auto& c : a.commands)
    out << "command[" << c.name << "]=" << c.line << "\n";
}

std::string sudo_note(const Options& o) {
  if (!o.sudo) return {};
  return "# The plugins run as root through sudo: install the rules of\n"
         "# `vs-nrpe-config --format sudoers` (the same options) in /etc/sudoers.d/.\n";
}

std::string nrpe_host(const Options& o, const Model& m) {
  std::ostringstream out;
  out << header(o, m, "#", "NRPE commands for the agent of the VServer host " + o.host_name)
      << "# Put it in /etc/nagios/nrpe.d/ and restart nagios-nrpe-server.\n"
      << sudo_note(o) << "\n"
      << "# The host agent binds the host's own address: on the wildcard it would answer on\n"
      << "# port 5666 of every guest that runs no agent of its own.\n";
  if (net::Address::parse(o.host_address)) {
    out << "server_address=" << o.host_address << "\n";
  } else {
    out << "#server_address=ADDRESS (vs-nrpe-config --host-address ADDRESS fills it in)\n";
  }
  out << "\n# The host itself\n";
  nrpe_commands(out, m.host);
  for (std::size_t i = 0; i < m.guests.size(); ++i) {
    const auto& g = m.guests[i];
    const std::string address = first_address(g);
    out << "\n# Guest " << g.name << (address.empty() ? "" : " (" + address + ")")
        << ", checked from the host\n";
    notes(out, m.from_host[i], "#");
    nrpe_commands(out, m.from_host[i]);
  }
  return out.str();
}

// What the running kernel (--proc) gives the guest: "loopback remapped to 127.0.42.1
// (live NFlags)", "no loopback (vs2.2 kernel)".
std::string loopback_of(const Options& o, const fs::Tree& tree, const vserver::Guest& g) {
  const fs::Tree proc(o.proc);
  vserver::Kernel kernel = vserver::read_kernel(proc, tree, false);
  return vserver::view_guest(kernel, proc, tree, g).loopback.reason;
}

std::string nrpe_guest(const Options& o, const Model& m, const std::string& loopback) {
  const auto& g = m.guests.front();
  std::ostringstream out;
  out << header(o, m, "#", "NRPE commands for the agent inside guest " + g.name)
      << "# Put it in the guest's /etc/nagios/nrpe.d/ (on the host: " << g.root_dir
      << "/etc/nagios/nrpe.d/)\n# and restart nagios-nrpe-server in the guest.\n"
      << sudo_note(o) << "\n"
      << "# Guest " << g.name << ": " << loopback << ".\n"
      << "# The monitoring server reaches the agent on the guest's address: it listens there.\n"
      << "server_address=" << first_address(g) << "\n\n";
  notes(out, m.inside.front(), "#");
  nrpe_commands(out, m.inside.front());
  return out.str();
}

// sudoers: a Cmnd with arguments matches exactly those; without any it would match
// every argument list, so a plugin run without arguments is written with "".
std::string sudoers_command(const std::string& run) {
  std::string out;
  const auto space = run.find(' ');
  for (std::size_t i = 0; i < run.size(); ++i) {
    // The characters sudoers gives a meaning to inside a command's arguments.
    if (i > space && std::string(",:=\\").find(run[i]) != std::string::npos) out += '\\';
    out += run[i];
  }
  return space == std::string::npos ? out + " \"\"" : out;
}

std::string sudoers(const Options& o, const Model& m, const std::string& what) {
  std::vector<std::string> runs;
  auto add = [&](const Agent& a) {
    for (const auto& c : a.commands)
      runs.push_back(sudoers_command(c.run));
  };
  add(m.host);
  for (const auto& a : m.from_host)
    add(a);
  for (const auto& a : m.inside)
    add(a);
  std::ostringstream out;
  out << header(o, m, "#", "sudoers rules for " + what) << "# It lets NRPE's user (" << o.nrpe_user
      << ") run exactly these command lines as root, without a\n"
      << "# password: the listeners' owners, --runtime and --netns need root. Install it with\n"
      << "#   visudo -cf FILE && install -m 0440 FILE /etc/sudoers.d/check_vs\n"
      << "# and use the NRPE commands of `vs-nrpe-config --format nrpe --sudo` (same options).\n\n";
  if (runs.empty()) {
    out << "# No command to allow.\n";
    return out.str();
  }
  out << "Cmnd_Alias CHECK_VS = ";
  for (std::size_t i = 0; i < runs.size(); ++i)
    out << (i == 0 ? "" : ", \\\n    ") << runs[i];
  out << "\n" << o.nrpe_user << " ALL = (root) NOPASSWD: CHECK_VS\n";
  return out.str();
}

// Nagios: objects that use the templates of the nagios snippets. A service
// description may not hold Debian's illegal_object_name_chars (`~!$%^&*|'"<>?,()=).
void nagios_service(std::ostream& out, const std::string& host, const Command& c, bool from_host) {
  out << "define service {\n";
  if (from_host) {
    out << "    use                     check-vs-service\n"
        << "    host_name               " << host << "\n"
        << "    service_description     " << c.plugin->title << " from host\n"
        << "    check_command           check-vs-via-host-nrpe!" << c.name << "\n";
  } else {
    // vs-listen etc. set the description and the NRPE command.
    out << "    use                     vs-" << c.plugin->short_name() << "\n"
        << "    host_name               " << host << "\n";
  }
  out << "}\n";
}

std::string snippets_at(const Options& o, const std::string& what) {
  return o.snippet_dir.empty() ? "the check_vs snippets' " + what + "/"
                               : o.snippet_dir + "/" + what + "/";
}

std::string nagios(const Options& o, const Model& m) {
  std::ostringstream out;
  out << header(o, m, "#", "Nagios 4 hosts and services for " + o.host_name + " and its guests")
      << "# Needs " << snippets_at(o, "nagios") << " (the check-vs-* templates and commands).\n\n"
      << "define host {\n"
      << "    use                     check-vs-host\n"
      << "    host_name               " << o.host_name << "\n"
      << "    alias                   VServer host " << o.host_name << "\n"
      << "    address                 " << o.host_address << "\n"
      << "}\n";
  for (const auto& c : m.host.commands)
    nagios_service(out, o.host_name, c, false);
  for (std::size_t i = 0; i < m.guests.size(); ++i) {
    const auto& g = m.guests[i];
    out << "\n";
    notes(out, m.from_host[i], "#");
    out << "define host {\n"
        << "    use                     check-vs-guest\n"
        << "    host_name               " << g.name << "\n"
        << "    alias                   VServer guest " << g.name << " on " << o.host_name << "\n"
        << "    address                 " << first_address(g) << "\n"
        << "    parents                 " << o.host_name << "\n"
        << "    _VS_HOST_ADDRESS        " << o.host_address << "\n"
        << "}\n";
    for (const auto& c : m.inside[i].commands)
      nagios_service(out, g.name, c, false);
    for (const auto& c : m.from_host[i].commands)
      nagios_service(out, g.name, c, true);
  }
  return out.str();
}

// Icinga 2: hosts whose vars.check_vs feeds the apply rule of the icinga2 snippets.
void icinga_services(std::ostream& out, const Agent& a, const std::string& nrpe_address) {
  for (const auto& c : a.commands) {
    out << "  vars.check_vs[\"" << c.name << "\"] = { nrpe_command = \"" << c.name << "\"";
    if (!nrpe_address.empty()) out << ", nrpe_address = \"" << nrpe_address << "\"";
    out << ", display_name = \"" << c.plugin->title << (nrpe_address.empty() ? "" : " from host")
        << "\" }\n";
  }
}

std::string icinga_address(const std::string& address) {
  const auto a = net::Address::parse(address);
  const bool v6 = a && a->family() == net::Family::v6;
  return std::string(v6 ? "  address6 = \"" : "  address = \"") + address + "\"\n";
}

std::string icinga2(const Options& o, const Model& m) {
  std::ostringstream out;
  out << header(o, m, "//", "Icinga 2 hosts for " + o.host_name + " and its guests") << "// Needs "
      << snippets_at(o, "icinga2")
      << " (templates, the apply rule) and the ITL (<itl>, <plugins>).\n\n"
      << "object Host \"" << o.host_name << "\" {\n"
      << "  import \"check-vs-host\"\n"
      << icinga_address(o.host_address);
  icinga_services(out, m.host, "");
  out << "}\n";
  for (std::size_t i = 0; i < m.guests.size(); ++i) {
    const auto& g = m.guests[i];
    out << "\n";
    notes(out, m.from_host[i], "//");
    out << "object Host \"" << g.name << "\" {\n"
        << "  import \"check-vs-guest\"\n"
        << icinga_address(first_address(g)) << "  vars.vs_host = \"" << o.host_name << "\"\n"
        << "  vars.vs_host_address = \"" << o.host_address << "\"\n";
    icinga_services(out, m.inside[i], "");
    icinga_services(out, m.from_host[i], o.host_address);
    out << "}\n";
  }
  return out.str();
}

std::string problems_text(const vserver::Guest& g) {
  std::string s;
  for (const auto& p : g.problems) {
    s += "\n  " + (p.where.str().empty() ? "" : p.where.str() + ": ") + p.message;
  }
  return "guest " + g.name + " is not configured right:" + s;
}

Model load(const Options& o, const fs::Tree& tree) {
  if (!tree.stat(o.vservers_dir).is_directory) {
    throw ConfigError(
        tree.display(o.vservers_dir) +
        ": no such directory: no util-vserver guests to generate for (see --vservers-dir, --root)");
  }
  const auto set = vserver::load_guests(tree, o.vservers_dir);
  Model m;
  if (o.guest.empty()) {
    for (const auto& d : set.disabled)
      m.left_out.push_back(d + " (disabled)");
  }
  for (const auto& g : set.guests) {
    if (!o.guest.empty() && g.name != o.guest) continue;
    require_name("guest name", g.name);
    if (!g.problems.empty()) throw ConfigError(problems_text(g));
    if (g.name == o.host_name)
      throw ConfigError("guest " + g.name + " has the host's name; give --host-name");
    m.guests.push_back(g);
  }
  if (!o.guest.empty() && m.guests.empty()) {
    const bool off =
        std::find(set.disabled.begin(), set.disabled.end(), o.guest) != set.disabled.end();
    throw ConfigError(
        "guest '" + o.guest + "' " +
        (off ? "is disabled" : "is not configured in " + tree.display(o.vservers_dir)));
  }
  return m;
}

// The commands run by NRPE see neither the generator's working directory nor a
// trailing slash's meaning: --root is written as a normal absolute path.
std::string absolute_root(const std::string& root, const std::string& option = "--root") {
  if (root.empty()) throw ConfigError(option + " must not be empty");
  std::string out = std::filesystem::absolute(root).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/')
    out.pop_back();
  return out;
}

std::string generate_checked(const Options& o) {
  const fs::Tree tree(o.root);
  Model m = load(o, tree);
  const Builder b(o, tree);
  if (!o.guest.empty()) {
    if (o.format == Format::nrpe && m.guests.front().addresses.empty()) {
      throw ConfigError("guest " + o.guest +
                        " has no address (interfaces/*/ip): nothing for server_address");
    }
    m.inside.push_back(b.inside(m.guests.front()));
    return o.format == Format::nrpe ? nrpe_guest(o, m, loopback_of(o, tree, m.guests.front()))
                                    : sudoers(o, m, "the NRPE agent inside guest " + o.guest);
  }
  m.host = b.host();
  if (o.format == Format::nrpe || o.format == Format::sudoers) {
    // A guest without an address runs no agent, but the host agent checks it.
    for (const auto& g : m.guests)
      m.from_host.push_back(b.from_host(g));
    return o.format == Format::nrpe
               ? nrpe_host(o, m)
               : sudoers(o, m, "the NRPE agent of the VServer host " + o.host_name);
  }
  // Nagios and Icinga need an address for a host object.
  Model shown;
  shown.left_out = m.left_out;
  shown.host = m.host;
  for (const auto& g : m.guests) {
    if (g.addresses.empty()) {
      shown.left_out.push_back(g.name + " (no address)");
      continue;
    }
    shown.guests.push_back(g);
    shown.from_host.push_back(b.from_host(g));
    shown.inside.push_back(b.inside(g));
  }
  return o.format == Format::nagios ? nagios(o, shown) : icinga2(o, shown);
}

// --- The generic snippets (no tree): every plugin of the registry.

std::string snippet_header(const Options& o, const std::string& comment, const std::string& what,
                           const std::string& name) {
  return comment + " check_vs: " + what + "\n" + comment + " Generated by vs-nrpe-config " +
         o.version + " --snippet " + name + " from the plugin registry.\n" + comment + "\n";
}

std::string nrpe_host_snippet(const Options& o) {
  std::ostringstream out;
  out << snippet_header(o, "#", "NRPE commands for the agent of a Linux-VServer HOST.", "nrpe-host")
      << "# Copy or link this file into /etc/nagios/nrpe.d/ and restart nagios-nrpe-server.\n"
      << "# Every command is complete (absolute path, fixed arguments, no $ARGn$), so it works\n"
      << "# with dont_blame_nrpe=0. Delete the commands of services this host does not run.\n"
      << "# `vs-nrpe-config --format nrpe` writes the same commands for the services found on\n"
      << "# this host, plus the per-guest commands below for every configured guest.\n#\n"
      << "# Bind the agent to the host's own address: on the wildcard (the default) it answers\n"
      << "# on port 5666 of every guest that runs no agent of its own, which is exactly what\n"
      << "# check_vs_nrpe and check_vs_listen report.\n"
      << "#server_address=192.0.2.1\n\n";
  for (const auto& p : registry::plugins) {
    if (!p.on_host) continue;
    out << "# " << p.title << ": " << p.about << "\n";
    const auto c = command(o, p, std::string(p.name), host_role(p));
    out << "command[" << c.name << "]=" << c.line << "\n";
  }
  out << "\n# One guest checked from the host: its capabilities, the sockets on its addresses and\n"
      << "# the services in its root directory, judged as the guest. Copy the block per guest,\n"
      << "# replacing \"web1\" (or let vs-nrpe-config write them all).\n";
  for (const auto& p : registry::plugins) {
    if (!p.from_host) continue;
    const auto c = command(o, p, command_name(std::string(p.name), "web1"), " --guest web1");
    out << "#command[" << c.name << "]=" << c.line << "\n";
  }
  return out.str();
}

std::string nrpe_guest_snippet(const Options& o) {
  std::ostringstream out;
  out << snippet_header(o, "#", "NRPE commands for the agent INSIDE a Linux-VServer guest.",
                        "nrpe-guest")
      << "# Copy this file into the guest's /etc/nagios/nrpe.d/ and restart\n"
      << "# nagios-nrpe-server in the guest. Every command is complete (absolute path, fixed\n"
      << "# arguments, no $ARGn$), so it works with dont_blame_nrpe=0. Delete the commands of\n"
      << "# services the guest does not run; `vs-nrpe-config --format nrpe --guest NAME` writes\n"
      << "# this file for one guest, with only the services found in its root directory.\n#\n"
      << "# The monitoring server reaches the agent on the guest's address (a vs2.2 guest, or a\n"
      << "# vs2.3 one with ~lback_remap in its nflags, lacks loopback entirely), and Debian's\n"
      << "# nrpe.cfg allows only 127.0.0.1 and ::1: bind the agent to the guest's address and\n"
      << "# allow the monitoring server.\n"
      << "#server_address=192.0.2.40\n"
      << "#allowed_hosts=192.0.2.10\n\n";
  for (const auto& p : registry::plugins) {
    if (!p.in_guest) continue;
    out << "# " << p.title << ": " << p.about << "\n";
    const auto c = command(o, p, std::string(p.name), " --role guest");
    out << "command[" << c.name << "]=" << c.line << "\n";
  }
  return out.str();
}

std::string nagios_commands_snippet(const Options& o) {
  return snippet_header(o, "#", "how Nagios 4 runs the check_vs plugins, through NRPE.",
                        "nagios-commands") +
         "# $ARG1$ is the NRPE command name (check_vs_listen, check_vs_caps_web1 ...), defined\n"
         "# on the agent by nrpe.d/check_vs_host.cfg or check_vs_guest.cfg. The names differ\n"
         "# from Debian's own check_nrpe command so both can be loaded. -u: a connection\n"
         "# problem is UNKNOWN, not CRITICAL (the plugins' findings are the CRITICALs); -t 20\n"
         "# leaves the plugins' own 10 s budget room to report a timeout themselves.\n\n"
         "# The agent on the monitored host object itself (the VServer host, or the guest).\n"
         "define command {\n"
         "    command_name    check-vs-via-nrpe\n"
         "    command_line    $USER1$/check_nrpe -H $HOSTADDRESS$ -u -t 20 -c $ARG1$\n"
         "}\n\n"
         "# The VServer host's agent, for a service shown on a guest's host object: the\n"
         "# guest object carries the host's address in its custom variable _VS_HOST_ADDRESS.\n"
         "define command {\n"
         "    command_name    check-vs-via-host-nrpe\n"
         "    command_line    $USER1$/check_nrpe -H $_HOSTVS_HOST_ADDRESS$ -u -t 20 -c $ARG1$\n"
         "}\n";
}

std::string nagios_templates_snippet(const Options& o) {
  std::ostringstream out;
  out << snippet_header(o, "#", "Nagios 4 templates for a VServer host, its guests and services.",
                        "nagios-templates")
      << "# They build on the templates of Nagios' sample configuration (linux-server,\n"
      << "# generic-service: Debian's /etc/nagios4/objects/templates.cfg); change the \"use\"\n"
      << "# lines if yours are called differently. vs-nrpe-config --format nagios writes host\n"
      << "# and service objects that use these templates.\n\n"
      << "define hostgroup {\n"
      << "    hostgroup_name          check-vs-hosts\n"
      << "    alias                   Linux-VServer hosts\n"
      << "}\n\n"
      << "define hostgroup {\n"
      << "    hostgroup_name          check-vs-guests\n"
      << "    alias                   Linux-VServer guests\n"
      << "}\n\n"
      << "define host {\n"
      << "    name                    check-vs-host\n"
      << "    use                     linux-server\n"
      << "    hostgroups              check-vs-hosts\n"
      << "    notes                   Linux-VServer host: its services must bind precise "
         "addresses\n"
      << "    register                0\n"
      << "}\n\n"
      << "# Give a guest object `parents <host>` and `_VS_HOST_ADDRESS <host's address>`\n"
      << "# (for the checks that the host's agent runs on the guest's behalf).\n"
      << "define host {\n"
      << "    name                    check-vs-guest\n"
      << "    use                     linux-server\n"
      << "    hostgroups              check-vs-guests\n"
      << "    notes                   Linux-VServer guest: its own addresses only\n"
      << "    register                0\n"
      << "}\n\n"
      << "# Bind configuration changes seldom: every 15 minutes is plenty.\n"
      << "define service {\n"
      << "    name                    check-vs-service\n"
      << "    use                     generic-service\n"
      << "    check_interval          15\n"
      << "    retry_interval          5\n"
      << "    register                0\n"
      << "}\n\n"
      << "# One template per check, with the service description and the NRPE command the\n"
      << "# agents define. Use them as `define service { use vs-listen  host_name web1 }`, or\n"
      << "# with hostgroup_name to give a whole group the check.\n";
  for (const auto& p : registry::plugins) {
    out << "\n# " << p.about << "\n"
        << "define service {\n"
        << "    name                    vs-" << p.short_name() << "\n"
        << "    use                     check-vs-service\n"
        << "    service_description     " << p.title << "\n"
        << "    check_command           check-vs-via-nrpe!" << p.name << "\n"
        << "    register                0\n"
        << "}\n";
  }
  return out.str();
}

std::string icinga2_services_snippet(const Options& o) {
  return snippet_header(o, "//",
                        "Icinga 2 templates and the apply rule for a VServer host and "
                        "its guests.",
                        "icinga2-services") +
         "// A host lists its checks in the dictionary vars.check_vs, service name => what\n"
         "// the service runs (vs-nrpe-config --format icinga2 writes such hosts):\n"
         "//   { nrpe_command = \"check_vs_listen\" }         the host's own NRPE agent\n"
         "//   { nrpe_command = \"check_vs_caps_web1\", nrpe_address = \"192.0.2.1\" }\n"
         "//                                                another agent (the VServer host's)\n"
         "//   { command = \"vs_listen\", vs_role = \"host\" }    a CheckCommand of\n"
         "//                 check_vs_commands.conf run directly (add command_endpoint through\n"
         "//                 a template of yours to run it on an agent)\n"
         "// and optionally display_name. The other keys become the service's vars. NRPE\n"
         "// needs the ITL's \"nrpe\" command (include <plugins>).\n\n"
         "template Host \"check-vs-host\" {\n"
         "\tcheck_command = \"hostalive\"\n"
         "\tvars.os = \"Linux\"\n"
         "\tvars.vs_kind = \"vserver-host\"\n"
         "}\n\n"
         "template Host \"check-vs-guest\" {\n"
         "\tcheck_command = \"hostalive\"\n"
         "\tvars.os = \"Linux\"\n"
         "\tvars.vs_kind = \"vserver-guest\"\n"
         "}\n\n"
         "// Bind configuration changes seldom: every 15 minutes is plenty.\n"
         "template Service \"check-vs-service\" {\n"
         "\tmax_check_attempts = 3\n"
         "\tcheck_interval = 15m\n"
         "\tretry_interval = 5m\n"
         "}\n\n"
         "// One rule for every kind, so that it matches wherever check_vs is used at all.\n"
         "// Through NRPE: -u makes a connection problem UNKNOWN (the findings are the\n"
         "// CRITICALs), and 20 s leave the plugins' own 10 s budget room to report a timeout.\n"
         "apply Service for (name => config in host.vars.check_vs) {\n"
         "\timport \"check-vs-service\"\n"
         "\tif (config.command) {\n"
         "\t\tcheck_command = config.command\n"
         "\t} else {\n"
         "\t\tcheck_command = \"nrpe\"\n"
         "\t\tvars.nrpe_timeout = 20\n"
         "\t\tvars.nrpe_timeout_unknown = true\n"
         "\t}\n"
         "\tif (config.display_name) {\n"
         "\t\tdisplay_name = config.display_name\n"
         "\t}\n"
         "\tvars += config\n"
         "}\n";
}

}  // namespace

std::string command_name(const std::string& plugin, const std::string& guest) {
  return guest.empty() ? plugin : plugin + "_" + guest;
}

Format parse_format(const std::string& text) {
  if (text == "nrpe") return Format::nrpe;
  if (text == "nagios") return Format::nagios;
  if (text == "icinga2") return Format::icinga2;
  if (text == "sudoers") return Format::sudoers;
  throw ConfigError("--format must be nrpe, nagios, icinga2 or sudoers, not '" + text + "'");
}

Snippet parse_snippet(const std::string& text) {
  if (text == "nrpe-host") return Snippet::nrpe_host;
  if (text == "nrpe-guest") return Snippet::nrpe_guest;
  if (text == "nagios-commands") return Snippet::nagios_commands;
  if (text == "nagios-templates") return Snippet::nagios_templates;
  if (text == "icinga2-services") return Snippet::icinga2_services;
  throw ConfigError(
      "--snippet must be nrpe-host, nrpe-guest, nagios-commands, nagios-templates or "
      "icinga2-services, not '" +
      text + "'");
}

std::string snippet(Snippet which, const Options& o) {
  require_absolute("--plugin-dir", o.plugin_dir);
  switch (which) {
    case Snippet::nrpe_host:
      return nrpe_host_snippet(o);
    case Snippet::nrpe_guest:
      return nrpe_guest_snippet(o);
    case Snippet::nagios_commands:
      return nagios_commands_snippet(o);
    case Snippet::nagios_templates:
      return nagios_templates_snippet(o);
    case Snippet::icinga2_services:
      return icinga2_services_snippet(o);
  }
  throw ConfigError("unknown snippet");
}

std::string generate(const Options& given) {
  Options o = given;
  if (!o.guest.empty() && o.format != Format::nrpe && o.format != Format::sudoers) {
    throw ConfigError("--guest goes with --format nrpe or sudoers (the agent inside a guest)");
  }
  if (o.sudo && o.format != Format::nrpe) {
    throw ConfigError("--sudo goes with --format nrpe (the commands NRPE runs)");
  }
  require_name("host name", o.host_name);
  require_name("--nrpe-user", o.nrpe_user);
  if (o.host_address.empty()) o.host_address = o.host_name;
  if (!plain(o.host_address, ".:-_"))
    throw ConfigError("--host-address '" + o.host_address + "' is not an address or name");
  require_absolute("--plugin-dir", o.plugin_dir);
  require_path("--root", o.root);
  require_path("--vservers-dir", o.vservers_dir);
  require_path("--proc", o.proc);
  o.root = absolute_root(o.root);
  o.proc = absolute_root(o.proc, "--proc");
  try {
    return generate_checked(o);
  } catch (const fs::FileError& e) {
    throw ConfigError(e.what());
  }
}

}  // namespace vs::nrpeconfig
