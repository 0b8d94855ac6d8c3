// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_listen: the live listening sockets of a VServer host or guest, judged by
// the bind policy: which wildcard listeners answer for the guests, which host
// processes bind a guest's address, and whether what must listen does.
#include "plugin/plugin.hpp"
#include "policy/listen_check.hpp"

namespace {

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
        "`owner unknown (run as root)`. With --proc DIR (a /proc recorded with\n"
        "tools/record-proc) the sockets come from DIR/net/* and the owners from DIR/PID/fd.\n"
        "\n"
        "Policy. Host role (--role host, or auto outside a guest): a wildcard listener that\n"
        "answers for a guest address of its family is CRITICAL by default and its line names\n"
        "them; one that answers for no guest today (no guests, or an IPv6-only [::] where the\n"
        "guests have IPv4 addresses only) is WARNING; a socket\n"
        "on a guest's address is the guest's own (OK, shown with -v) unless its process has\n"
        "VxID 0, which is CRITICAL (the host binds the guest's address); a socket on a running\n"
        "guest's remapped loopback address (127.0.42.1 for context 42 on vs2.3) is that\n"
        "guest's loopback listener, judged as the guest; a guest with a network namespace of\n"
        "its own (noncontext, spaces/net) is reached by no host wildcard. Guest role (--guest\n"
        "NAME from the host: only the sockets on that guest's addresses, its loopback address\n"
        "or of its context, or those of its own network namespace; --role guest or auto inside\n"
        "a guest: every socket): a wildcard is OK, as the kernel confines it to the guest's\n"
        "addresses (WARNING with --strict); a loopback listener is OK when the running kernel\n"
        "gives the guest loopback (live NFlags, else the kernel's default and the nflags\n"
        "file), CRITICAL when not, WARNING when only assumed from the files; an address the\n"
        "guest does not own is CRITICAL.\n"
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

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  vs::policy::ListenOptions lo;
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
       "as the running kernel decides (live NFlags, else its default and the nflags file)")
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
  return plugin.run(argc, argv, [&](const vs::plugin::StandardOptions& o) {
    return vs::policy::check_listen(o, lo);
  });
}
