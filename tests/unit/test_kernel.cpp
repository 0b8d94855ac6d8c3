// SPDX-License-Identifier: GPL-3.0-or-later
// The kernel model end to end over the two recorded hosts of tests/fixtures/proc (see
// its README): every guest's verdict, then the same hosts with one guest's files
// broken, which must cost that guest only.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "net/proc_net.hpp"
#include "net/process.hpp"
#include "process.hpp"
#include "vserver/guest.hpp"
#include "vserver/guest_kernel.hpp"
#include "vserver/guest_view.hpp"
#include "vserver/kernel.hpp"
#include "vserver/live_caps.hpp"
#include "vserver/loopback.hpp"

using namespace vs::vserver;
using vs::fs::Tree;
using vs::test::TempDir;

namespace {

// One host: its /proc and its configuration tree, read the way a plugin will.
struct Host {
  Tree proc;
  Tree root;
  Kernel kernel;
  GuestSet guests;

  explicit Host(const std::string& proc_dir, const std::string& root_dir)
      : proc(proc_dir),
        root(root_dir),
        kernel(read_kernel(proc, root)),
        guests(load_guests(root, "/etc/vservers")) {}
  explicit Host(const std::string& name)
      : Host(vs::test::fixture("proc/" + name + "/proc"),
             vs::test::fixture("proc/" + name + "/root")) {}

