// SPDX-License-Identifier: GPL-3.0-or-later
// What a sysadmin reads first: every program's --help and man page (made from it by
// tools/help2man.py). The usage lines list every option of the option table with
// its value, the man page's NAME is one clause, the output format has its own
// section, and nothing names the project's own notes or history.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

#include "process.hpp"
#include "registry.hpp"
#include "text.hpp"

namespace {

struct Program {
  std::string name;
  std::string path;
  std::string man;  // the man page's path, "" when this build makes none
};

std::vector<Program> programs() {
  const char* man_dir = std::getenv("VS_MAN_DIR");
  const auto man = [&](const std::string& page) {
    return man_dir != nullptr ? std::string(man_dir) + "/" + page : std::string();
  };
  std::vector<Program> out;
  for (const auto& p : vs::registry::plugins) {
    const std::string name(p.name);
    out.push_back({name, vs::test::plugin(name), man(name + ".1")});
  }
  out.push_back({"vs-nrpe-config", vs::test::generator(), man("vs-nrpe-config.8")});
  return out;
}

using vs::test::lines;

// Whitespace runs as one space.
std::string squeeze(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const bool blank = c == ' ' || c == '\n' || c == '\t';
    if (!blank) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  return out;
}

struct Option {
  std::string short_name;  // "-t", or ""
  std::string long_name;   // "--timeout"
  std::string value;       // "SEC", or "" for a flag
};

// The option table as Boost prints it: "  -t [ --timeout ] SEC (=10)   description",
// the value one space after the names, the description further (or on the next line).
std::vector<Option> option_table(const std::string& help) {
  static const std::regex re(R"(^  (?:(-\w) \[ )?(--[\w-]+)(?: \])?(?: ([^ (][^ ]*))?)");
  std::vector<Option> out;
  for (const auto& l : lines(help)) {
    std::smatch m;
    if (std::regex_search(l, m, re)) out.push_back({m[1], m[2], m[3]});
  }
  return out;
}

// The lines after "Usage:" up to the blank line, as one line.
std::string usage_block(const std::string& help) {
  const auto start = help.find("\nUsage:\n");
  if (start == std::string::npos) return "";
  const auto end = help.find("\n\n", start + 1);
  return squeeze(help.substr(start + 8, end - start - 8)) + " ";
}

// Every "--name" a usage text mentions.
std::set<std::string> usage_options(const std::string& usage) {
  static const std::regex re(R"(--[\w-]+)");
  std::set<std::string> out;
  for (std::sregex_iterator it(usage.begin(), usage.end(), re), end; it != end; ++it)
    out.insert(it->str());
  return out;
}

std::set<std::string> split(const std::string& text, char by) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, by);)
    out.insert(part);
  return out;
}

// Whether `usage` gives `name` the value `value`; a choice ("nrpe|nagios") may be
// split between forms of the command ("--format nrpe" and "--format nagios").
bool shows_value(const std::string& usage, const std::string& name, const std::string& value) {
  if (usage.find(name + " " + value + " ") != std::string::npos ||
      usage.find(name + " " + value + "]") != std::string::npos)
    return true;
  std::set<std::string> shown;
  const std::regex re(name + R"( ([^ \]]+))");
  for (std::sregex_iterator it(usage.begin(), usage.end(), re), end; it != end; ++it)
    shown.merge(split((*it)[1], '|'));
  const auto wanted = split(value, '|');
  return wanted.size() > 1 &&
         std::includes(shown.begin(), shown.end(), wanted.begin(), wanted.end());
}

// Each option of the table appears in `usage` with its value name ("--config DIR");
// a flag by its long name or its short one ("[-v]..."); and the usage names no other.
void expect_usage_lists_every_option(const std::vector<Option>& table, const std::string& usage) {
  std::set<std::string> known;
  for (const auto& o : table) {
    known.insert(o.long_name);
    bool found = !o.value.empty() && shows_value(usage, o.long_name, o.value);
    for (const char after : {' ', ']'}) {
      found =
          found || (o.value.empty() && usage.find(o.long_name + after) != std::string::npos) ||
          (!o.short_name.empty() && usage.find("[" + o.short_name + after) != std::string::npos);
    }
    EXPECT_TRUE(found) << "usage lacks " << o.long_name << (o.value.empty() ? "" : " " + o.value)
                       << ":\n"
                       << usage;
  }
  for (const auto& u : usage_options(usage))
    EXPECT_TRUE(known.count(u) > 0) << "usage names " << u << ", which the table lacks";
}

// Words a user cannot know: the project's own notes, its history, its sources.
const std::vector<std::string> kInternal = {"the talk",  "talk's", "seed",  "lesson",
                                            "DESIGN.md", "issue",  "brief", "JT SIARS"};

void expect_no_internal_words(const std::string& text) {
  std::string lower = text;
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& word : kInternal) {
    std::string w = word;
    for (auto& c : w)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(lower.find(w), std::string::npos) << "says '" << word << "'";
  }
}

