// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/listen_check.hpp"

#include "net/interfaces.hpp"
#include "net/listeners.hpp"
#include "policy/guest_sockets.hpp"
#include "policy/kernel_report.hpp"
#include "policy/listen_policy.hpp"
#include "policy/service_check.hpp"
#include "vserver/site.hpp"

namespace vs::policy {

using plugin::Result;
using plugin::Status;
using plugin::UsageError;

namespace {

net::ListenerQuery make_query(const plugin::StandardOptions& o, const ListenOptions& lo) {
  net::ListenerQuery q;
  if (lo.source == "auto") {
    q.source = net::Source::automatic;
  } else if (lo.source == "netlink") {
    q.source = net::Source::netlink;
  } else if (lo.source == "proc") {
    q.source = net::Source::proc;
  } else {
    throw UsageError("--source must be auto, netlink or proc, not '" + lo.source + "'");
  }
  if (lo.proto != "tcp" && lo.proto != "udp" && lo.proto != "all") {
    throw UsageError("--proto must be tcp, udp or all, not '" + lo.proto + "'");
  }
  q.tcp = lo.proto != "udp";
  q.udp = lo.proto != "tcp";
  q.netns = lo.netns;
  q.deadline = o.deadline;
  q.processes = !lo.no_processes;
  q.proc = o.proc;
  if (!o.live_proc()) {
    // A recording's sockets are its tables: nothing live to ask or to enter.
    if (!lo.netns.empty())
      throw UsageError("--netns reads a live namespace: it cannot be used with --proc " + o.proc);
    if (q.source == net::Source::netlink)
      throw UsageError("--source netlink asks the running kernel: it cannot replay --proc " +
                       o.proc);
    q.tables = "/net";
  }
  return q;
}

ListenRules make_rules(const ListenOptions& lo) {
  ListenRules rules;
  for (const auto& p : lo.allow_ports) {
    rules.allow_ports.push_back(PortRule::parse(p));
  }
  rules.allow_processes = lo.allow_processes;
  for (const auto& x : lo.expect) {
    rules.expect.push_back(Expectation::parse(x));
  }
  return rules;
}

std::string source_name(const net::ListenerReport& r) {
  if (!r.tables.empty()) return r.tables + " (a recorded /proc: netlink cannot be replayed)";
  if (r.used == net::Source::netlink) return "netlink sock_diag";
  return r.note.empty() ? "/proc/net" : "/proc/net (" + r.note + ")";
}

struct Scopes {
  std::vector<ListenScope> scopes;
  bool shared = false;  // some scope judges the shared stack
};

Scopes make_scopes(const plugin::StandardOptions& o, const ListenOptions& lo,
                   const vserver::Site& site, const net::ListenerQuery& query, Result& result) {
  const auto forced = parse_loopback(lo.loopback);
  const auto loopback_of = [&](const vserver::Loopback& verdict) {
    return forced ? vserver::loopback_option(*forced) : verdict;
  };
  Scopes out;
  if (!site.chosen.empty()) {
    for (const auto* g : site.chosen) {
      const auto view = site.view(*g);
      report_problems(result, view.problems(true), g->name);
      ListenScope scope{BindPolicy::guest(*g, lo.strict, loopback_of(view.loopback)),
                        view.live.xid ? view.live.xid : g->xid,
                        true,
                        {}};
      if (view.network.own_netns()) {
        scope.own_sockets = own_sockets(site, *g, view, query, result);
        if (!scope.own_sockets) continue;  // said UNKNOWN; its sockets are not the host's
      } else {
        out.shared = true;
      }
      out.scopes.push_back(std::move(scope));
    }
    // After the guests: their verdicts may have needed the configuration.
    report_kernel(result, site.kernel());
    return out;
  }
  out.shared = true;
  if (site.role == plugin::Role::host) {
    const vserver::Kernel& kernel = site.kernel();
    std::vector<std::string> own_netns;
    std::vector<GuestLoopback> loopbacks;
    for (const auto& g : site.all.guests) {
      if (!kernel.vserver) {
        // No context runs on this kernel: the files alone say who has a stack of its own.
        if (vserver::read_guest_network_config(site.host, g).own_netns())
          own_netns.push_back(g.name);
        continue;
      }
      const auto view = site.view(g);
      report_problems(result, view.problems(true), g.name);
      if (view.network.own_netns()) own_netns.push_back(g.name);
      const auto verdict = loopback_of(view.loopback);
      if (view.live.running && view.loopback.remapped && view.loopback.address) {
        loopbacks.push_back({*view.loopback.address, BindPolicy::guest(g, lo.strict, verdict)});
      }
    }
    if (kernel.vserver) report_kernel(result, kernel);
    ListenScope host{BindPolicy::host(site.all.guests, own_netns), {}, false, {}};
    host.guest_loopbacks = std::move(loopbacks);
    for (const auto& g : site.all.guests) {
      if (g.running && g.xid) host.contexts[*g.xid] = g.name;
    }
    out.scopes.push_back(std::move(host));
    return out;
  }
  // Inside a guest its own addresses are those on its interfaces (not knowable for
  // another namespace, under --root, or from a recorded --proc).
  net::LocalAddresses local;
  std::optional<bool> on_interfaces;
  if (o.root == "/" && lo.netns.empty() && site.live_proc) {
    local = net::local_addresses();
    on_interfaces = local.has_loopback;
  }
  vserver::Loopback verdict = vserver::loopback_option(forced.value_or(false));
  if (!forced) {
    std::vector<vserver::ReadProblem> problems;
    verdict = site.own_loopback(on_interfaces, problems);
    report_problems(result, problems);
    report_kernel(result, site.kernel());
  }
  out.scopes.push_back(
      {BindPolicy::guest_context(local.addresses, lo.strict, std::move(verdict)), {}, false, {}});
  return out;
}

// Adds `from`'s findings to `to`; a summary that said all is well no longer holds
// when they make it worse (an unreadable /proc file: UNKNOWN).
void merge(Result& to, Result&& from) {
  const Status before = to.status();
  for (auto& f : from.findings)
    to.findings.push_back(std::move(f));
  if (before == Status::ok && to.status() != Status::ok) to.summary.clear();
}

}  // namespace

Result check_listen(const plugin::StandardOptions& o, const ListenOptions& lo) {
  const auto query = make_query(o, lo);
  const auto rules = make_rules(lo);
  const auto site = vserver::open_site(o);
  Result inputs;  // what the kernel model could not read, and -vv's inputs
  const Scopes scopes = make_scopes(o, lo, site, query, inputs);
  net::ListenerReport report;
  if (scopes.shared) report = net::read_listeners_report(query);

  const bool host = site.chosen.empty() && site.role == plugin::Role::host;
  const auto thresholds = listen_thresholds(host, lo.strict, o.warning, o.critical);
  Result result =
      judge_listeners(report.listeners, scopes.scopes, rules, thresholds, {query.processes});
  merge(result, std::move(inputs));
  if (host && !site.all.config_dir_exists) {
    result.add(Status::ok, site.host.display(site.vservers_dir),
               "no such directory: no guests configured", 1);
  }
  if (scopes.shared) {
    result.add(Status::ok, "inputs",
               "sockets from " + source_name(report) +
                   (lo.netns.empty() ? "" : " in network namespace " + lo.netns) +
                   "; guests from " + site.host.display(site.vservers_dir),
               2);
  }
  return result;
}

}  // namespace vs::policy
