// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/postfix_listen.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <map>
#include <set>

#include "config/lines.hpp"
#include "config/postfix_host.hpp"
#include "net/dns_name.hpp"

namespace vs::config::postfix {

namespace {

bool same_word(std::string_view a, std::string_view lower_case) {
  return lower(a) == lower_case;
}

bool is_keyword(std::string_view item) {
  return same_word(item, "all") || same_word(item, "loopback-only");
}

std::string quoted(std::string_view text) {
  return "\"" + bounded(text) + "\"";
}

net::Endpoint bind_to(const net::Address& a) {
  net::Endpoint e;
  e.address = a;
  // inet_listen() sets IPV6_V6ONLY on every IPv6 socket, so :: never takes IPv4.
  if (a.family() == net::Family::v6) e.v6only = true;
  return e;
}

bool enables(const Families& f, const net::Address& a) {
  return a.family() == net::Family::v6 ? f.v6 : f.v4;
}

int family_of(const Families& f) {
  if (f.v4 && f.v6) return AF_UNSPEC;
  return f.v6 ? AF_INET6 : AF_INET;
}

// An address literal as getaddrinfo() reads one: inet_aton's forms, IPv6 (a zone
// suffix aside).
std::optional<net::Address> literal(std::string_view host) {
  if (auto a = net::Address::parse_inet_aton(host)) return a;
  return net::Address::parse(host.substr(0, host.find('%')));
}

struct Resolution {
  enum class Outcome { found, not_found, unknown };
  Outcome outcome = Outcome::found;
  std::vector<Bind> binds;  // found: each address once; unknown: the name
  std::string why;          // not_found: why, for the message ("" when obvious)
};

// inet_addr_host(): getaddrinfo() for the inet_protocols families, the addresses in
// the order it gives them, each once; "[...]" is the text inside.
Resolution resolve(const std::string& text, const Families& f, const net::Names& names) {
  std::string host = text;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  Resolution r;
  if (!f.v4 && !f.v6) {
    r.outcome = Resolution::Outcome::not_found;
    r.why = "inet_protocols enables no protocol";
    return r;
  }
  for (const auto& found : names.getaddrinfo_order(host, family_of(f))) {
    if (!enables(f, found.address)) continue;
    if (std::any_of(r.binds.begin(), r.binds.end(),
                    [&](const Bind& b) { return b.endpoint.address == found.address; }))
      continue;
    Bind b{bind_to(found.address), {}};
    if (!found.where.file.empty()) b.origin = {bounded(host), found.where};
    r.binds.push_back(std::move(b));
  }
  if (!r.binds.empty()) return r;
  if (const auto a = literal(host); a || host.empty()) {
    r.outcome = Resolution::Outcome::not_found;
    if (a) {
      r.why = std::string("inet_protocols does not enable ") +
              (a->family() == net::Family::v6 ? "ipv6" : "ipv4");
    }
    return r;
  }
  if (const auto why = net::why_dns_cannot_resolve(host, net::NameBytes::idna)) {
    r.outcome = Resolution::Outcome::not_found;
    r.why = "not in /etc/hosts, and " + std::string(*why);
    return r;
  }
  r.outcome = Resolution::Outcome::unknown;
  net::Endpoint e;
  e.hostname = host;
  r.binds.push_back({std::move(e), {}});
  return r;
}

std::string host_not_found(const std::string& host, const std::string& why) {
  return "config variable inet_interfaces: host not found: " + bounded(host) +
         (why.empty() ? "" : " (" + why + ")");
}

// How many inet_interfaces hosts are judged, and how many sockets: a hostile value
// of a million names must not cost a million lookups and findings.
constexpr std::size_t kMaxInterfaceHosts = 256;
constexpr std::size_t kMaxListeners = 4096;

// own_inet_addr_init(): its hosts are separated by blanks and commas only. At most
// `max` of them.
std::vector<std::string> interface_hosts(std::string_view value,
                                         std::size_t max = kMaxInterfaceHosts + 1) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  constexpr std::string_view kSeparators = " \t,";
  while (out.size() < max &&
         (pos = value.find_first_not_of(kSeparators, pos)) != std::string_view::npos) {
    const std::size_t end = std::min(value.find_first_of(kSeparators, pos), value.size());
    out.emplace_back(value.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

Families read_protocols(const MainCf& main, const Defaults& defaults, std::vector<Note>& notes) {
  const auto where = lookup(main, "inet_protocols")->where;
  const Expansion x = expand(main, "inet_protocols", defaults);
  if (!x.error.empty()) {
    notes.push_back({NoteKind::refusal, where, "inet_protocols: " + x.error});
    return {true, true};
  }
  Families f;
  for (const auto& item : split_list(x.value)) {
    // Unlike inet_interfaces, Postfix 3.7 accepts these in lower case only.
    if (item == "all") {
      f = {true, true};
    } else if (item == "ipv4") {
      f.v4 = true;
    } else if (item == "ipv6") {
      f.v6 = true;
    } else {
      notes.push_back({NoteKind::refusal, where, "unknown inet_protocols value " + quoted(item)});
    }
  }
  if (!f.v4 && !f.v6)
    notes.push_back(
        {NoteKind::impaired, where, "inet_protocols enables no protocol: no inet service listens"});
  return f;
}

// What a name in a value this check cannot know stands for.
void note_unknown(const Expansion& x, const MainCf& main, const Machine& machine,
                  const Location& where, const std::string& what, std::vector<Note>& notes) {
  for (const auto& name : x.unknown) {
    std::string why;
    if (main.dropped > 0) {
      why = "$" + name + " may be among the parameters main.cf set past the first " +
            std::to_string(kMaxParameters) + ", which were not kept";
    } else if (name == "myhostname" || name == "mydomain") {
      why = "$" + name + " defaults to the machine's name, which is unknown" +
            (machine.name_unknown.empty() ? "" : " (" + machine.name_unknown + ")");
    } else {
      why = "$" + name + "'s built-in value depends on compatibility_level, not evaluated here";
    }
    notes.push_back({NoteKind::unjudged, where, why + ": " + what + " is not judged"});
  }
}

// Step 1: postfix(1) reads inet_interfaces.
class InterfacesReader {
 public:
  InterfacesReader(const MainCf& main, const Defaults& defaults, const Families& f,
                   const net::Names& names, const Machine& machine, std::vector<Note>& notes)
      : main_(main), defaults_(defaults), f_(f), names_(names), machine_(machine), notes_(notes) {}

  // False when Postfix refuses it.
  bool read(Interfaces& out) {
    const auto written = *lookup(main_, "inet_interfaces");
    out.written = written.value;
    out.where = written.where;
    const Expansion x = expand(main_, "inet_interfaces", defaults_);
    if (!x.error.empty()) {
      refuse(out.where, "inet_interfaces: " + x.error);
      out.kind = Interfaces::Kind::addresses;
      return false;
    }
    out.value = x.value;
    note_unknown(x, main_, machine_, out.where, "inet_interfaces", notes_);
    // postfix(1) takes the whole value as a keyword, never one item of a list, and
    // only in lower case.
    if (is_keyword(x.value)) {
      const bool all = same_word(x.value, "all");
      out.kind = all ? Interfaces::Kind::all : Interfaces::Kind::loopback_only;
      // Recognised in any case to judge what was meant, but refused.
      if (x.value != "all" && x.value != "loopback-only") {
        refuse(out.where, host_not_found(x.value,
                                         "Postfix's keywords are lower case: all, "
                                         "loopback-only"));
      }
      if (all) {
        add(out, net::Address::any_v4());
        add(out, net::Address::any_v6());
      } else {
        add_loopback(out);
      }
      return out.kind == Interfaces::Kind::all ? x.value == "all" : x.value == "loopback-only";
    }
    out.kind = Interfaces::Kind::addresses;
    auto hosts = interface_hosts(x.value);
    if (hosts.size() > kMaxInterfaceHosts) {
      hosts.resize(kMaxInterfaceHosts);
      notes_.push_back({NoteKind::unjudged, out.where,
                        "inet_interfaces names more than " + std::to_string(kMaxInterfaceHosts) +
                            " hosts: the others are not judged"});
    }
    for (const auto& host : hosts) {
      if (is_keyword(host)) {
        refuse(out.where, host_not_found(host, "\"" + lower(host) +
                                                   "\" is a keyword only as the whole value"));
        return false;
      }
      // A $name whose value this check cannot know stays as written: not looked up.
      Resolution r;
      if (!x.unknown.empty() && host.find('$') != std::string::npos) {
        r.outcome = Resolution::Outcome::unknown;
        net::Endpoint e;
        e.hostname = host;
        r.binds.push_back({std::move(e), {}});
      } else {
        r = resolve(host, f_, names_);
      }
      if (r.outcome == Resolution::Outcome::not_found) {
        refuse(out.where, host_not_found(host, r.why));
        return false;
      }
      for (auto& b : r.binds) {
        const bool seen = std::any_of(out.binds.begin(), out.binds.end(), [&](const Bind& o) {
          return o.endpoint.hostname == b.endpoint.hostname &&
                 o.endpoint.address == b.endpoint.address;
        });
        if (!seen) out.binds.push_back(std::move(b));
      }
    }
    return local(out);
  }

 private:
  void refuse(const Location& where, std::string text) {
    notes_.push_back({NoteKind::refusal, where, std::move(text)});
  }

  void add(Interfaces& out, const net::Address& a) {
    if (enables(f_, a)) out.binds.push_back({bind_to(a), {}});
  }

  // The machine's loopback interface addresses; 127.0.0.1 and ::1 when unknown.
  void add_loopback(Interfaces& out) {
    if (!machine_.addresses) {
      add(out, *net::Address::parse("127.0.0.1"));
      add(out, *net::Address::parse("::1"));
      return;
    }
    for (const auto& a : *machine_.addresses) {
      if (a.is_loopback()) add(out, a);
    }
  }

  // Every address must be one of the machine's interface addresses.
  bool local(const Interfaces& out) {
    std::vector<std::string> unchecked;
    for (const auto& b : out.binds) {
      if (b.endpoint.is_name()) continue;
      if (!machine_.addresses) {
        unchecked.push_back(b.endpoint.address.str());
      } else if (!machine_.has_address(b.endpoint.address)) {
        refuse(
            out.where,
            "parameter inet_interfaces: no local interface found for " + b.endpoint.address.str() +
                (b.origin.empty() ? "" : " (" + b.origin.name + ", " + b.origin.where.str() + ")") +
                ": none of " + machine_.addresses_from + " has it");
        return false;
      }
    }
    if (!unchecked.empty()) {
      std::string list;
      for (const auto& a : unchecked)
        list += (list.empty() ? "" : ", ") + a;
      notes_.push_back({NoteKind::info, out.where,
                        "not checked against the machine's interfaces (" + bounded(list) +
                            "): they are unknown for this tree; --local-addresses gives them"});
    }
    return true;
  }

  const MainCf& main_;
  const Defaults& defaults_;
  const Families& f_;
  const net::Names& names_;
  const Machine& machine_;
  std::vector<Note>& notes_;
};

// Step 2: postconf(1), run by postfix-script, reads inet_interfaces with main.cf's
// parameters only.
void check_as_postconf(const MainCf& main, const Interfaces& seen_by_postfix, const Families& f,
                       const net::Names& names, const Machine& machine, std::vector<Note>& notes) {
  const Expansion x = expand(main, "inet_interfaces", {.evaluator = Evaluator::postconf});
  if (!x.error.empty() || x.value == seen_by_postfix.value) return;  // as in step 1
  if (x.value == "all" || x.value == "loopback-only") return;
  std::string unset;
  for (const auto& name : x.defaulted)
    unset += (unset.empty() ? "$" : ", $") + name;
  const std::string context = "postconf, which \"postfix start\" runs, reads inet_interfaces as " +
                              quoted(x.value) + ": it gives " + bounded(unset) + " no value; set " +
                              (x.defaulted.size() == 1 ? "it" : "them") + " in main.cf";
  for (const auto& host : interface_hosts(x.value)) {
    const Resolution r = resolve(host, f, names);
    if (r.outcome == Resolution::Outcome::not_found) {
      notes.push_back(
          {NoteKind::refusal, seen_by_postfix.where, host_not_found(host, r.why) + "; " + context});
      return;
    }
    if (r.outcome == Resolution::Outcome::unknown) {
      notes.push_back({NoteKind::unjudged, seen_by_postfix.where,
                       "Postfix will not start unless " + quoted(host) + " resolves; " + context});
      continue;
    }
    for (const auto& b : r.binds) {
      if (machine.addresses && !machine.has_address(b.endpoint.address)) {
        notes.push_back({NoteKind::refusal, seen_by_postfix.where,
                         "parameter inet_interfaces: no local interface found for " +
                             b.endpoint.address.str() + "; " + context});
        return;
      }
    }
  }
}

// myhostname and mydomain must be valid host names (mail_params_init()).
void check_own_names(const MainCf& main, const Defaults& defaults, const Machine& machine,
                     std::vector<Note>& notes) {
  for (const char* name : {"myhostname", "mydomain"}) {
    const Expansion x = expand(main, name, defaults);
    if (!x.error.empty()) {
      notes.push_back({NoteKind::refusal, lookup(main, name).value_or(Parameter{}).where,
                       std::string(name) + ": " + x.error});
      return;
    }
    if (!x.unknown.empty() || valid_hostname(x.value)) continue;
    Location where{"default", 0};
    if (const auto it = main.parameters.find(name); it != main.parameters.end()) {
      where = it->second.where;
    } else if (machine.name) {
      where = machine.name->where;
    }
    notes.push_back({NoteKind::refusal, where,
                     "file " + main.file + ": parameter " + name +
                         ": bad parameter value: " + bounded(x.value)});
    return;
  }
}

bool no_family(const Families& f) {
  return !f.v4 && !f.v6;
}

bool ends_with(std::string_view text, std::string_view end) {
  return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

// What net::Names found wrong in a file of the name service ("/etc/services"), if
// anything (it cannot be read, or glibc complains about it).
std::optional<net::FileNote> problem_with(const net::Names& names, std::string_view path) {
  for (const auto& p : names.problems()) {
    if (ends_with(p.where.file, path)) return p;
  }
  return std::nullopt;
}

// Step 3: master(8) reads master.cf and binds.
class MasterPlanner {
 public:
  MasterPlanner(const MainCf& main, const Defaults& defaults, const net::Names& names,
                const Machine& machine, ListenPlan& plan)
      : names_(names), machine_(machine), plan_(plan) {
    // Postfix stopped before master(8) binds anything, or at a line of master.cf.
    refused_ = std::any_of(plan_.notes.begin(), plan_.notes.end(),
                           [](const Note& n) { return n.kind == NoteKind::refusal; });
    const Expansion known = expand(main, "known_tcp_ports", defaults);
    const auto parsed = parse_known_tcp_ports(known.value);
    known_ = parsed.ports;
    for (const auto& problem : parsed.problems) {
      plan_.notes.push_back({NoteKind::ignored, lookup(main, "known_tcp_ports")->where,
                             "known_tcp_ports: " + problem});
    }
  }

  void add(const InetService& s) {
    if (full_) return;
    std::vector<Bind> binds;
    if (s.host.empty()) {
      binds = plan_.interfaces.binds;
    } else {
      Resolution r = resolve(s.host, plan_.protocols, names_);
      if (r.outcome == Resolution::Outcome::not_found) {
        refuse(s.where, "bad hostname or network address: " + bounded(s.name) +
                            (r.why.empty() ? "" : " (" + r.why + ")"));
        return;
      }
      binds = std::move(r.binds);
    }
    if (binds.empty()) {
      if (!no_family(plan_.protocols))
        refuse(s.where, "no valid IP address found: " + bounded(s.name));
      return;
    }
    const auto port = port_of(s, binds.front());
    if (!port) return;
    // master(8) knows a service by its host and port once resolved: "smtp" and "25"
    // are one service, and the last line only changes its process settings.
    if (!services_.insert(canonical(s, *port)).second) return;
    if (*port == 0 && numeric_port(s.port)) {
      plan_.notes.push_back(
          {NoteKind::unjudged, s.where,
           "port " + bounded(s.port) + " is 0 to the kernel, which binds any free port"});
    }
    for (auto& b : binds) {
      if (plan_.listeners.size() == kMaxListeners) {
        plan_.notes.push_back({NoteKind::unjudged, s.where,
                               "more than " + std::to_string(kMaxListeners) +
                                   " sockets: this service's and the next are not judged"});
        full_ = true;
        return;
      }
      if (!s.host.empty() && !b.endpoint.is_name() && !b.endpoint.address.is_wildcard() &&
          machine_.addresses && !machine_.has_address(b.endpoint.address)) {
        refuse(s.where, "bind " + b.endpoint.address.str() + " port " + std::to_string(*port) +
                            ": Cannot assign requested address (none of " +
                            machine_.addresses_from + " has it)");
      }
      b.endpoint.port = *port;
      plan_.listeners.push_back(
          {std::move(b.endpoint), s.where, s.name, s.host.empty(), std::move(b.origin)});
    }
  }

 private:
  // Only master(8)'s first fatal error is said: it stops there.
  void refuse(const Location& where, std::string text) {
    if (refused_) return;
    refused_ = true;
    plan_.notes.push_back({NoteKind::refusal, where, std::move(text)});
  }

  // A number (its low 16 bits), a known_tcp_ports name, or a services(5) name of the
  // judged tree; nullopt when none, which stops master(8) as it binds.
  std::optional<std::uint16_t> port_of(const InetService& s, const Bind& first) {
    if (auto n = numeric_port(s.port)) return n;
    if (const auto it = known_.find(s.port); it != known_.end()) return numeric_port(it->second);
    if (const auto p = names_.port(s.port, net::Proto::tcp)) return p->port;
    if (const auto problem = problem_with(names_, "/etc/services")) {
      plan_.notes.push_back({NoteKind::unjudged, s.where,
                             "unknown service name " + quoted(s.port) + " in " + bounded(s.name) +
                                 ": " + problem->message + " (judged without a port)"});
      return 0;
    }
    const std::string address =
        first.endpoint.is_name() ? first.endpoint.hostname : first.endpoint.address.str();
    refuse(s.where, bounded(address + ":" + s.port) + ": Servname not supported for ai_socktype (" +
                        quoted(s.port) + " is neither in known_tcp_ports nor in /etc/services)");
    return std::nullopt;
  }

  static std::string canonical(const InetService& s, std::uint16_t port) {
    const std::string p = std::to_string(port);
    if (s.host.empty()) return p;
    const auto a = literal(s.host);
    return "[" + (a ? a->str() : s.host) + "]:" + p;
  }

  const net::Names& names_;
  const Machine& machine_;
  ListenPlan& plan_;
  std::map<std::string, std::string> known_;
  std::set<std::string> services_;
  bool refused_ = false;
  bool full_ = false;  // kMaxListeners reached
};

}  // namespace

ListenPlan plan_listeners(const MainCf& main, const MasterCf& master, const net::Names& names,
                          const Machine& machine) {
  ListenPlan plan;
  plan.notes = main.notes;
  plan.notes.insert(plan.notes.end(), master.notes.begin(), master.notes.end());
  Defaults defaults;
  if (machine.name) defaults.machine_name = machine.name->name;
  check_own_names(main, defaults, machine, plan.notes);
  plan.protocols = read_protocols(main, defaults, plan.notes);
  InterfacesReader reader(main, defaults, plan.protocols, names, machine, plan.notes);
  if (reader.read(plan.interfaces))
    check_as_postconf(main, plan.interfaces, plan.protocols, names, machine, plan.notes);
  MasterPlanner planner(main, defaults, names, machine, plan);
  for (const auto& s : master.services)
    planner.add(s);
  return plan;
}

std::string resolved_text(const Origin& origin, const net::Address& address) {
  return origin.name + " is " + address.str() + " (" + origin.where.str() + ")";
}

bool loopback_only(const Interfaces& interfaces) {
  const auto& b = interfaces.binds;
  return !b.empty() && std::all_of(b.begin(), b.end(), [](const Bind& bind) {
    return !bind.endpoint.is_name() && bind.endpoint.address.is_loopback();
  });
}

namespace {

// --config is the directory; a path to main.cf works too.
std::string config_dir(const fs::Tree& tree, const std::string& path) {
  return tree.stat(path).is_regular ? fs::dirname(path) : path;
}

// A value on one line: each run of blanks (tabs of continuation lines, a '\r') one space.
std::string one_line(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (!is_space(c)) {
      out += c;
    } else if (out.empty() || out.back() != ' ') {
      out += ' ';
    }
  }
  return out;
}

std::string effective_value(const Interfaces& i) {
  std::string text = "inet_interfaces = " + bounded(one_line(i.value));
  if (i.written != i.value) text += " (written: " + bounded(one_line(i.written)) + ")";
  return text;
}

// Where myhostname comes from when main.cf does not set it: worth saying when
// inet_interfaces uses it.
void note_machine_name(const MainCf& main, const Machine& machine, const Interfaces& i,
                       std::vector<Note>& notes) {
  if (main.parameters.count("myhostname") != 0 || !machine.name) return;
  if (i.written.find("myhostname") == std::string::npos &&
      i.written.find("mydomain") == std::string::npos)
    return;
  Defaults defaults{.machine_name = machine.name->name};
  notes.push_back({NoteKind::info, i.where,
                   "myhostname is " + bounded(expand(main, "myhostname", defaults).value) +
                       ", from the machine's name " + bounded(machine.name->name) + " (" +
                       machine.name->where.str() + ")"});
}

}  // namespace

ServiceConfig read_postfix(const fs::Tree& tree, const std::string& path, const Machine& machine) {
  const std::string dir = config_dir(tree, path);
  const auto main_text = tree.read(fs::join(dir, "main.cf"));
  const auto master_text = tree.read(fs::join(dir, "master.cf"));
  const MainCf main = parse_main_cf(main_text.content, main_text.path);
  Defaults defaults;
  if (machine.name) defaults.machine_name = machine.name->name;
  const auto disabled = split_list(expand(main, "master_service_disable", defaults).value);
  const MasterCf master = parse_master_cf(master_text.content, master_text.path, disabled);
  const net::Names names(tree);
  const auto plan = plan_listeners(main, master, names, machine);

  ServiceConfig out;
  out.files_read = {main_text.path, master_text.path};
  // A bind names its service and address, and the name it was resolved from; the
  // always-shown inet_interfaces line says where an address without a host in
  // master.cf comes from.
  for (const auto& l : plan.listeners) {
    out.endpoints.push_back(
        {l.endpoint, l.where,
         l.service + " " + l.endpoint.str() +
             (l.origin.empty() ? "" : ", as " + resolved_text(l.origin, l.endpoint.address))});
  }
  out.notes = plan.notes;
  const bool names_unresolved = std::any_of(plan.listeners.begin(), plan.listeners.end(),
                                            [](const Listener& l) { return l.endpoint.is_name(); });
  if (names_unresolved) {
    // Why a name may have stayed one: a file of the resolver it is unreadable, or
    // glibc complains about.
    for (const char* file : {"/etc/hosts", "/etc/host.conf", "/etc/gai.conf"}) {
      if (const auto p = problem_with(names, file))
        out.notes.push_back({NoteKind::unjudged, p->where, p->message});
    }
  }
  if (loopback_only(plan.interfaces)) {
    // The talk's lesson: a guest has no loopback interface, so master(8) cannot bind.
    out.notes.push_back(
        {.kind = NoteKind::refusal,
         .where = plan.interfaces.where,
         .text = "no loopback interface (inet_interfaces = " + bounded(plan.interfaces.value) +
                 "): use all or the guest's own address",
         .brief = "no loopback interface",
         .needs_loopback = true});
  }
  note_machine_name(main, machine, plan.interfaces, out.notes);
  out.notes.push_back({.kind = NoteKind::info,
                       .where = plan.interfaces.where,
                       .text = effective_value(plan.interfaces),
                       .always_shown = true});
  return out;
}

}  // namespace vs::config::postfix