// The man page's text without roff escapes and requests, for reading.
std::string man_text(const std::string& roff) {
  std::string out;
  for (const auto& l : lines(roff)) {
    std::string t = std::regex_replace(l, std::regex(R"(\\f[BIR])"), "");
    t = std::regex_replace(t, std::regex(R"(\\([- ]))"), "$1");
    t = std::regex_replace(t, std::regex(R"(\\&)"), "");
    t = std::regex_replace(t, std::regex(R"(\\e)"), "\\");
    out += t + "\n";
  }
  return out;
}

// The lines of one man section (".SH NAME" up to the next .SH).
std::string man_section(const std::string& roff, const std::string& title) {
  const auto start = roff.find(".SH " + title + "\n");
  if (start == std::string::npos) return "";
  const auto body = start + 5 + title.size();
  const auto end = roff.find("\n.SH ", body);
  return roff.substr(body, end == std::string::npos ? std::string::npos : end + 1 - body);
}

TEST(Help, UsageListsEveryOptionOfTheTable) {
  for (const auto& p : programs()) {
    SCOPED_TRACE(p.name);
    const auto r = vs::test::run({p.path, "--help"});
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 3) << r.out << r.err;
    const auto table = option_table(r.out);
    ASSERT_GT(table.size(), 3u) << r.out;
    const std::string usage = usage_block(r.out);
    ASSERT_FALSE(usage.empty()) << r.out;
    expect_usage_lists_every_option(table, usage);
    EXPECT_TRUE(usage.find(p.name + " --help ") != std::string::npos) << usage;
    EXPECT_TRUE(usage.find(p.name + " --version ") != std::string::npos) << usage;
  }
}

TEST(Help, SaysNothingInternal) {
  for (const auto& p : programs()) {
    SCOPED_TRACE(p.name);
    expect_no_internal_words(vs::test::run({p.path, "--help"}).out);
    if (!p.man.empty()) expect_no_internal_words(man_text(vs::test::read_file(p.man)));
  }
}

TEST(Help, TheCheckerRejectsWhatItShould) {
  // The helpers above would pass anything if they were broken: feed them faults.
  const std::vector<Option> table{{"", "--config", "DIR"}, {"-v", "--verbose", ""}};
  EXPECT_NONFATAL_FAILURE(expect_usage_lists_every_option(table, "x [--config PATH] [-v] "),
                          "usage lacks --config DIR");
  EXPECT_NONFATAL_FAILURE(expect_usage_lists_every_option(table, "x [--config DIR] "),
                          "usage lacks --verbose");
  EXPECT_NONFATAL_FAILURE(
      expect_usage_lists_every_option(table, "x [--config DIR] [-v] [--netns NS] "),
      "usage names --netns");
  EXPECT_NONFATAL_FAILURE(expect_no_internal_words("as the Talk says"), "says 'the talk'");
  const auto parsed = option_table(
      "Options:\n  --config DIR (=/etc/postfix)   the directory\n  --strict   a flag\n"
      "  -t [ --timeout ] SEC (=10)   seconds\n");
  ASSERT_EQ(parsed.size(), 3u);
  EXPECT_EQ(parsed[0].value, "DIR");
  EXPECT_EQ(parsed[1].value, "");
  EXPECT_EQ(parsed[2].short_name, "-t");
  EXPECT_EQ(parsed[2].value, "SEC");
}

TEST(ManPage, NameIsOneClauseAndTheSectionsAreThere) {
  for (const auto& p : programs()) {
    if (p.man.empty()) GTEST_SKIP() << "this build makes no man pages (a cross build)";
    SCOPED_TRACE(p.man);
    const std::string roff = vs::test::read_file(p.man);
    ASSERT_FALSE(roff.empty()) << "no man page at " << p.man;
    std::string name = squeeze(man_text(man_section(roff, "NAME")));
    if (!name.empty() && name.back() == ' ') name.pop_back();
    const std::string prefix = p.name + " - ";
    ASSERT_EQ(name.rfind(prefix, 0), 0u) << name;
    const std::string clause = name.substr(prefix.size());
    EXPECT_LE(name.size(), 80u) << name;
    for (const char* mark : {", ", "; ", ": ", "(", ". "})
      EXPECT_EQ(clause.find(mark), std::string::npos) << "more than one clause: " << name;
    EXPECT_TRUE(std::islower(static_cast<unsigned char>(clause[0]))) << name;
    for (const char* section : {"SYNOPSIS", "DESCRIPTION", "OPTIONS", "OUTPUT", "EXIT STATUS"})
      EXPECT_FALSE(man_section(roff, section).empty()) << "no " << section << " section";
    // The synopsis, as man shows it, lists every option of the help's table.
    const auto help = vs::test::run({p.path, "--help"});
    expect_usage_lists_every_option(option_table(help.out),
                                    squeeze(man_text(man_section(roff, "SYNOPSIS"))) + " ");
  }
}

}  // namespace
