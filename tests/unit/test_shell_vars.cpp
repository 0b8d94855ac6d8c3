#include "config/shell_vars.hpp"

#include <gtest/gtest.h>

#include "config/lines.hpp"

using vs::config::parse_shell_assignments;
using vs::config::ShellAssignment;

namespace {

// "NAME=value@line" for each assignment, with flags when set.
std::vector<std::string> seen(std::string_view text) {
  std::vector<std::string> out;
  for (const ShellAssignment& a : parse_shell_assignments(text, "f")) {
    std::string s = a.name + "=" + a.value + "@" + std::to_string(a.where.line);
    if (a.needs_expansion) s += " expands";
    if (a.unterminated) s += " unterminated";
    out.push_back(s);
  }
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST(Lines, SplitKeepsNumbersAndDropsLineEnds) {
  const auto lines = vs::config::split_lines("a\r\n\nb");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "a");
  EXPECT_EQ(lines[1].text, "");
  EXPECT_EQ(lines[2].number, 3);
  EXPECT_EQ(lines[2].text, "b");
  EXPECT_TRUE(vs::config::split_lines("").empty());
  EXPECT_EQ(vs::config::trim(" \t x y \r"), "x y");
}

TEST(ShellVars, QuotesAndComments) {
  EXPECT_EQ(seen("# A=1\nA=\"ldap:/// ldapi:///\"\nB='x y' # c\nC=plain\n"),
            (Strings{"A=ldap:/// ldapi:///@2", "B=x y@3", "C=plain@4"}));
  EXPECT_EQ(seen("A=\"a\"'b'c\\ d\n"), Strings{"A=abc d@1"});
  EXPECT_EQ(seen("A=x#not-a-comment\n"), Strings{"A=x#not-a-comment@1"});
  EXPECT_EQ(seen("A=\n"), Strings{"A=@1"});
}

TEST(ShellVars, LastAssignmentComesLast) {
  EXPECT_EQ(seen("A=1\nA=2; A=3\n"), (Strings{"A=1@1", "A=2@2", "A=3@2"}));
}

TEST(ShellVars, ExportAndReservedWords) {
  EXPECT_EQ(seen("export A=1 B=2\nreadonly C=3\n"), (Strings{"A=1@1", "B=2@1", "C=3@2"}));
  EXPECT_EQ(seen("if true; then A=1; fi\n"), Strings{"A=1@1"});
}

TEST(ShellVars, AnEnvironmentForOneCommandIsNotAnAssignment) {
  EXPECT_EQ(seen("A=1 cmd\nB=2\n"), Strings{"B=2@2"});
  EXPECT_EQ(seen("echo A=1\n"), Strings{});
  EXPECT_EQ(seen("\"A\"=1\n"), Strings{});
  EXPECT_EQ(seen("1A=1\n"), Strings{});
}

TEST(ShellVars, MultiLineValuesKeepTheStartLine) {
  EXPECT_EQ(seen("A=\"x\ny\"\nB=1\n"), (Strings{"A=x\ny@1", "B=1@3"}));
  EXPECT_EQ(seen("A=x\\\ny\nB=1\n"), (Strings{"A=xy@1", "B=1@3"}));
}

TEST(ShellVars, ExpansionIsFlaggedNotPerformed) {
  EXPECT_EQ(seen("A=\"$B x\"\nC='$D'\nE=\\$F\n"),
            (Strings{"A=$B x@1 expands", "C=$D@2", "E=$F@3"}));
  EXPECT_EQ(seen("A=`hostname`\n"), Strings{"A=`hostname`@1 expands"});
}

TEST(ShellVars, AnUnclosedQuoteEndsTheFragment) {
  EXPECT_EQ(seen("A=\"x\nB=2\n"), Strings{"A=x\nB=2\n@1 unterminated"});
  EXPECT_EQ(seen("A='x\n"), Strings{"A=x\n@1 unterminated"});
}

TEST(ShellVars, WhatIsExported) {
  const auto s = vs::config::parse_shell_script(
      "export A=1 B\nC=2\nreadonly D=3 E\nexport C\nF=4 export G\nexport 1x\n", "f");
  std::vector<std::string> assigned;
  for (const auto& a : s.assignments)
    assigned.push_back(a.name + (a.exported ? " exported" : ""));
  EXPECT_EQ(assigned, (Strings{"A exported", "C", "D"}));
  std::vector<std::string> exports;
  for (const auto& e : s.exports)
    exports.push_back(e.name + "@" + std::to_string(e.where.line));
  EXPECT_EQ(exports, (Strings{"B@1", "C@4"}));
}
