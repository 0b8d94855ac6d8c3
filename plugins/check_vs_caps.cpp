// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_caps: which guests hold capabilities that let them forge packets or
// reach out of their context, and whether their capability files will even work.
#include "plugin/plugin.hpp"
#include "policy/caps_check.hpp"

namespace {

namespace po = vs::plugin::po;

const vs::plugin::Spec kSpec{
    .name = "check_vs_caps",
    .label = "VS_CAPS",
    .synopsis = "[--crit-cap CAP]... [--warn-cap CAP]... [--allow GUEST:CAP]... [--pid PID]...",
    .purpose =
        "Checks the capabilities util-vserver grants the guests. It reads\n"
        "/etc/vservers/<guest>/bcapabilities and ccapabilities. NET_RAW in bcapabilities lets\n"
        "every program in the guest forge packets (the raw_icmp context capability is enough\n"
        "for ping). The files are read with util-vserver's own grammar, so the check also\n"
        "predicts a guest that will fail to start (unknown token), a line the start scripts\n"
        "ignore (no newline at end of file) and a change not yet applied (file newer than the\n"
        "running guest). With --pid it judges a process's bounding set instead (a container).",
    .details =
        "Findings: a granted --crit-cap is CRITICAL, a --warn-cap WARNING; an unknown token is\n"
        "CRITICAL (the guest will fail to start); an ignored last line or a change after the\n"
        "guest started is WARNING; an unreadable capability file is UNKNOWN for that guest.\n"
        "Guests holding the same capability are summarised together on the status line\n"
        "(\"4 guests hold NET_RAW: web1, web2, web3, web4\"), the reason given once.\n"
        "Perfdata: guests (checked), net_raw (guests or processes holding NET_RAW without\n"
        "--allow), denied (grants of listed capabilities without --allow; -w/-c apply to it),\n"
        "broken (guests util-vserver will refuse to start).",
    .examples =
        "  check_vs_caps\n"
        "      every guest; CRITICAL for NET_RAW, WARNING for SYS_ADMIN and friends\n"
        "  check_vs_caps --guest web1 --allow web1:NET_ADMIN\n"
        "      one guest that is allowed NET_ADMIN (a VPN endpoint, say)\n"
        "  check_vs_caps --pid $(docker inspect -f '{{.State.Pid}}' web)\n"
        "      a container's init: Docker keeps NET_RAW by default\n",
    .metric = "denied (grants without --allow)",
};

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  vs::policy::CapsOptions caps;
  // One option a paragraph, as the formatter cannot lay out the chain.
  // clang-format off
  plugin.add_options()
      ("crit-cap", po::value(&caps.crit_caps)->value_name("CAP"),
       "a granted CAP is CRITICAL; repeatable; a given list replaces the default (NET_RAW)")
      ("warn-cap", po::value(&caps.warn_caps)->value_name("CAP"),
       "a granted CAP is WARNING; repeatable; default: util-vserver's insecure bcaps (SETPCAP, "
       "LINUX_IMMUTABLE, NET_BROADCAST, NET_ADMIN, IPC_LOCK, IPC_OWNER, SYS_MODULE, SYS_RAWIO, "
       "SYS_PACCT, SYS_ADMIN, SYS_NICE, SYS_RESOURCE, SYS_TIME, MKNOD, AUDIT_CONTROL)")
      ("allow", po::value(&caps.allows)->value_name("GUEST:CAP"),
       "accept one grant (GUEST may be * for every guest, or pid:N for --pid); repeatable")
      ("pid", po::value(&caps.pids)->value_name("PID"),
       "judge the bounding set (CapBnd) of process PID, e.g. a container's init; repeatable");
  // clang-format on
  return plugin.run(argc, argv, [&](const vs::plugin::StandardOptions& o) {
    return vs::policy::check_caps(o, caps);
  });
}
