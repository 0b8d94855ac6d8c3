// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/service_check.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <optional>

#include "config/lines.hpp"
#include "net/interfaces.hpp"
#include "net/listeners.hpp"
#include "net/names.hpp"
#include "policy/bind_policy.hpp"
#include "policy/guest_sockets.hpp"
#include "policy/kernel_report.hpp"
#include "policy/notes.hpp"
#include "policy/runtime.hpp"
#include "vserver/site.hpp"

namespace vs::policy {

using plugin::Result;
using plugin::Status;

std::optional<bool> parse_loopback(const std::string& text) {
  if (text == "auto") return std::nullopt;
  if (text == "yes") return true;
  if (text == "no") return false;
  throw plugin::UsageError("--loopback must be yes, no or auto, not '" + text + "'");
}

void add_service_options(plugin::Plugin& plugin, ServiceOptions& o,
                         const std::string& default_config, const ConfigOption& config) {
  namespace po = plugin::po;
  o.config = default_config;
  o.config_default = default_config;
  plugin.add_options()(
      "config", po::value(&o.config)->default_value(default_config)->value_name(config.value_name),
      (config.what + ", under --root (or inside the guest's root with --guest)").c_str())(
      "strict", po::bool_switch(&o.strict),
      "in a guest, a wildcard bind is WARNING too (always bind a precise address)")(
      "loopback", po::value(&o.loopback)->default_value("auto")->value_name("yes|no|auto"),
      "whether the guest has loopback; auto: as the running kernel decides (the guest's live "
      "NFlags, else the kernel's default changed by its nflags file; see --proc), or from the "
      "interfaces when run inside the guest")(
      "runtime", po::bool_switch(&o.runtime),
      "also compare with the daemon's live listeners: a difference means a restart is needed; "
      "unprivileged, a socket whose owner is hidden is UNKNOWN (run as root)")(
      "netns", po::value(&o.netns)->value_name("NAME|PATH"),
      "with --runtime: read the listeners of this network namespace")(
      "local-addresses", po::value(&o.local_addresses)->value_name("live|ADDR,..."),
      "the machine's interface addresses for a --root tree (a daemon cannot bind an address "
      "none has): live for this network namespace's, or a comma-separated list; default: "
      "live with --root /, unknown with another --root, a guest's own with --guest");
}

std::optional<std::vector<net::Address>> parse_local_addresses(const std::string& text) {
  if (text == "live") return std::nullopt;
  std::vector<net::Address> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find(',', pos), text.size());
    const std::string item(config::trim(std::string_view(text).substr(pos, end - pos)));
    const auto a = net::Address::parse(item);
    if (!a) {
      throw plugin::UsageError(
          "--local-addresses takes live or addresses separated by commas, "
          "not '" +
          config::bounded(item) + "'");
    }
    out.push_back(*a);
    pos = end + 1;
  }
  return out;
}

std::string service_synopsis(const ConfigOption& config, const std::string& own) {
  return "[--config " + config.value_name + "]" + (own.empty() ? "" : " " + own) +
         " [--strict] [--loopback yes|no|auto] [--runtime [--netns NAME|PATH]]"
         " [--local-addresses live|ADDR,...]";
}

