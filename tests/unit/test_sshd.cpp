#include "config/sshd.hpp"

#include <gtest/gtest.h>

#include "config_lines.hpp"
#include "guests.hpp"
#include "policy/bind_policy.hpp"
#include "process.hpp"

namespace sshd = vs::config::sshd;
using vs::plugin::Status;
using vs::test::TempDir;

namespace {

sshd::Config eval(const std::string& text) {
  return sshd::evaluate_sshd(sshd::parse_sshd(text, "/etc/ssh/sshd_config"));
}

// "tcp 0.0.0.0:22 @3" for each bind: endpoint and the line it came from.
std::vector<std::string> binds(const sshd::Config& c) {
  std::vector<std::string> out;
  for (const auto& b : sshd::listen_endpoints(c)) {
    out.push_back(b.endpoint.str() + " @" + std::to_string(b.where.line));
  }
  return out;
}

std::vector<std::string> problems(const std::vector<vs::config::Note>& list) {
  std::vector<std::string> out;
  for (const auto& p : list)
    out.push_back(p.where.str() + ": " + p.text);
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST(SshdParse, KeywordsAreCaseInsensitiveAndTakeEqualsSigns) {
  const auto f =
      sshd::parse_sshd("PORT 22\nlistenaddress=192.0.2.1\nX11UseLocalhost = no\nPort =2222\n", "f");
  ASSERT_EQ(f.lines.size(), 4u);
  EXPECT_EQ(f.lines[0].keyword, "port");
  EXPECT_EQ(f.lines[1].keyword, "listenaddress");
  EXPECT_EQ(f.lines[1].args, Strings{"192.0.2.1"});
  EXPECT_EQ(f.lines[2].args, Strings{"no"});
  EXPECT_EQ(f.lines[3].args, Strings{"2222"});
  EXPECT_EQ(f.lines[3].where.str(), "f:4");
}

TEST(SshdParse, CommentsBlankLinesQuotesAndCarriageReturns) {
  const auto f = sshd::parse_sshd(
      "# c\n\n   \n  ListenAddress \"192.0.2.1:2022\" # admin\r\n\"Port\" 23\n", "f");
  ASSERT_EQ(f.lines.size(), 2u);
  EXPECT_EQ(f.lines[0].args, Strings{"192.0.2.1:2022"});
  EXPECT_EQ(f.lines[0].where.line, 4);
  EXPECT_EQ(f.lines[0].text, "ListenAddress \"192.0.2.1:2022\" # admin");
  EXPECT_EQ(f.lines[1].keyword, "port");
}

TEST(SshdParse, BrokenLinesAreErrors) {
  const auto c = eval("Port\nListenAddress \"192.0.2.1\nPort 22\n");
  EXPECT_EQ(problems(c.notes),
            (Strings{"/etc/ssh/sshd_config:1: no argument after keyword \"Port\"",
                     "/etc/ssh/sshd_config:2: invalid quotes"}));
  EXPECT_EQ(binds(c), (Strings{"tcp [::]:22 @3", "tcp 0.0.0.0:22 @3"}));
}

TEST(SshdListen, DefaultIsBothWildcardsOnPort22) {
  const auto c = eval("");
  EXPECT_EQ(binds(c), (Strings{"tcp [::]:22 @0", "tcp 0.0.0.0:22 @0"}));
  const auto b = sshd::listen_endpoints(c);
  EXPECT_EQ(b[0].directive, "no ListenAddress, so [::]:22");
  EXPECT_EQ(b[0].where.str(), "/etc/ssh/sshd_config");
  EXPECT_EQ(b[0].endpoint.scope(), vs::net::Scope::wildcard_v6_only);  // sshd sets IPV6_V6ONLY
  EXPECT_EQ(b[1].endpoint.scope(), vs::net::Scope::wildcard_v4);
}

TEST(SshdListen, EveryPortWithoutListenAddress) {
  const auto c = eval("Port 22\nPort 2222\n");
  EXPECT_EQ(binds(c), (Strings{"tcp [::]:22 @1", "tcp 0.0.0.0:22 @1", "tcp [::]:2222 @2",
                               "tcp 0.0.0.0:2222 @2"}));
  EXPECT_EQ(sshd::listen_endpoints(c)[0].directive, "Port 22 and no ListenAddress, so [::]:22");
}

TEST(SshdListen, AddressFamilyLimitsTheDefault) {
  EXPECT_EQ(binds(eval("AddressFamily inet\n")), (Strings{"tcp 0.0.0.0:22 @0"}));
  EXPECT_EQ(binds(eval("addressfamily INET6\n")), (Strings{"tcp [::]:22 @0"}));
  EXPECT_EQ(binds(eval("AddressFamily any\n")), (Strings{"tcp [::]:22 @0", "tcp 0.0.0.0:22 @0"}));
}

TEST(SshdListen, AddressFamilyFirstValueWins) {
  EXPECT_EQ(binds(eval("AddressFamily inet6\nAddressFamily inet\n")), (Strings{"tcp [::]:22 @0"}));
}

TEST(SshdListen, ListenAddressWithoutPortUsesEveryPortEvenLaterOnes) {
  const auto c = eval("ListenAddress 192.0.2.1\nPort 22\nPort 2222\n");
  EXPECT_EQ(binds(c), (Strings{"tcp 192.0.2.1:22 @1", "tcp 192.0.2.1:2222 @1"}));
  EXPECT_EQ(sshd::listen_endpoints(c)[1].directive, "ListenAddress 192.0.2.1 (port 2222)");
}

TEST(SshdListen, ListenAddressForms) {
  const auto c = eval(
      "ListenAddress 192.0.2.1:2022\n"
      "ListenAddress [2001:db8::1]:2023\n"
      "ListenAddress 2001:db8::2\n"
      "ListenAddress [2001:db8::3]\n"
      "ListenAddress [192.0.2.4]:2024\n"
      "ListenAddress ssh.example.org\n"
      "ListenAddress 192.0.2.5 rdomain vrf1\n");
  EXPECT_EQ(binds(c),
            (Strings{"tcp 192.0.2.1:2022 @1", "tcp [2001:db8::1]:2023 @2",
                     "tcp [2001:db8::2]:22 @3", "tcp [2001:db8::3]:22 @4", "tcp 192.0.2.4:2024 @5",
                     "tcp ssh.example.org:22 @6", "tcp 192.0.2.5%vrf1:22 @7"}));
  EXPECT_TRUE(c.notes.empty());
  EXPECT_TRUE(sshd::listen_endpoints(c)[5].endpoint.is_name());
}

TEST(SshdListen, BadListenAddressSyntaxIsFatal) {
  const auto c = eval(
      "ListenAddress 192.0.2.1 rdomain\nListenAddress 192.0.2.1 foo bar\nListenAddress "
      "192.0.2.1:0\n");
  ASSERT_EQ(c.notes.size(), 3u);
  for (const auto& p : c.notes)
    EXPECT_EQ(p.kind, vs::config::NoteKind::refusal);
  EXPECT_EQ(c.notes[0].where.line, 1);
  EXPECT_EQ(c.notes[2].text, "bad address:port usage: port '0' is not a number from 1 to 65535");
}

TEST(SshdListen, ListenAddressOfAFamilyAddressFamilyForbidsIsFatal) {
  const auto c = eval("ListenAddress 2001:db8::1\nListenAddress 192.0.2.1\nAddressFamily inet\n");
  EXPECT_EQ(problems(c.notes), Strings{"/etc/ssh/sshd_config:1: bad addr or host: 2001:db8::1 "
                                       "(AddressFamily inet allows no address of "
                                       "this family)"});
  EXPECT_EQ(binds(c), Strings{"tcp 192.0.2.1:22 @2"});
}

TEST(SshdListen, PortProblems) {
  const auto c = eval("Port 0\nPort 22 23\nPort ssh\nPort 70000\n");
  EXPECT_EQ(problems(c.notes),
            (Strings{"/etc/ssh/sshd_config:1: Bad port number '0'",
                     "/etc/ssh/sshd_config:2: extra arguments at end of line",
                     "/etc/ssh/sshd_config:3: Port 'ssh' is a service name, not judged",
                     "/etc/ssh/sshd_config:4: Bad port number '70000'"}));
  EXPECT_EQ(c.notes[2].kind, vs::config::NoteKind::unjudged);
}

TEST(SshdMatch, MatchEndsTheGlobalSection) {
  const auto c = eval(
      "Port 22\nMatch User bob\n  Port 2222\n  ListenAddress 192.0.2.1\n  AddressFamily inet\n");
  EXPECT_EQ(
      problems(c.notes),
      (Strings{
          "/etc/ssh/sshd_config:3: Directive 'Port' is not allowed within a Match block "
          "(/etc/ssh/sshd_config:2)",
          "/etc/ssh/sshd_config:4: Directive 'ListenAddress' is not allowed within a Match block "
          "(/etc/ssh/sshd_config:2)",
          "/etc/ssh/sshd_config:5: Directive 'AddressFamily' is not allowed within a Match block "
          "(/etc/ssh/sshd_config:2)",
      }));
  EXPECT_EQ(binds(c), (Strings{"tcp [::]:22 @1", "tcp 0.0.0.0:22 @1"}));
}

TEST(SshdX11, DefaultsAreForwardingNoAndLocalhostYes) {
  const auto c = eval("");
  EXPECT_TRUE(sshd::x11_use_localhost(c));
  EXPECT_TRUE(sshd::x11_localhost_displays(c).empty());
}

TEST(SshdX11, ForwardingWithLocalhostIsReportedAtTheForwardingLine) {
  const auto c = eval("Port 22\nX11Forwarding yes\n");
  const auto d = sshd::x11_localhost_displays(c);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.str(), "/etc/ssh/sshd_config:2");
  EXPECT_EQ(d[0].text, "X11Forwarding yes");
}

TEST(SshdX11, UseLocalhostNoSilencesIt) {
  EXPECT_TRUE(
      sshd::x11_localhost_displays(eval("X11Forwarding yes\nX11UseLocalhost no\n")).empty());
  EXPECT_TRUE(
      sshd::x11_localhost_displays(eval("x11uselocalhost=NO\nX11Forwarding Yes\n")).empty());
}

TEST(SshdX11, FirstValueWins) {
  const auto c =
      eval("X11UseLocalhost no\nX11UseLocalhost yes\nX11Forwarding no\nX11Forwarding yes\n");
  EXPECT_FALSE(sshd::x11_use_localhost(c));
  EXPECT_TRUE(sshd::x11_localhost_displays(c).empty());
}

TEST(SshdX11, BadValueIsFatal) {
  const auto c = eval("X11UseLocalhost maybe\n");
  EXPECT_EQ(problems(c.notes), Strings{"/etc/ssh/sshd_config:1: unsupported option \"maybe\""});
}

TEST(SshdX11, MatchBlocksOverrideTheGlobalValue) {
  // Only bob's connections forward X11, and they do it with DISPLAY=localhost.
  auto c = eval("X11Forwarding no\nMatch User bob\n  X11Forwarding yes\n");
  auto d = sshd::x11_localhost_displays(c);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, 3);
  EXPECT_EQ(d[0].text, "X11Forwarding yes (in Match User bob)");

