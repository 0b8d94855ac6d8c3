// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "plugin/options.hpp"
#include "policy/cap_policy.hpp"
#include "policy/caps_check.hpp"

using namespace vs::policy;
using vs::plugin::Result;
using vs::plugin::Status;
using vs::vserver::CapKind;

namespace {

vs::vserver::Guest guest_with(const std::string& bcaps) {
  vs::vserver::Guest g;
  g.name = "web1";
  g.bcaps = vs::vserver::CapFile{
      "/etc/vservers/web1/bcapabilities",
      vs::vserver::parse_capabilities(bcaps, "/etc/vservers/web1/bcapabilities", CapKind::bcap),
      {}};
  return g;
}

// What check_vs_caps judges with when given no option.
CapPolicy defaults() {
  return make_cap_policy({});
}

TEST(CapPolicy, NetRawIsCriticalAndSaysWhy) {
  Result r;
  CapCounts c;
  judge_guest(defaults(), guest_with("NET_RAW\n"), std::nullopt, r, c);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].status, Status::critical);
  EXPECT_EQ(r.findings[0].origin, "/etc/vservers/web1/bcapabilities:1");
  EXPECT_EQ(r.findings[0].text, "guest web1 holds NET_RAW");
  // Said once for all the guests that hold it (see Report's groups).
  EXPECT_EQ(r.findings[0].group.key, "holds NET_RAW");
  EXPECT_EQ(r.findings[0].group.member, "web1");
  EXPECT_EQ(r.findings[0].group.explanation,
            "every program in the guest can forge packets (the raw_icmp context capability in "
            "ccapabilities is enough for ping)");
  EXPECT_EQ(c.net_raw, 1);
  EXPECT_EQ(c.denied, 1);
}

TEST(CapPolicy, InsecureCapsWarnAndHarmlessOnesDoNot) {
  Result r;
  CapCounts c;
  judge_guest(defaults(), guest_with("SYS_ADMIN,CHOWN\n"), std::nullopt, r, c);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].status, Status::warning);
  EXPECT_EQ(c.net_raw, 0);
}

TEST(CapPolicy, AllGrantsEverythingAndSaysThroughWhat) {
  Result r;
  CapCounts c;
  judge_guest(defaults(), guest_with("all\n"), std::nullopt, r, c);
  EXPECT_EQ(r.status(), Status::critical);
  EXPECT_EQ(c.denied, 16);  // NET_RAW and the fifteen insecure ones
  EXPECT_NE(r.findings[0].text.find("(through 'all')"), std::string::npos) << r.findings[0].text;
}

TEST(CapPolicy, AllowedGrantIsOkAndNotCounted) {
  auto p = defaults();
  p.allowed.push_back(CapPolicy::parse_grant("web1:NET_RAW"));
  Result r;
  CapCounts c;
  judge_guest(p, guest_with("NET_RAW\n"), std::nullopt, r, c);
  EXPECT_EQ(r.status(), Status::ok);
  EXPECT_EQ(c.denied, 0);
  EXPECT_EQ(r.findings[0].text, "guest web1 holds NET_RAW: allowed by --allow");
}

TEST(CapPolicy, UnknownTokenMeansTheGuestWillNotStart) {
  Result r;
  CapCounts c;
  judge_guest(defaults(), guest_with("NET_RAW, SYS_ADMIN\n"), std::nullopt, r, c);
  EXPECT_EQ(c.broken, 1);
  EXPECT_EQ(r.findings[0].text,
            "guest web1 will fail to start: unknown capability (no spaces allowed around commas) ' "
            "SYS_ADMIN'");
}

TEST(CapPolicy, IgnoredLastLineIsWarningAndNotGranted) {
  Result r;
  CapCounts c;
  judge_guest(defaults(), guest_with("NET_RAW"), std::nullopt, r, c);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].status, Status::warning);
  EXPECT_EQ(r.findings[0].text,
            "'NET_RAW' ignored by util-vserver: no newline at end of file (guest web1)");
  EXPECT_EQ(c.net_raw, 0);
}

TEST(CapPolicy, ChangedAfterStartNeedsARestart) {
  auto g = guest_with("CHOWN\n");
  g.running = true;
  g.started = std::chrono::system_clock::now() - std::chrono::hours(1);
  g.bcaps->mtime = std::chrono::system_clock::now();
  Result r;
  CapCounts c;
  judge_guest(defaults(), g, std::nullopt, r, c);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].status, Status::warning);
  EXPECT_NE(r.findings[0].text.find("restart the guest to apply"), std::string::npos);
}

// The live set as the kernel shows it, compared with the guest's file.
LiveBcaps live(std::uint64_t bcaps, const vs::vserver::Guest& g) {
  return {vs::vserver::compare_bcaps(bcaps, g.bcaps ? &g.bcaps->list : nullptr),
          {"/proc/virtual/40/status", 4}};
}

