// SPDX-License-Identifier: GPL-3.0-or-later
// Address::parse_inet_aton against glibc itself: for text without a blank or NUL
// (where inet_aton stops and ignores the rest), both accept the same inputs and
// read the same address.
#include <arpa/inet.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "net/address.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto ours = vs::net::Address::parse_inet_aton(text);
  for (const char c : text) {
    if (c == '\0' || c == ' ' || (c >= '\t' && c <= '\r')) {
      if (ours) std::abort();  // trailing text is refused, as getaddrinfo does
      return 0;
    }
  }
  in_addr glibc{};
  const bool accepted = inet_aton(text.c_str(), &glibc) == 1;
  if (accepted != ours.has_value()) std::abort();
  if (accepted && std::memcmp(ours->bytes().data(), &glibc.s_addr, 4) != 0) std::abort();
  return 0;
}
