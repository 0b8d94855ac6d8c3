// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdint>
#include <string_view>

#include "net/gai_order.hpp"

// Whatever the file says, both tables cover every address, most specific first.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto conf = vs::net::parse_gai_conf(text, "gai.conf");
  if (conf.precedence.empty() || conf.precedence.back().bits != 0) __builtin_trap();
  if (conf.scopev4.empty() || conf.scopev4.back().bits != 0) __builtin_trap();
  std::vector<vs::net::HostAddress> list;
  for (const char* a :
       {"192.0.2.1", "127.0.0.1", "::1", "fe80::1", "2001:db8::1", "::ffff:1.2.3.4"})
    list.push_back({*vs::net::Address::parse(a), {}});
  (void)vs::net::getaddrinfo_order(list, conf);
  return 0;
}
