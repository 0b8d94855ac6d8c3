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
                  std::vector<net::Endpoint>& binds, std::vector<Problem>& problems) {
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
    problems.push_back(
        {where,
         "host not found: " + host + ": inet_protocols does not enable " + (v6 ? "ipv6" : "ipv4"),
         true});
    return;
  }
  add_unique(binds, bind_to(*address));
}

Families read_protocols(const MainCf& main, std::vector<Problem>& problems) {
  const auto where = lookup(main, "inet_protocols")->where;
  const Expansion x = expand(main, "inet_protocols");
  if (!x.error.empty()) {
    problems.push_back({where, "inet_protocols: " + x.error, true});
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
      problems.push_back({where, "unknown inet_protocols value \"" + item + "\"", true});
    }
  }
  if (!f.v4 && !f.v6)
    problems.push_back({where, "inet_protocols enables no protocol: no inet service listens"});
  return f;
}

Interfaces read_interfaces(const MainCf& main, const Families& f, std::vector<Problem>& problems) {
  Interfaces out;
  const auto written = *lookup(main, "inet_interfaces");
  out.written = written.value;
  out.where = written.where;
  const Expansion x = expand(main, "inet_interfaces");
  if (!x.error.empty()) {
    problems.push_back({out.where, "inet_interfaces: " + x.error, true});
    out.kind = Interfaces::Kind::addresses;
    return out;
  }
  out.value = x.value;
  for (const auto& name : x.guessed) {
    problems.push_back(
        {out.where, "inet_interfaces tests $" + name +
                        ", which main.cf does not set: taken as empty, Postfix's built-in "
                        "value may differ"});
  }
  const auto items = split_list(x.value);
  // master(8) takes the whole value as a keyword, never one item of a list.
  const bool keyword = items.size() == 1 && items.front() == x.value && is_keyword(x.value);
  if (keyword && x.value != "all" && x.value != "loopback-only") {
    problems.push_back({out.where,
                        "Postfix reads \"" + x.value +
                            "\" as a host name (its keywords are lower case): host not found",
                        true});
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
    problems.push_back(
        {out.where,
         "inet_interfaces is empty: services without a host in master.cf listen nowhere"});
  }
  for (const auto& item : items) {
    if (is_keyword(item)) {
      problems.push_back(
          {out.where,
           "\"" + item +
               "\" is a keyword only as the whole value: Postfix looks it up as a host "
               "name: host not found",
           true});
      continue;
    }
    resolve_host(item, f, out.where, out.binds, problems);
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
  plan.problems = main.problems;
  plan.problems.insert(plan.problems.end(), master.problems.begin(), master.problems.end());
  plan.protocols = read_protocols(main, plan.problems);
  plan.interfaces = read_interfaces(main, plan.protocols, plan.problems);

  const Expansion disable = expand(main, "master_service_disable");
  const auto patterns = split_list(disable.value);
  for (const auto& s : master.services) {
    if (disabled(patterns, s.name)) continue;
    const auto port = service_port(s.port);
    if (!port) {
      plan.problems.push_back(
          {s.where, "unknown service name \"" + s.port + "\" in " + s.name +
                        ": not a port this check knows (judged without a port)"});
    }
    std::vector<net::Endpoint> binds;
    if (s.host.empty()) {
      binds = plan.interfaces.binds;
    } else {
      resolve_host(s.host, plan.protocols, s.where, binds, plan.problems);
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

}  // namespace vs::config::postfix
