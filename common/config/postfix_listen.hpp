// What Postfix's master(8) binds, derived from main.cf and master.cf.
//
// An inet service without a host in master.cf listens on every inet_interfaces
// address: "all" is the wildcard of each inet_protocols family (0.0.0.0, and ::
// with IPV6_V6ONLY, which Postfix always sets); "loopback-only" is 127.0.0.1 and
// ::1. A service named host:port listens on that host only. master_service_disable
// turns services off.
//
// Postfix 3.7 matches the keywords "all" and "loopback-only" case-sensitively
// everywhere but in master(8)'s wildcard test: "ALL" or "Loopback-Only" is looked
// up as a host name and Postfix exits ("host not found"). They are recognised here
// in any case, to judge what was meant, and reported as refusals.
#pragma once

#include <string>
#include <vector>

#include "config/postfix.hpp"
#include "config/service_config.hpp"
#include "fs/tree.hpp"
#include "net/address.hpp"

namespace vs::config::postfix {

struct Families {
  bool v4 = false;
  bool v6 = false;
};

// inet_interfaces, expanded and interpreted.
struct Interfaces {
  enum class Kind { all, loopback_only, addresses };
  Kind kind = Kind::all;
  std::string value;    // expanded, as `postconf -x -h inet_interfaces` prints it
  std::string written;  // as main.cf writes it (differs when it refers to $names)
  Location where;       // the main.cf line, or {"default", 0}
  // Where its services bind (port 0): wildcards, loopbacks, addresses, host names.
  std::vector<net::Endpoint> binds;
};

struct Listener {
  net::Endpoint endpoint;
  Location where;                // the master.cf service line
  std::string service;           // master.cf's first field: "smtp", "127.0.0.1:10025"
  bool from_interfaces = false;  // the address comes from inet_interfaces
};

struct ListenPlan {
  Interfaces interfaces;
  Families protocols;
  std::vector<Listener> listeners;
  std::vector<Note> notes;  // both files' and the interpretation's
};

ListenPlan plan_listeners(const MainCf& main, const MasterCf& master);

// True when inet_interfaces binds addresses and all of them are loopback
// (loopback-only, localhost, 127.0.0.1, [::1]): Postfix cannot start in a guest
// without loopback.
bool loopback_only(const Interfaces& interfaces);

// Reads main.cf and master.cf in `path` (the configuration directory, or its
// main.cf) and says where master(8) binds: each bind names its service, the
// effective inet_interfaces is an always-shown note, and loopback-only is a refusal
// that holds where loopback binds fail. The Reader for check_service; throws
// fs::FileError for either file.
ServiceConfig read_postfix(const fs::Tree& tree, const std::string& path);

}  // namespace vs::config::postfix
