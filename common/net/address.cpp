// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace vs::net {
namespace {

constexpr std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

}  // namespace

std::optional<Address> Address::parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 64) return std::nullopt;
  const std::string s(text);
  Address a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes_.data()) == 1) return a;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes_.data()) == 1) {
    a.family_ = Family::v6;
    return a;
  }
  return std::nullopt;
}

std::optional<Address> Address::parse_inet_aton(std::string_view text) {
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto hex_value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  // The largest value of the last part, by the number of parts before it.
  constexpr std::uint64_t kMax[4] = {0xffffffff, 0xffffff, 0xffff, 0xff};
  std::uint32_t address = 0;
  std::size_t parts = 0;  // complete parts before the current one
  std::size_t i = 0;
  for (;;) {
    if (i >= text.size() || !is_digit(text[i])) return std::nullopt;
    unsigned base = 10;
    if (text[i] == '0') {
      base = 8;
      if (i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
        // strtoul reads "0x" without a hex digit as "0" followed by junk.
        if (i + 2 >= text.size() || hex_value(text[i + 2]) < 0) return std::nullopt;
        base = 16;
        i += 2;
      }
    }
    std::uint64_t value = 0;
    for (; i < text.size(); ++i) {
      const int d = hex_value(text[i]);
      if (d < 0 || static_cast<unsigned>(d) >= base) break;
      value = value * base + static_cast<unsigned>(d);
      if (value > 0xffffffff) return std::nullopt;
    }
    if (i < text.size() && text[i] == '.') {
      if (parts == 3 || value > 0xff) return std::nullopt;
      address |= static_cast<std::uint32_t>(value) << (24 - 8 * parts);
      ++parts;
      ++i;
      continue;
    }
    if (i != text.size() || value > kMax[parts]) return std::nullopt;
    return v4(address | static_cast<std::uint32_t>(value));
  }
}

Address Address::v4(std::uint32_t host_order) {
  Address a;
  a.bytes_[0] = static_cast<std::uint8_t>(host_order >> 24);
  a.bytes_[1] = static_cast<std::uint8_t>(host_order >> 16);
  a.bytes_[2] = static_cast<std::uint8_t>(host_order >> 8);
  a.bytes_[3] = static_cast<std::uint8_t>(host_order);
  return a;
}

Address Address::v4_bytes(const std::uint8_t (&b)[4]) {
  Address a;
  std::copy(b, b + 4, a.bytes_.begin());
  return a;
}

Address Address::v6_bytes(const std::uint8_t (&b)[16]) {
  Address a;
  a.family_ = Family::v6;
  std::copy(b, b + 16, a.bytes_.begin());
  return a;
}

Address Address::any_v6() {
  Address a;
  a.family_ = Family::v6;
  return a;
}

bool Address::is_v4_mapped() const {
  return family_ == Family::v6 && std::memcmp(bytes_.data(), kMappedPrefix, 12) == 0;
}

Address Address::unmapped() const {
  if (!is_v4_mapped()) return *this;
  Address a;
  std::copy(bytes_.begin() + 12, bytes_.end(), a.bytes_.begin());
  return a;
}

bool Address::is_wildcard() const {
  const Address u = unmapped();
  const std::size_t n = u.family_ == Family::v4 ? 4 : 16;
  return std::all_of(u.bytes_.begin(), u.bytes_.begin() + static_cast<long>(n),
                     [](std::uint8_t b) { return b == 0; });
}

bool Address::is_loopback() const {
  const Address u = unmapped();
  if (u.family_ == Family::v4) return u.bytes_[0] == 127;
  static constexpr std::uint8_t kLoop6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return std::memcmp(u.bytes_.data(), kLoop6, 16) == 0;
}

std::string Address::str() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family_ == Family::v4 ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof buf);
  return buf;
}

bool same_host(const Address& a, const Address& b) {
  return a.unmapped() == b.unmapped();
}

std::string_view name(Proto p) {
  return p == Proto::tcp ? "tcp" : "udp";
}

Scope Endpoint::scope() const {
  if (is_name() || !address.is_wildcard()) return Scope::specific;
  if (address.family() == Family::v4 || address.is_v4_mapped()) return Scope::wildcard_v4;
  return v6only.value_or(false) ? Scope::wildcard_v6_only : Scope::wildcard_dual;
}

bool Endpoint::answers_for(const Address& to) const {
  if (is_name()) return false;
  const Address target = to.unmapped();
  switch (scope()) {
    case Scope::specific:
      return same_host(address, target);
    case Scope::wildcard_v4:
      return target.family() == Family::v4;
    case Scope::wildcard_dual:
      return true;
    case Scope::wildcard_v6_only:
      return target.family() == Family::v6;
  }
  return false;
}

std::string bracketed(const Address& a) {
  return a.family() == Family::v6 ? "[" + a.str() + "]" : a.str();
}

std::string Endpoint::str() const {
  std::string host = is_name() ? hostname : bracketed(address);
  if (!device.empty()) host += "%" + device;
  std::string out(name(proto));
  out += " " + host;
  if (port != 0) out += ":" + std::to_string(port);
  return out;
}

}  // namespace vs::net
