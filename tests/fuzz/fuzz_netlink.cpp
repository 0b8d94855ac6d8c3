// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstddef>
#include <cstdint>
#include <span>

#include "net/sock_diag.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  for (const auto proto : {vs::net::Proto::tcp, vs::net::Proto::udp}) {
    try {
      (void)vs::net::sock_diag::decode(bytes, proto, 1);
    } catch (const vs::net::sock_diag::DecodeError&) {
    }
  }
  return 0;
}
