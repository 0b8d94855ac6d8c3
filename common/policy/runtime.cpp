// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/runtime.hpp"

#include <algorithm>

namespace vs::policy {

using plugin::Status;

namespace {

// The same listening socket, as far as a configuration can say: the protocol, the
// port (0 in the configuration: any), and the address, where two wildcards of the
// same family count as the same ("::" configured, "::" bound dual-stack).
bool same_bind(const net::Endpoint& configured, const net::Endpoint& live) {
  if (configured.proto != live.proto) return false;
  if (configured.port != 0 && configured.port != live.port) return false;
  if (configured.is_wildcard() || live.is_wildcard()) {
    return configured.is_wildcard() && live.is_wildcard() &&
           (configured.address.unmapped().family() == live.address.unmapped().family());
  }
  return net::same_host(configured.address, live.address);
}

// The same protocol and port: a socket there may be the daemon's on another address.
bool same_port(const net::Endpoint& configured, const net::Endpoint& live) {
  return configured.proto == live.proto && (configured.port == 0 || configured.port == live.port);
}

// "live tcp 0.0.0.0:22 sshd[812]": the socket and its process, the finding's origin.
std::string socket_origin(const net::Listener& l) {
  std::string text = "live " + l.endpoint.str();
  if (l.process) text += " " + l.process->command + "[" + std::to_string(l.process->pid) + "]";
  return text;
}

template <typename Range, typename Pred>
bool any(const Range& range, Pred pred) {
  return std::any_of(range.begin(), range.end(), pred);
}

// Compares one scope; the findings that call for a restart share one group.
class Comparison {
 public:
  Comparison(const BindPolicy& policy, const std::string& noun, const std::string& prefix,
             plugin::Result& result)
      : policy_(policy), noun_(noun), prefix_(prefix), result_(result) {}

  void needs_restart(const std::string& origin, const std::string& text) {
    auto& f = result_.add(Status::warning, prefix_ + origin, text);
    f.brief = prefix_ + noun_ + " needs a restart";
    f.group.key = prefix_ + noun_ + " needs a restart";
  }

  void hidden(const std::string& origin, const std::string& text, const net::Listener& l) {
    auto& f =
        result_.add(Status::unknown, prefix_ + origin,
                    text + ", owner hidden: run as root to tell whether it is " + noun_ + "'s");
    f.brief = prefix_ + "owner of " + l.endpoint.str() + " hidden (run as root)";
    f.group = {.key = prefix_ + noun_ + " hidden",
               .member = l.endpoint.str(),
               .several = "sockets on " + noun_ + "'s ports with hidden owners (run as root)"};
  }

  void configured(const config::ConfiguredEndpoint& c, const DaemonSockets& live) {
    const auto here = [&](const net::Listener& l) { return same_bind(c.endpoint, l.endpoint); };
    if (any(live.owned, here)) {
      result_.add(Status::ok, prefix_ + c.origin.str(),
                  c.endpoint.str() + " is live as configured");
      return;
    }
    const auto hidden_here = std::find_if(live.hidden.begin(), live.hidden.end(), here);
    if (hidden_here != live.hidden.end()) {
      hidden(c.origin.str(), "configured " + c.endpoint.str() + ": a socket listens there",
             *hidden_here);
      return;
    }
    needs_restart(c.origin.str(), "configured " + c.endpoint.str() + ", but " + noun_ +
                                      " does not listen there: restart it to apply the "
                                      "configuration");
  }

  void unconfigured(const net::Listener& l) {
    const Verdict v = policy_.judge(l.endpoint);
    if (v.status == Status::ok) {
      needs_restart(socket_origin(l),
                    "bound but not configured: restart " + noun_ + " to apply the configuration");
      return;
    }
    result_
        .add(v.status, prefix_ + socket_origin(l),
             "bound but not configured: " + v.reason + " (restart to apply)")
        .brief = prefix_ + noun_ + " on " + l.endpoint.str() + " (not configured)";
  }

  void not_running() {
    result_
        .add(Status::warning, prefix_ + noun_, "no listening socket of " + noun_ + ": not running?")
        .brief = prefix_ + noun_ + " not listening";
  }

 private:
  const BindPolicy& policy_;
  const std::string& noun_;
  const std::string& prefix_;
  plugin::Result& result_;
};

}  // namespace

DaemonSockets daemon_sockets(const std::vector<net::Listener>& all,
                             const std::vector<std::string>& process_names) {
  DaemonSockets out;
  for (const auto& l : all) {
    if (l.process) {
      if (std::find(process_names.begin(), process_names.end(), l.process->command) !=
          process_names.end())
        out.owned.push_back(l);
    } else if (l.owner_hidden) {
      out.hidden.push_back(l);
    }
  }
  return out;
}

void compare_runtime(const std::vector<config::ConfiguredEndpoint>& configured,
                     const DaemonSockets& live, const BindPolicy& policy, const std::string& noun,
                     const std::string& prefix, plugin::Result& result) {
  std::vector<const config::ConfiguredEndpoint*> judged;
  for (const auto& c : configured) {
    if (!c.endpoint.is_name()) judged.push_back(&c);  // a name cannot be matched to a socket
  }
  Comparison compare(policy, noun, prefix, result);
  // Only the hidden sockets on the service's ports may be the daemon's.
  DaemonSockets relevant{live.owned, {}};
  for (const auto& l : live.hidden) {
    if (any(judged, [&](const auto* c) { return same_port(c->endpoint, l.endpoint); }))
      relevant.hidden.push_back(l);
  }
  if (relevant.owned.empty() && relevant.hidden.empty()) {
    if (!judged.empty()) compare.not_running();
    return;
  }
  for (const auto* c : judged)
    compare.configured(*c, relevant);
  for (const auto& l : relevant.owned) {
    if (!any(judged, [&](const auto* c) { return same_bind(c->endpoint, l.endpoint); }))
      compare.unconfigured(l);
  }
  for (const auto& l : relevant.hidden) {
    if (!any(judged, [&](const auto* c) { return same_bind(c->endpoint, l.endpoint); }))
      compare.hidden(socket_origin(l), "bound on " + noun + "'s port but not configured", l);
  }
}

}  // namespace vs::policy
