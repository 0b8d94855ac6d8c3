// SPDX-License-Identifier: GPL-3.0-or-later
// How check_vs_listen judges live listening sockets with BindPolicy: which sockets a
// role covers, which are exempt, which are expected, and the main metric (the
// non-exempt wildcard listeners) with its ranges. Pure: listeners in, Result out.
//
// One network stack serves every context, so the host sees the guests' sockets
// too: a socket on a guest's address is that guest's, unless its process is known
// to run in the host context (VxID 0 on a VServer kernel), which is CRITICAL. A
// socket on a running guest's remapped loopback address (127.0.42.1: what the guest
// binds as 127.0.0.1 on vs2.3) is that guest's loopback listener, judged as the
// guest. A guest with a network namespace of its own has its own stack: its sockets
// come apart (ListenScope::own_sockets).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "net/listeners.hpp"
#include "plugin/range.hpp"
#include "plugin/report.hpp"
#include "policy/bind_policy.hpp"

namespace vs::policy {

// --allow-port [tcp/|udp/]PORT
struct PortRule {
  std::optional<net::Proto> proto;  // nullopt: both protocols
  std::uint16_t port = 0;

  // Throws plugin::UsageError naming the text.
  static PortRule parse(std::string_view text);
  bool matches(const net::Endpoint& e) const;
  std::string str() const;  // "tcp/22", "53"
};

// --expect [tcp/|udp/]ADDR:PORT ("192.0.2.1:25", "udp/[2001:db8::1]:53", "0.0.0.0:22")
struct Expectation {
  net::Proto proto = net::Proto::tcp;
  net::Address address;
  std::uint16_t port = 0;

  // Throws plugin::UsageError naming the text.
  static Expectation parse(std::string_view text);
  // Exactly there: same protocol, port and address (a v4-mapped bind is its IPv4
  // address); a wildcard meets only a wildcard expectation of its family.
  bool met_by(const net::Endpoint& e) const;
  std::string str() const;  // "tcp 192.0.2.1:25"
};

struct ListenRules {
  std::vector<PortRule> allow_ports;
  std::vector<std::string> allow_processes;  // command names (/proc/PID/comm)
  std::vector<Expectation> expect;

  // Why `l` is exempt ("--allow-port tcp/22", "--allow-process sshd"), "" if it is not.
  std::string exemption(const net::Listener& l) const;
};

// A running guest's remapped loopback address and that guest's policy.
struct GuestLoopback {
  net::Address address;  // 127.0.42.1
  BindPolicy policy;     // the guest's role, with its loopback verdict
};

// One role's view: the host, a guest seen from the host (--guest), or the guest we
// run in.
struct ListenScope {
  BindPolicy policy;
  // Guest role from the host: the guest's context id, so that its sockets count as
  // its own whatever address they show (a guest's wildcard looks like 0.0.0.0).
  std::optional<unsigned> xid;
  // Guest role from the host: judge only the sockets that are this guest's. False
  // inside the guest itself, where every socket is the guest's.
  bool from_host = false;
  // Host role: running guests by context id, to name the owner of a guest's socket.
  std::map<unsigned, std::string> contexts;
  // Host role: the running guests' remapped loopback addresses: a socket there is
  // that guest's loopback listener (listed at -v), judged with the guest's policy.
  std::vector<GuestLoopback> guest_loopbacks;
  // Guest role: the sockets of the guest's own network namespace, judged instead of
  // the shared stack's (noncontext, or spaces/net without ncontext).
  std::optional<std::vector<net::Listener>> own_sockets;
};

struct Thresholds {
  std::optional<plugin::Range> warning;
  std::optional<plugin::Range> critical;
};

// The defaults on the wildcard count: host critical "0" (any one is CRITICAL); guest
// none, or warning "0" with --strict. A given -w or -c replaces both defaults.
// The count is of the non-exempt wildcards that reach a guest (an address of their
// family); a host wildcard that answers for no guest today is WARNING, whatever the
// ranges, and counted apart (perfdata wildcard_no_guest).
Thresholds listen_thresholds(bool host, bool strict, const std::optional<plugin::Range>& warning,
                             const std::optional<plugin::Range>& critical);

struct ListenJudgeOptions {
  bool processes = true;  // owners were looked up (false with --no-processes)
};

// Judges `listeners` (every socket of the shared stack, used to find shadowing and to
// meet expectations) for each scope (a scope with own_sockets judges those instead),
// and returns findings, the summary, the threshold status and perfdata (listeners,
// wildcard, guest_shadowed, exempt, wildcard_no_guest).
plugin::Result judge_listeners(std::span<const net::Listener> listeners,
                               std::span<const ListenScope> scopes, const ListenRules& rules,
                               const Thresholds& thresholds,
                               const ListenJudgeOptions& options = {});

// "sshd[812] uid 0", "uid 0, owner unknown (run as root)", "uid 0" without lookup.
std::string describe_owner(const net::Listener& l, bool processes_looked_up);

}  // namespace vs::policy
