// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/proc_net.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "fs/tree.hpp"
#include "plugin/number.hpp"

namespace vs::net {
namespace {

// Enough for ~400,000 sockets (each line is about 150 bytes).
constexpr std::size_t kMaxTableSize = 64u << 20;

std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
      ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t')
      ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

// "0100007F:0016" -> address and port. The kernel prints each 32-bit word of the
// address with %08X in host order, so the word's in-memory bytes are the address.
bool parse_address(std::string_view text, Family family, Address& address, std::uint16_t& port) {
  const std::size_t words = family == Family::v4 ? 1 : 4;
  const auto colon = text.find(':');
  if (colon != words * 8 || text.size() - colon - 1 != 4) return false;
  std::uint8_t bytes[16] = {};
  for (std::size_t w = 0; w < words; ++w) {
    const auto word = plugin::parse_number<std::uint32_t>(text.substr(w * 8, 8), 16);
    if (!word) return false;
    std::memcpy(bytes + w * 4, &*word, 4);
  }
  const auto parsed_port = plugin::parse_number<std::uint16_t>(text.substr(colon + 1), 16);
  if (!parsed_port) return false;
  port = *parsed_port;
  if (family == Family::v4) {
    std::uint8_t v4[4];
    std::memcpy(v4, bytes, 4);
    address = Address::v4_bytes(v4);
  } else {
    address = Address::v6_bytes(bytes);
  }
  return true;
}

}  // namespace

std::vector<SocketEntry> parse_proc_net(std::string_view text, Proto proto, Family family,
                                        const std::string& path) {
  std::vector<SocketEntry> out;
  int line_number = 0;
  while (!text.empty()) {
    const auto newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    ++line_number;
    const auto f = fields(line);
    if (f.empty()) continue;
    if (line_number == 1 && f[0] == "sl") continue;  // the header
    const auto fail = [&](const std::string& what) {
      return ProcNetError(path + ":" + std::to_string(line_number) + ": " + what);
    };
    // sl local rem st queues timer retrnsmt uid timeout inode
    if (f.size() < 10) throw fail("expected at least 10 fields, found " + std::to_string(f.size()));
    if (f[0].back() != ':') throw fail("'" + std::string(f[0]) + "' is not a slot number");
    SocketEntry s;
    s.proto = proto;
    if (!parse_address(f[1], family, s.local, s.local_port)) {
      throw fail("bad local address '" + std::string(f[1]) + "'");
    }
    if (!parse_address(f[2], family, s.remote, s.remote_port)) {
      throw fail("bad remote address '" + std::string(f[2]) + "'");
    }
    const auto state = plugin::parse_number<int>(f[3], 16);
    if (!state || *state < 1 || *state > 0xff) throw fail("bad state '" + std::string(f[3]) + "'");
    const auto uid = plugin::parse_number<unsigned>(f[7]);
    if (!uid) throw fail("bad uid '" + std::string(f[7]) + "'");
    const auto inode = plugin::parse_number<std::uint64_t>(f[9]);
    if (!inode) throw fail("bad inode '" + std::string(f[9]) + "'");
    s.state = *state;
    s.uid = *uid;
    s.inode = *inode;
    out.push_back(s);
  }
  return out;
}

std::vector<SocketEntry> read_proc_net_dir(const fs::Tree& proc, const std::string& dir, bool tcp,
                                           bool udp) {
  std::vector<SocketEntry> out;
  const auto add = [&](const char* file, Proto proto, Family family) {
    const std::string in_tree = dir + "/" + file;
    const std::string path = proc.display(in_tree);
    std::optional<fs::FileText> text;
    try {
      text = proc.read_if_exists(in_tree, kMaxTableSize);
    } catch (const fs::FileError& e) {
      throw std::runtime_error(path + ": " + e.reason());
    }
    if (!text) {
      if (family == Family::v6) return;  // a kernel without IPv6
      throw std::runtime_error(path + ": no such file");
    }
    auto entries = parse_proc_net(text->content, proto, family, path);
    out.insert(out.end(), entries.begin(), entries.end());
  };
  if (tcp) {
    add("tcp", Proto::tcp, Family::v4);
    add("tcp6", Proto::tcp, Family::v6);
  }
  if (udp) {
    add("udp", Proto::udp, Family::v4);
    add("udp6", Proto::udp, Family::v6);
  }
  return out;
}

std::vector<SocketEntry> read_proc_net(bool tcp, bool udp) {
  // /proc/net follows the process's first thread; thread-self follows the thread
  // that entered --netns.
  const fs::Tree proc("/proc");
  const bool thread = proc.stat("/thread-self/net").is_directory;
  return read_proc_net_dir(proc, thread ? "/thread-self/net" : "/self/net", tcp, udp);
}

}  // namespace vs::net
