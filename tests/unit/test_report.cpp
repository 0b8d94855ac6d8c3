// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>

#include "plugin/report.hpp"

using vs::plugin::Result;
using vs::plugin::Status;

namespace {

TEST(Status, AggregatesCriticalOverWarningOverUnknownOverOk) {
  using vs::plugin::worst;
  EXPECT_EQ(worst(Status::ok, Status::unknown), Status::unknown);
  EXPECT_EQ(worst(Status::unknown, Status::warning), Status::warning);
  EXPECT_EQ(worst(Status::warning, Status::critical), Status::critical);
  EXPECT_EQ(worst(Status::critical, Status::unknown), Status::critical);
}

TEST(Report, FirstLineThenFindingsWorstFirst) {
  Result r;
  r.add(Status::warning, "a.conf:3", "meh");
  r.add(Status::ok, "b.conf:1", "fine");
  r.add(Status::critical, "c.conf:7", "bad");
  r.perfdata = {{"n", 3, "", {}, {}, 0, {}}};
  EXPECT_EQ(vs::plugin::render("VS_X", r, 0),
            "VS_X CRITICAL - c.conf:7: bad; 1 warning | n=3;;;0\n"
            "CRITICAL c.conf:7: bad\n"
            "WARNING a.conf:3: meh\n");
  EXPECT_EQ(vs::plugin::render("VS_X", r, 1),
            "VS_X CRITICAL - c.conf:7: bad; 1 warning | n=3;;;0\n"
            "CRITICAL c.conf:7: bad\n"
            "WARNING a.conf:3: meh\n"
            "OK b.conf:1: fine\n");
}

TEST(Report, SummaryCountsFindingsOfTheWorstStatus) {
  Result r;
  r.add(Status::critical, "x", "one");
  r.add(Status::critical, "y", "two");
  EXPECT_EQ(vs::plugin::render("VS_X", r, 0).substr(0, 40),
            "VS_X CRITICAL - x: one (and 1 more)\nCRIT");
}

TEST(Report, SummaryListsBriefsThenCountsTheRest) {
  Result r;
  for (const char* g : {"web1", "mail", "db", "dev"})
    r.add(Status::critical, "x", "long text").brief = std::string(g) + " holds NET_RAW";
  r.add(Status::warning, "y", "w1");
  r.add(Status::warning, "y", "w2");
  r.add(Status::unknown, "z", "u");
  const std::string out = vs::plugin::render("VS_X", r, 0);
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "VS_X CRITICAL - web1 holds NET_RAW, mail holds NET_RAW, db holds NET_RAW and 1 more; "
            "2 warnings; 1 unknown");
}

TEST(Report, LeadingFindingsAreTheSummaryAlone) {
  Result r;
  r.add(Status::critical, "master.cf:1", "smtp tcp 127.0.0.1:25: loopback").brief = "smtp";
  auto& lead = r.add(Status::critical, "main.cf:3", "Postfix will not start in a guest: ...");
  lead.brief = "Postfix will not start in a guest: no loopback interface";
  lead.lead = true;
  r.add(Status::warning, "y", "w1");
  const std::string out = vs::plugin::render("VS_X", r, 0);
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "VS_X CRITICAL - Postfix will not start in a guest: no loopback interface; 1 warning");
  // A lead of a lesser status does not hide the worst findings.
  Result lesser;
  lesser.add(Status::critical, "x", "bad").brief = "bad";
  lesser.add(Status::warning, "y", "meh").lead = true;
  const std::string second = vs::plugin::render("VS_X", lesser, 0);
  EXPECT_EQ(second.substr(0, second.find('\n')), "VS_X CRITICAL - bad; 1 warning");
}

TEST(Report, PipesAndNewlinesNeverBreakTheFormat) {
  Result r;
  r.summary = "a|b\nc";
  r.add(Status::warning, "guest we|rd\n", "x|y");
  const std::string out = vs::plugin::render("VS_X", r, 0);
  EXPECT_EQ(out, "VS_X WARNING - a/b?c\nWARNING guest we/rd?: x/y\n");
}

TEST(Report, CapKeepsFirstLineAndSaysWhatWasCut) {
  Result r;
  for (int i = 0; i < 100; ++i)
    r.add(Status::critical, "file:" + std::to_string(i), std::string(40, 'x'));
  r.perfdata = {{"n", 100, "", {}, {}, 0, {}}};
  const std::string out = vs::plugin::render("VS_X", r, 0, 1023);
  EXPECT_LE(out.size(), 1023u);
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "VS_X CRITICAL - file:0: " + std::string(40, 'x') + " (and 99 more) | n=100;;;0");
  EXPECT_NE(out.find("more findings)\n"), std::string::npos);
  EXPECT_EQ(out.back(), '\n');
}