  // Bob is fixed, everybody else is not.
  c = eval("X11Forwarding yes\nMatch User bob\n  X11UseLocalhost no\n");
  d = sshd::x11_localhost_displays(c);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, 1);

  // Everybody is fixed by "Match all".
  c = eval("X11Forwarding yes\nX11UseLocalhost yes\nMatch all\n  X11UseLocalhost no\n");
  EXPECT_FALSE(sshd::x11_use_localhost(c));
  EXPECT_TRUE(sshd::x11_localhost_displays(c).empty());

  // A block that turns localhost back on for some connections.
  c = eval("X11Forwarding yes\nX11UseLocalhost no\nMatch Group legacy\n  X11UseLocalhost yes\n");
  d = sshd::x11_localhost_displays(c);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, 4);
  EXPECT_EQ(d[0].text, "X11UseLocalhost yes (in Match Group legacy)");
}

class SshdInclude : public ::testing::Test {
 protected:
  TempDir dir;
  vs::fs::Tree tree{dir.path()};
  sshd::Loaded load(const std::string& main) {
    dir.write("etc/ssh/sshd_config", main);
    return sshd::load_sshd(tree, "/etc/ssh/sshd_config");
  }
  std::string shown(const std::string& path) { return tree.display(path); }
};

TEST_F(SshdInclude, GlobsAreReadInPlaceInNameOrder) {
  dir.write("etc/ssh/sshd_config.d/b.conf", "Port 2201\n");
  dir.write("etc/ssh/sshd_config.d/a.conf", "Port 2200\n");
  dir.write("etc/ssh/sshd_config.d/.hidden.conf", "Port 2299\n");
  dir.write("etc/ssh/sshd_config.d/c.txt", "Port 2298\n");
  const auto l = load("Port 22\nInclude /etc/ssh/sshd_config.d/*.conf\nPort 23\n");
  EXPECT_TRUE(l.notes.empty());
  const auto c = sshd::evaluate_sshd(l.root);
  ASSERT_EQ(c.ports.size(), 4u);
  EXPECT_EQ(c.ports[0].value, 22);
  EXPECT_EQ(c.ports[1].value, 2200);
  EXPECT_EQ(c.ports[1].where.str(), shown("/etc/ssh/sshd_config.d/a.conf") + ":1");
  EXPECT_EQ(c.ports[2].value, 2201);
  EXPECT_EQ(c.ports[3].value, 23);
  EXPECT_EQ(l.files_read,
            (Strings{shown("/etc/ssh/sshd_config"), shown("/etc/ssh/sshd_config.d/a.conf"),
                     shown("/etc/ssh/sshd_config.d/b.conf")}));
}

