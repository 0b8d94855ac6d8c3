#include <gtest/gtest.h>

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
  const std::string out = vs::plugin::render("VS_X", r, 0, 200);
  EXPECT_LE(out.size(), 200u);
  EXPECT_EQ(out.rfind("VS_X WARNING - sss", 0), 0u);
  EXPECT_NE(out.find("... | n=1\n"), std::string::npos);
}

TEST(Report, ZeroMeansNoCap) {
  Result r;
  for (int i = 0; i < 100; ++i)
    r.add(Status::warning, "f", std::string(40, 'y'));
  EXPECT_GT(vs::plugin::render("VS_X", r, 0, 0).size(), 4000u);
}

TEST(Report, OneCutFindingSaysFindingSingular) {
  Result r;
  r.add(Status::critical, "a", std::string(50, 'a'));
  r.add(Status::critical, "b", std::string(50, 'b'));
  const std::string out = vs::plugin::render("VS_X", r, 0, 200);
  EXPECT_NE(out.find("(1 more finding)\n"), std::string::npos) << out;
}

}  // namespace
