// SPDX-License-Identifier: GPL-3.0-or-later
// The agreement table: every case (or those whose id starts with one of the
// arguments), what the daemon did, what the plugin predicts, and whether they agree.
// Run through tools/daemon-diff. With --known, also prints a known-disagreements.txt
// line for each case that disagrees.
//
//   daemon-diff [--known] [sshd | sshd/match-all ...]
//
// Exit status 0 when every case passes as the test suite judges it, 1 otherwise.
#include <cstdio>
#include <iostream>
#include <map>

#include "netns.hpp"
#include "verdict.hpp"

namespace dt = vs::daemon_test;

namespace {

bool selected(const dt::Case& c, const std::vector<std::string>& prefixes) {
  if (prefixes.empty()) return true;
  for (const auto& p : prefixes) {
    if (c.id().rfind(p, 0) == 0) return true;
  }
  return false;
}

// "|" inside a cell would break the table.
std::string cell(std::string s) {
  for (char& ch : s) {
    if (ch == '|') ch = '/';
  }
  return s;
}

struct Tally {
  int cases = 0;
  std::map<dt::Verdict, int> by_verdict;
  double seconds = 0;
};

void print_summary(const std::map<std::string, Tally>& per_daemon) {
  Tally all;
  std::cout << "\n| daemon | cases | agree | known | now agree | disagree | error | seconds |\n"
            << "|---|---|---|---|---|---|---|---|\n";
  const auto row = [](const std::string& name, const Tally& t) {
    const auto n = [&](dt::Verdict v) {
      const auto it = t.by_verdict.find(v);
      return it == t.by_verdict.end() ? 0 : it->second;
    };
    std::printf("| %s | %d | %d | %d | %d | %d | %d | %.0f |\n", name.c_str(), t.cases,
                n(dt::Verdict::agrees) + n(dt::Verdict::listed_but_agrees),
                n(dt::Verdict::known_disagreement), n(dt::Verdict::listed_but_agrees),
                n(dt::Verdict::unlisted_disagreement), n(dt::Verdict::harness_error), t.seconds);
  };
  for (const auto& [name, t] : per_daemon) {
    row(name, t);
    all.cases += t.cases;
    all.seconds += t.seconds;
    for (const auto& [v, count] : t.by_verdict)
      all.by_verdict[v] += count;
  }
  row("all", all);
  std::fflush(stdout);
  const int agreeing =
      all.by_verdict[dt::Verdict::agrees] + all.by_verdict[dt::Verdict::listed_but_agrees];
  std::printf("\n%d of %d cases agree (%.0f%%).\n", agreeing, all.cases,
              all.cases == 0 ? 0.0 : 100.0 * agreeing / all.cases);
}

}  // namespace

int main(int argc, char** argv) {
  bool known_lines = false;
  std::vector<std::string> prefixes;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--known") {
      known_lines = true;
    } else if (a == "-h" || a == "--help") {
      std::cout << "usage: daemon-diff [--known] [CASE-PREFIX...]\n";
      return 0;
    } else {
      prefixes.push_back(a);
    }
  }
  const std::string why_not = vs::test::netns_unavailable();
  if (!why_not.empty()) {
    std::cerr << "daemon-diff: " << why_not << "\n";
    return 2;
  }
  dt::Harness harness;
  std::vector<dt::Case> cases;
  dt::KnownDisagreements known;
  try {
    cases = dt::load_cases(harness.cases_dir());
    known = dt::KnownDisagreements::load(harness.known_list());
  } catch (const std::exception& e) {
    std::cerr << "daemon-diff: " << e.what() << "\n";
    return 2;
  }
  std::map<std::string, Tally> per_daemon;
  std::vector<std::string> to_list;
  bool all_pass = true;
  std::cout << "| case | daemon | plugin | agree? |\n|---|---|---|---|\n";
  for (const auto& c : cases) {
    if (!selected(c, prefixes)) continue;
    const auto o = harness.observe(c);
    const auto v = dt::judge(o, known.lists(c.id()));
    std::cout << "| " << c.id() << " | " << cell(o.daemon.str()) << " | " << cell(o.plugin.str())
              << " | " << dt::label(v) << " |" << std::endl;
    auto& t = per_daemon[c.daemon];
    ++t.cases;
    ++t.by_verdict[v];
    t.seconds += o.seconds;
    all_pass = all_pass && dt::passes(v);
    if (v == dt::Verdict::known_disagreement || v == dt::Verdict::unlisted_disagreement)
      to_list.push_back(dt::known_line(c, o));
  }
  print_summary(per_daemon);
  if (known_lines) {
    std::cout << "\n";
    for (const auto& line : to_list)
      std::cout << line << "\n";
  }
  return all_pass ? 0 : 1;
}
