// check_vs_listen: the live listening sockets of a VServer host or guest, judged by
// the bind policy: which wildcard listeners answer for the guests, which host
// processes bind a guest's address, and whether what must listen does.
#include <string>
#include <vector>

#include "net/interfaces.hpp"
#include "net/listeners.hpp"
#include "plugin/plugin.hpp"
#include "policy/listen_policy.hpp"
#include "policy/service_check.hpp"
#include "vserver/site.hpp"

namespace {

using vs::plugin::Result;
using vs::plugin::StandardOptions;
using vs::plugin::Status;
using vs::plugin::UsageError;
namespace po = vs::plugin::po;

const vs::plugin::Spec kSpec{
    .name = "check_vs_listen",
    .label = "VS_LISTEN",
    // The value names of the option table; after a usage error '|' prints as '/'.
    .synopsis =
        "[--source auto|netlink|proc] [--proto tcp|udp|all] [--netns NAME|PATH] [--no-processes] "
        "[--strict] [--loopback yes|no|auto] [--allow-port [PROTO/]PORT]... "
        "[--allow-process NAME]... [--expect [PROTO/]ADDR:PORT]...",
    .purpose =
        "Judges the listening sockets of a VServer host or guest. It lists the listening TCP\n"
        "and UDP sockets (what `netstat -lp` shows) and judges each. All contexts share one "
        "network stack, so a host\n"
        "service bound to the wildcard (0.0.0.0, or :: which also takes IPv4 unless it is\n"
        "IPv6-only) answers on every guest address that has no more specific listener on the\n"
        "same port: the host's sshd on 0.0.0.0:22 answers ssh to every guest without one.\n"
        "The check names the guests each wildcard answers for, tells the guests' own\n"
        "sockets from the host's (a socket on a guest's address is the guest's unless its\n"
        "process runs in the host context, VxID 0 on a VServer kernel) and the owning\n"
        "process of every socket. It also works for a container or any network namespace\n"
        "(--netns).",
    .details =
        "Sources: netlink sock_diag, asking TCP for LISTEN and UDP for unconnected sockets\n"
        "only, so the cost grows with listeners, not with established connections;\n"
        "/proc/net/{tcp,tcp6,udp,udp6} when netlink is refused (--source auto) or asked for\n"
        "(--source proc; it cannot tell IPv6-only sockets or a bound device). A UDP socket\n"
        "counts when it is unconnected and has a local port. ::ffff:a.b.c.d is a specific\n"
        "IPv4 bind, ::ffff:0.0.0.0 a wildcard; a socket bound to a device (0.0.0.0%eth1) is a\n"
        "wildcard on that device only. Owning processes come from /proc/PID/fd, looked up only\n"
        "for the sockets found; other users' processes need root: without it the line says\n"
        "`owner unknown (run as root)`.\n"
        "\n"
        "Policy. Host role (--role host, or auto outside a guest): a wildcard listener that\n"
        "answers for a guest address of its family is CRITICAL by default and its line names\n"
        "them; one that answers for no guest today (no guests, or an IPv6-only [::] where the\n"
        "guests have IPv4 addresses only) is WARNING; a socket\n"
        "on a guest's address is the guest's own (OK, shown with -v) unless its process has\n"
        "VxID 0, which is CRITICAL (the host binds the guest's address). Guest role (--guest\n"
        "NAME from the host: only the sockets on that guest's addresses or of its context;\n"
        "--role guest or auto inside a guest: every socket): a wildcard is OK, as the kernel\n"
        "confines it to the guest's addresses (WARNING with --strict); a loopback listener is\n"
        "CRITICAL only with --loopback no (a live one proves the guest has loopback); an\n"
        "address the guest does not own is CRITICAL.\n"
        "--allow-port and --allow-process exempt wildcard listeners (still listed with -v);\n"
        "--expect is CRITICAL when nothing listens exactly at ADDR:PORT.\n"
        "\n"
        "Thresholds: -w/-c apply to the number of non-exempt wildcard listeners that answer\n"
        "for at least one guest, and each of their lines takes the status the ranges give.\n"
        "Defaults: host -c 0 (any such wildcard is CRITICAL); guest none (-w 0 with --strict).\n"
        "Giving -w or -c replaces both defaults. A host wildcard that answers for no guest\n"
        "today is not counted: it is WARNING whatever the ranges (exempt it with --allow-port\n"
        "or --allow-process).\n"
        "Perfdata: listeners (sockets judged), wildcard (the metric, with its ranges),\n"
        "guest_shadowed (guest address:port pairs a host wildcard answers for), exempt,\n"
        "wildcard_no_guest (host wildcards that answer for no guest today).",
    .examples =
        "  check_vs_listen\n"
        "      the host: every wildcard listener is CRITICAL and names the guests it shadows\n"
        "  check_vs_listen --allow-port tcp/22 --allow-process ntpd -v\n"
        "      accept the host's sshd and ntpd on the wildcard; list every socket\n"
        "  check_vs_listen --guest web1 --expect 192.0.2.40:80 --expect '[2001:db8::40]:443'\n"
        "      guest web1 seen from the host; its web server must listen on its addresses\n"
        "  check_vs_listen --netns /proc/$(docker inspect -f '{{.State.Pid}}' web)/ns/net --role "
        "guest\n"
        "      the sockets of a container's network namespace (needs root)\n"
        "  check_vs_listen -w 2 -c 5 --proto tcp --no-processes\n"
        "      TCP only, without process lookup; WARNING above 2 wildcard listeners\n",
    .metric = "the number of non-exempt wildcard listeners that answer for a guest",
};

struct ListenOptions {
  std::string source = "auto";
  std::string proto = "all";
  std::string netns;
  bool no_processes = false;
  bool strict = false;
  std::string loopback = "auto";
  std::vector<std::string> allow_ports;
  std::vector<std::string> allow_processes;
  std::vector<std::string> expect;
};

vs::net::ListenerQuery make_query(const StandardOptions& o, const ListenOptions& lo) {
  vs::net::ListenerQuery q;
  if (lo.source == "auto") {
    q.source = vs::net::Source::automatic;
  } else if (lo.source == "netlink") {
    q.source = vs::net::Source::netlink;
  } else if (lo.source == "proc") {
    q.source = vs::net::Source::proc;
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
  return q;
}

vs::policy::ListenRules make_rules(const ListenOptions& lo) {
  vs::policy::ListenRules rules;
  for (const auto& p : lo.allow_ports) {
    rules.allow_ports.push_back(vs::policy::PortRule::parse(p));
  }
  rules.allow_processes = lo.allow_processes;
  for (const auto& x : lo.expect) {
    rules.expect.push_back(vs::policy::Expectation::parse(x));
  }
  return rules;
}

std::vector<vs::policy::ListenScope> make_scopes(const StandardOptions& o, const ListenOptions& lo,
                                                 const vs::vserver::Site& site) {
  // A live loopback listener proves the bind worked, so auto means "has loopback".
  const bool loopback = vs::policy::parse_loopback(lo.loopback).value_or(true);
  std::vector<vs::policy::ListenScope> scopes;
  if (!site.chosen.empty()) {
    for (const auto* g : site.chosen) {
      scopes.push_back({vs::policy::BindPolicy::guest(*g, lo.strict, loopback), g->xid, true, {}});
    }
  } else if (site.role == vs::plugin::Role::host) {
    vs::policy::ListenScope host{vs::policy::BindPolicy::host(site.all.guests), {}, false, {}};
    for (const auto& g : site.all.guests) {
      if (g.running && g.xid) host.contexts[*g.xid] = g.name;
    }
    scopes.push_back(std::move(host));
  } else {
    // Inside a guest its own addresses are those on its interfaces (not knowable for
    // another namespace or under --root).
    vs::net::LocalAddresses local;
    if (o.root == "/" && lo.netns.empty()) local = vs::net::local_addresses();
    scopes.push_back({vs::policy::BindPolicy::guest_context(local.addresses, lo.strict, loopback),
                      {},
                      false,
                      {}});
  }
  return scopes;
}

std::string source_name(const vs::net::ListenerReport& r) {
  if (r.used == vs::net::Source::netlink) return "netlink sock_diag";
  return r.note.empty() ? "/proc/net" : "/proc/net (" + r.note + ")";
}

Result check(const StandardOptions& o, const ListenOptions& lo) {
  const auto query = make_query(o, lo);
  const auto rules = make_rules(lo);
  const auto site = vs::vserver::open_site(o);
  const auto scopes = make_scopes(o, lo, site);
  const auto report = vs::net::read_listeners_report(query);

  const bool host = site.chosen.empty() && site.role == vs::plugin::Role::host;
  const auto thresholds = vs::policy::listen_thresholds(host, lo.strict, o.warning, o.critical);
  Result result =
      vs::policy::judge_listeners(report.listeners, scopes, rules, thresholds, {query.processes});
  if (host && !site.all.config_dir_exists) {
    result.add(Status::ok, site.host.display(site.vservers_dir),
               "no such directory: no guests configured", 1);
  }
  result.add(Status::ok, "inputs",
             "sockets from " + source_name(report) +
                 (lo.netns.empty() ? "" : " in network namespace " + lo.netns) + "; guests from " +
                 site.host.display(site.vservers_dir),
             2);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  ListenOptions lo;
  // One option a paragraph, as the formatter cannot lay out the chain.
  // clang-format off
  plugin.add_options()
      ("source", po::value(&lo.source)->default_value("auto")->value_name("auto|netlink|proc"),
       "where sockets are read: netlink sock_diag, /proc/net, or netlink falling back to /proc/net "
       "when refused")
      ("proto", po::value(&lo.proto)->default_value("all")->value_name("tcp|udp|all"),
       "which protocols to check")
      ("netns", po::value(&lo.netns)->value_name("NAME|PATH"),
       "read the sockets of another network namespace: NAME as in `ip netns` (/run/netns/NAME) "
       "or a path such as /proc/PID/ns/net; needs root")
      ("no-processes", po::bool_switch(&lo.no_processes),
       "do not look up the owning processes (faster; lines then show the socket's uid only)")
      ("strict", po::bool_switch(&lo.strict),
       "guest role: a wildcard listener is WARNING (default warning range 0)")
      ("loopback", po::value(&lo.loopback)->default_value("auto")->value_name("yes|no|auto"),
       "guest role: whether the guest has loopback; no: loopback listeners are CRITICAL; auto: "
       "yes, since a live loopback socket shows that the bind worked")
      ("allow-port", po::value(&lo.allow_ports)->value_name("[PROTO/]PORT"),
       "exempt wildcard listeners on PORT (PROTO tcp or udp: of that protocol only; else both); "
       "repeatable")
      ("allow-process", po::value(&lo.allow_processes)->value_name("NAME"),
       "exempt wildcard listeners of processes whose command name (/proc/PID/comm) is NAME; "
       "repeatable")
      ("expect", po::value(&lo.expect)->value_name("[PROTO/]ADDR:PORT"),
       "CRITICAL unless something listens exactly at ADDR:PORT (PROTO tcp or udp, tcp by default; IPv6 as "
       "[ADDR]:PORT; 0.0.0.0 or [::] for a wildcard); repeatable");
  // clang-format on
  return plugin.run(argc, argv, [&](const StandardOptions& o) { return check(o, lo); });
}
