// SPDX-License-Identifier: GPL-3.0-or-later
// Netlink NETLINK_SOCK_DIAG (inet_diag): the sockets of the calling thread's network
// namespace, asked with a kernel-side state filter.
//
// TCP is asked for LISTEN only and UDP for CLOSE (unconnected) only, in separate
// dumps: a LISTEN-only TCP dump never walks the established-connection table, so
// its cost grows with listeners, not with connections (`ss -l` asks both protocols
// for both states and walks everything).
//
// Encoding and decoding are pure functions over bytes (unit-tested on recorded
// kernel replies, fuzzable); dump() does the socket I/O with Boost.Asio under a
// deadline.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "net/listeners.hpp"

namespace vs::net::sock_diag {

// Netlink could not answer: no socket, an error reply (no udp_diag module, not
// permitted) or a malformed reply. read_listeners() falls back to /proc/net on it.
class NetlinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A reply that does not parse.
class DecodeError : public NetlinkError {
 public:
  using NetlinkError::NetlinkError;
};

struct Request {
  Proto proto = Proto::tcp;
  Family family = Family::v4;
};

// One SOCK_DIAG_BY_FAMILY dump request (nlmsghdr + inet_diag_req_v2).
std::vector<std::byte> encode_request(const Request& request, std::uint32_t seq);

// What one datagram of a dump reply holds.
struct Chunk {
  std::vector<SocketEntry> sockets;
  bool done = false;  // NLMSG_DONE: the dump is complete
  int error = 0;      // errno of an NLMSG_ERROR (or a failed NLMSG_DONE), 0 for none
};

// Decodes one datagram answering request `seq` (messages with other sequence
// numbers are skipped). Every length is checked against the buffer. Pure; throws
// DecodeError.
Chunk decode(std::span<const std::byte> datagram, Proto proto, std::uint32_t seq);

// Runs the dumps one after the other on one netlink socket. Throws NetlinkError
// (fall back), or std::runtime_error when `deadline` passes first.
std::vector<SocketEntry> dump(std::span<const Request> requests,
                              std::chrono::steady_clock::time_point deadline);

}  // namespace vs::net::sock_diag
