// SPDX-License-Identifier: GPL-3.0-or-later
// Names as a daemon's own resolver sees them in the tree a check judges (the host's
// /, a --root, a guest's root): host names through its /etc/hosts (and /etc/host.conf
// "multi", /etc/gai.conf), service names through its /etc/services, and the machine's
// name from its /etc/hostname. DNS is never queried: a name that is not in the files
// stays a name the check cannot judge.
//
// Each file is read through the fs::Tree (no FIFOs, devices, huge files, or symlinks
// out of the tree) on first use, once. A missing file is simply empty (glibc's own
// view: no /etc/host.conf means "multi off"). A file that cannot be read is empty too
// and becomes a problem() the caller reports; nothing here throws, but for the run's
// read budget running out (fs::ReadBudgetExhausted): then the check is UNKNOWN.
//
//   net::Names names(tree);
//   names.addresses("mail.example", AF_INET);  // 192.0.2.25 (/etc/hosts:7)
//   names.port("sieve", net::Proto::tcp);      // 4190 (/etc/services:181)
//   names.hostname();                          // "vs1" (/etc/hostname:1)
//
// Which order: addresses() gives FILE order (every address a daemon binds when it
// binds all of them, each with its line); getaddrinfo_order() gives glibc's sorted
// order, for a daemon that takes the first (see gai_order.hpp for what it assumes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fs/tree.hpp"
#include "net/address.hpp"
#include "net/file_note.hpp"
#include "net/gai_order.hpp"
#include "net/host_conf.hpp"
#include "net/hostname_file.hpp"
#include "net/hosts_file.hpp"
#include "net/services_file.hpp"

namespace vs::net {

struct ServicePort {
  std::uint16_t port = 0;
  Location where;  // the /etc/services line
};

struct Hostname {
  std::string name;
  Location where;  // the /etc/hostname line
};

class Names {
 public:
  // Reads nothing yet. `tree` must outlive this object.
  explicit Names(const fs::Tree& tree) : tree_(tree) {}

  // getaddrinfo(host, NULL, {.ai_family = family}) as the tree's files answer it, in
  // file order: an address literal as glibc reads it ("127.1" is 127.0.0.1; one of the
  // other family gives nothing; a "%zone" suffix is left to the caller), otherwise
  // lookup_hosts() with the tree's "multi" setting. Empty: not in the files (the
  // daemon would ask DNS, if its nsswitch.conf says so). "*" is glibc's "no name"
  // (the wildcard with AI_PASSIVE, else loopback): the caller knows which it is.
  std::vector<HostAddress> addresses(std::string_view host, int family) const;
  // The same in the order getaddrinfo returns them (gai_order.hpp).
  std::vector<HostAddress> getaddrinfo_order(std::string_view host, int family) const;

  // getservbyname(service, "tcp"/"udp") in the tree's /etc/services. A number is not
  // looked up: "22" is nullopt (daemons read digits themselves first).
  std::optional<ServicePort> port(std::string_view service, Proto proto) const;

  // The machine's own name (hostname_file.hpp); nullopt when /etc/hostname gives none.
  std::optional<Hostname> hostname() const;

  // Files that could not be read, what glibc complains about in /etc/host.conf, and an
  // /etc/hostname systemd ignores; reads every file.
  std::vector<FileNote> problems() const;

  // The parsed files, for a check that explains a miss (a name on a line glibc skips).
  const HostsFile& hosts() const;
  const ServicesFile& services() const;
  const HostConf& host_conf() const;
  const GaiConf& gai_conf() const;

 private:
  // The file's text, or "" when it is missing or unreadable (then noted in `unreadable_`).
  std::string text_of(const std::string& path) const;

  const fs::Tree& tree_;
  mutable std::optional<HostsFile> hosts_;
  mutable std::optional<ServicesFile> services_;
  mutable std::optional<HostConf> host_conf_;
  mutable std::optional<GaiConf> gai_conf_;
  mutable std::optional<HostnameFile> hostname_;
  mutable std::vector<FileNote> unreadable_;
};

}  // namespace vs::net
