// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/listen.hpp"

namespace vs::config {

std::vector<net::Endpoint> every_address_v4_and_v6(std::uint16_t port) {
  net::Endpoint v4;
  v4.address = net::Address::any_v4();
  v4.port = port;
  net::Endpoint v6 = v4;
  v6.address = net::Address::any_v6();
  v6.v6only = true;
  return {v4, v6};
}

net::Endpoint every_address_dual_stack(std::uint16_t port) {
  net::Endpoint e;
  e.address = net::Address::any_v6();
  e.port = port;
  e.v6only = false;
  return e;
}

ConfiguredEndpoint configured(const net::Endpoint& endpoint, const Location& where,
                              const std::string& because) {
  return {endpoint, where, endpoint.str() + " (" + because + ")"};
}

}  // namespace vs::config
