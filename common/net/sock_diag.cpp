// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/sock_diag.hpp"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/generic/raw_protocol.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

namespace vs::net::sock_diag {
namespace {

constexpr std::size_t align4(std::size_t n) {
  return (n + 3) & ~std::size_t{3};
}

template <typename T>
T load(std::span<const std::byte> bytes, std::size_t offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof value);
  return value;
}

std::uint16_t be16(std::uint16_t network_order) {
  return ntohs(network_order);
}

Address address_of(std::uint8_t family, const __be32 (&words)[4]) {
  std::uint8_t bytes[16];
  std::memcpy(bytes, words, sizeof bytes);
  if (family == AF_INET) {
    std::uint8_t v4[4];
    std::memcpy(v4, bytes, 4);
    return Address::v4_bytes(v4);
  }
  return Address::v6_bytes(bytes);
}

SocketEntry decode_socket(std::span<const std::byte> payload, Proto proto) {
  if (payload.size() < sizeof(inet_diag_msg)) {
    throw DecodeError("sock_diag: socket message of " + std::to_string(payload.size()) +
                      " bytes, shorter than inet_diag_msg");
  }
  const auto msg = load<inet_diag_msg>(payload, 0);
  if (msg.idiag_family != AF_INET && msg.idiag_family != AF_INET6) {
    throw DecodeError("sock_diag: address family " + std::to_string(msg.idiag_family) +
                      " is neither AF_INET nor AF_INET6");
  }
  SocketEntry s;
  s.proto = proto;
  s.state = msg.idiag_state;
  s.local = address_of(msg.idiag_family, msg.id.idiag_src);
  s.local_port = be16(msg.id.idiag_sport);
  s.remote = address_of(msg.idiag_family, msg.id.idiag_dst);
  s.remote_port = be16(msg.id.idiag_dport);
  s.ifindex = msg.id.idiag_if;
  s.inode = msg.idiag_inode;
  s.uid = msg.idiag_uid;

  // Attributes (struct rtattr: u16 length, u16 type, value) follow the message.
  std::size_t offset = align4(sizeof(inet_diag_msg));
  while (offset + 4 <= payload.size()) {
    const auto length = load<std::uint16_t>(payload, offset);
    const auto type = load<std::uint16_t>(payload, offset + 2);
    if (length < 4 || length > payload.size() - offset) {
      throw DecodeError("sock_diag: attribute length " + std::to_string(length) + " out of bounds");
    }
    // The kernel sends SKV6ONLY for every AF_INET6 socket: it cannot be asked for,
    // as idiag_ext has only 8 bits and SKV6ONLY is extension 11.
    if (type == INET_DIAG_SKV6ONLY && length >= 5) {
      s.v6only = load<std::uint8_t>(payload, offset + 4) != 0;
    }
    offset += align4(length);
  }
  return s;
}

}  // namespace

std::vector<std::byte> encode_request(const Request& request, std::uint32_t seq) {
  struct {
    nlmsghdr header;
    inet_diag_req_v2 body;
  } message{};
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.header.nlmsg_seq = seq;
  message.body.sdiag_family = request.family == Family::v4 ? AF_INET : AF_INET6;
  message.body.sdiag_protocol = request.proto == Proto::tcp ? IPPROTO_TCP : IPPROTO_UDP;
  message.body.idiag_states = 1u << (request.proto == Proto::tcp ? kTcpListen : kTcpClose);
  std::vector<std::byte> out(sizeof message);
  std::memcpy(out.data(), &message, sizeof message);
  return out;
}

