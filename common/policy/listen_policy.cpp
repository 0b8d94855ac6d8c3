// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/listen_policy.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <tuple>

#include "plugin/number.hpp"
#include "plugin/options.hpp"

namespace vs::policy {

using plugin::Status;

namespace {

std::optional<std::uint16_t> parse_port(std::string_view text) {
  const auto value = plugin::parse_number<std::uint16_t>(text);
  if (value == 0) return std::nullopt;
  return value;
}

// Strips a "tcp/" or "udp/" prefix.
std::optional<net::Proto> take_proto(std::string_view& text) {
  for (const net::Proto p : {net::Proto::tcp, net::Proto::udp}) {
    const std::string prefix = std::string(net::name(p)) + "/";
    if (text.substr(0, prefix.size()) == prefix) {
      text.remove_prefix(prefix.size());
      return p;
    }
  }
  return std::nullopt;
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "tcp 0.0.0.0:22 (sshd)": a listener as the summary names it.
std::string short_name(const net::Listener& l) {
  std::string out = l.endpoint.str();
  if (l.process && !l.process->command.empty()) out += " (" + l.process->command + ")";
  return out;
}

bool belongs_to_guest(const ListenScope& scope, const net::Listener& l) {
  if (scope.xid && l.process && l.process->vxid == scope.xid) return true;
  if (l.endpoint.is_wildcard()) return false;
  // What the guest binds as 127.0.0.1 shows at its remapped address from the host.
  const auto& lback = scope.policy.loopback().address;
  if (lback && l.endpoint.address == *lback) return true;
  const auto& own = scope.policy.self_addresses();
  return std::any_of(own.begin(), own.end(),
                     [&](const net::Address& a) { return net::same_host(a, l.endpoint.address); });
}

// ::ffff:a.b.c.d is a specific IPv4 bind made through an IPv6 socket: say so.
std::string mapped_note(const net::Endpoint& e) {
  if (!e.address.is_v4_mapped() || e.is_wildcard()) return {};
  return "IPv4 address " + e.address.unmapped().str() + " (v4-mapped); ";
}

struct Judged {
  const net::Listener* listener = nullptr;
  Status status = Status::ok;
  std::string text;
  bool counted = false;   // a non-exempt wildcard that reaches a guest: the main metric
  bool no_guest = false;  // a non-exempt host wildcard that answers for no guest today
};

using ShadowKey = std::tuple<net::Proto, std::uint16_t, net::Address>;

std::vector<net::Endpoint> endpoints_of(std::span<const net::Listener> listeners) {
  std::vector<net::Endpoint> out;
  for (const auto& l : listeners)
    out.push_back(l.endpoint);
  return out;
}

class Judge {
 public:
  Judge(std::span<const net::Listener> listeners, const ListenRules& rules)
      : listeners_(listeners), rules_(rules), shared_peers_(endpoints_of(listeners)) {}

  void scope(const ListenScope& s) {
    if (s.own_sockets) {
      // A namespace of its own: its sockets, its peers, all the guest's.
      peers_ = endpoints_of(*s.own_sockets);
      for (const auto& l : *s.own_sockets)
        judged_.push_back(guest(s, l));
      return;
    }
    peers_ = shared_peers_;
    for (const auto& l : listeners_) {
      if (!s.policy.is_host() && s.from_host && !belongs_to_guest(s, l)) continue;
      judged_.push_back(s.policy.is_host() ? host(s, l) : guest(s, l));
    }
  }

  std::vector<Judged>& judged() { return judged_; }
  std::size_t shadowed() const { return shadowed_.size(); }
  std::size_t exempt() const { return exempt_; }

 private:
  Judged host(const ListenScope& s, const net::Listener& l) {
    const net::Endpoint& e = l.endpoint;
    for (const auto& lo : s.guest_loopbacks) {
      if (e.is_wildcard() || e.address != lo.address) continue;
      const std::string who = "guest " + lo.policy.self_name();
      if (l.process && l.process->vxid == 0u) {
        // The guest's 127.0.0.1 is remapped there: its connections reach this process.
        return {&l, Status::critical,
                "the host binds " + who + "'s loopback address " + e.address.str() +
                    " (the process runs in the host context, VxID 0): the guest's connections "
                    "to 127.0.0.1 reach it"};
      }
      const Verdict v = lo.policy.judge(e, peers_);
      return {&l, v.status, who + "'s loopback listener: " + v.reason};
    }
    // On a VServer kernel a socket opened in a guest context is the guest's, and the
    // kernel confines it to the guest's addresses whatever it shows.
    if (l.process && l.process->vxid.value_or(0) > 0) {
      const unsigned xid = *l.process->vxid;
      const auto it = s.contexts.find(xid);
      const std::string who = it != s.contexts.end() ? "guest " + it->second + "'s" : "a guest's";
      return {&l, Status::ok, who + " own (context " + std::to_string(xid) + ")"};
    }
    if (!e.is_wildcard()) {
      if (const auto* g = s.policy.owner(e.address)) {
        const bool host_context = l.process && l.process->vxid == 0u;
        if (!host_context) return {&l, Status::ok, mapped_note(e) + "guest " + g->name + "'s own"};
        const Verdict v = s.policy.judge(e, peers_);
        return {&l, v.status, v.reason + " (the process runs in the host context, VxID 0)"};
      }
    }
    if (e.is_wildcard()) {
      for (const auto& shadow : s.policy.shadowed(e, peers_)) {
        shadowed_.insert({e.proto, e.port, shadow.address});
      }
    }
    return judged(l, s.policy.judge(e, peers_));
  }

  Judged guest(const ListenScope& s, const net::Listener& l) {
    return judged(l, s.policy.judge(l.endpoint, peers_));
  }

  // A policy verdict, with the exemptions and the wildcard count applied.
  Judged judged(const net::Listener& l, const Verdict& v) {
    const std::string text = mapped_note(l.endpoint) + v.reason;
    if (!l.endpoint.is_wildcard()) return {&l, v.status, text};
    if (const std::string why = rules_.exemption(l); !why.empty()) {
      ++exempt_;
      return {&l, Status::ok, "exempt by " + why + ": " + text};
    }
    // It harms no guest today: the policy's WARNING, outside the thresholded metric.
    if (v.answers_for_no_guest) return {&l, v.status, text, false, true};
    return {&l, v.status, text, true};
  }

  std::span<const net::Listener> listeners_;
  const ListenRules& rules_;
  std::vector<net::Endpoint> shared_peers_;
  std::vector<net::Endpoint> peers_;  // those of the scope being judged
  std::vector<Judged> judged_;
  std::set<ShadowKey> shadowed_;
  std::size_t exempt_ = 0;
};

std::string summary(const plugin::Result& result, const std::vector<Judged>& judged,
                    std::size_t counted, std::size_t exempt, bool no_guests) {
  const std::size_t total = judged.size();
  if (result.status() == Status::ok) {
    std::string out = plural(total, "listener", "listeners");
    out += counted == 0 ? ", none on a wildcard address"
                        : ", " + std::to_string(counted) + " wildcard within thresholds";
    if (exempt > 0) out += ", " + std::to_string(exempt) + " exempt";
    return out;
  }
  std::vector<std::string> parts;
  if (counted > 0 && result.threshold_status != Status::ok) {
    std::string names;
    for (const auto& j : judged) {
      if (!j.counted) continue;
      names += (names.empty() ? "" : ", ") + short_name(*j.listener);
    }
    parts.push_back(plural(counted, "wildcard listener", "wildcard listeners") + " of " +
                    std::to_string(total) + ": " + names);
  }
  const auto no_guest = static_cast<std::size_t>(
      std::count_if(judged.begin(), judged.end(), [](const Judged& j) { return j.no_guest; }));
  if (no_guest > 0) {
    std::string names;
    for (const auto& j : judged) {
      if (j.no_guest) names += (names.empty() ? "" : ", ") + short_name(*j.listener);
    }
    parts.push_back((no_guests ? "no guests configured: " : std::string{}) +
                    plural(no_guest, "wildcard listener answers", "wildcard listeners answer") +
                    " for no guest today: " + names);
  }
  std::size_t others = 0;
  for (const auto& j : judged) {
    if (j.counted || j.no_guest || j.status == Status::ok) continue;
    if (++others <= 2) parts.push_back(short_name(*j.listener) + ": " + j.text);
  }
  for (const auto& f : result.findings) {
    if (f.origin.rfind("--expect", 0) == 0 && f.status != Status::ok && ++others <= 2) {
      parts.push_back(f.origin.substr(9) + ": " + f.text);
    }
  }
  if (others > 2) parts.push_back("and " + plural(others - 2, "more problem", "more problems"));
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : "; ") + p;
  }
  return out;
}

}  // namespace

