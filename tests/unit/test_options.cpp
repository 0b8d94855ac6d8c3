// SPDX-License-Identifier: GPL-3.0-or-later
// The standard options and the run() wrapper: what every plugin inherits.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <limits>
#include <thread>

#include "fs/tree.hpp"
#include "plugin/plugin.hpp"

using vs::plugin::Plugin;
using vs::plugin::Result;
using vs::plugin::StandardOptions;
using vs::plugin::Status;

namespace {

vs::plugin::Spec spec() {
  return {"check_vs_test", "VS_TEST", "[--thing X]", "Tests.", "", "  check_vs_test\n      tests\n",
          "things"};
}

TEST(Options, NegativeRangesPassThroughBothSpellings) {
  Plugin p(spec());
  auto o = p.parse({"-w", "-5:10", "--critical=-3:"});
  ASSERT_TRUE(o.warning && o.critical);
  EXPECT_TRUE(o.warning->alerts(-6));
  EXPECT_FALSE(o.warning->alerts(-5));
  EXPECT_TRUE(o.critical->alerts(-4));
  Plugin q(spec());
  o = q.parse({"--warning", "-5:", "-c", "-1:"});
  EXPECT_FALSE(o.warning->alerts(-5));
  EXPECT_EQ(o.critical->str(), "-1:");
  Plugin r(spec());
  EXPECT_THROW(r.parse({"-c", "-1"}), vs::plugin::RangeError);  // 0..-1 is empty
}

TEST(Options, VerbosityStacks) {
  Plugin p(spec());
  EXPECT_EQ(p.parse({"-v", "-vv"}).verbosity, 3);
  Plugin q(spec());
  EXPECT_EQ(q.parse({"--verbose"}).verbosity, 1);
  Plugin r(spec());
  EXPECT_EQ(r.parse({"-vvvvv"}).verbosity, 3);
}

TEST(Options, Defaults) {
  Plugin p(spec());
  const auto o = p.parse({});
  EXPECT_EQ(o.timeout_seconds, 10u);
  EXPECT_EQ(o.root, "/");
  EXPECT_EQ(o.vservers_dir, "/etc/vservers");
  EXPECT_EQ(o.role, vs::plugin::Role::automatic);
  EXPECT_EQ(o.max_output, 1023u);
  EXPECT_FALSE(o.warning);
}

TEST(Options, RejectsWhatIsWrongWithAClearMessage) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--bogus"}, "unrecognised option '--bogus'"},
      {{"-w", "10:5"}, "invalid range '10:5': start is greater than end"},
      {{"--role", "king"}, "--role must be host, guest or auto, not 'king'"},
      {{"-t", "0"}, "--timeout must be a whole number of seconds from 1 to 86400, not '0'"},
      // Boost alone read these as 2^32-N: -t -4294967295 ran with 1 s.
      {{"-t", "-4294967295"},
       "--timeout must be a whole number of seconds from 1 to 86400, not '-4294967295'"},
      {{"--timeout=-1"}, "--timeout must be a whole number of seconds from 1 to 86400, not '-1'"},
      {{"-t", "5s"}, "--timeout must be a whole number of seconds from 1 to 86400, not '5s'"},
      {{"-t", "+5"}, "--timeout must be a whole number of seconds from 1 to 86400, not '+5'"},
      {{"-t", "99999999999999999999999"},
       "--timeout must be a whole number of seconds from 1 to 86400, not "
       "'99999999999999999999999'"},
      {{"--max-output", "-1"},
       "--max-output must be 0 (no cap) or at least 256 bytes (line 1 must fit), not '-1'"},
      {{"--max-output", "3"},
       "--max-output must be 0 (no cap) or at least 256 bytes (line 1 must fit), not '3'"},
      {{"--max-output", "lots"},
       "--max-output must be 0 (no cap) or at least 256 bytes (line 1 must fit), not 'lots'"},
      {{"--guest", "../etc"}, "--guest '../etc' is not a guest name"},
      {{"stray"}, "too many positional options have been specified on the command line"},
  };
  for (const auto& [args, message] : cases) {
    Plugin p(spec());
    try {
      p.parse(args);
      ADD_FAILURE() << args[0] << " accepted";
    } catch (const std::exception& e) {
      EXPECT_EQ(std::string(e.what()), message);
    }
  }
  Plugin p(spec());
  EXPECT_THROW(p.parse({"-t"}), std::exception);  // a missing value
}

TEST(Options, RepeatableGuests) {
  Plugin p(spec());
  const auto o = p.parse({"--guest", "web1", "--guest=mail"});
  EXPECT_EQ(o.guests, (std::vector<std::string>{"web1", "mail"}));
}

TEST(Options, ARepeatedGuestCountsOnceInTheOrderFirstGiven) {
  Plugin p(spec());
  const auto o = p.parse({"--guest", "mail", "--guest", "web1", "--guest", "mail"});
  EXPECT_EQ(o.guests, (std::vector<std::string>{"mail", "web1"}));
}

TEST(Options, NumbersAtTheirLimits) {
  Plugin p(spec());
  const auto o = p.parse({"-t", "86400", "--max-output", "256"});
  EXPECT_EQ(o.timeout_seconds, 86400u);
  EXPECT_EQ(o.max_output, 256u);
  Plugin q(spec());
  EXPECT_EQ(q.parse({"--max-output", "0"}).max_output, 0u);
  Plugin r(spec());
  EXPECT_THROW(r.parse({"-t", "86401"}), std::exception);
}

