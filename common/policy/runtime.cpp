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

std::string owner(const net::Listener& l) {
  if (!l.process) return "";
  return " " + l.process->command + "[" + std::to_string(l.process->pid) + "]";
}

}  // namespace

std::vector<net::Listener> daemon_listeners(const std::vector<net::Listener>& all,
                                            const std::vector<std::string>& process_names,
                                            bool keep_unowned) {
  std::vector<net::Listener> out;
  for (const auto& l : all) {
    const bool named = l.process && std::find(process_names.begin(), process_names.end(),
                                              l.process->command) != process_names.end();
    if (named || (keep_unowned && !l.process)) out.push_back(l);
  }
  return out;
}

void compare_runtime(const std::vector<config::ConfiguredEndpoint>& configured,
                     const std::vector<net::Listener>& live, const BindPolicy& policy,
                     const std::string& noun, const std::string& prefix, plugin::Result& result) {
  std::vector<const config::ConfiguredEndpoint*> judged;
  for (const auto& c : configured) {
    if (!c.endpoint.is_name()) judged.push_back(&c);  // a name cannot be matched to a socket
  }
  if (live.empty()) {
    if (!judged.empty()) {
      result
          .add(Status::warning, prefix + noun, "no listening socket of " + noun + ": not running?")
          .brief = prefix + noun + " not listening";
    }
    return;
  }
  for (const auto* c : judged) {
    const bool bound = std::any_of(live.begin(), live.end(), [&](const net::Listener& l) {
      return same_bind(c->endpoint, l.endpoint);
    });
    if (bound) {
      result.add(Status::ok, prefix + c->origin.str(),
                 c->endpoint.str() + " is live as configured");
      continue;
    }
    result
        .add(Status::warning, prefix + c->origin.str(),
             "configured " + c->endpoint.str() + ", but " + noun +
                 " does not listen there: restart it to apply the configuration")
        .brief = prefix + noun + " needs a restart";
  }
  for (const auto& l : live) {
    const bool known = std::any_of(
        judged.begin(), judged.end(),
        [&](const config::ConfiguredEndpoint* c) { return same_bind(c->endpoint, l.endpoint); });
    if (known) continue;
    const Verdict v = policy.judge(l.endpoint);
    const std::string what = l.endpoint.str() + owner(l) + " is bound but not configured";
    if (v.status != Status::ok) {
      result
          .add(v.status, prefix + "live " + l.endpoint.str(),
               what + ": " + v.reason + " (restart to apply)")
          .brief = prefix + "live " + l.endpoint.str();
    } else {
      result
          .add(Status::warning, prefix + "live " + l.endpoint.str(),
               what + ": restart " + noun + " to apply the configuration")
          .brief = prefix + noun + " needs a restart";
    }
  }
}

}  // namespace vs::policy