TEST_F(SshdInclude, FirstValueWinsAcrossIncludes) {
  dir.write("etc/ssh/sshd_config.d/10-x11.conf", "X11UseLocalhost no\n");
  const auto c =
      sshd::evaluate_sshd(load("Include sshd_config.d/*.conf\nX11UseLocalhost yes\n").root);
  EXPECT_FALSE(sshd::x11_use_localhost(c));
}

TEST_F(SshdInclude, RelativePathsAreUnderEtcSshAndMissingFilesAreSkipped) {
  dir.write("etc/ssh/extra/listen", "ListenAddress 192.0.2.9\n");
  const auto l = load("Include extra/listen nothing/here /etc/ssh/none.d/*\n");
  EXPECT_TRUE(l.notes.empty());
  EXPECT_EQ(binds(sshd::evaluate_sshd(l.root)), Strings{"tcp 192.0.2.9:22 @1"});
}

TEST_F(SshdInclude, AMatchInAnIncludedFileEndsWithThatFile) {
  dir.write("etc/ssh/sshd_config.d/bob.conf", "Match User bob\n  X11UseLocalhost no\n");
  const auto l = load("Include /etc/ssh/sshd_config.d/*.conf\nListenAddress 192.0.2.8\n");
  const auto c = sshd::evaluate_sshd(l.root);
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(binds(c), Strings{"tcp 192.0.2.8:22 @2"});
  ASSERT_EQ(c.blocks.size(), 1u);
  EXPECT_TRUE(c.blocks[0].x11.use_localhost);
}

