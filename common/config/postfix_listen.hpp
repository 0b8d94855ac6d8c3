// SPDX-License-Identifier: GPL-3.0-or-later
// What Postfix binds, or why it will not start, derived from main.cf and master.cf
// the way "postfix start" on Debian 12 (Postfix 3.7) goes through them:
//
//  1. postfix(1) reads main.cf (mail_params_init()) and resolves inet_interfaces
//     (own_inet_addr_list()): "all" and "loopback-only" are keywords (lower case
//     only); anything else is a list of hosts, each resolved by getaddrinfo() for the
//     inet_protocols families (inet_aton forms included: "127.1" is 127.0.0.1), each
//     address then looked for among the machine's interface addresses. Fatal: "host
//     not found: X", "no local interface found for X" (0.0.0.0 and 127.0.1.1 are no
//     interface's address), and a myhostname or mydomain that is no valid host name.
//  2. postfix-script runs postconf(1), which resolves inet_interfaces again with
//     main.cf's own parameters only: "mx.$mydomain" becomes "mx." there, a top-level
//     domain, which has no address: "host not found: mx.".
//  3. master(8) reads master.cf: an inet service without a host listens on every
//     inet_interfaces address ("all": 0.0.0.0, and :: with IPV6_V6ONLY); none is
//     "no valid IP address found"; a service named host:port listens on that host
//     only, which Postfix's own syntax check must accept first ("127.1:2525" is
//     refused); its port is a number (glibc keeps its low 16 bits), a known_tcp_ports
//     name, or a services(5) name of the judged tree; a host that is not the
//     machine's cannot be bound. master_service_disable turns services off. Postfix
//     sets SO_REUSEPORT, so its own sockets never collide; the same service twice
//     (same host and port once resolved: "smtp" and "25") is one.
//
// Names resolve through the judged tree's files (net::Names): a name that is not
// there stays a name the policy cannot judge (DNS is not asked), except a top-level
// domain ("mx."), which has no address record (ICANN allows none: SAC053).
// The machine's addresses come with the scope (config::Machine); when they are
// unknown, no address is claimed to be missing from them.
#pragma once

#include <string>
#include <vector>

#include "config/machine.hpp"
#include "config/postfix.hpp"
#include "config/service_config.hpp"
#include "fs/tree.hpp"
#include "net/address.hpp"
#include "net/names.hpp"

namespace vs::config::postfix {

struct Families {
  bool v4 = false;
  bool v6 = false;
};

// Where a name resolved: "mail.example" at /etc/hosts:3. Empty for an address.
struct Origin {
  std::string name;
  Location where;
  bool empty() const { return name.empty(); }
};

// One address a service binds, and how it was found.
struct Bind {
  net::Endpoint endpoint;  // port 0 in Interfaces; a host name when the files do not know it
  Origin origin;
};

// "mail.example is 192.0.2.1 (/etc/hosts:3)"
std::string resolved_text(const Origin& origin, const net::Address& address);

// inet_interfaces, expanded and interpreted as postfix(1) does.
struct Interfaces {
  enum class Kind { all, loopback_only, addresses };
  Kind kind = Kind::all;
  std::string value;    // expanded, as postfix(1) and master(8) see it
  std::string written;  // as main.cf writes it (differs when it refers to $names)
  Location where;       // the main.cf line, or {"default", 0}
  std::vector<Bind> binds;
};

struct Listener {
  net::Endpoint endpoint;
  Location where;                // the master.cf service line
  std::string service;           // master.cf's first field: "smtp", "127.0.0.1:10025"
  bool from_interfaces = false;  // the address comes from inet_interfaces
  Origin origin;                 // as in Bind
};

struct ListenPlan {
  Interfaces interfaces;
  Families protocols;
  std::vector<Listener> listeners;
  std::vector<Note> notes;  // both files' and the interpretation's
};

// `master` was parsed with master_service_disable's patterns; `machine` gives
// myhostname's default and the interface addresses.
ListenPlan plan_listeners(const MainCf& main, const MasterCf& master, const net::Names& names,
                          const Machine& machine);

// True when inet_interfaces binds addresses and all of them are loopback
// (loopback-only, localhost, 127.0.0.1, [::1]): Postfix cannot start in a guest
// without loopback.
bool loopback_only(const Interfaces& interfaces);

// Reads main.cf and master.cf in `path` (the configuration directory, or its
// main.cf) and says where master(8) binds: each bind names its service, the
// effective inet_interfaces is an always-shown note, and loopback-only is a refusal
// that holds where loopback binds fail. The Reader for check_service; throws
// fs::FileError for either file (and fs::ReadBudgetExhausted for any file read).
ServiceConfig read_postfix(const fs::Tree& tree, const std::string& path, const Machine& machine);

}  // namespace vs::config::postfix
