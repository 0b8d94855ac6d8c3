// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/kernel.hpp"

#include <algorithm>
#include <charconv>

#include "config/lines.hpp"
#include "plugin/number.hpp"

namespace vs::vserver {
namespace {

std::optional<unsigned> id_of(std::string_view name) {
  return plugin::parse_number<unsigned>(name);
}

// The numbered entries of virtual/ or virtnet/ (the others are info and status).
std::vector<unsigned> list_ids(const fs::Tree& proc, const std::string& dir,
                               std::vector<ReadProblem>& problems) {
  std::vector<unsigned> ids;
  try {
    if (const auto entries = proc.list_if_exists(dir)) {
      for (const auto& e : *entries) {
        if (const auto id = id_of(e.name)) ids.push_back(*id);
      }
    }
  } catch (const fs::FileError& e) {
    problems.push_back({{e.path(), 0}, e.reason()});
  }
  return ids;
}

Context read_context(const fs::Tree& proc, unsigned xid) {
  Context c;
  c.xid = xid;
  const std::string dir = "/virtual/" + std::to_string(xid);
  c.status_path = proc.display(dir + "/status");
  c.status = read_proc_file(proc, dir + "/status", &parse_xid_status, c.problems);
  if (const auto info = read_proc_file(proc, dir + "/info", &parse_xid_info, c.problems)) {
    if (info->init_pid > 0) c.init_pid = info->init_pid;
  }
  return c;
}

NetworkContext read_network(const fs::Tree& proc, unsigned nid) {
  NetworkContext n;
  n.nid = nid;
  const std::string dir = "/virtnet/" + std::to_string(nid);
  n.status = read_proc_file(proc, dir + "/status", &parse_nid_status, n.problems);
  n.info = read_proc_file(proc, dir + "/info", &parse_nid_info, n.problems);
  return n;
}

// "4.9.159-vs2.3.9.8" -> 2.3
std::optional<Branch> branch_of_release(const std::string& release, const std::string& what) {
  const std::string patch = vserver_patch(release);
  unsigned major = 0;
  unsigned minor = 0;
  const char* end = patch.data() + patch.size();
  const auto [p1, e1] = std::from_chars(patch.data(), end, major);
  if (e1 != std::errc{} || p1 == end || *p1 != '.') return std::nullopt;
  const auto [p2, e2] = std::from_chars(p1 + 1, end, minor);
  if (e2 != std::errc{}) return std::nullopt;
  return Branch{major, minor, what + " " + release};
}

}  // namespace

std::optional<Branch> Kernel::branch() const {
  if (vci) {
    return Branch{vci->api_major(), vci->api_minor(),
                  vci->where.file + ": VCIVersion " + vci->text()};
  }
  if (auto b = branch_of_release(release, "release")) return b;
  if (config) {
    if (auto b = branch_of_release(config->release, config->source + ": release")) return b;
  }
  return std::nullopt;
}

const Context* Kernel::context(unsigned xid) const {
  const auto it = contexts.find(xid);
  return it == contexts.end() ? nullptr : &it->second;
}

const NetworkContext* Kernel::network(unsigned nid) const {
  const auto it = networks.find(nid);
  return it == networks.end() ? nullptr : &it->second;
}

std::vector<unsigned> Kernel::running() const {
  std::vector<unsigned> out;
  for (const auto& [xid, c] : contexts) {
    if (c.running()) out.push_back(xid);
  }
  return out;
}

void read_configuration(Kernel& k, const fs::Tree& proc, const fs::Tree& root) {
  if (k.config_read) return;
  k.config_read = true;
  ConfigReading config = read_kernel_config(proc, root, k.release);
  k.config = std::move(config.config);
  k.config_tried = std::move(config.tried);
  k.problems.insert(k.problems.end(), config.problems.begin(), config.problems.end());
}

Kernel read_kernel(const fs::Tree& proc, const fs::Tree& root, bool with_config) {
  Kernel k;
  try {
    if (const auto text = proc.read_if_exists("/sys/kernel/osrelease", 4096)) {
      k.release = std::string(config::trim(text->content.substr(0, text->content.find('\n'))));
    }
  } catch (const fs::FileError& e) {
    k.problems.push_back({{e.path(), 0}, e.reason()});
  }
  k.vserver = proc.stat("/virtual/info").exists;
  if (k.vserver) k.vci = read_proc_file(proc, "/virtual/info", &parse_virtual_info, k.problems);

  if (with_config) read_configuration(k, proc, root);

  for (const unsigned xid : list_ids(proc, "/virtual", k.problems)) {
    Context c = read_context(proc, xid);
    // A context listed but gone before its status was read has exited: not a problem.
    if (c.status || !c.problems.empty()) k.contexts.emplace(xid, std::move(c));
  }
  for (const unsigned nid : list_ids(proc, "/virtnet", k.problems)) {
    NetworkContext n = read_network(proc, nid);
    if (n.status || n.info || !n.problems.empty()) k.networks.emplace(nid, std::move(n));
  }
  return k;
}

std::optional<int> find_context_process(const fs::Tree& proc, unsigned xid) {
  std::optional<std::vector<fs::Entry>> entries;
  try {
    entries = proc.list_if_exists("/");
  } catch (const fs::FileError&) {
    return std::nullopt;
  }
  if (!entries) return std::nullopt;
  std::vector<int> pids;
  for (const auto& e : *entries) {
    if (const auto pid = id_of(e.name); pid && *pid > 0 && *pid <= 0x7fffffffU)
      pids.push_back(static_cast<int>(*pid));
  }
  std::sort(pids.begin(), pids.end());  // the listing is sorted by name, not number
  std::vector<ReadProblem> ignored;     // a process that exits meanwhile is not a problem
  for (const int pid : pids) {
    const auto status =
        read_proc_file(proc, "/" + std::to_string(pid) + "/status", &parse_pid_status, ignored);
    if (status && status->vxid == xid) return pid;
  }
  return std::nullopt;
}

}  // namespace vs::vserver
