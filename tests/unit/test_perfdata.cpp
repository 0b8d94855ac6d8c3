// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <clocale>
#include <locale>

#include "plugin/number.hpp"
#include "plugin/perfdata.hpp"

using vs::plugin::Perfdata;
using vs::plugin::Range;

namespace {

TEST(Perfdata, DropsTrailingEmptyFields) {
  EXPECT_EQ((Perfdata{"listeners", 9, "", {}, {}, {}, {}}).str(), "listeners=9");
  EXPECT_EQ((Perfdata{"wildcard", 2, "", {}, Range::parse("0"), 0, 0}).str(), "wildcard=2;;0;0;0");
  EXPECT_EQ((Perfdata{"time", 0.5, "s", Range::parse("1"), Range::parse("2"), {}, {}}).str(),
            "time=0.5s;1;2");
}

TEST(Perfdata, ItsRangesGiveItsStatus) {
  Perfdata p{"denied", 1, "", {}, {}, {}, {}};
  EXPECT_EQ(p.status(), vs::plugin::Status::ok);  // no range, no alert
  p.warn = Range::parse("0");
  EXPECT_EQ(p.status(), vs::plugin::Status::warning);
  p.crit = Range::parse("5");
  EXPECT_EQ(p.status(), vs::plugin::Status::warning);
  p.crit = Range::parse("@1:2");
  EXPECT_EQ(p.status(), vs::plugin::Status::critical);  // critical first, as documented
  p.value = -3;
  p.warn = Range::parse("-5:");
  p.crit = Range::parse("~:-4");
  EXPECT_EQ(p.status(), vs::plugin::Status::critical);
}

TEST(Perfdata, CountsStartAtZero) {
  EXPECT_EQ(vs::plugin::count("guests", 3).str(), "guests=3;;;0");
  EXPECT_EQ(vs::plugin::count("net_raw", 1, 3).str(), "net_raw=1;;;0;3");
  EXPECT_EQ(vs::plugin::count("net_raw", 1, 3).status(), vs::plugin::Status::ok);
}

TEST(Perfdata, QuotesLabelsOnlyWhenNeeded) {
  EXPECT_EQ(vs::plugin::quote_label("net_raw"), "net_raw");
  EXPECT_EQ(vs::plugin::quote_label("guest web1"), "'guest web1'");
  EXPECT_EQ(vs::plugin::quote_label("a=b"), "'a=b'");
  EXPECT_EQ(vs::plugin::quote_label("it's"), "'it''s'");
  EXPECT_EQ(vs::plugin::quote_label("a|b\nc"), "a_b_c");
}

TEST(Perfdata, NumbersNeverUseExponentOrLocale) {
  EXPECT_EQ(vs::plugin::format_number(1e20), "100000000000000000000");
  EXPECT_EQ(vs::plugin::format_number(0.000001), "0.000001");
  EXPECT_EQ(vs::plugin::format_number(-0.0), "0");
  EXPECT_EQ(vs::plugin::format_number(-2.5), "-2.5");
  // Found by fuzz_range: six fixed decimals turned the range 0:.0112221 into 0:0.011222.
  EXPECT_EQ(vs::plugin::format_number(0.0112221), "0.0112221");
  EXPECT_EQ(vs::plugin::format_number(1e-9), "0.000000001");
}

TEST(Perfdata, CLocaleWhateverLcAllSays) {
  // A decimal comma locale, if the machine has one; C.UTF-8 at least changes LC_ALL.
  const char* set = nullptr;
  for (const char* name : {"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE", "C.UTF-8"}) {
    if ((set = std::setlocale(LC_ALL, name)) != nullptr) break;
  }
  try {
    std::locale::global(std::locale(""));
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ((Perfdata{"load", 1234.5, "", Range::parse("0.5:1000.25"), {}, 0, {}}).str(),
            "load=1234.5;0.5:1000.25;;0");
  std::setlocale(LC_ALL, "C");
  std::locale::global(std::locale::classic());
  (void)set;
}

}  // namespace