PortRule PortRule::parse(std::string_view text) {
  std::string_view rest = text;
  PortRule r;
  r.proto = take_proto(rest);
  const auto port = parse_port(rest);
  if (!port)
    throw plugin::UsageError("--allow-port '" + std::string(text) +
                             "': expected PORT, tcp/PORT or udp/PORT (1-65535)");
  r.port = *port;
  return r;
}

bool PortRule::matches(const net::Endpoint& e) const {
  return e.port == port && (!proto || *proto == e.proto);
}

std::string PortRule::str() const {
  return (proto ? std::string(net::name(*proto)) + "/" : std::string{}) + std::to_string(port);
}

Expectation Expectation::parse(std::string_view text) {
  const auto fail = [&](const std::string& why) {
    return plugin::UsageError("--expect '" + std::string(text) + "': " + why);
  };
  std::string_view rest = text;
  Expectation x;
  x.proto = take_proto(rest).value_or(net::Proto::tcp);
  const auto colon = rest.rfind(':');
  if (colon == std::string_view::npos)
    throw fail("expected ADDR:PORT, tcp/ADDR:PORT or udp/ADDR:PORT");
  const std::string_view host = rest.substr(0, colon);
  if (host.find(':') != std::string_view::npos && host.front() != '[') {
    throw fail("write an IPv6 address in brackets: [ADDR]:PORT");
  }
  const auto address = net::Address::parse(host);
  if (!address) throw fail("'" + std::string(host) + "' is not an IP address");
  const auto port = parse_port(rest.substr(colon + 1));
  if (!port) throw fail("the port must be 1-65535");
  x.address = *address;
  x.port = *port;
  return x;
}

