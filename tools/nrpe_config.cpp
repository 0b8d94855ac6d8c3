#include "nrpe_config.hpp"

#include <algorithm>
#include <memory>
#include <sstream>

#include "fs/tree.hpp"
#include "net/address.hpp"
#include "vserver/guest.hpp"

namespace vs::nrpeconfig {
namespace {

// One plugin of the suite and where it makes sense to run it.
struct Check {
  std::string plugin;  // "check_vs_sshd"
  std::string title;   // service description: "VS sshd"
  // Reads /etc/vservers: only the host agent can run it (for all guests or --guest).
  bool host_only = false;
  // A configuration check runs where its service is installed: one of these files
  // exists (the plugin's default --config and its alternatives). Empty: always.
  std::vector<std::string> config_files;
};

const std::vector<Check>& catalog() {
  static const std::vector<Check> checks = {
      {"check_vs_caps", "VS capabilities", true, {}},
      {"check_vs_listen", "VS listeners", false, {}},
      {"check_vs_postfix", "VS Postfix", false, {"/etc/postfix/main.cf"}},
      {"check_vs_sshd", "VS sshd", false, {"/etc/ssh/sshd_config"}},
      {"check_vs_apache",
       "VS Apache",
       false,
       {"/etc/apache2/apache2.conf", "/etc/httpd/conf/httpd.conf"}},
      {"check_vs_slapd", "VS slapd", false, {"/etc/default/slapd", "/etc/sysconfig/slapd"}},
      {"check_vs_nrpe", "VS NRPE", false, {"/etc/nagios/nrpe.cfg"}},
      {"check_vs_mysql", "VS MySQL", false, {"/etc/mysql/my.cnf"}},
  };
  return checks;
}

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

struct Command {
  std::string name;  // NRPE command name
  std::string line;  // the whole command line
  const Check* check;
};

// The checks a scope runs, in catalog order.
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
    for (const auto& c : catalog()) {
      if (std::find(o.plugins.begin(), o.plugins.end(), c.plugin) != o.plugins.end())
        checks_.push_back(&c);
    }
    // The host agent's commands must read the same tree the generator read.
    if (o.root != "/") host_args_ += " --root " + o.root;
    if (o.vservers_dir != "/etc/vservers") host_args_ += " --vservers-dir " + o.vservers_dir;
  }

  Agent host() const {
    Agent a;
    for (const auto* c : checks_) {
      if (!wanted(&tree_, *c)) continue;
      a.commands.push_back(make(*c, {}, c->host_only ? "" : " --role host", true));
    }
    return a;
  }

  Agent from_host(const vserver::Guest& g) const {
    Agent a;
    const auto root = guest_root(g, a);
    for (const auto* c : checks_) {
      if (!wanted(root.get(), *c)) continue;
      a.commands.push_back(make(*c, g.name, " --guest " + g.name, true));
    }
    return a;
  }

  Agent inside(const vserver::Guest& g) const {
    Agent a;
    const auto root = guest_root(g, a);
    for (const auto* c : checks_) {
      if (c->host_only || !wanted(root.get(), *c)) continue;
      a.commands.push_back(make(*c, {}, " --role guest", false));
    }
    return a;
  }

 private:
  Command make(const Check& c, const std::string& guest, const std::string& args,
               bool on_host) const {
    return {command_name(c.plugin, guest),
            o_.plugin_dir + "/" + c.plugin + args + (on_host ? host_args_ : ""), &c};
  }