namespace {

// Where the service runs: the tree its files are read from and how it is judged.
struct Scope {
  const fs::Tree& tree;         // the host's --root, or the guest's root directory
  const vserver::Guest* guest;  // the guest (from the host with --guest), else nullptr
  const BindPolicy& policy;
  const config::Machine& machine;  // what the daemon sees of its machine
  // A guest with a network namespace of its own: --runtime reads its sockets there.
  const vserver::GuestView* own_netns = nullptr;
};

// The machine's addresses outside a guest: --local-addresses, else this network
// namespace's interfaces when the tree is this machine's.
void local_addresses(const plugin::StandardOptions& o, const ServiceOptions& service,
                     config::Machine& m) {
  if (!service.local_addresses.empty()) {
    m.addresses = parse_local_addresses(service.local_addresses);
    m.addresses_from = "--local-addresses";
    if (m.addresses) return;
  } else if (o.root != "/") {
    return;
  }
  const net::LocalAddresses live = net::local_addresses();
  m.addresses = live.loopback;
  m.addresses->insert(m.addresses->end(), live.addresses.begin(), live.addresses.end());
  m.addresses_from = "this network namespace's interfaces";
}

// The host, or a guest judged from inside: its /etc/hostname (inside a guest on this
// machine, the kernel's name, which util-vserver set from uts/nodename).
config::Machine machine_here(const plugin::StandardOptions& o, const ServiceOptions& service,
                             const fs::Tree& tree, plugin::Role role) {
  config::Machine m;
  if (role == plugin::Role::guest && o.root == "/") {
    utsname u{};
    if (uname(&u) == 0) m.name = config::MachineName{u.nodename, {"uname", 0}};
  } else if (const auto h = net::Names(tree).hostname()) {
    m.name = config::MachineName{h->name, h->where};
  } else {
    m.name_unknown = tree.display("/etc/hostname") + " names no host";
  }
  local_addresses(o, service, m);
  return m;
}

// A guest seen from the host: the name util-vserver gives it and its own addresses.
config::Machine machine_of(const fs::Tree& host, const vserver::Guest& g) {
  config::Machine m;
  const std::string path = g.config_dir + "/uts/nodename";
  try {
    const auto file = host.read_if_exists(path);
    const std::string_view text = file ? std::string_view(file->content) : std::string_view();
    const std::string_view first = config::trim(text.substr(0, text.find('\n')));
    if (!first.empty()) {
      m.name = config::MachineName{std::string(first), {host.display(path), 1}};
    } else {
      m.name_unknown = host.display(path) + (file ? " is empty" : " does not exist");
    }
  } catch (const fs::ReadBudgetExhausted&) {
    throw;
  } catch (const fs::FileError& e) {
    m.name_unknown = e.what();
  }
  // Loopback is the policy's loopback rule: counted here as present.
  m.addresses = {*net::Address::parse("127.0.0.1"), *net::Address::parse("::1")};
  for (const auto& a : g.addresses)
    m.addresses->push_back(a.address);
  m.addresses_from =
      "guest " + g.name + "'s interfaces (" + host.display(g.config_dir) + "/interfaces)";
  return m;
}

// "sshd_config:12": enough to find the line in a summary; findings carry the path.
std::string short_origin(const Location& where) {
  Location shown = where;
  shown.file = shown.file.substr(shown.file.find_last_of('/') + 1);
  return shown.str();
}

// "tcp [::]:22 (IPv6 only)": the endpoint and, for an IPv6 wildcard, whether it also
// takes IPv4.
std::string bind_text(const net::Endpoint& e) {
  std::string text = e.str();
  if (e.scope() == net::Scope::wildcard_v6_only) text += " (IPv6 only)";
  if (e.scope() == net::Scope::wildcard_dual) text += " (dual-stack)";
  return text;
}

// One run of a configuration check: what every scope needs, and what the scopes add
// up to. The live listeners for --runtime are read once, whatever the number of scopes.
class ServiceRun {
 public:
  // `site`: the host, its guests and where they are configured ("/etc/vservers", to
  // say so when there are none).
  ServiceRun(const plugin::StandardOptions& o, const ServiceOptions& service,
             const ServiceSpec& spec, const MachineReader& read, const vserver::Site& site)
      : o_(o),
        service_(service),
        spec_(spec),
        read_(read),
        site_(site),
        guests_from_(site.host.display(site.vservers_dir)) {}

  // Reads the configuration where `scope` keeps it and judges it.
  void judge(const Scope& scope, const std::string& prefix);
  // A --guest whose root directory is unknown: its files cannot be read.
  void judge_unreachable(const std::string& guest);
  // What the run could not read of the kernel or of a guest's /proc files: UNKNOWN.
  plugin::Result& result() { return result_; }
  // Perfdata, thresholds on the violations, and the summary when all is well.
  Result finish();

 private:
  void judge_endpoint(const Scope& scope, const config::ConfiguredEndpoint& e,
                      const std::string& prefix);
  const DaemonSockets& daemon_sockets();
  // Nullopt when they cannot be read (said UNKNOWN): nothing to compare with.
  std::optional<DaemonSockets> live_in(const Scope& scope);
  std::string config_path(const fs::Tree& tree) const;

