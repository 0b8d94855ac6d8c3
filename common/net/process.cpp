// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/process.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <unordered_set>

#include "fs/proc_field.hpp"
#include "fs/tree.hpp"
#include "plugin/number.hpp"

namespace vs::net {
namespace {

Process describe(const fs::Tree& proc, int pid) {
  Process p;
  p.pid = pid;
  const std::string base = "/" + std::to_string(pid);
  try {
    if (const auto comm = proc.read_if_exists(base + "/comm", 4096)) {
      p.command = comm->content.substr(0, comm->content.find('\n'));
    }
    if (const auto status = proc.read_if_exists(base + "/status", 1 << 16)) {
      const auto fields = parse_status(status->content);
      p.uid = fields.uid;
      p.vxid = fields.vxid;
    }
  } catch (const fs::FileError&) {
    // The process exited meanwhile or hides its details: keep what is known.
  }
  return p;
}

}  // namespace

std::optional<std::uint64_t> socket_inode(std::string_view link) {
  constexpr std::string_view prefix = "socket:[";
  if (link.size() < prefix.size() + 2 || link.substr(0, prefix.size()) != prefix ||
      link.back() != ']') {
    return std::nullopt;
  }
  return plugin::parse_number<std::uint64_t>(
      link.substr(prefix.size(), link.size() - prefix.size() - 1));
}

StatusFields parse_status(std::string_view text) {
  StatusFields out;
  if (const auto uid = fs::proc_field(text, "Uid")) {
    const std::string_view first = uid->substr(0, uid->find_first_of(" \t"));
    out.uid = plugin::parse_number<unsigned>(first).value_or(0);
  }
  if (const auto vxid = fs::proc_field(text, "VxID")) {
    out.vxid = plugin::parse_number<unsigned>(vxid->substr(0, vxid->find_first_of(" \t")));
  }
  return out;
}

Owners find_owners(std::span<const std::uint64_t> inodes, const fs::Tree& proc) {
  Owners out;
  std::unordered_set<std::uint64_t> wanted(inodes.begin(), inodes.end());
  wanted.erase(0);  // sockets without an inode (time-wait) have no owner
  if (wanted.empty()) return out;
  std::optional<std::vector<fs::Entry>> processes;
  try {
    processes = proc.list_if_exists("/");
  } catch (const fs::FileError&) {
  }
  if (!processes) {
    out.denied = true;
    return out;
  }
  for (const auto& process : *processes) {
    const auto pid = plugin::parse_number<int>(process.name);
    if (!pid) continue;
    std::optional<std::vector<fs::Link>> fds;
    try {
      fds = proc.links_if_exists("/" + process.name + "/fd");
    } catch (const fs::FileError&) {
      out.denied = true;  // another user's process, without root
      continue;
    }
    if (!fds) continue;            // it exited meanwhile
    std::optional<Process> owner;  // read once per process, however many sockets it holds
    for (const auto& fd : *fds) {
      const auto inode = socket_inode(fd.target);
      if (!inode || wanted.erase(*inode) == 0) continue;
      if (!owner) owner = describe(proc, *pid);
      out.by_inode[*inode] = *owner;
      if (wanted.empty()) return out;
    }
  }
  return out;
}

}  // namespace vs::net
