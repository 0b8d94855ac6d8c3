#include "config/postfix_listen.hpp"

#include <algorithm>

#include "config/host_port.hpp"

namespace vs::config::postfix {

namespace {

bool same_word(std::string_view a, std::string_view lower_case) {
  return lower(a) == lower_case;
}

bool is_keyword(std::string_view item) {
  return same_word(item, "all") || same_word(item, "loopback-only");
}

net::Endpoint bind_to(const net::Address& a) {
  net::Endpoint e;
  e.address = a;
  // inet_listen() sets IPV6_V6ONLY on every IPv6 socket, so :: never takes IPv4.
  if (a.family() == net::Family::v6) e.v6only = true;
  return e;
}

void add_unique(std::vector<net::Endpoint>& binds, net::Endpoint e) {
  const bool seen = std::any_of(binds.begin(), binds.end(), [&](const net::Endpoint& b) {
    return b.hostname == e.hostname && b.address == e.address;
  });
  if (!seen) binds.push_back(std::move(e));
}

void add_per_family(std::vector<net::Endpoint>& binds, const Families& f, const net::Address& v4,
                    const net::Address& v6) {
  if (f.v4) add_unique(binds, bind_to(v4));
  if (f.v6) add_unique(binds, bind_to(v6));
}

// What one host (an inet_interfaces item, or a master.cf service's host part)
// binds. "localhost" is 127.0.0.1 and ::1 as Debian's /etc/hosts has it.
void resolve_host(const std::string& host, const Families& f, const Location& where,
                  std::vector<net::Endpoint>& binds, std::vector<Note>& notes) {
  if (same_word(host, "localhost")) {
    add_per_family(binds, f, *net::Address::parse("127.0.0.1"), *net::Address::parse("::1"));
    return;
  }
  const auto address = net::Address::parse(host);
  if (!address) {
    net::Endpoint e;
    e.hostname = host;
    add_unique(binds, std::move(e));
    return;
  }
  const bool v6 = address->family() == net::Family::v6;
  if (v6 ? !f.v6 : !f.v4) {
    notes.push_back(
        {NoteKind::refusal, where,
         "host not found: " + host + ": inet_protocols does not enable " + (v6 ? "ipv6" : "ipv4")});
    return;
  }
  add_unique(binds, bind_to(*address));
}

Families read_protocols(const MainCf& main, std::vector<Note>& notes) {
  const auto where = lookup(main, "inet_protocols")->where;
  const Expansion x = expand(main, "inet_protocols");
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
      notes.push_back({NoteKind::refusal, where, "unknown inet_protocols value \"" + item + "\""});
    }
  }
  if (!f.v4 && !f.v6)
    notes.push_back(
        {NoteKind::impaired, where, "inet_protocols enables no protocol: no inet service listens"});
  return f;
}

Interfaces read_interfaces(const MainCf& main, const Families& f, std::vector<Note>& notes) {
  Interfaces out;
  const auto written = *lookup(main, "inet_interfaces");
  out.written = written.value;
  out.where = written.where;
  const Expansion x = expand(main, "inet_interfaces");
  if (!x.error.empty()) {
    notes.push_back({NoteKind::refusal, out.where, "inet_interfaces: " + x.error});
    out.kind = Interfaces::Kind::addresses;
    return out;
  }
  out.value = x.value;
  for (const auto& name : x.guessed) {
    notes.push_back({NoteKind::unjudged, out.where,
                     "inet_interfaces tests $" + name +
                         ", which main.cf does not set: taken as empty, Postfix's built-in "
                         "value may differ"});
  }
  const auto items = split_list(x.value);
  // master(8) takes the whole value as a keyword, never one item of a list.
  const bool keyword = items.size() == 1 && items.front() == x.value && is_keyword(x.value);
  if (keyword && x.value != "all" && x.value != "loopback-only") {
    notes.push_back({NoteKind::refusal, out.where,
                     "Postfix reads \"" + x.value +
                         "\" as a host name (its keywords are lower case): host not found"});
  }
  if (keyword && same_word(x.value, "all")) {
    out.kind = Interfaces::Kind::all;
    add_per_family(out.binds, f, net::Address::any_v4(), net::Address::any_v6());
    return out;
  }
  if (keyword) {
    out.kind = Interfaces::Kind::loopback_only;
    add_per_family(out.binds, f, *net::Address::parse("127.0.0.1"), *net::Address::parse("::1"));
    return out;
  }
  out.kind = Interfaces::Kind::addresses;
  if (items.empty()) {
    notes.push_back(
        {NoteKind::impaired, out.where,
         "inet_interfaces is empty: services without a host in master.cf listen nowhere"});
  }
  for (const auto& item : items) {
    if (is_keyword(item)) {
      notes.push_back({NoteKind::refusal, out.where,
                       "\"" + item +
                           "\" is a keyword only as the whole value: Postfix looks it up as a "
                           "host name: host not found"});
      continue;
    }
    resolve_host(item, f, out.where, out.binds, notes);
  }
  return out;
}

