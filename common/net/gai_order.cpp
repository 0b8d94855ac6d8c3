// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/gai_order.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>

#include "config/lines.hpp"
#include "net/nss_lines.hpp"

namespace vs::net {
namespace {

using Bytes = std::array<std::uint8_t, 16>;

constexpr Bytes kLoopback6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
constexpr Bytes k6to4 = {0x20, 0x02};
constexpr Bytes kAny6 = {};
constexpr Bytes kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

constexpr int kDefaultPrecedence = 40;  // ::/0 when gai.conf has no entry for it
constexpr int kDefaultScope = 14;       // global

// strtoul(text, &end, 10) accepted the way gaiconf_init accepts it: the whole text
// read and no overflow.
std::optional<unsigned long> number(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  const unsigned long v = std::strtoul(s.c_str(), &end, 10);
  if (*end != '\0' || (v == ULONG_MAX && errno == ERANGE)) return std::nullopt;
  return v;
}

std::optional<int> table_value(std::string_view text) {
  const auto v = number(text);
  if (!v || *v > static_cast<unsigned long>(INT_MAX)) return std::nullopt;
  return static_cast<int>(*v);
}

// "ADDRESS/BITS": the address text, and the bits when a '/' is there.
struct Prefix {
  std::string address;
  std::optional<unsigned long> bits;  // nullopt: no '/'
  bool bad_bits = false;
};

Prefix split_prefix(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return {std::string(text), std::nullopt};
  const auto bits = number(text.substr(slash + 1));
  return {std::string(text.substr(0, slash)), bits, !bits};
}

std::uint32_t mask_v4(unsigned bits) {
  return bits == 0 ? 0 : 0xffffffffU << (32 - bits);
}

bool prefix_matches(const Bytes& prefix, unsigned bits, const Bytes& a) {
  for (unsigned i = 0; i < 16 && bits > 0; ++i) {
    const unsigned take = std::min(bits, 8U);
    const auto mask = static_cast<std::uint8_t>(0xff00U >> take);
    if ((prefix[i] & mask) != (a[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

// The 16 bytes glibc compares: IPv4 as ::ffff:a.b.c.d.
Bytes as_v6(const Address& a) {
  if (a.family() == Family::v6) return a.bytes();
  Bytes b = kMapped;
  std::copy(a.bytes().begin(), a.bytes().begin() + 4, b.begin() + 12);
  return b;
}

std::uint32_t v4_host_order(const Address& a) {
  const auto& b = a.bytes();
  return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 | b[3];
}

void add_precedence(GaiConf& conf, std::string_view prefix_text, std::string_view value_text,
                    const Location& where) {
  const Prefix p = split_prefix(prefix_text);
  Bytes prefix{};
  if (p.bad_bits || inet_pton(AF_INET6, p.address.c_str(), prefix.data()) != 1) return;
  const unsigned long bits = p.bits.value_or(128);
  const auto value = table_value(value_text);
  if (bits > 128 || !value) return;
  conf.precedence.push_back({prefix, static_cast<unsigned>(bits), *value, where});
}

void add_scope(GaiConf& conf, std::string_view prefix_text, std::string_view value_text,
               const Location& where) {
  const Prefix p = split_prefix(prefix_text);
  const auto value = table_value(value_text);
  if (p.bad_bits || !value) return;
  std::uint8_t v6[16] = {};
  std::uint8_t v4[4] = {};
  if (inet_pton(AF_INET6, p.address.c_str(), v6) == 1) {
    const unsigned long bits = p.bits.value_or(128);
    const Address a = Address::v6_bytes(v6);
    if (!a.is_v4_mapped() || bits < 96 || bits > 128) return;
    const unsigned v4_bits = static_cast<unsigned>(bits - 96);
    const std::uint32_t network = v4_host_order(a.unmapped()) & mask_v4(v4_bits);
    conf.scopev4.push_back({network, v4_bits, *value, where});
  } else if (inet_pton(AF_INET, p.address.c_str(), v4) == 1) {
    const unsigned long bits = p.bits.value_or(32);
    if (bits > 32) return;
    const auto b = static_cast<unsigned>(bits);
    const std::uint32_t network = v4_host_order(Address::v4_bytes(v4)) & mask_v4(b);
    conf.scopev4.push_back({network, b, *value, where});
  }
}

}  // namespace

GaiConf GaiConf::defaults() {
  GaiConf conf;
  conf.precedence = {
      {kLoopback6, 128, 50, {}}, {k6to4, 16, 30, {}}, {kAny6, 96, 20, {}},
      {kMapped, 96, 10, {}},     {kAny6, 0, 40, {}},
  };
  conf.scopev4 = {
      {0xa9fe0000U, 16, 2, {}},  // 169.254.0.0/16, link-local
      {0x7f000000U, 8, 2, {}},   // 127.0.0.0/8, treated as link-local
      {0, 0, kDefaultScope, {}},
  };
  return conf;
}

GaiConf parse_gai_conf(std::string_view text, const std::string& file) {
  GaiConf conf;
  for (const auto& line : config::split_lines(text)) {
    const auto words = nss::fields(line.text.substr(0, line.text.find('#')));
    if (words.size() < 2) continue;
    const std::string_view value = words.size() > 2 ? words[2] : std::string_view{};
    const Location where{file, line.number};
    if (words[0] == "precedence") add_precedence(conf, words[1], value, where);
    if (words[0] == "scopev4") add_scope(conf, words[1], value, where);
  }

  const GaiConf builtin = GaiConf::defaults();
  if (conf.precedence.empty()) {
    conf.precedence = builtin.precedence;
  } else {
    if (std::none_of(conf.precedence.begin(), conf.precedence.end(),
                     [](const auto& e) { return e.bits == 0; }))
      conf.precedence.push_back({kAny6, 0, kDefaultPrecedence, {}});
    std::stable_sort(conf.precedence.begin(), conf.precedence.end(),
                     [](const auto& a, const auto& b) { return a.bits > b.bits; });
  }
  if (conf.scopev4.empty()) {
    conf.scopev4 = builtin.scopev4;
  } else {
    if (std::none_of(conf.scopev4.begin(), conf.scopev4.end(),
                     [](const auto& e) { return e.bits == 0; }))
      conf.scopev4.push_back({0, 0, kDefaultScope, {}});
    std::stable_sort(conf.scopev4.begin(), conf.scopev4.end(),
                     [](const auto& a, const auto& b) { return a.bits > b.bits; });
  }
  return conf;
}

int gai_precedence(const GaiConf& conf, const Address& a) {
  const Bytes bytes = as_v6(a);
  for (const auto& e : conf.precedence) {
    if (prefix_matches(e.prefix, e.bits, bytes)) return e.value;
  }
  return 0;  // glibc's default for a table that covers nothing (cannot happen: ::/0)
}

int gai_scope(const GaiConf& conf, const Address& a) {
  if (a.family() == Family::v4) {
    const std::uint32_t host = v4_host_order(a);
    for (const auto& e : conf.scopev4) {
      if ((host & mask_v4(e.bits)) == e.network) return e.value;
    }
    return kDefaultScope;
  }
  const auto& b = a.bytes();
  if (b[0] == 0xff) return b[1] & 0x0f;                 // multicast: its scope field
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return 2;  // fe80::/10 link-local
  if (b == kLoopback6) return 2;                        // ::1, "like link-local" (RFC 4291)
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return 5;  // fec0::/10 site-local
  return kDefaultScope;
}

std::vector<HostAddress> getaddrinfo_order(std::vector<HostAddress> addresses,
                                           const GaiConf& conf) {
  std::stable_sort(addresses.begin(), addresses.end(),
                   [&](const HostAddress& x, const HostAddress& y) {
                     const int px = gai_precedence(conf, x.address);
                     const int py = gai_precedence(conf, y.address);
                     if (px != py) return px > py;
                     return gai_scope(conf, x.address) < gai_scope(conf, y.address);
                   });
  return addresses;
}

}  // namespace vs::net