bool Expectation::met_by(const net::Endpoint& e) const {
  if (e.proto != proto || e.port != port || e.is_name()) return false;
  if (address.is_wildcard()) {
    // "0.0.0.0:22" wants an IPv4 wildcard, "[::]:22" an IPv6 one.
    if (!e.is_wildcard()) return false;
    const bool want_v4 = address.unmapped().family() == net::Family::v4;
    return want_v4 == (e.scope() == net::Scope::wildcard_v4);
  }
  return !e.is_wildcard() && net::same_host(e.address, address);
}

std::string Expectation::str() const {
  net::Endpoint e;
  e.proto = proto;
  e.address = address;
  e.port = port;
  return e.str();
}

std::string ListenRules::exemption(const net::Listener& l) const {
  for (const auto& r : allow_ports) {
    if (r.matches(l.endpoint)) return "--allow-port " + r.str();
  }
  if (l.process) {
    for (const auto& name : allow_processes) {
      if (name == l.process->command) return "--allow-process " + name;
    }
  }
  return {};
}

Thresholds listen_thresholds(bool host, bool strict, const std::optional<plugin::Range>& warning,
                             const std::optional<plugin::Range>& critical) {
  if (warning || critical) return {warning, critical};
  if (host) return {std::nullopt, plugin::Range::parse("0")};
  if (strict) return {plugin::Range::parse("0"), std::nullopt};
  return {};
}

std::string describe_owner(const net::Listener& l, bool processes_looked_up) {
  const std::string uid = "uid " + std::to_string(l.uid);
  if (l.process) return l.process->command + "[" + std::to_string(l.process->pid) + "] " + uid;
  if (!processes_looked_up) return uid;
  if (l.owner_hidden) return uid + ", owner unknown (run as root)";
  return uid + ", no owning process found";
}

plugin::Result judge_listeners(std::span<const net::Listener> listeners,
                               std::span<const ListenScope> scopes, const ListenRules& rules,
                               const Thresholds& thresholds, const ListenJudgeOptions& options) {
  Judge judge(listeners, rules);
  for (const auto& s : scopes) {
    judge.scope(s);
  }
  auto& judged = judge.judged();

  const auto counted = static_cast<std::size_t>(
      std::count_if(judged.begin(), judged.end(), [](const Judged& j) { return j.counted; }));
  const auto no_guest = static_cast<std::size_t>(
      std::count_if(judged.begin(), judged.end(), [](const Judged& j) { return j.no_guest; }));
  plugin::Perfdata wildcard = plugin::count("wildcard", counted);
  wildcard.warn = thresholds.warning;
  wildcard.crit = thresholds.critical;
  plugin::Result result;
  result.threshold_status = wildcard.status();
  for (auto& j : judged) {
    // A wildcard's status is the metric's: -w/-c decide how bad wildcards are.
    if (j.counted) j.status = result.threshold_status;
    result.add(j.status,
               j.listener->endpoint.str() + " " + describe_owner(*j.listener, options.processes),
               j.text);
  }
  // Expectations are met in the shared stack or in a guest's own namespace.
  std::vector<std::span<const net::Listener>> stacks{listeners};
  for (const auto& s : scopes) {
    if (s.own_sockets) stacks.emplace_back(*s.own_sockets);
  }
  for (const auto& x : rules.expect) {
    const net::Listener* met = nullptr;
    for (const auto& stack : stacks) {
      const auto it = std::find_if(stack.begin(), stack.end(),
                                   [&](const net::Listener& l) { return x.met_by(l.endpoint); });
      if (it != stack.end() && met == nullptr) met = &*it;
    }
    if (met == nullptr) {
      result.add(Status::critical, "--expect " + x.str(), "nothing listens there");
    } else {
      result.add(Status::ok, "--expect " + x.str(),
                 "listening: " + describe_owner(*met, options.processes));
    }
  }
  const bool no_guests = std::any_of(scopes.begin(), scopes.end(), [](const ListenScope& s) {
    return s.policy.is_host() && !s.policy.has_guests();
  });
  result.summary = summary(result, judged, counted, judge.exempt(), no_guests);
  result.perfdata = {
      plugin::count("listeners", judged.size()),         wildcard,
      plugin::count("guest_shadowed", judge.shadowed()), plugin::count("exempt", judge.exempt()),
      plugin::count("wildcard_no_guest", no_guest),
  };
  return result;
}

}  // namespace vs::policy