TEST(CapPolicy, AGrantTheRunningContextLacksIsARestartPending) {
  Result r;
  CapCounts c;
  auto p = defaults();
  p.allowed.push_back({"web1", CapPolicy::parse_cap("NET_RAW")});
  const auto g = guest_with("NET_RAW\n");
  judge_guest(p, g, live(vs::vserver::kDefaultBcapsSince2011, g), r, c);
  EXPECT_EQ(r.status(), Status::warning);
  EXPECT_EQ(r.findings.back().origin, "/etc/vservers/web1/bcapabilities");
  EXPECT_EQ(r.findings.back().text,
            "guest web1: restart pending: the running context lacks NET_RAW, which it grants "
            "(/proc/virtual/40/status:4, measured against util-vserver's default since 2011-06 "
            "(ffffffffb44c04ff)): restart the guest to apply");
  EXPECT_EQ(r.findings.back().brief, "web1 needs a restart");
}

TEST(CapPolicy, NetRawLiveButInNoFileIsGrantedLive) {
  Result r;
  CapCounts c;
  vs::vserver::Guest g;
  g.name = "web1";
  judge_guest(defaults(), g, live(vs::vserver::kDefaultBcapsSince2011 | 0x2000, g), r, c);
  EXPECT_EQ(r.status(), Status::critical);
  EXPECT_EQ(r.findings.back().origin, "/proc/virtual/40/status:4");
  EXPECT_EQ(r.findings.back().text,
            "guest web1 holds NET_RAW granted live: neither a bcapabilities file (guest web1 has "
            "none) nor util-vserver's default since 2011-06 (ffffffffb44c04ff) grants it, so it "
            "was set at run time (vattribute) and is lost at the next restart");
  EXPECT_EQ(r.findings.back().brief, "web1 holds NET_RAW granted live");
  // Why NET_RAW matters is said once for the group of guests that hold it live.
  EXPECT_EQ(r.findings.back().group.key, "holds NET_RAW granted live");
  EXPECT_EQ(r.findings.back().group.explanation,
            "every program in the guest can forge packets (the raw_icmp context capability in "
            "ccapabilities is enough for ping)");
  EXPECT_EQ(c.net_raw, 1);
  EXPECT_EQ(c.denied, 1);
}

TEST(CapPolicy, ARemovalStillLiveIsARestartPendingAndADropIsFine) {
  Result r;
  CapCounts c;
  const auto g = guest_with("!CHOWN\n");
  // CHOWN (bit 0) still live though the file removes it; KILL (bit 5) dropped live.
  judge_guest(defaults(), g, live(vs::vserver::kDefaultBcapsSince2011 & ~0x20ULL, g), r, c);
  EXPECT_EQ(r.status(), Status::warning);
  EXPECT_NE(r.findings.back().text.find("restart pending: the running context still holds CHOWN, "
                                        "which it removes"),
            std::string::npos)
      << r.findings.back().text;
  const auto dropped = std::find_if(r.findings.begin(), r.findings.end(), [](const auto& f) {
    return f.text.find("(dropped at run time)") != std::string::npos;
  });
  ASSERT_NE(dropped, r.findings.end());
  EXPECT_EQ(dropped->status, Status::ok);
  EXPECT_EQ(c.denied, 0);
}

TEST(CapPolicy, WithTheLiveSetTheDateIsNoFindingOfItsOwn) {
  Result r;
  CapCounts c;
  auto g = guest_with("SYS_TIME\n");
  g.running = true;
  g.started = std::chrono::system_clock::time_point{};
  g.bcaps->mtime = std::chrono::system_clock::now();
  // The live set has SYS_TIME: the file was changed, but nothing is pending.
  judge_guest(defaults(), g, live(vs::vserver::kDefaultBcapsSince2011 | (1ULL << 25), g), r, c);
  for (const auto& f : r.findings)
    EXPECT_EQ(f.text.find("restart"), std::string::npos) << f.text;
  // Without it, the date is all there is.
  Result dated;
  judge_guest(defaults(), g, std::nullopt, dated, c);
  EXPECT_TRUE(std::any_of(dated.findings.begin(), dated.findings.end(), [](const auto& f) {
    return f.text.rfind("modified after guest web1 started", 0) == 0;
  }));
}

TEST(CapPolicy, ProcessBoundingSet) {
  Result r;
  CapCounts c;
  judge_process(defaults(), 42, "dockerd", 0x2000, r, c);  // NET_RAW
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].origin, "pid 42 (dockerd)");
  EXPECT_EQ(r.findings[0].status, Status::critical);
  EXPECT_EQ(parse_capbnd("Name:\tx\nCapBnd:\t000001ffffffffff\n"), 0x1ffffffffffu);
  EXPECT_FALSE(parse_capbnd("Name:\tx\n"));
  // A process may name itself "CapBnd:0": only the line that starts with the key counts.
  EXPECT_EQ(parse_capbnd("Name:\tCapBnd:0\nCapBnd:\t000001ffffffffff\n"), 0x1ffffffffffu);
  EXPECT_FALSE(parse_capbnd("Name:\tCapBnd:0\n"));
}

TEST(CapPolicy, OptionValues) {
  EXPECT_EQ(CapPolicy::parse_cap("cap_net_raw"), 0x2000u);
  EXPECT_EQ(CapPolicy::parse_cap("^40"), std::uint64_t{1} << 40);
  EXPECT_THROW(CapPolicy::parse_cap("NET_COOKED"), vs::plugin::UsageError);
  EXPECT_THROW(CapPolicy::parse_grant("NET_RAW"), vs::plugin::UsageError);
  EXPECT_EQ(CapPolicy::parse_grant("*:SYS_ADMIN").guest, "*");
}

}  // namespace