TEST_F(SshdInclude, AnIncludeInsideAMatchBlockStaysInIt) {
  dir.write("etc/ssh/inc", "ListenAddress 192.0.2.7\n");
  const auto c = sshd::evaluate_sshd(load("Match User x\nInclude /etc/ssh/inc\n").root);
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].where.str(), shown("/etc/ssh/inc") + ":1");
}

TEST_F(SshdInclude, IncludingItselfIsALoop) {
  const auto l = load("Port 22\nInclude /etc/ssh/sshd_config\n");
  ASSERT_EQ(l.notes.size(), 1u);
  EXPECT_EQ(l.notes[0].where.line, 2);
  EXPECT_EQ(l.notes[0].text, "include loop: " + shown("/etc/ssh/sshd_config") + " -> " +
                                 shown("/etc/ssh/sshd_config"));
  EXPECT_EQ(l.notes[0].kind, vs::config::NoteKind::refusal);
  EXPECT_EQ(l.files_read.size(), 1u);
}

TEST_F(SshdInclude, ALongerLoopThroughAGlob) {
  dir.write("etc/ssh/a.conf", "Include b.conf\n");
  dir.write("etc/ssh/b.conf", "Include *.conf\n");
  const auto l = load("Include a.conf\n");
  ASSERT_FALSE(l.notes.empty());
  EXPECT_NE(l.notes[0].text.find("include loop: "), std::string::npos);
}

TEST_F(SshdInclude, SymlinksCannotLeaveTheTree) {
  dir.symlink("etc/ssh/sshd_config.d/escape.conf", "/../../../../etc/ssh/secret.conf");
  dir.write("etc/ssh/secret.conf", "ListenAddress 192.0.2.66\n");
  const auto c = sshd::evaluate_sshd(load("Include /etc/ssh/sshd_config.d/*.conf\n").root);
  EXPECT_EQ(binds(c), Strings{"tcp 192.0.2.66:22 @1"});  // resolved inside the tree
}