  const plugin::StandardOptions& o_;
  const ServiceOptions& service_;
  const ServiceSpec& spec_;
  const MachineReader& read_;
  const vserver::Site& site_;
  const std::string guests_from_;
  Result result_;
  std::size_t endpoints_ = 0;
  std::size_t wildcard_ = 0;
  std::size_t violations_ = 0;
  std::size_t no_guest_wildcards_ = 0;  // host wildcards that answer for no guest: there are none
  std::optional<DaemonSockets> daemon_sockets_;
};

// The daemon's sockets (and those whose owner is hidden) in the namespace --runtime
// looks at, read on first use. Whose each socket is, is decided socket by socket
// (compare_runtime): an unrelated socket without an owner changes nothing.
const DaemonSockets& ServiceRun::daemon_sockets() {
  if (daemon_sockets_) return *daemon_sockets_;
  net::ListenerQuery query;
  query.netns = service_.netns;
  query.deadline = o_.deadline;
  query.proc = o_.proc;
  if (!o_.live_proc()) {
    // A recording's sockets are its tables; another namespace cannot be entered there.
    if (!service_.netns.empty())
      throw plugin::UsageError("--netns reads a live namespace: it cannot be used with --proc " +
                               o_.proc);
    query.tables = "/net";
  }
  daemon_sockets_ = policy::daemon_sockets(net::read_listeners(query), spec_.process_names);
  return *daemon_sockets_;
}

// Those that belong to `scope`: from the host without --netns every context shares
// one stack, so a guest's are those on its addresses, and those on its remapped
// loopback address, which the guest itself sees as 127.0.0.1.
std::optional<DaemonSockets> ServiceRun::live_in(const Scope& scope) {
  if (scope.own_netns != nullptr && service_.netns.empty()) {
    // A namespace of its own: every socket there is the guest's, and no other is.
    net::ListenerQuery query;
    query.deadline = o_.deadline;
    query.proc = o_.proc;
    const auto own = own_sockets(site_, *scope.guest, *scope.own_netns, query, result_);
    if (!own) return std::nullopt;
    return policy::daemon_sockets(*own, spec_.process_names);
  }
  auto live = daemon_sockets();
  if (scope.guest != nullptr && service_.netns.empty()) {
    const auto& lback = scope.policy.loopback().address;
    const auto keep_own = [&](std::vector<net::Listener>& sockets) {
      std::vector<net::Listener> own;
      for (auto& l : sockets) {
        if (lback && l.endpoint.address == *lback) {
          l.endpoint.address = net::Address::v4(0x7f000001);
          own.push_back(std::move(l));
        } else if (scope.guest->owns(l.endpoint.address)) {
          own.push_back(std::move(l));
        }
      }
      sockets = std::move(own);
    };
    keep_own(live.owned);
    keep_own(live.hidden);
  }
  return live;
}

// --config, or where this system keeps the file when --config was left at its default.
std::string ServiceRun::config_path(const fs::Tree& tree) const {
  if (service_.config != service_.config_default || tree.stat(service_.config).exists) {
    return service_.config;
  }
  for (const auto& alt : spec_.alternatives) {
    if (tree.stat(alt).exists) return alt;
  }
  return service_.config;
}

void ServiceRun::judge_endpoint(const Scope& scope, const config::ConfiguredEndpoint& e,
                                const std::string& prefix) {
  const Verdict v = scope.policy.judge(e.endpoint);
  ++endpoints_;
  if (e.endpoint.is_wildcard()) ++wildcard_;
  if (v.status != Status::ok) ++violations_;
  if (v.answers_for_no_guest && !scope.policy.has_guests()) ++no_guest_wildcards_;
  result_.add(v.status, prefix + e.origin.str(), e.directive + ": " + v.reason).brief =
      prefix + e.directive + " (" + short_origin(e.origin) + ")";
}

void ServiceRun::judge(const Scope& scope, const std::string& prefix) {
  config::ServiceConfig config;
  try {
    config = read_(scope.tree, config_path(scope.tree), scope.machine);
  } catch (const fs::FileError& e) {
    result_.add(Status::unknown, prefix + e.path(), e.reason());
    return;
  }
  for (const auto& e : config.endpoints)
    judge_endpoint(scope, e, prefix);
  for (const auto& n : config.notes) {
    auto f = judge_note(n, spec_.noun, scope.policy.loopback(), !scope.policy.is_host());
    if (!f) continue;
    f->origin = prefix + f->origin;
    if (!f->brief.empty()) f->brief = prefix + f->brief;
    result_.findings.push_back(std::move(*f));
  }
  if (service_.runtime) {
    if (const auto live = live_in(scope))
      compare_runtime(config.endpoints, *live, scope.policy, spec_.noun, prefix, result_);
  }
  if (o_.verbosity >= 3) {
    // The machine-readable view of what the check predicts, one socket a line: the
    // differential tests compare it with the sockets the real daemon opens.
    for (const auto& e : config.endpoints)
      result_.add(Status::ok, prefix + e.origin.str(), "binds " + bind_text(e.endpoint), 3);
  }
  if (o_.verbosity >= 2) {
    for (const auto& f : config.files_read)
      result_.add(Status::ok, prefix + f, "read", 2);
  }
}

void ServiceRun::judge_unreachable(const std::string& guest) {
  result_.add(Status::unknown, "guest " + guest,
              "root directory unknown (no vdir link): cannot read its files");
}

Result ServiceRun::finish() {
  if (no_guest_wildcards_ > 0) {
    // A machine that is not (yet) a VServer host: say it on line 1, not only at -v.
    const std::string binds =
        std::to_string(no_guest_wildcards_) +
        (no_guest_wildcards_ == 1 ? " wildcard bind answers" : " wildcard binds answer");
    auto& f = result_.add(
        Status::warning, guests_from_,
        "no guests configured: " + binds + " for no guest today, but will for every guest added");
    f.brief = "no guests configured: " + binds + " for no guest today";
    f.lead = true;
  }
  plugin::Perfdata violations = plugin::count("violations", violations_);
  violations.warn = o_.warning;
  violations.crit = o_.critical;
  result_.threshold_status = violations.status();
  result_.perfdata = {plugin::count("endpoints", endpoints_), plugin::count("wildcard", wildcard_),
                      violations};
  if (result_.status() == Status::ok) {
    result_.summary = spec_.noun + ": " + std::to_string(endpoints_) + " endpoint" +
                      (endpoints_ == 1 ? "" : "s") + ", all bound as they should be";
  }
  return std::move(result_);
}

}  // namespace

