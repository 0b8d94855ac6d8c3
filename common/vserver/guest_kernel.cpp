// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/guest_kernel.hpp"
#include "plugin/number.hpp"

#include <charconv>

namespace vs::vserver {
namespace {

// The first line of a util-vserver scalar file, or nullopt when the file is absent.
std::optional<fs::FileText> read_scalar(const fs::Tree& root, const std::string& path,
                                        std::vector<ReadProblem>& problems) {
  try {
    return root.read_if_exists(path, 4096);
  } catch (const fs::FileError& e) {
    problems.push_back({{e.path(), 0}, e.reason()});
    return std::nullopt;
  }
}

std::optional<unsigned> read_id(const fs::Tree& root, const std::string& path,
                                std::vector<ReadProblem>& problems) {
  const auto text = read_scalar(root, path, problems);
  if (!text) return std::nullopt;
  const std::string value = first_line(text->content);
  const auto id = plugin::parse_number<unsigned>(value);
  if (!id) {
    problems.push_back({{text->path, 1}, "'" + value.substr(0, 60) + "' is not a context id"});
    return std::nullopt;
  }
  return id;
}

void add_problems(std::vector<ReadProblem>& to, const std::vector<ReadProblem>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

std::string GuestNetworkConfig::own_netns_why() const {
  if (noncontext) return "noncontext";
  if (spaces_net && !ncontext) return "spaces/net without ncontext";
  return {};
}

GuestNetworkConfig read_guest_network_config(const fs::Tree& root, const Guest& guest) {
  GuestNetworkConfig c;
  const std::string& dir = guest.config_dir;
  c.context = read_id(root, dir + "/context", c.problems);
  c.ncontext = read_id(root, dir + "/ncontext", c.problems);
  c.noncontext = root.stat(dir + "/noncontext").exists;
  c.spaces_net = root.stat(dir + "/spaces/net").exists;
  if (const auto text = read_scalar(root, dir + "/interfaces/lback", c.problems)) {
    const std::string value = first_line(text->content);
    const auto address = net::Address::parse(value);
    if (address && address->family() == net::Family::v4) {
      c.lback = *address;
      c.lback_at = {text->path, 1};
    } else {
      c.problems.push_back(
          {{text->path, 1}, "'" + value.substr(0, 60) + "' is not an IPv4 address"});
    }
  }
  return c;
}

GuestKernel read_guest_kernel(const Kernel& kernel, const fs::Tree& proc, const Guest& guest,
                              const GuestNetworkConfig& config) {
  GuestKernel g;
  g.xid = guest.xid ? guest.xid : config.context;
  if (!config.noncontext) g.nid = config.ncontext ? config.ncontext : g.xid;
  if (!g.xid) return g;

  if (const Context* c = kernel.context(*g.xid)) {
    add_problems(g.problems, c->problems);
    g.init_pid = c->init_pid;
    if (c->status && c->running()) {
      g.running = true;
      g.bcaps = c->status->bcaps;
      g.ccaps = c->status->ccaps;
      g.cflags = c->status->flags;
      g.bcaps_at = c->status->bcaps_at;
    }
  }
  if (!g.running) return g;
  if (!g.init_pid) g.init_pid = find_context_process(proc, *g.xid);

  if (g.nid) {
    if (const NetworkContext* n = kernel.network(*g.nid)) {
      add_problems(g.network_problems, n->problems);
      if (n->status) {
        g.nflags = n->status->flags;
        g.nflags_at = n->status->flags_at;
      }
      if (n->info && n->info->lback && !n->info->lback->is_wildcard()) {
        g.lback = n->info->lback;
        g.lback_at = n->info->lback_at;
      }
    }
    // virtnet/ may be hidden or absent (inside a guest); the init process's ninfo
    // shows the same flags and address.
    if ((!g.nflags || !g.lback) && g.init_pid) {
      const auto ninfo = read_proc_file(proc, "/" + std::to_string(*g.init_pid) + "/ninfo",
                                        &parse_pid_ninfo, g.network_problems);
      if (ninfo && ninfo->nid == *g.nid) {
        if (!g.nflags && ninfo->nflags) {
          g.nflags = ninfo->nflags;
          g.nflags_at = ninfo->nflags_at;
        }
        if (!g.lback && ninfo->lback && !ninfo->lback->is_wildcard()) {
          g.lback = ninfo->lback;
          g.lback_at = ninfo->lback_at;
        }
      }
    }
  }

  if (config.own_netns() && g.init_pid) {
    const std::string base = "/" + std::to_string(*g.init_pid);
    GuestNetns ns;
    ns.pid = *g.init_pid;
    ns.path = base + "/ns/net";
    ns.net_dir = base + "/net";
    ns.id = proc.read_link(ns.path).value_or("");
    if (ns.id.empty()) {
      g.network_problems.push_back(
          {{proc.display(ns.path), 0}, "cannot read the guest's network namespace (run as root)"});
    }
    g.netns = std::move(ns);
  }
  return g;
}

}  // namespace vs::vserver
