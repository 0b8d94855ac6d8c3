// SPDX-License-Identifier: GPL-3.0-or-later
// Turning what a configuration says into the endpoints a daemon binds, the same way
// for every reader (slapd, NRPE, MySQL): each endpoint carries the directive that
// made it, so a finding reads "tcp 0.0.0.0:5666 (server_address not set): ...".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/service_config.hpp"
#include "fs/location.hpp"
#include "net/address.hpp"

namespace vs::config {

// A daemon that asks getaddrinfo(NULL, port, AI_PASSIVE) for every address and sets
// IPV6_V6ONLY on its IPv6 socket (slapd, NRPE) binds two wildcards: 0.0.0.0 and ::.
std::vector<net::Endpoint> every_address_v4_and_v6(std::uint16_t port);

// A daemon that binds one dual-stack socket on :: (IPV6_V6ONLY off).
net::Endpoint every_address_dual_stack(std::uint16_t port);

// "tcp 192.0.2.1:389 (ldap://192.0.2.1/)"
ConfiguredEndpoint configured(const net::Endpoint& endpoint, const Location& where,
                              const std::string& because);

}  // namespace vs::config
