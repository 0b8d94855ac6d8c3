// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/names.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include "config/lines.hpp"

namespace vs::net {
namespace {

constexpr const char* kHostsPath = "/etc/hosts";
constexpr const char* kServicesPath = "/etc/services";
constexpr const char* kHostConfPath = "/etc/host.conf";
constexpr const char* kGaiConfPath = "/etc/gai.conf";
constexpr const char* kHostnamePath = "/etc/hostname";

bool known_family(int family) {
  return family == AF_UNSPEC || family == AF_INET || family == AF_INET6;
}

// getaddrinfo's text_to_binary_address: an address literal is answered without
// looking at any file. nullopt when `host` is not a literal.
std::optional<std::vector<HostAddress>> literal(std::string_view host, int family) {
  const std::string text(host);
  // inet_aton accepts "127.1", "0x7f.1", "2130706433"; __inet_aton_exact also wants
  // the whole text, which inet_aton guarantees when there is no blank in it.
  in_addr v4{};
  if (std::none_of(text.begin(), text.end(), config::is_space) &&
      inet_aton(text.c_str(), &v4) != 0) {
    if (family == AF_INET6) return std::vector<HostAddress>{};  // EAI_ADDRFAMILY
    return std::vector<HostAddress>{{Address::v4(ntohl(v4.s_addr)), {}}};
  }
  std::uint8_t v6[16] = {};
  const std::string without_zone = text.substr(0, text.find('%'));
  if (inet_pton(AF_INET6, without_zone.c_str(), v6) != 1) return std::nullopt;
  const Address a = Address::v6_bytes(v6);
  if (family != AF_INET) return std::vector<HostAddress>{{a, {}}};
  if (a.is_v4_mapped()) return std::vector<HostAddress>{{a.unmapped(), {}}};
  return std::vector<HostAddress>{};  // EAI_ADDRFAMILY
}

}  // namespace

std::vector<HostAddress> Names::addresses(std::string_view host, int family) const {
  if (!known_family(family)) return {};  // EAI_FAMILY
  if (auto numeric = literal(host, family)) return std::move(*numeric);
  return lookup_hosts(hosts(), host, family, host_conf().multi);
}

std::vector<HostAddress> Names::getaddrinfo_order(std::string_view host, int family) const {
  return net::getaddrinfo_order(addresses(host, family), gai_conf());
}

std::optional<ServicePort> Names::port(std::string_view service, Proto proto) const {
  const ServiceEntry* entry = find_service(services(), service, name(proto));
  if (entry == nullptr) return std::nullopt;
  return ServicePort{entry->port, entry->where};
}

std::optional<Hostname> Names::hostname() const {
  if (!hostname_) hostname_ = parse_hostname(text_of(kHostnamePath), tree_.display(kHostnamePath));
  if (hostname_->name.empty()) return std::nullopt;
  return Hostname{hostname_->name, hostname_->where};
}

std::vector<FileNote> Names::problems() const {
  hosts();
  services();
  gai_conf();
  std::vector<FileNote> out = host_conf().notes;
  hostname();
  if (!hostname_->problem.empty()) out.push_back({hostname_->where, hostname_->problem});
  out.insert(out.begin(), unreadable_.begin(), unreadable_.end());
  return out;
}

const HostsFile& Names::hosts() const {
  if (!hosts_) hosts_ = parse_hosts(text_of(kHostsPath), tree_.display(kHostsPath));
  return *hosts_;
}

const ServicesFile& Names::services() const {
  if (!services_) services_ = parse_services(text_of(kServicesPath), tree_.display(kServicesPath));
  return *services_;
}

const HostConf& Names::host_conf() const {
  if (!host_conf_)
    host_conf_ = parse_host_conf(text_of(kHostConfPath), tree_.display(kHostConfPath));
  return *host_conf_;
}

const GaiConf& Names::gai_conf() const {
  if (!gai_conf_) gai_conf_ = parse_gai_conf(text_of(kGaiConfPath), tree_.display(kGaiConfPath));
  return *gai_conf_;
}

std::string Names::text_of(const std::string& path) const {
  try {
    auto file = tree_.read_if_exists(path);
    return file ? std::move(file->content) : std::string{};
  } catch (const fs::ReadBudgetExhausted&) {
    throw;  // the whole run's, not this file's: the check cannot go on
  } catch (const fs::FileError& e) {
    unreadable_.push_back({Location{e.path()}, "cannot be read (" + e.reason() +
                                                   "): the names in it are not resolved"});
    return {};
  }
}

}  // namespace vs::net