  const Guest& guest(const std::string& name) const {
    for (const auto& g : guests.guests) {
      if (g.name == name) return g;
    }
    throw std::runtime_error("no guest " + name);
  }
  struct View {
    GuestNetworkConfig config;
    GuestKernel live;
    Loopback loopback;
  };
  View view(const std::string& name) const {
    const Guest& g = guest(name);
    View v;
    v.config = read_guest_network_config(root, g);
    v.live = read_guest_kernel(kernel, proc, g, v.config);
    v.loopback = decide_loopback(loopback_facts(kernel, g, v.config, v.live));
    return v;
  }
};

std::string problems(const std::vector<ReadProblem>& list) {
  std::string out;
  for (const auto& p : list)
    out += p.str() + "\n";
  return out;
}

TEST(KernelVs23, TheKernel) {
  const Host h("vs23");
  EXPECT_TRUE(h.kernel.vserver);
  EXPECT_EQ(problems(h.kernel.problems), "");
  ASSERT_TRUE(h.kernel.vci);
  EXPECT_EQ(h.kernel.vci->text(), "0002:0308");
  const auto branch = h.kernel.branch();
  ASSERT_TRUE(branch);
  EXPECT_EQ(branch->name(), "vs2.3");
  EXPECT_EQ(h.kernel.release, "4.9.159-vs2.3.9.8");
  ASSERT_TRUE(h.kernel.config);
  EXPECT_EQ(h.kernel.config->source, h.proc.display("/config.gz"));
  EXPECT_EQ(h.kernel.config->auto_lback, true);
  EXPECT_EQ(h.kernel.running(), (std::vector<unsigned>{40, 42, 43}));
  ASSERT_TRUE(h.kernel.network(42));
  EXPECT_EQ(h.kernel.network(42)->info->addresses.size(), 2u);
  EXPECT_EQ(h.kernel.context(45), nullptr);  // old is stopped
}

TEST(KernelVs23, Web1LostItsLoopbackAndHoldsNetRawLive) {
  const Host h("vs23");
  const auto v = h.view("web1");
  EXPECT_EQ(problems(v.live.problems), "");
  EXPECT_EQ(problems(v.live.network_problems), "");
  EXPECT_TRUE(v.live.running);
  EXPECT_EQ(v.live.init_pid, 4000);
  EXPECT_EQ(v.loopback.reason, "no loopback (live NFlags)");
  EXPECT_FALSE(v.loopback.has_loopback);
  EXPECT_EQ(v.loopback.source, LoopbackSource::live);
  ASSERT_TRUE(v.live.bcaps);
  const auto& file = h.guest("web1").bcaps;
  const auto caps = compare_bcaps(*v.live.bcaps, file ? &file->list : nullptr);
  EXPECT_EQ(capability_names(caps.granted_live, CapKind::bcap), "NET_RAW");
  EXPECT_EQ(caps.restart_pending, 0u);
  EXPECT_EQ(caps.default_bcaps.mask, kDefaultBcapsSince2011);
  EXPECT_EQ(v.live.bcaps_at.str(), h.proc.display("/virtual/40/status") + ":4");
}

TEST(KernelVs23, MailHasItsRemappedLoopbackAndARestartPending) {
  const Host h("vs23");
  const auto v = h.view("mail");
  EXPECT_EQ(problems(v.live.problems), "");
  EXPECT_EQ(problems(v.live.network_problems), "");
  EXPECT_EQ(v.loopback.reason, "loopback remapped to 127.0.42.1 (live NFlags)");
  EXPECT_TRUE(v.loopback.remapped);
  ASSERT_TRUE(v.loopback.address);
  EXPECT_EQ(v.loopback.address->str(), "127.0.42.1");
  EXPECT_EQ(v.live.nflags_at.str(), h.proc.display("/virtnet/42/status") + ":3");
  const auto caps = compare_bcaps(*v.live.bcaps, &h.guest("mail").bcaps->list);
  EXPECT_EQ(caps.granted_live, 0u);
  EXPECT_EQ(capability_names(caps.restart_pending, CapKind::bcap), "SYS_TIME");
}

TEST(KernelVs23, MailsLoopbackListenerIsOnItsLbackAddress) {
  const Host h("vs23");
  const auto v = h.view("mail");
  const auto tcp = vs::net::parse_proc_net(h.proc.read("/net/tcp").content, vs::net::Proto::tcp,
                                           vs::net::Family::v4, "tcp");
  std::vector<std::uint64_t> on_lback;
  for (const auto& s : tcp) {
    if (vs::net::is_listening(s) && s.local == *v.loopback.address) on_lback.push_back(s.inode);
  }
  ASSERT_EQ(on_lback, std::vector<std::uint64_t>{14225});
  const auto owners = vs::net::find_owners(on_lback, h.proc);
  ASSERT_EQ(owners.by_inode.count(14225), 1u);
  EXPECT_EQ(owners.by_inode.at(14225).command, "master");
  EXPECT_EQ(owners.by_inode.at(14225).vxid, 42u);
}

TEST(KernelVs23, DbHasItsOwnNetworkNamespace) {
  const Host h("vs23");
  const auto v = h.view("db");
  EXPECT_EQ(problems(v.live.problems), "");
  EXPECT_EQ(problems(v.live.network_problems), "");
  EXPECT_TRUE(v.config.own_netns());
  EXPECT_EQ(v.loopback.reason,
            "loopback on its own lo (own network namespace: spaces/net without ncontext)");
  ASSERT_TRUE(v.live.netns);
  EXPECT_EQ(v.live.netns->id, "net:[4026532301]");
  EXPECT_EQ(v.live.netns->path, "/4300/ns/net");
  const auto sockets = vs::net::read_proc_net_dir(h.proc, v.live.netns->net_dir, true, true);
  ASSERT_EQ(sockets.size(), 1u);
  EXPECT_EQ(sockets[0].local.str(), "127.0.0.1");
  EXPECT_EQ(sockets[0].local_port, 3306);
}

TEST(KernelVs23, OldIsStoppedAndJudgedByTheKernelDefault) {
  const Host h("vs23");
  const auto v = h.view("old");
  EXPECT_FALSE(v.live.running);
  EXPECT_EQ(v.loopback.reason,
            "loopback remapped to 127.0.45.1 (vs2.3 default, CONFIG_VSERVER_AUTO_LBACK=y; nflags "
            "lback_allow)");
  EXPECT_EQ(v.loopback.source, LoopbackSource::kernel_default);
}

TEST(KernelVs23, AProcessNamedVxIdZeroIsStillInItsGuest) {
  const Host h("vs23");
  const auto status = h.proc.read("/4013/status");
  const auto s = parse_pid_status(status.content, status.path);
  EXPECT_EQ(s.name, "VxID:0");
  EXPECT_EQ(s.vxid, 40u);
  EXPECT_EQ(vs::net::parse_status(status.content).vxid, 40u);
}

TEST(KernelVs22, TheKernelAndItsGuests) {
  const Host h("vs22");
  EXPECT_EQ(problems(h.kernel.problems), "");
  ASSERT_TRUE(h.kernel.branch());
  EXPECT_EQ(h.kernel.branch()->name(), "vs2.2");
  ASSERT_TRUE(h.kernel.config);  // no config.gz: /boot/config-<release> of the root
  EXPECT_EQ(h.kernel.config->source, h.root.display("/boot/config-2.6.22.19-vs2.2.0.7"));
  EXPECT_EQ(h.kernel.config->auto_lback, std::nullopt);
  EXPECT_EQ(h.kernel.running(), (std::vector<unsigned>{10, 11}));

  const auto www = h.view("www");
  EXPECT_EQ(www.loopback.reason, "no loopback (live NFlags)");
  const auto ns = h.view("ns");
  EXPECT_FALSE(compare_bcaps(*ns.live.bcaps, &h.guest("ns").bcaps->list).differs());
  EXPECT_EQ(compare_bcaps(*ns.live.bcaps, nullptr).default_bcaps.mask, kDefaultBcapsBefore2011);
  const auto smtp = h.view("smtp");
  EXPECT_FALSE(smtp.live.running);
  EXPECT_EQ(smtp.loopback.reason, "no loopback (vs2.2 kernel)");
  EXPECT_EQ(smtp.loopback.source, LoopbackSource::kernel_default);
  // vs2.2 prints addresses as ip/mask
  ASSERT_TRUE(h.kernel.network(10));
  ASSERT_EQ(h.kernel.network(10)->info->addresses.size(), 1u);
  EXPECT_EQ(h.kernel.network(10)->info->addresses[0].ip.str(), "192.0.2.10");
}

// A copy of a fixture host, to break.
struct Copy {
  TempDir dir;
  explicit Copy(const std::string& name) {
    std::filesystem::copy(
        vs::test::fixture("proc/" + name), dir.path(),
        std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
  }
  std::string proc() const { return dir.path() + "/proc"; }
  std::string root() const { return dir.path() + "/root"; }
};

TEST(KernelBroken, GarbageInOneGuestsStatusCostsThatGuestOnly) {
  const Copy c("vs23");
  c.dir.write("proc/virtual/42/status", "UseCnt:\t10\nTasks:\tmany\n");
  const Host h(c.proc(), c.root());
  EXPECT_EQ(problems(h.kernel.problems), "");
  const auto mail = h.view("mail");
  EXPECT_EQ(problems(mail.live.problems),
            c.proc() + "/virtual/42/status:2: Tasks: 'many' is not a decimal number\n");
  EXPECT_FALSE(mail.live.running);
  const auto web1 = h.view("web1");
  EXPECT_EQ(problems(web1.live.problems), "");
  EXPECT_TRUE(web1.live.running);
  EXPECT_EQ(web1.loopback.reason, "no loopback (live NFlags)");
}

TEST(KernelBroken, ATruncatedStatusNamesTheFile) {
  const Copy c("vs23");
  c.dir.write("proc/virtual/40/status", "UseCnt:\t27\nTasks:\t12\nFlags:\t00000014");
  const Host h(c.proc(), c.root());
  EXPECT_EQ(problems(h.view("web1").live.problems),
            c.proc() + "/virtual/40/status:3: 'Flags:\t00000014' is cut short (truncated file?)\n");
  EXPECT_TRUE(h.view("mail").live.running);
}

TEST(KernelBroken, AFifoOrAHugeFileIsRefusedForItsGuestOnly) {
  const Copy c("vs23");
  std::filesystem::remove(c.proc() + "/virtnet/42/status");
  ASSERT_EQ(mkfifo((c.proc() + "/virtnet/42/status").c_str(), 0644), 0);
  c.dir.write("proc/virtnet/40/info", std::string(100000, 'x'));
  const Host h(c.proc(), c.root());
  const auto mail = h.view("mail");
  EXPECT_EQ(problems(mail.live.problems), "");  // its context's files are fine
  ASSERT_EQ(mail.live.network_problems.size(), 1u);
  EXPECT_EQ(mail.live.network_problems[0].where.file, c.proc() + "/virtnet/42/status");
  // The flags come from the init process's ninfo instead.
  EXPECT_EQ(mail.loopback.reason, "loopback remapped to 127.0.42.1 (live NFlags)");
  EXPECT_EQ(mail.live.nflags_at.file, c.proc() + "/4200/ninfo");
  const auto web1 = h.view("web1");
  ASSERT_EQ(web1.live.network_problems.size(), 1u);
  EXPECT_NE(web1.live.network_problems[0].message.find("limit"), std::string::npos);
  EXPECT_EQ(problems(h.view("db").live.problems), "");
  EXPECT_EQ(problems(h.view("db").live.network_problems), "");
}

TEST(KernelBroken, GarbageVirtualInfoIsAKernelProblemAndTheReleaseStillTells) {
  const Copy c("vs23");
  c.dir.write("proc/virtual/info", "VCIVersion:\tzz\n");
  const Host h(c.proc(), c.root());
  EXPECT_EQ(problems(h.kernel.problems),
            c.proc() + "/virtual/info:1: VCIVersion: 'zz' is not a version (%04x:%04x)\n");
  ASSERT_TRUE(h.kernel.branch());
  EXPECT_EQ(h.kernel.branch()->evidence, "release 4.9.159-vs2.3.9.8");
  EXPECT_TRUE(h.view("mail").live.running);
}

TEST(KernelBroken, AGzipBombIsRefusedAndTheLoopbackBecomesAnAssumption) {
  const Copy c("vs23");
  // 64 MiB of zeros compress to ~64 KiB: over the decompression cap, under the file cap.
  const auto r =
      vs::test::sh("head -c 67108864 /dev/zero | gzip -9 > '" + c.proc() + "/config.gz'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Host h(c.proc(), c.root());
  EXPECT_EQ(problems(h.kernel.problems),
            c.proc() + "/config.gz: inflates to more than 4194304 bytes\n");
  EXPECT_FALSE(h.kernel.config);
  EXPECT_EQ(h.view("old").loopback.source, LoopbackSource::assumption);
  EXPECT_EQ(h.view("old").loopback.reason,
            "loopback remapped to 127.0.45.1 (ASSUMED: vs2.3 kernel whose configuration is "
            "unreadable; CONFIG_VSERVER_AUTO_LBACK=y is the Kconfig default; nflags lback_allow)");
}

// The configuration is a gunzip on every run: read only when a verdict needs it.
TEST(KernelConfiguration, ReadOnlyWhenAVerdictNeedsIt) {
  const Tree proc(vs::test::fixture("proc/vs23/proc"));
  const Tree root(vs::test::fixture("proc/vs23/root"));
  const auto guests = load_guests(root, "/etc/vservers");
  const auto named = [&](const std::string& name) -> const Guest& {
    for (const auto& g : guests.guests) {
      if (g.name == name) return g;
    }
    throw std::runtime_error(name);
  };
  Kernel k = read_kernel(proc, root, false);
  EXPECT_FALSE(k.config_read);
  // Live NFlags, or a namespace of its own: the configuration cannot change a thing.
  EXPECT_EQ(view_guest(k, proc, root, named("mail")).loopback.source, LoopbackSource::live);
  EXPECT_EQ(view_guest(k, proc, root, named("db")).loopback.source, LoopbackSource::live);
  EXPECT_FALSE(k.config_read);
  // A stopped guest on vs2.3: the default depends on CONFIG_VSERVER_AUTO_LBACK.
  EXPECT_EQ(view_guest(k, proc, root, named("old")).loopback.reason,
            "loopback remapped to 127.0.45.1 (vs2.3 default, CONFIG_VSERVER_AUTO_LBACK=y; nflags "
            "lback_allow)");
  EXPECT_TRUE(k.config_read);

  // vs2.2 has no automatic loopback, and a plain kernel's release says what it is.
  const Tree proc22(vs::test::fixture("proc/vs22/proc"));
  const Tree root22(vs::test::fixture("proc/vs22/root"));
  Kernel k22 = read_kernel(proc22, root22, false);
  EXPECT_FALSE(needs_configuration(k22, LoopbackFacts{}));
  Kernel plain = read_kernel(Tree(vs::test::fixture("proc/plain/proc")), root, false);
  EXPECT_FALSE(needs_configuration(plain, LoopbackFacts{}));
  // Without a release, only the configuration's header could name the branch.
  TempDir empty;
  Kernel unknown = read_kernel(Tree(empty.path()), root, false);
  EXPECT_TRUE(needs_configuration(unknown, LoopbackFacts{}));
}

// A guest without an init of its own (util-vserver's default "sysv" init style): any
// process of its context is the guest's.
TEST(KernelContexts, WithoutInitTheLowestProcessOfTheContext) {
  TempDir proc;
  proc.write("5/status", "Name:\tinit\nVxID:\t0\n");
  proc.write("99/status", "Name:\tcron\nVxID:\t40001\nNxID:\t40001\n");
  proc.write("77/status", "Name:\tsshd\nVxID:\t40001\n");
  proc.write("8/status", "Name:\tother\nVxID:\t40002\n");
  proc.write("100/status", "Name:\tVxID:\t40003\n");  // its name is not its context
  proc.mkdir("self");
  const Tree tree(proc.path());
  EXPECT_EQ(find_context_process(tree, 40001), 77);
  EXPECT_EQ(find_context_process(tree, 40002), 8);
  EXPECT_FALSE(find_context_process(tree, 40003));
}

TEST(KernelPlain, ThisMachinesProcIsNotAVServerKernel) {
  const Tree proc("/proc");
  const Tree root("/");
  const Kernel k = read_kernel(proc, root);
  EXPECT_EQ(problems(k.problems), "");
  EXPECT_FALSE(k.vserver);
  EXPECT_TRUE(k.contexts.empty());
  EXPECT_FALSE(k.branch());
  const auto r = vs::test::sh("uname -r");
  EXPECT_EQ(k.release + "\n", r.out);
}

}  // namespace
