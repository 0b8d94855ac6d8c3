// SPDX-License-Identifier: GPL-3.0-or-later
// What mariadbd binds, from the options read (mysql.hpp): sql/mysqld.cc's
// network_init() and activate_tcp_port(), as MariaDB 10.11 runs them.
//
//  - skip-networking: no TCP socket at all.
//  - port 0 or not set: getservbyname("mysql", "tcp") in the tree's /etc/services,
//    else 3306. extra-port (0: none) binds the same addresses after the port's.
//  - bind-address not set, or "*": getaddrinfo(NULL, AI_PASSIVE), 0.0.0.0 then ::.
//    Otherwise it is split on ',' (nothing trimmed) and each entry goes to
//    getaddrinfo(AF_UNSPEC, AI_PASSIVE): "*" is the pair again, an address literal
//    (inet_aton forms included: "127.1", "0") is itself, a name is EVERY address the
//    tree's /etc/hosts gives it. An entry that is empty or has a blank cannot resolve:
//    "Can't create IP socket: Name or service not known", and the server stops before
//    binding anything; a name absent from /etc/hosts would go to DNS, which this check
//    does not ask: it stays a name (unjudged).
//  - Each address gets its own socket, IPV6_V6ONLY on every IPv6 one ("::" is
//    IPv6-only), IP_FREEBIND on all (an address the machine does not have is bound all
//    the same), then listen() at once. So a v4-mapped or a link-local IPv6 address
//    without a zone fails with EINVAL, and an address that overlaps one bound before
//    (the same, or a wildcard of its family, on the same port) with EADDRINUSE: "Can't
//    start server: Bind on TCP/IP port. Got error: 98: Address already in use".
#include <sys/socket.h>

#include <algorithm>
#include <string>
#include <vector>

#include "config/lines.hpp"
#include "config/listen.hpp"
#include "config/mysql.hpp"
#include "net/names.hpp"

namespace vs::config {
namespace {

constexpr std::uint16_t kDefaultPort = 3306;

// An address of bind-address, before it gets a port.
struct Planned {
  net::Endpoint endpoint;
  std::string because;  // "bind-address = db.example; db.example is 192.0.2.1 (/etc/hosts:2)"
};

bool has_blank(std::string_view s) {
  return std::any_of(s.begin(), s.end(), is_space);
}

bool is_link_local_v6(const net::Address& a) {
  return a.family() == net::Family::v6 && a.bytes()[0] == 0xfe && (a.bytes()[1] & 0xc0) == 0x80;
}

net::Endpoint endpoint_at(const net::Address& a, std::string device = {}) {
  net::Endpoint e;
  e.address = a;
  e.device = std::move(device);
  if (a.family() == net::Family::v6) e.v6only = true;
  return e;
}

// The kernel refuses the second bind when both would take the same packets.
bool overlaps(const net::Endpoint& a, const net::Endpoint& b) {
  if (a.port != b.port || a.address.family() != b.address.family()) return false;
  if (!a.device.empty() && !b.device.empty() && a.device != b.device) return false;
  return a.address.is_wildcard() || b.address.is_wildcard() || a.address == b.address;
}

class Plan {
 public:
  Plan(const net::Names& names, std::vector<Note>& notes) : names_(names), notes_(notes) {}

  // The addresses of `setting` (nullptr: not set), in the server's order; false when
  // the server stops on one (a refusal is noted).
  bool resolve(const MysqlSetting* setting, const std::string& main_file) {
    if (setting == nullptr) {
      wildcards("bind-address not set");
      where_ = {main_file, 0};
      return true;
    }
    where_ = setting->where;
    const std::string& value = setting->text;
    if (value == "*") {
      wildcards(setting->written);
      return true;
    }
    if (value.empty()) return cannot_resolve(*setting, "bind-address is empty");
    std::size_t start = 0;
    while (start <= value.size()) {
      const std::size_t comma = std::min(value.find(',', start), value.size());
      if (!entry(*setting, std::string_view(value).substr(start, comma - start))) return false;
      start = comma + 1;
    }
    return true;
  }

  const std::vector<Planned>& addresses() const { return planned_; }
  const Location& where() const { return where_; }
  bool asked_hosts() const { return asked_hosts_; }

 private:
  void wildcards(const std::string& because) {
    for (const auto& e : every_address_v4_and_v6(0))
      planned_.push_back({e, because});
  }

  bool entry(const MysqlSetting& s, std::string_view host) {
    if (host == "*") {
      wildcards(s.written);
      return true;
    }
    if (host.empty() || has_blank(host)) {
      return cannot_resolve(
          s, host.empty() ? "an empty entry in the list" : "'" + bounded(host) + "' has a blank");
    }
    const std::string shown = bounded(host);
    if (const auto percent = host.find('%'); percent != std::string_view::npos) {
      // glibc takes a zone on a link-local IPv6 literal only: the device it binds to.
      const auto a = net::Address::parse(host.substr(0, percent));
      if (a && a->family() == net::Family::v6) {
        const std::string zone(host.substr(percent + 1));
        if (!is_link_local_v6(*a) || zone.empty())
          return cannot_resolve(s, "'" + shown + "': a zone only goes with a link-local address");
        planned_.push_back({endpoint_at(*a, zone), s.written});
        return true;
      }
    }
    const bool literal = net::Address::parse_inet_aton(host) || net::Address::parse(host);
    asked_hosts_ = asked_hosts_ || !literal;
    const auto found = names_.addresses(host, AF_UNSPEC);
    if (found.empty()) {
      // DNS would be asked: a name this check cannot judge.
      net::Endpoint e;
      e.hostname = shown;
      planned_.push_back({e, s.written + "; " + shown + " is not in /etc/hosts"});
      return true;
    }
    for (const auto& a : found) {
      std::string because = s.written;
      if (!a.where.file.empty()) {
        because += "; " + shown + " is " + a.address.str() + " (" + a.where.str() + ")";
      } else if (a.address.str() != host) {
        because += "; " + shown + " is " + a.address.str();
      }
      planned_.push_back({endpoint_at(a.address), because});
    }
    return true;
  }

