// SPDX-License-Identifier: GPL-3.0-or-later
#include "endpoints.hpp"

#include <stdexcept>
#include <string>

namespace vs::test {

net::Address address(const char* text) {
  const auto a = net::Address::parse(text);
  if (!a) throw std::invalid_argument(std::string("not an address: ") + text);
  return *a;
}

net::Endpoint endpoint(net::Proto proto, net::Address address, std::uint16_t port,
                       std::optional<bool> v6only) {
  net::Endpoint e;
  e.proto = proto;
  e.address = address;
  e.port = port;
  e.v6only = v6only;
  return e;
}

}  // namespace vs::test