TEST(Report, CapShortensAnOverlongSummaryButKeepsPerfdata) {
  Result r;
  r.summary = std::string(3000, 's');
  r.threshold_status = Status::warning;
  r.perfdata = {{"n", 1, "", {}, {}, {}, {}}};
  const std::string out = vs::plugin::render("VS_X", r, 0, 300);
  EXPECT_LE(out.size(), 300u);
  EXPECT_EQ(out.rfind("VS_X WARNING - sss", 0), 0u);
  EXPECT_NE(out.find("... | n=1\n"), std::string::npos);
}

// A cap under the minimum (--max-output rejects those; the fuzzer does not) counts as
// the minimum: `max_output - 4` once wrapped and printed 73 bytes for a cap of 3.
TEST(Report, CapBelowTheMinimumIsTheMinimum) {
  Result r;
  r.summary = std::string(3000, 's');
  r.threshold_status = Status::critical;
  r.perfdata = {{"n", 1, "", {}, {}, {}, {}}};
  for (const std::size_t cap : {1u, 3u, 10u, 255u}) {
    const std::string out = vs::plugin::render("VS_X", r, 0, cap);
    EXPECT_EQ(out.size(), vs::plugin::kMinMaxOutput) << cap;
    EXPECT_EQ(out.rfind("VS_X CRITICAL - sss", 0), 0u) << cap;
    EXPECT_EQ(out.substr(out.size() - 10), "... | n=1\n") << cap;
  }
}

// Line 1 is never cut inside the perfdata: what cannot fit goes whole, from the end.
TEST(Report, PerfdataIsKeptWholeOrDroppedWhole) {
  Result r;
  r.summary = "summary";
  for (int i = 0; i < 30; ++i)
    r.perfdata.push_back({"metric_" + std::to_string(i), 12345, "", {}, {}, 0, 99999});
  const std::string out = vs::plugin::render("VS_X", r, 0, 256);
  const std::string first = out.substr(0, out.find('\n'));
  EXPECT_LE(out.size(), 256u);
  EXPECT_EQ(first.rfind("VS_X OK - ", 0), 0u) << first;
  const std::string perf = first.substr(first.find(" | ") + 3);
  std::size_t items = 0;
  for (std::size_t pos = 0; pos < perf.size(); pos = perf.find(' ', pos) + 1) {
    EXPECT_EQ(perf.compare(pos, 7, "metric_"), 0) << perf;
    ++items;
    if (perf.find(' ', pos) == std::string::npos) break;
  }
  EXPECT_GT(items, 5u);
  EXPECT_LT(items, 30u);
  EXPECT_EQ(perf.substr(perf.size() - 16), "=12345;;;0;99999") << perf;
}