  bool cannot_resolve(const MysqlSetting& s, const std::string& why) {
    notes_.push_back({NoteKind::refusal, s.where,
                      "Can't create IP socket: Name or service not known (" + why + ")"});
    return false;
  }

  const net::Names& names_;
  std::vector<Note>& notes_;
  std::vector<Planned> planned_;
  Location where_;
  bool asked_hosts_ = false;
};

// Binds one socket after another, as the server does, until one fails.
class Binder {
 public:
  Binder(std::vector<ConfiguredEndpoint>& out, std::vector<Note>& notes)
      : out_(out), notes_(notes) {}

  bool bind(net::Endpoint e, const Location& where, const std::string& because) {
    if (e.is_name()) {
      out_.push_back(configured(e, where, because));
      return true;
    }
    if (e.address.is_v4_mapped() || (is_link_local_v6(e.address) && e.device.empty())) {
      return refuse(where, 22, "Invalid argument",
                    e.address.is_v4_mapped()
                        ? e.str() + ": an IPv4-mapped address on an IPv6-only socket"
                        : e.str() + ": a link-local address needs a zone (%device)");
    }
    for (const auto& before : out_) {
      if (overlaps(before.endpoint, e))
        return refuse(where, 98, "Address already in use",
                      e.str() + " overlaps " + before.endpoint.str() + ", bound before");
    }
    out_.push_back(configured(e, where, because));
    return true;
  }

 private:
  bool refuse(const Location& where, int error, const std::string& text, const std::string& why) {
    notes_.push_back({NoteKind::refusal, where,
                      "Can't start server: Bind on TCP/IP port. Got error: " +
                          std::to_string(error) + ": " + text + " (" + why + ")"});
    return false;
  }

  std::vector<ConfiguredEndpoint>& out_;
  std::vector<Note>& notes_;
};

void add_file_notes(const std::vector<net::FileNote>& problems, std::vector<Note>& notes) {
  for (const auto& p : problems)
    notes.push_back({NoteKind::unjudged, p.where, p.message});
}

}  // namespace

ServiceConfig service_config(const MysqlConfig& c, const std::string& main_file,
                             const net::Names& names) {
  ServiceConfig out;
  out.notes = c.notes;
  out.files_read = c.files_read;
  if (c.skip_networking && c.skip_networking->on) {
    // Shown without -v: it says why there is nothing to judge.
    out.notes.push_back(
        {.kind = NoteKind::info,
         .where = c.skip_networking->where,
         .text = c.skip_networking->written + ": no TCP listener, only the Unix socket",
         .always_shown = true});
    return out;
  }
  std::uint16_t port = kDefaultPort;
  if (c.port && c.port->number != 0) {
    port = c.port->number;
  } else if (const auto service = names.port("mysql", net::Proto::tcp)) {
    port = service->port;
    out.notes.push_back(
        {NoteKind::info, service->where,
         "port not set: the server takes mysql's, " + std::to_string(port) + "/tcp"});
  }
  Plan plan(names, out.notes);
  const bool resolved = plan.resolve(c.bind_address ? &*c.bind_address : nullptr, main_file);
  if (plan.asked_hosts()) add_file_notes(names.problems(), out.notes);
  if (!resolved) return out;
  Binder binder(out.endpoints, out.notes);
  for (const auto& a : plan.addresses()) {
    net::Endpoint e = a.endpoint;
    e.port = port;
    if (!binder.bind(e, plan.where(), a.because)) return out;
  }
  if (c.extra_port && c.extra_port->number != 0) {  // MariaDB's thread pool: a second port
    for (const auto& a : plan.addresses()) {
      net::Endpoint e = a.endpoint;
      e.port = c.extra_port->number;
      if (!binder.bind(e, c.extra_port->where, c.extra_port->written)) return out;
    }
  }
  return out;
}

ServiceConfig read_mysql(const fs::Tree& tree, const std::string& path,
                         const MysqlOptions& options) {
  const net::Names names(tree);
  return service_config(load_mysql(tree, path, options), tree.display(path), names);
}

ServiceConfig read_mysql_defaults(const fs::Tree& tree, const std::vector<std::string>& paths,
                                  const MysqlOptions& options) {
  const net::Names names(tree);
  MysqlConfig config = load_mysql_defaults(tree, paths, options);
  std::string main_file;
  for (const auto& p : paths) {
    if (tree.stat(p).exists) main_file = tree.display(p);
  }
  return service_config(config, main_file, names);
}

}  // namespace vs::config
