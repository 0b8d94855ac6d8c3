// SPDX-License-Identifier: GPL-3.0-or-later
// The loopback decision from each source: live NFlags, the kernel default changed by
// the nflags file, an own network namespace, and the assumption from files alone.
#include <gtest/gtest.h>

#include "vserver/loopback.hpp"

using namespace vs::vserver;
using vs::net::Address;

namespace {

const Branch kVs23{2, 3, "test"};
const Branch kVs22{2, 2, "test"};

LoopbackFacts stopped(std::optional<Branch> branch, std::optional<bool> auto_lback,
                      std::vector<std::string> nflags = {}) {
  LoopbackFacts f;
  f.branch = branch;
  f.auto_lback = auto_lback;
  f.config_read = auto_lback.has_value();
  f.nflags_file = std::move(nflags);
  f.nid = 42;
  return f;
}

LoopbackFacts running(std::uint64_t nflags, std::optional<Address> lback) {
  LoopbackFacts f = stopped(kVs23, true);
  f.running = true;
  f.live_nflags = nflags;
  f.live_lback = lback;
  return f;
}

TEST(Loopback, LiveNflagsDecideForARunningGuest) {
  auto l = decide_loopback(running(0x406000200, Address::parse("127.0.42.1")));
  EXPECT_TRUE(l.has_loopback);
  EXPECT_TRUE(l.remapped);
  EXPECT_EQ(l.address->str(), "127.0.42.1");
  EXPECT_EQ(l.source, LoopbackSource::live);
  EXPECT_EQ(l.reason, "loopback remapped to 127.0.42.1 (live NFlags)");

  l = decide_loopback(running(0x406000400, std::nullopt));
  EXPECT_TRUE(l.has_loopback);
  EXPECT_FALSE(l.remapped);
  EXPECT_FALSE(l.address);
  EXPECT_EQ(l.reason, "loopback allowed: the host's 127.0.0.1 (live NFlags)");

  // Live flags win over the file and the kernel default.
  auto f = running(0x406000000, Address::parse("127.0.42.1"));
  f.nflags_file = {"lback_remap"};
  l = decide_loopback(f);
  EXPECT_FALSE(l.has_loopback);
  EXPECT_EQ(l.reason, "no loopback (live NFlags)");
}

TEST(Loopback, ARemappedGuestWithoutALiveAddressGetsTheDefaultOne) {
  auto f = running(0x200, std::nullopt);
  f.nid = 0x1234;
  EXPECT_EQ(decide_loopback(f).reason, "loopback remapped to 127.18.52.1 (live NFlags)");
  EXPECT_EQ(default_lback_address(211).str(), "127.0.211.1");
  EXPECT_EQ(default_lback_address(65535).str(), "127.255.255.1");
}

TEST(Loopback, Vs23DefaultForAStoppedGuest) {
  auto l = decide_loopback(stopped(kVs23, true));
  EXPECT_TRUE(l.remapped);
  EXPECT_EQ(l.source, LoopbackSource::kernel_default);
  EXPECT_EQ(l.reason,
            "loopback remapped to 127.0.42.1 (vs2.3 default, CONFIG_VSERVER_AUTO_LBACK=y)");

  l = decide_loopback(stopped(kVs23, true, {"~lback_remap"}));
  EXPECT_FALSE(l.has_loopback);
  EXPECT_EQ(l.reason,
            "no loopback (vs2.3 default, CONFIG_VSERVER_AUTO_LBACK=y; nflags ~lback_remap)");

  l = decide_loopback(stopped(kVs23, true, {"~lback_remap", "lback_allow"}));
  EXPECT_TRUE(l.has_loopback);
  EXPECT_EQ(l.reason,
            "loopback allowed: the host's 127.0.0.1 (vs2.3 default, CONFIG_VSERVER_AUTO_LBACK=y; "
            "nflags ~lback_remap, lback_allow)");

  // interfaces/lback replaces the address.
  auto f = stopped(kVs23, true);
  f.configured_lback = Address::parse("127.0.99.1");
  EXPECT_EQ(decide_loopback(f).reason,
            "loopback remapped to 127.0.99.1 (vs2.3 default, CONFIG_VSERVER_AUTO_LBACK=y)");

  // Tokens that are not about loopback do not show.
  EXPECT_EQ(decide_loopback(stopped(kVs23, true, {"hide_netif"})).reason,
            "loopback remapped to 127.0.42.1 (vs2.3 default, CONFIG_VSERVER_AUTO_LBACK=y)");
}

TEST(Loopback, Vs23WithoutAutoLback) {
  auto l = decide_loopback(stopped(kVs23, false));
  EXPECT_FALSE(l.has_loopback);
  EXPECT_EQ(l.reason, "no loopback (vs2.3 kernel, CONFIG_VSERVER_AUTO_LBACK not set)");
  l = decide_loopback(stopped(kVs23, false, {"lback_remap"}));
  EXPECT_EQ(l.reason,
            "loopback remapped to 127.0.42.1 (vs2.3 kernel, CONFIG_VSERVER_AUTO_LBACK not set; "
            "nflags lback_remap)");
  // A configuration read without the option: a patch older than the option.
  auto f = stopped(kVs23, std::nullopt);
  f.config_read = true;
  EXPECT_EQ(decide_loopback(f).reason,
            "no loopback (vs2.3 kernel without CONFIG_VSERVER_AUTO_LBACK)");
  EXPECT_EQ(decide_loopback(f).source, LoopbackSource::kernel_default);
}

TEST(Loopback, Vs22) {
  auto l = decide_loopback(stopped(kVs22, std::nullopt));
  EXPECT_FALSE(l.has_loopback);
  EXPECT_EQ(l.source, LoopbackSource::kernel_default);
  EXPECT_EQ(l.reason, "no loopback (vs2.2 kernel)");
  l = decide_loopback(stopped(kVs22, std::nullopt, {"lback_allow"}));
  EXPECT_TRUE(l.has_loopback);
  EXPECT_EQ(l.reason, "loopback allowed: the host's 127.0.0.1 (vs2.2 kernel; nflags lback_allow)");
}

TEST(Loopback, AssumptionsWhenTheKernelCannotBeRead) {
  // A vs2.3 kernel whose configuration is unreadable: the Kconfig default, assumed.
  auto l = decide_loopback(stopped(kVs23, std::nullopt));
  EXPECT_EQ(l.source, LoopbackSource::assumption);
  EXPECT_TRUE(l.remapped);
  // Nothing known: the files alone.
  l = decide_loopback(stopped(std::nullopt, std::nullopt));
  EXPECT_EQ(l.source, LoopbackSource::assumption);
  EXPECT_FALSE(l.has_loopback);
  EXPECT_EQ(l.reason,
            "no loopback (ASSUMED from the guest's files alone: no VServer kernel or configuration "
            "readable)");
  l = decide_loopback(stopped(std::nullopt, std::nullopt, {"lback_remap"}));
  EXPECT_TRUE(l.has_loopback);
  EXPECT_EQ(l.source, LoopbackSource::assumption);
  // The last mention wins, "!" clears like "~".
  l = decide_loopback(stopped(std::nullopt, std::nullopt, {"lback_remap", "!lback_remap"}));
  EXPECT_FALSE(l.has_loopback);
}

TEST(Loopback, AGuestWithItsOwnNamespaceHasARealLo) {
  auto f = stopped(kVs22, std::nullopt);
  f.own_netns = "noncontext";
  auto l = decide_loopback(f);
  EXPECT_TRUE(l.has_loopback);
  EXPECT_FALSE(l.remapped);
  EXPECT_EQ(l.source, LoopbackSource::kernel_default);
  EXPECT_EQ(l.reason, "loopback on its own lo (own network namespace: noncontext)");
  f.running = true;
  EXPECT_EQ(decide_loopback(f).source, LoopbackSource::live);
  EXPECT_EQ(name(LoopbackSource::assumption), "assumption");
}

}  // namespace