// master_service_disable: a Postfix match list, first match wins, "!" negates.
bool disabled(const std::vector<std::string>& patterns, const std::string& service) {
  for (const auto& p : patterns) {
    const bool negated = !p.empty() && p.front() == '!';
    const std::string_view pattern = std::string_view(p).substr(negated ? 1 : 0);
    if (pattern == "inet" || pattern == service + "/inet") return !negated;
  }
  return false;
}

}  // namespace

ListenPlan plan_listeners(const MainCf& main, const MasterCf& master) {
  ListenPlan plan;
  plan.notes = main.notes;
  plan.notes.insert(plan.notes.end(), master.notes.begin(), master.notes.end());
  plan.protocols = read_protocols(main, plan.notes);
  plan.interfaces = read_interfaces(main, plan.protocols, plan.notes);

  const Expansion disable = expand(main, "master_service_disable");
  const auto patterns = split_list(disable.value);
  for (const auto& s : master.services) {
    if (disabled(patterns, s.name)) continue;
    const auto port = service_port(s.port);
    if (!port) {
      plan.notes.push_back({NoteKind::unjudged, s.where,
                            "unknown service name \"" + s.port + "\" in " + s.name +
                                ": not a port this check knows (judged without a port)"});
    }
    std::vector<net::Endpoint> binds;
    if (s.host.empty()) {
      binds = plan.interfaces.binds;
    } else {
      resolve_host(s.host, plan.protocols, s.where, binds, plan.notes);
    }
    for (auto& e : binds) {
      e.port = port.value_or(0);
      plan.listeners.push_back({std::move(e), s.where, s.name, s.host.empty()});
    }
  }
  return plan;
}

bool loopback_only(const Interfaces& interfaces) {
  const auto& b = interfaces.binds;
  return !b.empty() && std::all_of(b.begin(), b.end(), [](const net::Endpoint& e) {
    return !e.is_name() && e.address.is_loopback();
  });
}

namespace {

// --config is the directory; a path to main.cf works too.
std::string config_dir(const fs::Tree& tree, const std::string& path) {
  return tree.stat(path).is_regular ? fs::dirname(path) : path;
}

std::string effective_value(const Interfaces& i) {
  std::string text = "inet_interfaces = " + i.value;
  if (i.written != i.value) text += " (written: " + i.written + ")";
  return text;
}

}  // namespace

ServiceConfig read_postfix(const fs::Tree& tree, const std::string& path) {
  const std::string dir = config_dir(tree, path);
  const auto main_text = tree.read(fs::join(dir, "main.cf"));
  const auto master_text = tree.read(fs::join(dir, "master.cf"));
  const auto plan = plan_listeners(parse_main_cf(main_text.content, main_text.path),
                                   parse_master_cf(master_text.content, master_text.path));

  ServiceConfig out;
  out.files_read = {main_text.path, master_text.path};
  // A bind names its service and address; the always-shown inet_interfaces line
  // says where an address without a host in master.cf comes from.
  for (const auto& l : plan.listeners)
    out.endpoints.push_back({l.endpoint, l.where, l.service + " " + l.endpoint.str()});
  out.notes = plan.notes;
  if (loopback_only(plan.interfaces)) {
    // The talk's lesson: a guest has no loopback interface, so master(8) cannot bind.
    out.notes.push_back({.kind = NoteKind::refusal,
                         .where = plan.interfaces.where,
                         .text = "no loopback interface (inet_interfaces = " +
                                 plan.interfaces.value + "): use all or the guest's own address",
                         .brief = "no loopback interface",
                         .needs_loopback = true});
  }
  out.notes.push_back({.kind = NoteKind::info,
                       .where = plan.interfaces.where,
                       .text = effective_value(plan.interfaces),
                       .always_shown = true});
  return out;
}

}  // namespace vs::config::postfix
