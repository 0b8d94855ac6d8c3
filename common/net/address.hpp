// SPDX-License-Identifier: GPL-3.0-or-later
// IP addresses and the endpoints services bind, as the policy needs to see them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vs::net {

enum class Family { v4, v6 };

class Address {
 public:
  Address() = default;  // 0.0.0.0
  // "192.0.2.1", "2001:db8::1", "[2001:db8::1]", "::ffff:192.0.2.1"; nullopt otherwise.
  // A zone ("fe80::1%eth0") is not accepted here: see Endpoint::device.
  static std::optional<Address> parse(std::string_view text);
  // The IPv4 forms of inet_aton(3), which getaddrinfo(3) and so many daemons accept
  // where an address goes: 1 to 4 parts separated by dots, each decimal, octal
  // (leading 0) or hexadecimal (0x), the last one filling the bytes left: "0" is
  // 0.0.0.0, "127.1" 127.0.0.1, "0177.0.0.1" and "0x7f.1" too, "00.00.00.00" a
  // wildcard. The whole text must be the address: glibc's inet_aton() stops at a
  // blank and ignores the rest, getaddrinfo() (what the daemons call) refuses it.
  // nullopt otherwise. Which daemon accepts these forms is for its reader to say.
  static std::optional<Address> parse_inet_aton(std::string_view text);
  static Address v4(std::uint32_t host_order);
  static Address v4_bytes(const std::uint8_t (&b)[4]);
  static Address v6_bytes(const std::uint8_t (&b)[16]);
  static Address any_v4() { return Address{}; }
  static Address any_v6();

  Family family() const { return family_; }
  // 0.0.0.0, ::, ::ffff:0.0.0.0
  bool is_wildcard() const;
  // 127.0.0.0/8, ::1, ::ffff:127.x.y.z
  bool is_loopback() const;
  // ::ffff:a.b.c.d (a specific IPv4 bind through an IPv6 socket)
  bool is_v4_mapped() const;
  // ::ffff:a.b.c.d -> a.b.c.d; anything else unchanged.
  Address unmapped() const;

  // Canonical text: "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1" (no brackets).
  std::string str() const;
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }

  bool operator==(const Address&) const = default;
  auto operator<=>(const Address&) const = default;

 private:
  Family family_ = Family::v4;
  std::array<std::uint8_t, 16> bytes_{};  // v4 uses the first 4
};

// Same address, looking through v4-mapped form ("::ffff:192.0.2.1" == "192.0.2.1").
bool same_host(const Address& a, const Address& b);

enum class Proto { tcp, udp };
std::string_view name(Proto p);

// How widely an endpoint listens.
enum class Scope {
  specific,          // one address (v4-mapped included)
  wildcard_v4,       // 0.0.0.0 (or ::ffff:0.0.0.0)
  wildcard_dual,     // :: with IPV6_V6ONLY off: IPv6 and IPv4
  wildcard_v6_only,  // :: with IPV6_V6ONLY on
};

struct Endpoint {
  Proto proto = Proto::tcp;
  Address address;
  std::uint16_t port = 0;      // 0: any/unknown port (e.g. postfix inet_interfaces alone)
  std::optional<bool> v6only;  // known for live sockets; unknown in configuration
  std::string device;          // SO_BINDTODEVICE or "%eth1": listens on that device only
  std::string hostname;        // set when the configuration names a host, not an address

  bool is_name() const { return !hostname.empty(); }
  Scope scope() const;
  bool is_wildcard() const { return !is_name() && scope() != Scope::specific; }
  // Would this endpoint receive traffic sent to `to` (on its port)? A wildcard
  // answers for every address of its families; a specific bind for its own.
  bool answers_for(const Address& to) const;

  // "tcp 0.0.0.0:22", "tcp [::]:80", "udp 192.0.2.1%eth1:53", "tcp mail.example:25"
  std::string str() const;
};

// "[2001:db8::1]" for IPv6, as in host:port notation; v4 unchanged.
std::string bracketed(const Address& a);

}  // namespace vs::net
