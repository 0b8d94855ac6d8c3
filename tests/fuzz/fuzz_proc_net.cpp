// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "net/proc_net.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto proto : {vs::net::Proto::tcp, vs::net::Proto::udp}) {
    for (const auto family : {vs::net::Family::v4, vs::net::Family::v6}) {
      try {
        for (const auto& s : vs::net::parse_proc_net(text, proto, family, "/proc/net/tcp")) {
          (void)vs::net::is_listening(s);
        }
      } catch (const vs::net::ProcNetError&) {
      }
    }
  }
  return 0;
}