TEST_F(SshdInclude, AnUnreadableIncludedFileIsAProblem) {
  dir.mkdir("etc/ssh/sshd_config.d/dir.conf");
  const auto l = load("Include /etc/ssh/sshd_config.d/*.conf\n");
  ASSERT_EQ(l.notes.size(), 1u);
  EXPECT_EQ(l.notes[0].where.line, 1);
}

TEST_F(SshdInclude, TheMainFileMissingThrows) {
  EXPECT_THROW(sshd::load_sshd(tree, "/etc/ssh/none"), vs::fs::FileMissing);
}

TEST_F(SshdInclude, ReadSshdGathersEndpointsRefusalsAndWhatNeedsLoopback) {
  dir.write("etc/ssh/sshd_config.d/x11.conf", "X11Forwarding yes\n");
  dir.write("etc/ssh/sshd_config",
            "Include /etc/ssh/sshd_config.d/*.conf\nListenAddress 192.0.2.1\nInclude "
            "sshd_config\nMatch User bob\n  Port 2222\n");
  const auto c = sshd::read_sshd(tree, "/etc/ssh/sshd_config");
  EXPECT_EQ(
      vs::test::config_lines(c, dir.path()),
      (Strings{"/etc/ssh/sshd_config:2: ListenAddress 192.0.2.1 (port 22)",
               "refusal /etc/ssh/sshd_config:3: include loop: /etc/ssh/sshd_config -> "
               "/etc/ssh/sshd_config",
               "refusal /etc/ssh/sshd_config:5: Directive 'Port' is not allowed within a Match "
               "block (/etc/ssh/sshd_config:4)",
               "impaired /etc/ssh/sshd_config.d/x11.conf:1: X11Forwarding yes with X11UseLocalhost "
               "yes: DISPLAY would point at localhost, a loopback the guest lacks; set "
               "X11UseLocalhost no"}));
  EXPECT_TRUE(c.notes.back().needs_loopback);
  EXPECT_FALSE(c.notes.front().needs_loopback);
  EXPECT_EQ(vs::test::strip_root(c.files_read, dir.path()),
            (Strings{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/x11.conf"}));
}

// The policy, per role, on what sshd_config yields.
namespace {

using vs::test::guest;

Status judge(const vs::policy::BindPolicy& p, const std::string& config, std::size_t index = 0) {
  return p.judge(sshd::listen_endpoints(eval(config)).at(index).endpoint).status;
}

}  // namespace

TEST(SshdPolicy, HostRole) {
  const auto p = vs::policy::BindPolicy::host({guest("web1", {"192.0.2.40", "2001:db8::40"})});
  EXPECT_EQ(judge(p, ""), Status::critical);
  EXPECT_EQ(judge(p, "", 1), Status::critical);
  EXPECT_EQ(judge(p, "ListenAddress 192.0.2.1\n"), Status::ok);
  EXPECT_EQ(judge(p, "ListenAddress 127.0.0.1\n"), Status::ok);
  const auto v = p.judge(sshd::listen_endpoints(eval("ListenAddress 192.0.2.40\n"))[0].endpoint);
  EXPECT_EQ(v.status, Status::critical);
  EXPECT_EQ(v.reason, "the host binds guest web1's address 192.0.2.40");
  EXPECT_EQ(judge(p, "ListenAddress ssh.example.org\n"), Status::warning);
}

TEST(SshdPolicy, GuestRole) {
  const auto g = guest("web1", {"192.0.2.40"});
  EXPECT_EQ(judge(vs::test::guest_policy(g, false), ""), Status::ok);
  EXPECT_EQ(judge(vs::test::guest_policy(g, true), ""), Status::warning);
  EXPECT_EQ(judge(vs::test::guest_policy(g, false), "ListenAddress 192.0.2.40\n"), Status::ok);
  EXPECT_EQ(judge(vs::test::guest_policy(g, false), "ListenAddress 192.0.2.41\n"),
            Status::critical);
  EXPECT_EQ(judge(vs::test::guest_policy(g, false), "ListenAddress 127.0.0.1\n"), Status::critical);
  const auto remap = guest("web1", {"192.0.2.40"}, {"lback_remap"});
  EXPECT_EQ(judge(vs::test::guest_policy(remap, false), "ListenAddress 127.0.0.1\n"), Status::ok);
}
