// SPDX-License-Identifier: GPL-3.0-or-later
// Building addresses and endpoints in unit tests.
#pragma once

#include <cstdint>
#include <optional>

#include "net/address.hpp"

namespace vs::test {

// The address `text` must be (a test's own literal).
net::Address address(const char* text);

// An endpoint; v6only unknown unless given.
net::Endpoint endpoint(net::Proto proto, net::Address address, std::uint16_t port,
                       std::optional<bool> v6only = std::nullopt);

}  // namespace vs::test
