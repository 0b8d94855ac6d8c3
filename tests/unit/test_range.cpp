// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include "plugin/range.hpp"

using vs::plugin::Range;
using vs::plugin::RangeError;

namespace {

struct Row {
  const char* range;
  double value;
  bool alerts;
};

class RangeRows : public ::testing::TestWithParam<Row> {};

TEST_P(RangeRows, AlertsExactlyAsTheGuidelinesSay) {
  const Row& r = GetParam();
  EXPECT_EQ(Range::parse(r.range).alerts(r.value), r.alerts) << r.range << " with " << r.value;
}

// Each row of the guidelines' table, at and just beyond its boundaries.
INSTANTIATE_TEST_SUITE_P(
    Guidelines, RangeRows,
    ::testing::Values(
        // 10: outside 0..10
        Row{"10", -0.5, true}, Row{"10", 0, false}, Row{"10", 10, false}, Row{"10", 10.01, true},
        // 10: below 10
        Row{"10:", 9.99, true}, Row{"10:", 10, false}, Row{"10:", 1e9, false},
        // ~:10 above 10
        Row{"~:10", -1e9, false}, Row{"~:10", 10, false}, Row{"~:10", 10.5, true},
        // 10:20 outside 10..20
        Row{"10:20", 9, true}, Row{"10:20", 10, false}, Row{"10:20", 20, false},
        Row{"10:20", 21, true},
        // @10:20 inside 10..20, inclusive
        Row{"@10:20", 9, false}, Row{"@10:20", 10, true}, Row{"@10:20", 20, true},
        Row{"@10:20", 20.1, false},
        // negatives and decimals
        Row{"-5:", -5, false}, Row{"-5:", -5.1, true}, Row{"-10:-5", -7, false},
        Row{"-10:-5", -4, true}, Row{"0.5:1.5", 0.4, true}, Row{"0.5:1.5", 1.5, false},
        Row{"@~:0", -3, true}, Row{"@~:0", 0.1, false},
        // 0: anything above zero
        Row{"0", 0, false}, Row{"0", 1, true}, Row{"~:", 1e12, false}));

TEST(Range, RejectsInvalidText) {
  for (const char* bad : {"", "10:5", "abc", "1e3", "@", "5:x", "--5", "1:2:3", "nan", "inf"}) {
    EXPECT_THROW(Range::parse(bad), RangeError) << bad;
  }
}

TEST(Range, ErrorNamesTheText) {
  try {
    Range::parse("10:5");
    FAIL();
  } catch (const RangeError& e) {
    EXPECT_STREQ(e.what(), "invalid range '10:5': start is greater than end");
  }
}

TEST(Range, PrintsNormalised) {
  EXPECT_EQ(Range::parse("10").str(), "10");
  EXPECT_EQ(Range::parse("10:").str(), "10:");
  EXPECT_EQ(Range::parse("~:10").str(), "~:10");
  EXPECT_EQ(Range::parse("@10:20").str(), "@10:20");
  EXPECT_EQ(Range::parse("-5:").str(), "-5:");
  EXPECT_EQ(Range::parse("0.25:2.5").str(), "0.25:2.5");
}

}  // namespace
