// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_mounts: whether each guest's mounts are in the guest's own mount
// namespace (the talk's vnamespace lesson), and what the guests mount from where.
#include "plugin/plugin.hpp"
#include "policy/mounts_check.hpp"

namespace {

namespace po = vs::plugin::po;

const vs::plugin::Spec kSpec{
    .name = "check_vs_mounts",
    .label = "VS_MOUNTS",
    .synopsis = "[--pid [GUEST:]PID]... [--allow-mount PATH]...",
    .purpose =
        "Checks the guests' mount namespaces. util-vserver starts a guest in a mount namespace\n"
        "of its own, and mounts its fstab there: a mount for a guest belongs in that namespace\n"
        "(vnamespace -e GUEST mount /dev/cdrom /var/lib/vservers/GUEST/mnt/cdrom). A plain mount\n"
        "under a guest's root lands in the host's namespace instead, where the guest never sees\n"
        "it and where it keeps the guest's tree busy. The check also finds a CD-ROM or ISO left\n"
        "mounted in a guest, a guest fstab line that is not mounted, and a host directory bind\n"
        "mounted writable into a guest. A guest's namespace is read from\n"
        "/proc/PID/mountinfo of its init (Init: of /proc/virtual/XID/info) or of any process\n"
        "whose VxID is the guest's, as the running kernel shows them under --proc; --pid\n"
        "judges any process's namespace (a container).",
    .details =
        "Findings: a mount in the host's namespace at or below a guest's root (not the root\n"
        "itself) is WARNING, CRITICAL when the guest runs and the mount hides a path the guest's\n"
        "own namespace mounts. Removable media in a guest (iso9660, udf, /dev/sr*, /dev/cdrom,\n"
        "/dev/dvd, or a block device whose /sys/block/*/removable is 1) is WARNING. A line of\n"
        "fstab, fstab.local or fstab.remote in /etc/vservers/GUEST that is not mounted in the\n"
        "running guest is WARNING (the files are read with secure-mount's grammar: four fields\n"
        "needed, no \\040 escapes, a syntax error ends the file). A writable bind mount into a\n"
        "guest from outside its root is CRITICAL when the source is /, /etc, /root, /usr,\n"
        "/var/lib/vservers (or below) or another guest's root, WARNING otherwise; read-only\n"
        "binds are OK (listed at -v). The bind's source is found by matching the mount's device\n"
        "and root directory with the host's mounts of the same filesystem. A guest whose\n"
        "processes or mounts cannot be read (not root, not a VServer kernel, no such process) is\n"
        "UNKNOWN on its own; the others are still judged. Inside a guest (--role guest, or\n"
        "detected) it judges its own namespace: removable media.\n"
        "Perfdata: mounts (in the judged namespaces), host_namespace (-w/-c apply to it),\n"
        "removable, missing, writable_binds.",
    .examples =
        "  check_vs_mounts\n"
        "      every guest: host-namespace mounts under its root, and each running guest's mounts\n"
        "  check_vs_mounts --guest web1 --allow-mount /var/lib/vservers/web1/srv/data\n"
        "      guest web1, which is meant to write to the bind mounted at /srv/data\n"
        "  check_vs_mounts --guest web1 --pid web1:4242\n"
        "      guest web1, its namespace read from process 4242 (a kernel without /proc/virtual)\n"
        "  check_vs_mounts --pid $(docker inspect -f '{{.State.Pid}}' web)\n"
        "      a container's namespace: removable media and writable binds of host paths\n",
    .metric = "host_namespace (mounts in the host's namespace under a guest's root)",
};

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  vs::policy::MountsOptions opts;
  // One option a paragraph, as the formatter cannot lay out the chain.
  // clang-format off
  plugin.add_options()
      ("pid", po::value(&opts.pids)->value_name("[GUEST:]PID"),
       "PID: judge process PID's mount namespace (a container); GUEST:PID: read guest GUEST's "
       "namespace from process PID (a kernel without /proc/virtual); repeatable")
      ("allow-mount", po::value(&opts.allowed)->value_name("PATH"),
       "accept the mount at PATH, as the findings name it (the host's path: "
       "/var/lib/vservers/web1/mnt/cdrom); repeatable");
  // clang-format on
  return plugin.run(argc, argv, [&](const vs::plugin::StandardOptions& o) {
    return vs::policy::check_mounts(o, opts);
  });
}