Chunk decode(std::span<const std::byte> datagram, Proto proto, std::uint32_t seq) {
  Chunk chunk;
  std::size_t offset = 0;
  while (datagram.size() - offset >= sizeof(nlmsghdr)) {
    const auto header = load<nlmsghdr>(datagram, offset);
    if (header.nlmsg_len < sizeof(nlmsghdr) || header.nlmsg_len > datagram.size() - offset) {
      throw DecodeError("sock_diag: message length " + std::to_string(header.nlmsg_len) +
                        " out of bounds at byte " + std::to_string(offset));
    }
    const auto payload =
        datagram.subspan(offset + sizeof(nlmsghdr), header.nlmsg_len - sizeof(nlmsghdr));
    offset += std::min<std::size_t>(align4(header.nlmsg_len), datagram.size() - offset);
    if (header.nlmsg_seq != seq) continue;  // not ours (a stale reply)

    switch (header.nlmsg_type) {
      case NLMSG_NOOP:
        break;
      case NLMSG_DONE:
        chunk.done = true;
        if (payload.size() >= sizeof(int) && load<int>(payload, 0) < 0)
          chunk.error = -load<int>(payload, 0);
        return chunk;
      case NLMSG_ERROR: {
        if (payload.size() < sizeof(int)) throw DecodeError("sock_diag: truncated error message");
        const int error = load<int>(payload, 0);
        if (error == 0) break;  // an acknowledgement
        chunk.error = error < 0 ? -error : error;
        chunk.done = true;
        return chunk;
      }
      case NLMSG_OVERRUN:
        throw DecodeError("sock_diag: the kernel reports lost data (overrun)");
      case SOCK_DIAG_BY_FAMILY:
        chunk.sockets.push_back(decode_socket(payload, proto));
        break;
      default:
        break;  // nothing else is part of an inet_diag dump
    }
  }
  if (offset != datagram.size()) {
    throw DecodeError("sock_diag: " + std::to_string(datagram.size() - offset) + " trailing bytes");
  }
  return chunk;
}

namespace {

namespace asio = boost::asio;
using Protocol = asio::generic::raw_protocol;

// The dumps one after the other: send request i, receive until NLMSG_DONE, next.
class Session {
 public:
  Session(asio::io_context& io, std::span<const Request> requests)
      : socket_(io), timer_(io), requests_(requests) {}

  std::vector<SocketEntry> run(asio::io_context& io,
                               std::chrono::steady_clock::time_point deadline) {
    boost::system::error_code ec;
    socket_.open(Protocol(AF_NETLINK, NETLINK_SOCK_DIAG), ec);
    if (ec) throw NetlinkError("netlink sock_diag socket: " + ec.message());
    timer_.expires_at(deadline);
    timer_.async_wait([this](const boost::system::error_code& e) {
      if (e) return;  // cancelled: the dumps finished in time
      timed_out_ = true;
      boost::system::error_code ignored;
      socket_.close(ignored);
    });
    start(0);
    io.run();
    if (timed_out_)
      throw std::runtime_error("netlink sock_diag: no complete answer before the deadline");
    if (failure_) throw NetlinkError(*failure_);
    return std::move(sockets_);
  }

 private:
  void start(std::size_t index) {
    index_ = index;
    if (index_ == requests_.size()) {
      timer_.cancel();
      return;
    }
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    const Protocol::endpoint to(&kernel, sizeof kernel, NETLINK_SOCK_DIAG);
    const auto request = encode_request(requests_[index_], seq());
    boost::system::error_code ec;
    socket_.send_to(asio::buffer(request), to, 0, ec);
    if (ec) return fail("netlink sock_diag send: " + ec.message());
    receive();
  }

  void receive() {
    socket_.async_receive(
        asio::buffer(buffer_), [this](const boost::system::error_code& ec, std::size_t n) {
          if (timed_out_) return;
          if (ec) return fail("netlink sock_diag receive: " + ec.message());
          const Request& r = requests_[index_];
          Chunk chunk;
          try {
            chunk = decode(std::span<const std::byte>(buffer_.data(), n), r.proto, seq());
          } catch (const DecodeError& e) {
            return fail(e.what());
          }
          if (chunk.error != 0) {
            return fail(std::string("netlink sock_diag ") + std::string(name(r.proto)) +
                        (r.family == Family::v4 ? "4" : "6") +
                        " dump refused: " + std::strerror(chunk.error));
          }
          sockets_.insert(sockets_.end(), chunk.sockets.begin(), chunk.sockets.end());
          if (chunk.done) return start(index_ + 1);
          receive();
        });
  }

  void fail(std::string why) {
    failure_ = std::move(why);
    timer_.cancel();
  }

  std::uint32_t seq() const { return static_cast<std::uint32_t>(index_ + 1); }

  Protocol::socket socket_;
  asio::steady_timer timer_;
  std::span<const Request> requests_;
  std::size_t index_ = 0;
  // The kernel caps one dump datagram near 32 KiB; twice that never truncates.
  std::vector<std::byte> buffer_ = std::vector<std::byte>(64 * 1024);
  std::vector<SocketEntry> sockets_;
  std::optional<std::string> failure_;
  bool timed_out_ = false;
};

}  // namespace

std::vector<SocketEntry> dump(std::span<const Request> requests,
                              std::chrono::steady_clock::time_point deadline) {
  asio::io_context io;
  Session session(io, requests);
  return session.run(io, deadline);
}

}  // namespace vs::net::sock_diag
