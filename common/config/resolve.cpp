// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/resolve.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include "net/dns_name.hpp"

namespace vs::config {
namespace {

// An address literal getaddrinfo() answers without any file, whatever the family asked.
bool is_literal(std::string_view host) {
  if (net::Address::parse_inet_aton(host)) return true;
  const std::string text(host.substr(0, host.find('%')));
  in6_addr v6{};
  return inet_pton(AF_INET6, text.c_str(), &v6) == 1;
}

std::string listed(const std::vector<net::HostAddress>& addresses) {
  std::string out;
  for (const auto& a : addresses) {
    out += (out.empty() ? "" : ", ") + a.address.str();
    if (a.where.line > 0) out += " (" + a.where.str() + ")";
  }
  return out;
}

}  // namespace

ResolvedHost resolve_host(const net::Names& names, std::string_view host, int family) {
  ResolvedHost r;
  r.addresses = names.addresses(host, family);
  if (!r.addresses.empty()) {
    r.kind = ResolvedHost::Kind::addresses;
    const bool as_printed = r.addresses.size() == 1 && r.addresses[0].where.line == 0 &&
                            r.addresses[0].address.str() == host;
    if (!as_printed) r.because = std::string(host) + " is " + listed(r.addresses);
    return r;
  }
  if (is_literal(host)) {
    r.error = "Address family for hostname not supported";  // EAI_ADDRFAMILY
  } else if (!net::why_dns_cannot_resolve(host)) {
    r.kind = ResolvedHost::Kind::name;
  } else {
    r.error = "Name or service not known";  // EAI_NONAME
  }
  return r;
}

std::vector<net::Endpoint> endpoints_of(const ResolvedHost& resolved, std::string_view host,
                                        std::uint16_t port, net::Proto proto) {
  std::vector<net::Endpoint> out;
  if (resolved.kind == ResolvedHost::Kind::name) {
    net::Endpoint e;
    e.proto = proto;
    e.hostname = std::string(host);
    e.port = port;
    out.push_back(e);
  }
  for (const auto& a : resolved.addresses) {
    net::Endpoint e;
    e.proto = proto;
    e.address = a.address;
    e.port = port;
    if (a.address.family() == net::Family::v6) e.v6only = true;
    out.push_back(e);
  }
  return out;
}

}  // namespace vs::config
