#include "policy/service_check.hpp"

#include <algorithm>

#include "net/interfaces.hpp"
#include "net/listeners.hpp"
#include "policy/runtime.hpp"
#include "vserver/site.hpp"

namespace vs::policy {

using plugin::Result;
using plugin::Status;

std::string Scope::label() const {
  if (guest != nullptr) return "guest " + guest->name;
  return policy.is_host() ? "host" : "this guest";
}

std::optional<bool> parse_loopback(const std::string& text) {
  if (text == "auto") return std::nullopt;
  if (text == "yes") return true;
  if (text == "no") return false;
  throw plugin::UsageError("--loopback must be yes, no or auto, not '" + text + "'");
}

void add_service_options(plugin::Plugin& plugin, ServiceOptions& o,
                         const std::string& default_config) {
  namespace po = plugin::po;
  o.config = default_config;
  o.config_default = default_config;
  plugin.add_options()(
      "config", po::value(&o.config)->default_value(default_config)->value_name("PATH"),
      "the configuration file, under --root (or inside the guest's root with --guest)")(
      "strict", po::bool_switch(&o.strict),
      "in a guest, a wildcard bind is WARNING too (the seed's advice: always a precise address)")(
      "loopback", po::value(&o.loopback)->default_value("auto")->value_name("yes|no|auto"),
      "whether the guest has a loopback interface; auto: from its nflags (lback_remap, "
      "lback_allow), or from the interfaces when run inside the guest")(
      "runtime", po::bool_switch(&o.runtime),
      "also compare with the daemon's live listeners (a difference means a restart is needed)")(
      "netns", po::value(&o.netns)->value_name("NAME|PATH"),
      "with --runtime: read the listeners of this network namespace");
}

namespace {

// "sshd_config:12": enough to find the line in a summary; findings carry the path.
std::string short_origin(const Location& where) {
  Location shown = where;
  shown.file = shown.file.substr(shown.file.find_last_of('/') + 1);
  return shown.str();
}

struct ScopeResult {
  int endpoints = 0;
  int wildcard = 0;
  int violations = 0;
};

// The daemon's live listeners for --runtime, as far as they belong to `scope`: from
// the host without --netns every context shares one stack, so a guest's are those on
// its addresses.
std::vector<net::Listener> live_listeners(const plugin::StandardOptions& o,
                                          const ServiceOptions& service, const ServiceSpec& spec,
                                          const Scope& scope) {
  net::ListenerQuery query;
  query.netns = service.netns;
  query.deadline = o.deadline;
  const auto all = net::read_listeners(query);
  auto live = daemon_listeners(all, spec.process_names, false);
  const bool hidden =
      std::any_of(all.begin(), all.end(), [](const net::Listener& l) { return !l.process; });
  if (live.empty() && hidden) {
    throw plugin::UsageError("--runtime: cannot tell which sockets are " + spec.noun +
                             "'s: their owners are hidden (run as root)");
  }
  if (scope.guest != nullptr && service.netns.empty()) {
    std::erase_if(live,
                  [&](const net::Listener& l) { return !scope.guest->owns(l.endpoint.address); });
  }
  return live;
}

void judge_scope(const Scope& scope, const std::string& path, const Reader& read,
                 const std::string& prefix, const plugin::StandardOptions& o,
                 const ServiceOptions& service, const ServiceSpec& spec, Result& result,
                 ScopeResult& counts) {
  const int verbosity = o.verbosity;
  ServiceConfig config;
  try {
    config = read(scope, path);
  } catch (const fs::FileError& e) {
    result.add(Status::unknown, prefix + e.path(), e.reason());
    return;
  }
  for (const auto& e : config.endpoints) {
    const Verdict v = scope.policy.judge(e.endpoint);
    ++counts.endpoints;
    if (e.endpoint.is_wildcard()) ++counts.wildcard;
    if (v.status != Status::ok) ++counts.violations;
    result.add(v.status, prefix + e.origin.str(), e.directive + ": " + v.reason).brief =
        prefix + e.directive + " (" + short_origin(e.origin) + ")";
  }
  for (const auto& n : config.notes) {
    result.add(n.status, prefix + n.where.str(), n.text, n.min_verbosity).brief =
        n.brief.empty() ? "" : prefix + n.brief;
  }
  if (service.runtime) {
    compare_runtime(config.endpoints, live_listeners(o, service, spec, scope), scope.policy,
                    spec.noun, prefix, result);
  }
  if (verbosity >= 2) {
    for (const auto& f : config.files_read)
      result.add(Status::ok, prefix + f, "read", 2);
  }
}

std::string first_existing(const fs::Tree& tree, const ServiceOptions& o, const ServiceSpec& spec) {
  if (o.config != o.config_default || tree.stat(o.config).exists) return o.config;
  for (const auto& alt : spec.alternatives) {
    if (tree.stat(alt).exists) return alt;
  }
  return o.config;
}

}  // namespace

plugin::Result check_service(const plugin::StandardOptions& o, const ServiceOptions& service,
                             const ServiceSpec& spec, const Reader& read) {
  const auto loopback = parse_loopback(service.loopback);
  const auto site = vserver::open_site(o);
  Result result;
  ScopeResult counts;

  if (!site.chosen.empty()) {
    for (const auto* g : site.chosen) {
      const std::string prefix = site.chosen.size() > 1 ? "guest " + g->name + ": " : "";
      if (g->root_dir.empty()) {
        result.add(Status::unknown, "guest " + g->name,
                   "root directory unknown (no vdir link): cannot read its files");
        continue;
      }
      fs::Tree root(site.host, g->root_dir);
      const BindPolicy policy = BindPolicy::guest(*g, service.strict, loopback);
      const Scope scope{root, g, policy};
      judge_scope(scope, first_existing(root, service, spec), read, prefix, o, service, spec,
                  result, counts);
    }
  } else if (site.role == plugin::Role::host) {
    const BindPolicy policy = BindPolicy::host(site.all.guests);
    const Scope scope{site.host, nullptr, policy};
    judge_scope(scope, first_existing(site.host, service, spec), read, "", o, service, spec, result,
                counts);
  } else {
    // Inside a guest: its own addresses are what its interfaces carry. Under a
    // --root we cannot see them, and only the wildcard and loopback rules apply.
    net::LocalAddresses local;
    if (o.root == "/") local = net::local_addresses();
    const BindPolicy policy = BindPolicy::guest_context(local.addresses, service.strict,
                                                        loopback.value_or(local.has_loopback));
    const Scope scope{site.host, nullptr, policy};
    judge_scope(scope, first_existing(site.host, service, spec), read, "", o, service, spec, result,
                counts);
  }

  result.perfdata = {
      {"endpoints", static_cast<double>(counts.endpoints), "", {}, {}, 0, {}},
      {"wildcard", static_cast<double>(counts.wildcard), "", {}, {}, 0, {}},
      {"violations", static_cast<double>(counts.violations), "", o.warning, o.critical, 0, {}},
  };
  if (o.warning && o.warning->alerts(counts.violations)) result.threshold_status = Status::warning;
  if (o.critical && o.critical->alerts(counts.violations))
    result.threshold_status = Status::critical;
  if (result.status() == Status::ok) {
    result.summary = spec.noun + ": " + std::to_string(counts.endpoints) + " endpoint" +
                     (counts.endpoints == 1 ? "" : "s") + ", all bound as they should be";
  }
  return result;
}

}  // namespace vs::policy