// Bytes from guests can be anything: the output is valid UTF-8 whatever they are.
TEST(Report, InvalidUtf8IsEscapedValidIsKept) {
  using vs::plugin::sanitize;
  EXPECT_EQ(sanitize("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7"),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7");
  EXPECT_EQ(sanitize("comm\xc3"), "comm\\xC3");                     // cut mid-sequence
  EXPECT_EQ(sanitize("\xe2\x82x"), "\\xE2\\x82x");                  // truncated 3-byte
  EXPECT_EQ(sanitize("latin1 \xe9t\xe9"), "latin1 \\xE9t\\xE9");    // not UTF-8 at all
  EXPECT_EQ(sanitize("\xc0\xaf"), "\\xC0\\xAF");                    // overlong '/'
  EXPECT_EQ(sanitize("\xed\xa0\x80"), "\\xED\\xA0\\x80");           // a surrogate
  EXPECT_EQ(sanitize("\xf4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(sanitize("\xc2\x9b[31m"), "?[31m");                     // C1 control (CSI)
  EXPECT_EQ(sanitize("a|b\tc\x7f"), "a/b?c?");
}

TEST(Report, ACutNeverSplitsAnEscape) {
  Result r;
  r.threshold_status = Status::warning;
  for (std::size_t pad = 0; pad < 8; ++pad) {
    r.summary = std::string(225 + pad, 's') + std::string(20, '\xff');
    const std::string out = vs::plugin::render("VS_X", r, 0, 256);
    const std::string first = out.substr(0, out.find('\n'));
    ASSERT_EQ(first.substr(first.size() - 3), "...") << first;
    const std::string body = first.substr(0, first.size() - 3);
    const auto last = body.rfind('\\');
    ASSERT_NE(last, std::string::npos) << body;
    EXPECT_EQ(body.size() - last, 4u) << body;
  }
}

TEST(Report, UsageErrorIsOneStatusLineAndOneUsageLine) {
  const std::string out = vs::plugin::render_usage_error(
      "VS_X", "no guest named 'x\xff|y'",
      "check_vs_x [--loopback yes|no|auto]\n      [--runtime [--netns NAME|PATH]] [standard "
      "options]");
  EXPECT_EQ(out,
            "VS_X UNKNOWN - no guest named 'x\\xFF/y'\n"
            "Usage: check_vs_x [--loopback yes/no/auto] [--runtime [--netns NAME/PATH]] [standard "
            "options]\n");
  const std::string long_message(5000, 'm');
  const std::string capped =
      vs::plugin::render_usage_error("VS_X", long_message, "check_vs_x", 300);
  EXPECT_LE(capped.size(), 300u);
  EXPECT_NE(capped.find("...\nUsage: check_vs_x\n"), std::string::npos);
}

TEST(Report, ZeroMeansNoCap) {
  Result r;
  for (int i = 0; i < 100; ++i)
    r.add(Status::warning, "f", std::string(40, 'y'));
  EXPECT_GT(vs::plugin::render("VS_X", r, 0, 0).size(), 4000u);
}

TEST(Report, OneCutFindingSaysFindingSingular) {
  Result r;
  r.add(Status::critical, "a", std::string(80, 'a'));
  r.add(Status::critical, "b", std::string(80, 'b'));
  const std::string out = vs::plugin::render("VS_X", r, 0, 256);
  EXPECT_NE(out.find("(1 more finding)\n"), std::string::npos) << out;
}

// What a plugin does for one kind of finding in several places (check_vs_caps's
// NET_RAW grants): one group key, one member each, the same texts.
vs::plugin::Finding& net_raw(Result& r, const std::string& guest) {
  auto& f = r.add(Status::critical, "/etc/vservers/" + guest + "/bcapabilities:1",
                  "guest " + guest + " holds NET_RAW");
  f.brief = guest + " holds NET_RAW";
  f.group = {.key = "holds NET_RAW",
             .member = guest,
             .several = "guests hold NET_RAW",
             .explanation = "every program in the guest can forge packets"};
  return f;
}

TEST(Report, AGroupIsSummarisedOnceAndExplainedOnce) {
  Result r;
  for (const char* g : {"bit", "lower", "multi", "netraw"})
    net_raw(r, g);
  r.add(Status::warning, "y", "meh").brief = "meh";
  EXPECT_EQ(vs::plugin::render("VS_CAPS", r, 0),
            "VS_CAPS CRITICAL - 4 guests hold NET_RAW: bit, lower, multi, netraw; 1 warning\n"
            "CRITICAL /etc/vservers/bit/bcapabilities:1: guest bit holds NET_RAW: every program "
            "in the guest can forge packets\n"
            "CRITICAL /etc/vservers/lower/bcapabilities:1: guest lower holds NET_RAW\n"
            "CRITICAL /etc/vservers/multi/bcapabilities:1: guest multi holds NET_RAW\n"
            "CRITICAL /etc/vservers/netraw/bcapabilities:1: guest netraw holds NET_RAW\n"
            "WARNING y: meh\n");
}

TEST(Report, AGroupOfOneIsItsBriefAndStillExplained) {
  Result r;
  net_raw(r, "web1");
  EXPECT_EQ(vs::plugin::render("VS_CAPS", r, 0),
            "VS_CAPS CRITICAL - web1 holds NET_RAW\n"
            "CRITICAL /etc/vservers/web1/bcapabilities:1: guest web1 holds NET_RAW: every program "
            "in the guest can forge packets\n");
}

TEST(Report, AGroupCountsAsOneBriefAndListsAFewMembers) {
  Result r;
  for (int i = 0; i < 9; ++i)
    net_raw(r, "g" + std::to_string(i));
  for (const char* b : {"a", "b", "c"})
    r.add(Status::critical, "x", "alone").brief = b;
  const std::string out = vs::plugin::render("VS_CAPS", r, 0, 0);
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "VS_CAPS CRITICAL - 9 guests hold NET_RAW: g0, g1, g2, g3, g4, g5 and 3 more, a, b "
            "and 1 more");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 13);
  EXPECT_EQ(out.find("forge"), out.rfind("forge"));  // explained once
}

TEST(Report, AMemberTwiceCountsOnceAndAGroupWithoutSeveralSaysItsBriefOnce) {
  Result r;
  for (int i = 0; i < 2; ++i) {  // two reasons why web1 needs a restart
    auto& f = r.add(Status::warning, "x" + std::to_string(i), "changed after start");
    f.brief = "web1 needs a restart";
    f.group = {.key = "restart", .member = "web1", .several = "guests need a restart"};
  }
  for (int i = 0; i < 3; ++i) {  // --runtime: sshd needs a restart, for three sockets
    auto& f = r.add(Status::warning, "s" + std::to_string(i), "differs");
    f.brief = "sshd needs a restart";
    f.group = {.key = "sshd restart"};
  }
  const std::string out = vs::plugin::render("VS_X", r, 0);
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "VS_X WARNING - web1 needs a restart, sshd needs a restart");
}

TEST(Report, GroupsOfLesserStatusesAreCountedByFinding) {
  Result r;
  r.add(Status::critical, "x", "bad").brief = "bad";
  for (const char* g : {"web1", "mail"}) {
    auto& f = r.add(Status::warning, g, "needs a restart");
    f.group = {.key = "restart", .member = g, .several = "guests need a restart"};
  }
  const std::string out = vs::plugin::render("VS_X", r, 0);
  EXPECT_EQ(out.substr(0, out.find('\n')), "VS_X CRITICAL - bad; 2 warnings");
}

}  // namespace