// Whether --vservers-dir was given: the site then refuses a directory that is not
// there (a typo), where the default missing just means "no guests here".
TEST(Options, RecordsWhetherVserversDirWasGiven) {
  Plugin p(spec());
  EXPECT_FALSE(p.parse({}).vservers_dir_given);
  Plugin q(spec());
  const auto o = q.parse({"--vservers-dir", "/etc/vservers"});
  EXPECT_TRUE(o.vservers_dir_given);
  EXPECT_EQ(o.vservers_dir, "/etc/vservers");
}

TEST(Options, HelpDocumentsEveryStandardOption) {
  Plugin p(spec());
  const std::string help = p.help();
  for (const char* opt :
       {"--help", "--version", "--verbose", "--timeout", "--warning", "--critical", "--root",
        "--vservers-dir", "--guest", "--role", "--max-output", "Examples", "Exit status"}) {
    EXPECT_NE(help.find(opt), std::string::npos) << opt;
  }
  EXPECT_EQ(p.version(),
            std::string("check_vs_test v") + vs::plugin::suite_version() + " (check_vs)\n");
}

// Runs plugin.run() in a child process and collects stdout and the exit code.
struct Outcome {
  int code;
  std::string out;
};

Outcome run_in_child(std::vector<std::string> args, const Plugin::Check& check) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    std::vector<char*> argv{const_cast<char*>("check_vs_test")};
    for (auto& a : args)
      argv.push_back(a.data());
    Plugin p(spec());
    _exit(p.run(static_cast<int>(argv.size()), argv.data(), check));
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0)
    out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

TEST(Run, TimeoutIsUnknownWithItsOwnLine) {
  const auto o = run_in_child({"-t", "1"}, [](const StandardOptions&) -> Result {
    std::this_thread::sleep_for(std::chrono::seconds(30));
    return {};
  });
  EXPECT_EQ(o.code, 3);
  EXPECT_EQ(o.out, "VS_TEST UNKNOWN - timed out after 1 s\n");
}

TEST(Run, ExceptionsBecomeUnknown) {
  auto o = run_in_child(
      {}, [](const StandardOptions&) -> Result { throw std::runtime_error("disk on fire|x"); });
  EXPECT_EQ(o.code, 3);
  EXPECT_EQ(o.out, "VS_TEST UNKNOWN - disk on fire/x\n");
  o = run_in_child({}, [](const StandardOptions&) -> Result { throw std::bad_alloc(); });
  EXPECT_EQ(o.out, "VS_TEST UNKNOWN - out of memory\n");
  o = run_in_child({}, [](const StandardOptions&) -> Result { throw 42; });
  EXPECT_EQ(o.out, "VS_TEST UNKNOWN - unexpected error\n");
}

TEST(Run, HelpVersionAndBadOptionsExitThree) {
  EXPECT_EQ(run_in_child({"--help"}, nullptr).code, 3);
  const auto v = run_in_child({"-V"}, nullptr);
  EXPECT_EQ(v.code, 3);
  EXPECT_EQ(v.out.rfind("check_vs_test v", 0), 0u);
  const auto bad = run_in_child({"-w", "x"}, nullptr);
  EXPECT_EQ(bad.code, 3);
  EXPECT_EQ(bad.out.rfind("VS_TEST UNKNOWN - invalid range 'x'", 0), 0u);
  EXPECT_NE(bad.out.find("\nUsage: check_vs_test"), std::string::npos);
}

// Every usage problem, found by the option parser or by the check, looks the same:
// the status line, then the usage line, with no '|' but for perfdata (there is none).
TEST(Run, UsageErrorsFromTheCheckPrintTheUsageLine) {
  const auto o = run_in_child({}, [](const StandardOptions&) -> Result {
    throw vs::plugin::UsageError("guest 'x' is not configured in /etc/vservers");
  });
  EXPECT_EQ(o.code, 3);
  EXPECT_EQ(o.out,
            "VS_TEST UNKNOWN - guest 'x' is not configured in /etc/vservers\n"
            "Usage: check_vs_test [--thing X] [standard options]; try 'check_vs_test --help'\n");
  const auto bad = run_in_child({"--max-output", "-1"}, nullptr);
  EXPECT_EQ(bad.code, 3);
  EXPECT_EQ(bad.out,
            "VS_TEST UNKNOWN - --max-output must be 0 (no cap) or at least 256 bytes (line 1 must "
            "fit), not '-1'\n"
            "Usage: check_vs_test [--thing X] [standard options]; try 'check_vs_test --help'\n");
}

// The check runs with the read budget of a run set, whatever was left before.
TEST(Run, TheCheckRunsWithTheReadBudgetSet) {
  vs::fs::set_read_budget(1);
  const auto o = run_in_child({}, [](const StandardOptions&) {
    Result r;
    r.summary = std::to_string(vs::fs::read_budget_left());
    return r;
  });
  vs::fs::set_read_budget(std::numeric_limits<std::size_t>::max());
  EXPECT_EQ(o.out, "VS_TEST OK - " + std::to_string(vs::fs::kDefaultReadBudget) + "\n");
}

TEST(Run, ExitCodeIsTheResultStatus) {
  const auto o = run_in_child({}, [](const StandardOptions&) {
    Result r;
    r.add(Status::warning, "x", "y");
    return r;
  });
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.out, "VS_TEST WARNING - x: y\nWARNING x: y\n");
}

}  // namespace
