// SPDX-License-Identifier: GPL-3.0-or-later
#include "mount/process_mounts.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <system_error>

#include "fs/proc_field.hpp"

namespace vs::mount {
namespace {

constexpr std::size_t kStatusMax = 1 << 16;

template <typename Int>
std::optional<Int> whole_number(std::string_view text) {
  Int value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

bool is_pid(const std::string& name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// readlink(2) of <proc>/<process>/root: a magic link that needs ptrace access.
std::string process_root(const fs::Tree& proc, const std::string& process) {
  const std::string link = proc.display("/" + process + "/root");
  char buf[4096];
  const ssize_t n = ::readlink(link.c_str(), buf, sizeof buf);
  if (n < 0) {
    const int err = errno;
    if (err == ENOENT) return "/";  // a fixture tree without the link
    std::string reason = std::system_category().message(err);
    if (err == EACCES || err == EPERM)
      reason += " (reading another process's root needs root and ptrace access to it)";
    throw fs::FileError(link, reason);
  }
  if (static_cast<std::size_t>(n) == sizeof buf) throw fs::FileError(link, "path too long");
  std::string root(buf, static_cast<std::size_t>(n));
  // A root that is not a path ("(unreachable)" or empty) is treated as the namespace's.
  return root.empty() || root.front() != '/' ? "/" : normalize(root);
}

}  // namespace

std::optional<int> parse_init_pid(std::string_view virtual_info) {
  const auto value = fs::proc_field(virtual_info, "Init");
  return value ? whole_number<int>(*value) : std::nullopt;
}

std::optional<unsigned> parse_vxid(std::string_view proc_status) {
  const auto value = fs::proc_field(proc_status, "VxID");
  return value ? whole_number<unsigned>(*value) : std::nullopt;
}

ProcessMounts read_process_mounts(const fs::Tree& proc, const std::string& process) {
  ProcessMounts out;
  const auto text = proc.read("/" + process + "/mountinfo");
  out.file = text.path;  // already the displayed path
  out.info = parse_mountinfo(text.content, out.file);
  out.root = process_root(proc, process);
  return out;
}

GuestProcess find_guest_process(const fs::Tree& proc, unsigned xid) {
  const std::string context = "/virtual/" + std::to_string(xid);
  if (!proc.stat("/virtual").is_directory) {
    return {std::nullopt, "no " + proc.display("/virtual") +
                              ": not a VServer kernel, so the guest's processes cannot be "
                              "found; give --pid GUEST:PID"};
  }
  const auto info = proc.read_if_exists(context + "/info", kStatusMax);
  if (!info) {
    return {std::nullopt, "no " + proc.display(context) + ": context " + std::to_string(xid) +
                              " does not exist (a stale run file?)"};
  }
  if (const auto init = parse_init_pid(info->content);
      init && *init > 0 && proc.stat("/" + std::to_string(*init)).is_directory) {
    return {*init, {}};
  }
  // A guest without an init process of its own (the default "sysv" init style):
  // any process of the context shares its namespace.
  const auto entries = proc.list_if_exists("/");
  std::optional<int> lowest;
  for (const auto& e : entries.value_or(std::vector<fs::Entry>{})) {
    if (!is_pid(e.name)) continue;
    const auto pid = whole_number<int>(e.name);
    if (!pid || (lowest && *pid >= *lowest)) continue;
    try {
      const auto status = proc.read_if_exists("/" + e.name + "/status", kStatusMax);
      if (status && parse_vxid(status->content) == xid) lowest = pid;
    } catch (const fs::FileError&) {
      // The process ended while we looked: not the one.
    }
  }
  if (lowest) return {*lowest, {}};
  return {std::nullopt, "context " + std::to_string(xid) + " has no process (" +
                            proc.display(context + "/info") +
                            " names no init, and no process has VxID " + std::to_string(xid) + ")"};
}

}  // namespace vs::mount
