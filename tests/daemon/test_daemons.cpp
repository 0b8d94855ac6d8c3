// SPDX-License-Identifier: GPL-3.0-or-later
// The configuration checks against the real daemons. "A configuration check is right
// when it predicts what the real daemon binds, or that it refuses to start, on that
// file": each case of tests/daemon/cases starts the Debian 12 daemon on its files in
// private network and mount namespaces (launch.sh), reads the sockets it opens or its
// refusal, and compares them with what the plugin predicts at -vvv.
//
// A disagreement listed in known-disagreements.txt passes; once it agrees it fails
// until it is removed from the list; any other disagreement fails with both sides.
// Needs root and ip netns (skips otherwise, with the reason); a missing daemon is a
// failure: tools/install-deps --test installs them all.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "netns.hpp"
#include "verdict.hpp"

namespace dt = vs::daemon_test;

namespace {

dt::Harness& harness() {
  static dt::Harness h;
  return h;
}

// Loaded once, before the tests are listed; a broken case file fails Catalogue.Loads.
struct Catalogue {
  std::vector<dt::Case> cases;
  std::string error;
};

const Catalogue& catalogue() {
  static const Catalogue c = [] {
    Catalogue out;
    try {
      out.cases = dt::load_cases(harness().cases_dir());
    } catch (const std::exception& e) {
      out.error = e.what();
    }
    return out;
  }();
  return c;
}

// The list, or why it cannot be read (Catalogue.ListsOnlyCasesThatExist fails then).
struct Known {
  dt::KnownDisagreements list;
  std::string error;
};

const Known& known() {
  static const Known k = [] {
    Known out;
    try {
      out.list = dt::KnownDisagreements::load(harness().known_list());
    } catch (const std::exception& e) {
      out.error = e.what();
    }
    return out;
  }();
  return k;
}

// "sshd/match-all" -> "sshd_match_all": GoogleTest names take letters, digits and _.
std::string test_name(const testing::TestParamInfo<dt::Case>& info) {
  std::string name = info.param.id();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

class DaemonCase : public testing::TestWithParam<dt::Case> {};

}  // namespace

TEST(Catalogue, LoadsAndCoversEveryDaemon) {
  ASSERT_EQ(catalogue().error, "");
  std::map<std::string, int> per_daemon;
  for (const auto& c : catalogue().cases)
    ++per_daemon[c.daemon];
  for (const char* d : {"sshd", "postfix", "apache2", "slapd", "nrpe", "mariadb"})
    EXPECT_GE(per_daemon[d], 10) << d << " has too few cases";
  EXPECT_GE(catalogue().cases.size(), 150u);
}

TEST(Catalogue, ListsOnlyCasesThatExist) {
  ASSERT_EQ(known().error, "");
  std::set<std::string> ids;
  for (const auto& c : catalogue().cases)
    ids.insert(c.id());
  for (const auto& [id, text] : known().list.entries())
    EXPECT_TRUE(ids.count(id)) << id << " is in known-disagreements.txt but no case has that name";
}

TEST(Catalogue, ReadsCaseFiles) {
  const auto c = dt::parse_case(
      "Two files and a link.\naddresses: 192.0.2.7/32\nbase: sshd/debian12\n"
      "-- etc/a --\nx\n\n-- etc/b -> /etc/a --\n-- etc/c --\n",
      "sshd", "t", "t.case");
  EXPECT_EQ(c.description, "Two files and a link.");
  EXPECT_EQ(c.addresses, std::vector<std::string>{"192.0.2.7/32"});
  EXPECT_EQ(c.base, "sshd/debian12");
  ASSERT_EQ(c.files.size(), 3u);
  EXPECT_EQ(c.files[0].content, "x\n\n");
  EXPECT_EQ(c.files[1].target, "/etc/a");
  EXPECT_EQ(c.files[2].content, "");
  EXPECT_THROW(dt::parse_case("-- /etc/a --\n", "sshd", "t", "t.case"), std::runtime_error);
  EXPECT_THROW(dt::parse_case("No file.\n", "sshd", "t", "t.case"), std::runtime_error);
}

TEST(Catalogue, ReadsSocketsAsThePluginsWriteThem) {
  const std::string ss =
      "tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* ino:1 sk:1 <->\n"
      "tcp LISTEN 0 128 [::]:22 [::]:* ino:2 sk:2 v6only:1 <->\n"
      "tcp LISTEN 0 511 *:80 *:* ino:3 sk:3 v6only:0 <->\n"
      "tcp LISTEN 0 128 127.0.0.1%lo:82 0.0.0.0:* ino:4 sk:4 <->\n"
      "udp UNCONN 0 0 [2001:db8::1]:53 [::]:* ino:5 sk:5 v6only:1 <->\n";
  EXPECT_EQ(
      dt::sockets_from_ss(ss),
      (std::vector<std::string>{"tcp 0.0.0.0:22", "tcp 127.0.0.1%lo:82", "tcp [::]:22 (IPv6 only)",
                                "tcp [::]:80 (dual-stack)", "udp [2001:db8::1]:53"}));
}

TEST(Catalogue, ReadsThePluginsPrediction) {
  vs::test::Run r;
  r.exit_code = 2;
  r.out =
      "VS_SSHD CRITICAL - x | endpoints=2;;;0\n"
      "CRITICAL /etc/ssh/sshd_config:2: Port 22: wildcard\n"
      "OK /etc/ssh/sshd_config:2: binds tcp [::]:22 (IPv6 only)\n"
      "OK /etc/ssh/sshd_config:2: binds tcp 0.0.0.0:22\n";
  EXPECT_EQ(dt::prediction_from_plugin(r).str(), "tcp 0.0.0.0:22, tcp [::]:22 (IPv6 only)");
  r.out += "CRITICAL /etc/ssh/sshd_config:3: sshd refuses this configuration: Bad port\n";
  EXPECT_EQ(dt::prediction_from_plugin(r).kind, dt::Outcome::Kind::refused);
  r.out = "VS_SSHD UNKNOWN - /etc/ssh/sshd_config: no such file\n";
  r.exit_code = 3;
  EXPECT_EQ(dt::prediction_from_plugin(r).kind, dt::Outcome::Kind::error);
  r.out = "Segmentation fault\n";
  r.exit_code = -1;
  EXPECT_EQ(dt::prediction_from_plugin(r).kind, dt::Outcome::Kind::error);
}

TEST(Catalogue, JudgesAgainstTheList) {
  dt::Observation same{.daemon = dt::Outcome::listening({"tcp 0.0.0.0:22"}),
                       .plugin = dt::Outcome::listening({"tcp 0.0.0.0:22"})};
  dt::Observation twice{.daemon = dt::Outcome::listening({"tcp 0.0.0.0:22"}),
                        .plugin = dt::Outcome::listening({"tcp 0.0.0.0:22", "tcp 0.0.0.0:22"})};
  dt::Observation both_refuse{.daemon = dt::Outcome::refusal("exit 255: bad"),
                              .plugin = dt::Outcome::refusal("will not start: bad")};
  dt::Observation unobserved{.daemon = dt::Outcome::failure("timeout"),
                             .plugin = dt::Outcome::listening({})};
  EXPECT_EQ(dt::judge(same, false), dt::Verdict::agrees);
  EXPECT_EQ(dt::judge(same, true), dt::Verdict::listed_but_agrees);
  EXPECT_EQ(dt::judge(twice, false), dt::Verdict::unlisted_disagreement);
  EXPECT_EQ(dt::judge(twice, true), dt::Verdict::known_disagreement);
  EXPECT_EQ(dt::judge(both_refuse, false), dt::Verdict::agrees);
  dt::Observation plugin_unknown{.daemon = dt::Outcome::listening({}),
                                 .plugin = dt::Outcome::failure("plugin says UNKNOWN")};
  EXPECT_EQ(dt::judge(unobserved, true), dt::Verdict::harness_error);
  EXPECT_EQ(dt::judge(plugin_unknown, true), dt::Verdict::harness_error);
  EXPECT_FALSE(dt::passes(dt::Verdict::listed_but_agrees));
  EXPECT_FALSE(dt::passes(dt::Verdict::harness_error));
  EXPECT_TRUE(dt::passes(dt::Verdict::known_disagreement));
  EXPECT_THROW(dt::KnownDisagreements::parse("sshd/a: x\nsshd/a: y\n", "k"), std::runtime_error);
  EXPECT_THROW(dt::KnownDisagreements::parse("no separator\n", "k"), std::runtime_error);
  EXPECT_TRUE(dt::KnownDisagreements::parse("# c\n\nsshd/a: x\n", "k").lists("sshd/a"));
}

TEST_P(DaemonCase, PluginPredictsWhatTheDaemonDoes) {
  VS_REQUIRE_NETNS();
  const dt::Case& c = GetParam();
  const dt::Observation o = harness().observe(c);
  ASSERT_EQ(known().error, "");
  const dt::Verdict v = dt::judge(o, known().list.lists(c.id()));
  RecordProperty("seconds", std::to_string(o.seconds));
  if (v == dt::Verdict::known_disagreement) std::cout << dt::explain(c, o, v);
  if (o.plugin_reruns > 0) {
    std::cout << c.id() << ": the plugin was run " << o.plugin_reruns + 1
              << " times: it said \"Resource temporarily unavailable\" (openat2 EAGAIN)\n";
  }
  EXPECT_TRUE(dt::passes(v)) << dt::explain(c, o, v)
                             << "  for known-disagreements.txt: " << dt::known_line(c, o)
                             << "\n  plugin output:\n"
                             << o.plugin_output << "  daemon log:\n"
                             << o.daemon_log;
}

INSTANTIATE_TEST_SUITE_P(Cases, DaemonCase, testing::ValuesIn(catalogue().cases), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DaemonCase);