  // A check runs where its service is: always for the checks without files, with
  // --all-services, or when one of its files exists in `tree` (null: unreadable).
  bool wanted(const fs::Tree* tree, const Check& c) const {
    if (o_.all_services || c.config_files.empty()) return true;
    return tree != nullptr &&
           std::any_of(c.config_files.begin(), c.config_files.end(),
                       [&](const std::string& f) { return tree->stat(f).exists; });
  }

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
  std::vector<const Check*> checks_;
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

std::string nrpe_host(const Options& o, const Model& m) {
  std::ostringstream out;
  out << header(o, m, "#", "NRPE commands for the agent of the VServer host " + o.host_name)
      << "# Put it in /etc/nagios/nrpe.d/ and restart nagios-nrpe-server.\n\n"
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

std::string nrpe_guest(const Options& o, const Model& m) {
  const auto& g = m.guests.front();
  std::ostringstream out;
  out << header(o, m, "#", "NRPE commands for the agent inside guest " + g.name)
      << "# Put it in the guest's /etc/nagios/nrpe.d/ (on the host: " << g.root_dir
      << "/etc/nagios/nrpe.d/)\n# and restart nagios-nrpe-server in the guest.\n\n"
      << "# A guest has no loopback of its own: the agent listens on the guest's address.\n"
      << "server_address=" << first_address(g) << "\n\n";
  notes(out, m.inside.front(), "#");
  nrpe_commands(out, m.inside.front());
  return out.str();
}

// Nagios: objects that use the templates of nrpe-snippets/nagios/.
void nagios_service(std::ostream& out, const std::string& host, const Command& c, bool from_host) {
  out << "define service {\n";
  if (from_host) {
    out << "    use                     check-vs-service\n"
        << "    host_name               " << host << "\n"
        << "    service_description     " << c.check->title << " (from host)\n"
        << "    check_command           check-vs-via-host-nrpe!" << c.name << "\n";
  } else {
    // vs-listen etc. set the description and the NRPE command.
    std::string use = c.check->plugin;
    use = "vs-" + use.substr(std::string("check_vs_").size());
    out << "    use                     " << use << "\n"
        << "    host_name               " << host << "\n";
  }
  out << "}\n";
}

std::string nagios(const Options& o, const Model& m) {
  std::ostringstream out;
  out << header(o, m, "#", "Nagios 4 hosts and services for " + o.host_name + " and its guests")
      << "# Needs nrpe-snippets/nagios/ (the check-vs-* templates and commands).\n\n"
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

// Icinga 2: hosts whose vars feed the apply rules of nrpe-snippets/icinga2/.
std::string icinga_list(const Agent& a) {
  std::string s = "[";
  for (std::size_t i = 0; i < a.commands.size(); ++i) {
    s += (i == 0 ? " \"" : ", \"") + a.commands[i].name + "\"";
  }
  return s + (a.commands.empty() ? "]" : " ]");
}

std::string icinga_address(const std::string& address) {
  const auto a = net::Address::parse(address);
  const bool v6 = a && a->family() == net::Family::v6;
  return std::string(v6 ? "  address6 = \"" : "  address = \"") + address + "\"\n";
}

std::string icinga2(const Options& o, const Model& m) {
  std::ostringstream out;
  out << header(o, m, "//", "Icinga 2 hosts for " + o.host_name + " and its guests")
      << "// Needs nrpe-snippets/icinga2/ (templates, apply rules) and the ITL (<itl>, "
         "<plugins>).\n\n"
      << "object Host \"" << o.host_name << "\" {\n"
      << "  import \"check-vs-host\"\n"
      << icinga_address(o.host_address) << "  vars.check_vs_nrpe = " << icinga_list(m.host) << "\n"
      << "}\n";
  for (std::size_t i = 0; i < m.guests.size(); ++i) {
    const auto& g = m.guests[i];
    out << "\n";
    notes(out, m.from_host[i], "//");
    out << "object Host \"" << g.name << "\" {\n"
        << "  import \"check-vs-guest\"\n"
        << icinga_address(first_address(g)) << "  vars.vs_host = \"" << o.host_name << "\"\n"
        << "  vars.vs_host_address = \"" << o.host_address << "\"\n"
        << "  vars.check_vs_nrpe = " << icinga_list(m.inside[i]) << "\n"
        << "  vars.check_vs_host_nrpe = " << icinga_list(m.from_host[i]) << "\n"
        << "}\n";
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

}  // namespace

std::string command_name(const std::string& plugin, const std::string& guest) {
  return guest.empty() ? plugin : plugin + "_" + guest;
}

Format parse_format(const std::string& text) {
  if (text == "nrpe") return Format::nrpe;
  if (text == "nagios") return Format::nagios;
  if (text == "icinga2") return Format::icinga2;
  throw ConfigError("--format must be nrpe, nagios or icinga2, not '" + text + "'");
}

std::string generate(const Options& given) {
  Options o = given;
  if (o.format != Format::nrpe && !o.guest.empty()) {
    throw ConfigError("--guest goes with --format nrpe (the agent inside a guest)");
  }
  require_name("host name", o.host_name);
  if (o.host_address.empty()) o.host_address = o.host_name;
  if (!plain(o.host_address, ".:-_"))
    throw ConfigError("--host-address '" + o.host_address + "' is not an address or name");
  require_path("--plugin-dir", o.plugin_dir);
  require_path("--root", o.root);
  require_path("--vservers-dir", o.vservers_dir);
  try {
    const fs::Tree tree(o.root);
    Model m = load(o, tree);
    const Builder b(o, tree);
    if (o.format == Format::nrpe && !o.guest.empty()) {
      if (m.guests.front().addresses.empty()) {
        throw ConfigError("guest " + o.guest +
                          " has no address (interfaces/*/ip): nothing for server_address");
      }
      m.inside.push_back(b.inside(m.guests.front()));
      return nrpe_guest(o, m);
    }
    m.host = b.host();
    if (o.format == Format::nrpe) {
      // A guest without an address runs no agent, but the host agent checks it.
      for (const auto& g : m.guests)
        m.from_host.push_back(b.from_host(g));
      return nrpe_host(o, m);
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
  } catch (const fs::FileError& e) {
    throw ConfigError(e.what());
  }
}

}  // namespace vs::nrpeconfig
