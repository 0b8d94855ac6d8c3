// SPDX-License-Identifier: GPL-3.0-or-later
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

namespace {

using Environment = std::map<std::string, std::string, std::less<>>;

// "NAME=value@line" for each variable the shell holds, "NAME?why" when unknown, with
// "(unset X)" for each variable its value used that nothing set.
std::vector<std::string> held(std::string_view text, const Environment& env = {}) {
  std::vector<std::string> out;
  const auto run = vs::config::run_shell_fragment(text, "f", env);
  for (const auto& [name, v] : run.variables) {
    std::string s = name + (v.unknown.empty() ? "=" + v.value : "?" + v.unknown) + "@" +
                    std::to_string(v.where.line);
    for (const auto& u : v.unset_used)
      s += " (unset " + u + ")";
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST(Lines, CursorGivesTheSameLinesOneAtATime) {
  vs::config::LineCursor cursor("a\r\n\nb");
  std::vector<std::string> seen_lines;
  while (const auto line = cursor.next())
    seen_lines.push_back(std::to_string(line->number) + ":" + std::string(line->text));
  EXPECT_EQ(seen_lines, (Strings{"1:a", "2:", "3:b"}));
  EXPECT_FALSE(vs::config::LineCursor("").next());
}

TEST(Lines, BoundedCutsLongValues) {
  EXPECT_EQ(vs::config::bounded("short"), "short");
  EXPECT_EQ(vs::config::bounded(std::string(100, 'x')), std::string(64, 'x') + "...");
  EXPECT_EQ(vs::config::bounded("abcdef", 3), "abc...");
}

TEST(ShellRun, VariablesExpandFromEarlierAssignments) {
  EXPECT_EQ(held("IP=192.0.2.1\nS=\"ldap://$IP/ ldap://${IP}:1/\"\n"),
            (Strings{"IP=192.0.2.1@1", "S=ldap://192.0.2.1/ ldap://192.0.2.1:1/@2"}));
  EXPECT_EQ(held("A=1 B=$A\n"), (Strings{"A=1@1", "B=1@1"}));
  EXPECT_EQ(held("S='$IP'\n"), Strings{"S=$IP@1"});
  EXPECT_EQ(held("S=\\$IP\n"), Strings{"S=$IP@1"});
  EXPECT_EQ(held("S=$P\n", {{"P", "/bin"}}), Strings{"S=/bin@1"});
  EXPECT_EQ(held("export S=\"x\" T=$S\n"), (Strings{"S=x@1", "T=x@1"}));
  EXPECT_EQ(held("S=\"$ a$\"\n"), Strings{"S=$ a$@1"});  // a lone '$' is itself
}

TEST(ShellRun, DefaultsAlternativesAndUnsetVariables) {
  EXPECT_EQ(held("S=${X:-127.0.0.1}\n"), Strings{"S=127.0.0.1@1"});
  EXPECT_EQ(held("X=\nS=${X-a}${X:-b}\n"), (Strings{"S=b@2", "X=@1"}));
  EXPECT_EQ(held("S=${X:=d}\n"), (Strings{"S=d@1", "X=d@1"}));
  EXPECT_EQ(held("X=1\nS=${X:+\"set $X\"}\n"), (Strings{"S=set 1@2", "X=1@1"}));
  EXPECT_EQ(held("S=a${NOPE}b\n"), Strings{"S=ab@1 (unset NOPE)"});
  EXPECT_EQ(held("S=${X:?}\n"), Strings{"S?${X:?...}: the shell stops when it is not set@1"});
}

TEST(ShellRun, WhatOnlyRunningCommandsTellsIsUnknown) {
  EXPECT_EQ(held("S=\"ldap://$(hostname -f)/\"\n"), Strings{"S?$(...): a command's output@1"});
  EXPECT_EQ(held("S=`hostname`\n"), Strings{"S?`...`: a command's output@1"});
  EXPECT_EQ(held("S=$1\n"), Strings{"S?$1: a value the shell sets@1"});
  EXPECT_EQ(held("S=${X#a}\n"), Strings{"S?${X...}: a pattern the shell applies@1"});
  EXPECT_EQ(held("H=$(hostname)\nS=$H\n"),
            (Strings{"H?$(...): a command's output@1", "S?$(...): a command's output@2"}));
  // A command substitution with a blank in it is one word.
  EXPECT_EQ(held("S=$(echo a b) T=1\n"), (Strings{"S?$(...): a command's output@1", "T=1@1"}));
}

TEST(ShellRun, CommandsAndTheirEnvironments) {
  const auto run =
      vs::config::run_shell_fragment("A=1 ldapi:///\nB=2\nunset B\necho x; : ok\nfi\n", "f", {});
  EXPECT_EQ(run.variables.size(), 0u);
  ASSERT_EQ(run.commands.size(), 4u);
  EXPECT_EQ(run.commands[0].word, "ldapi:///");
  EXPECT_EQ(run.commands[0].prefix, "A");
  EXPECT_EQ(run.commands[0].where.str(), "f:1");
  EXPECT_EQ(run.commands[1].word, "unset");
  EXPECT_EQ(run.commands[2].word, "echo");
  EXPECT_EQ(run.commands[3].word, ":");
  EXPECT_TRUE(run.commands[2].prefix.empty());
}

TEST(ShellRun, AnUnclosedQuoteOrSubstitutionIsASyntaxError) {
  EXPECT_EQ(vs::config::run_shell_fragment("A=1\nB=\"x\nC=2\n", "f", {}).unterminated.str(), "f:2");
  EXPECT_EQ(vs::config::run_shell_fragment("B=$(x\n", "f", {}).unterminated.str(), "f:1");
  EXPECT_EQ(vs::config::run_shell_fragment("B=${x\n", "f", {}).unterminated.str(), "f:1");
  EXPECT_EQ(vs::config::run_shell_fragment("B=\"$x\"\n", "f", {}).unterminated.line, 0);
}

TEST(ShellRun, CappedWhateverTheInput) {
  // A doubling chain stops at kMaxShellValue.
  std::string text = "A=" + std::string(1000, 'x') + "\n";
  for (int i = 0; i < 20; ++i)
    text += "A=\"$A$A\"\n";
  const auto run = vs::config::run_shell_fragment(text, "f", {});
  EXPECT_EQ(run.variables.at("A").unknown, "longer than 64 KiB once expanded");
  // Variables past the cap are unknown, not unset.
  std::string many;
  for (std::size_t i = 0; i <= vs::config::kMaxShellVariables; ++i)
    many += "V" + std::to_string(i) + "=1\n";
  many += "S=$V" + std::to_string(vs::config::kMaxShellVariables) + "\n";
  const auto capped = vs::config::run_shell_fragment(many, "f", {});
  EXPECT_LE(capped.variables.size(), vs::config::kMaxShellVariables);
  EXPECT_EQ(capped.capped, "more than 1024 variables");
  // All values held at once stay below kMaxShellBytes.
  std::string wide = "A=" + std::string(60 * 1024, 'x') + "\n";
  for (int i = 0; i < 40; ++i)
    wide += "B" + std::to_string(i) + "=$A\n";
  std::size_t bytes = 0;
  for (const auto& [name, v] : vs::config::run_shell_fragment(wide, "f", {}).variables)
    bytes += v.value.size();
  EXPECT_LE(bytes, vs::config::kMaxShellBytes);
}

TEST(ShellRun, WhatIsExported) {
  const auto run = vs::config::run_shell_fragment(
      "export A=1 B\nC=2\nreadonly D=3 E\nexport C\nF=4 export G\nexport 1x\nexport H\nunset H\n",
      "f", {});
  // `export` gives the attribute, set or not; `readonly` does not; `F=4 export G` is
  // export run with F in its environment, not the export statement read here (G is its
  // argument); an invalid name is not one; unset drops the attribute.
  EXPECT_EQ(Strings(run.exported.begin(), run.exported.end()), (Strings{"A", "B", "C"}));
  std::vector<std::string> names;
  for (const auto& [name, v] : run.variables)
    names.push_back(name);
  EXPECT_EQ(names, (Strings{"A", "C", "D"}));
}