namespace {

// `machine`: whether the reader needs the machine (a MachineReader): the others do
// not pay for reading its name.
plugin::Result check(const plugin::StandardOptions& o, const ServiceOptions& service,
                     const ServiceSpec& spec, const MachineReader& read, bool machine) {
  const auto forced = parse_loopback(service.loopback);
  if (!service.netns.empty() && !service.runtime) {
    throw plugin::UsageError("--netns " + service.netns +
                             " needs --runtime: only the live sockets are read in a namespace");
  }
  if (!service.local_addresses.empty()) {
    parse_local_addresses(service.local_addresses);  // a usage error first
    if (!o.guests.empty())
      throw plugin::UsageError(
          "--local-addresses is for a --root tree: a guest's addresses are its interfaces");
  }
  const auto site = vserver::open_site(o);
  ServiceRun run(o, service, spec, read, site);

  if (!site.chosen.empty()) {
    for (const auto* g : site.chosen) {
      const std::string prefix = site.chosen.size() > 1 ? "guest " + g->name + ": " : "";
      if (g->root_dir.empty()) {
        run.judge_unreachable(g->name);
        continue;
      }
      fs::Tree root(site.host, g->root_dir);
      vserver::Loopback loopback = vserver::loopback_option(forced.value_or(false));
      std::optional<vserver::GuestView> view;
      if (!forced || service.runtime) view = site.view(*g);
      if (!forced) {
        report_problems(run.result(), view->problems(true), g->name);
        loopback = view->loopback;
      }
      const BindPolicy policy = BindPolicy::guest(*g, service.strict, loopback);
      const config::Machine m = machine ? machine_of(site.host, *g) : config::Machine{};
      const bool own = view && view->network.own_netns();
      run.judge({root, g, policy, m, own ? &*view : nullptr}, prefix);
    }
    // After the guests: their verdicts may have needed the configuration.
    if (!forced) report_kernel(run.result(), site.kernel());
  } else if (site.role == plugin::Role::host) {
    // The host's wildcards do not reach a guest with a network namespace of its own.
    std::vector<std::string> own_netns;
    for (const auto& g : site.all.guests) {
      if (vserver::read_guest_network_config(site.host, g).own_netns()) own_netns.push_back(g.name);
    }
    const BindPolicy policy = BindPolicy::host(site.all.guests, own_netns);
    const config::Machine m =
        machine ? machine_here(o, service, site.host, site.role) : config::Machine{};
    run.judge({site.host, nullptr, policy, m}, "");
  } else {
    // Inside a guest: its own addresses are what its interfaces carry. Under a
    // --root, or with another --proc, we cannot see them, and only the wildcard and
    // loopback rules apply.
    net::LocalAddresses local;
    std::optional<bool> on_interfaces;
    if (o.root == "/" && o.live_proc()) {
      local = net::local_addresses();
      on_interfaces = local.has_loopback;
    }
    vserver::Loopback loopback = vserver::loopback_option(forced.value_or(false));
    if (!forced) {
      std::vector<vserver::ReadProblem> problems;
      loopback = site.own_loopback(on_interfaces, problems);
      report_problems(run.result(), problems);
      report_kernel(run.result(), site.kernel());
    }
    const BindPolicy policy =
        BindPolicy::guest_context(local.addresses, service.strict, std::move(loopback));
    const config::Machine m =
        machine ? machine_here(o, service, site.host, site.role) : config::Machine{};
    run.judge({site.host, nullptr, policy, m}, "");
  }
  return run.finish();
}

}  // namespace

plugin::Result check_service(const plugin::StandardOptions& o, const ServiceOptions& service,
                             const ServiceSpec& spec, const Reader& read) {
  const MachineReader ignore_machine = [&read](const fs::Tree& tree, const std::string& path,
                                               const config::Machine&) { return read(tree, path); };
  return check(o, service, spec, ignore_machine, false);
}

plugin::Result check_service(const plugin::StandardOptions& o, const ServiceOptions& service,
                             const ServiceSpec& spec, const MachineReader& read) {
  return check(o, service, spec, read, true);
}

}  // namespace vs::policy
