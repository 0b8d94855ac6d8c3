// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/sshd.hpp"

#include <gtest/gtest.h>

#include "config_lines.hpp"
#include "guests.hpp"
#include "policy/bind_policy.hpp"
#include "process.hpp"

namespace sshd = vs::config::sshd;
using vs::config::NoteKind;
using vs::plugin::Status;
using vs::test::TempDir;

namespace {

using Strings = std::vector<std::string>;

// A machine's files for names: /etc/hosts and /etc/services the tests write.
class Machine {
 public:
  Machine() {
    dir_.write("etc/hosts",
               "127.0.0.1\tlocalhost\n127.0.1.1\tvs1\n192.0.2.1\tadmin.example\n"
               "2001:db8::1\tadmin.example\n::1\tlocalhost ip6-localhost\n");
    dir_.write("etc/services", "ssh\t\t22/tcp\nhttps\t\t443/tcp\nsieve\t\t4190/tcp\n");
    dir_.write("etc/host.conf", "multi on\n");  // Debian's
  }
  const vs::net::Names& names() const { return names_; }

 private:
  TempDir dir_;
  vs::fs::Tree tree_{dir_.path()};
  vs::net::Names names_{tree_};
};

const vs::net::Names& names() {
  static const Machine machine;
  return machine.names();
}

sshd::Config eval(const std::string& text) {
  return sshd::evaluate_sshd(text, "/etc/ssh/sshd_config", names());
}

// "tcp 0.0.0.0:22 @3" for each socket sshd opens: endpoint and the line it came from.
Strings binds(const sshd::Config& c) {
  Strings out;
  for (const auto& b : sshd::listen_endpoints(c, names()).sockets)
    out.push_back(b.endpoint.str() + " @" + std::to_string(b.where.line));
  return out;
}

Strings problems(const std::vector<vs::config::Note>& list) {
  Strings out;
  for (const auto& p : list)
    out.push_back(p.where.str() + ": " + p.text);
  return out;
}

Strings listen_problems(const sshd::Config& c) {
  return problems(sshd::listen_endpoints(c, names()).notes);
}

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
  EXPECT_EQ(f.lines[3].number, 4);
}

TEST(SshdParse, CommentsBlankLinesQuotesAndCarriageReturns) {
  const auto f = sshd::parse_sshd(
      "# c\n\n   \n  ListenAddress \"192.0.2.1:2022\" # admin\r\n\"Port\" 23\n", "f");
  ASSERT_EQ(f.lines.size(), 2u);
  EXPECT_EQ(f.lines[0].args, Strings{"192.0.2.1:2022"});
  EXPECT_EQ(f.lines[0].number, 4);
  EXPECT_EQ(f.lines[1].keyword, "port");
}

TEST(SshdParse, BrokenLinesAreBadOptionsAndSshdReadsOnThenStops) {
  const auto c = eval("Port\nListenAddress \"192.0.2.1\nPort 22\n");
  EXPECT_EQ(problems(c.notes),
            (Strings{"/etc/ssh/sshd_config:1: no argument after keyword \"Port\"",
                     "/etc/ssh/sshd_config:2: invalid quotes"}));
  for (const auto& n : c.notes)
    EXPECT_EQ(n.kind, NoteKind::refusal);
  EXPECT_EQ(binds(c), (Strings{"tcp [::]:22 @3", "tcp 0.0.0.0:22 @3"}));
}

TEST(SshdParse, UnknownKeywordsAreRefusedWithoutQuotingTheLine) {
  // --config /etc/shadow: nothing of a line sshd does not understand is quoted.
  const auto c = eval("root:$6$secret$hash:19000:0:99999:7:::\nsecretword value\nPort 22\n");
  ASSERT_EQ(c.notes.size(), 2u);
  for (const auto& n : c.notes) {
    EXPECT_EQ(n.kind, NoteKind::refusal);
    EXPECT_EQ(n.text.find("secret"), std::string::npos) << n.text;
  }
  EXPECT_EQ(c.notes[0].where.line, 1);
  EXPECT_EQ(c.notes[1].text, "Bad configuration option (a keyword sshd does not know)");
  // A keyword sshd knows is checked no further here, but not refused.
  EXPECT_TRUE(eval("Ciphers aes128-ctr\nDebianBanner no\nGSSAPIKeyExchange yes\n").notes.empty());
}

TEST(SshdParse, ManyBadOptionsAreCounted) {
  std::string text;
  for (int i = 0; i < 20; ++i)
    text += "bogus" + std::to_string(i) + " x\n";
  const auto c = eval(text);
  ASSERT_EQ(c.notes.size(), 9u);
  EXPECT_EQ(problems(c.notes).back(),
            "/etc/ssh/sshd_config: terminating, 20 bad configuration options");
}

TEST(SshdListen, DefaultIsBothWildcardsOnPort22) {
  const auto c = eval("");
  EXPECT_EQ(binds(c), (Strings{"tcp [::]:22 @0", "tcp 0.0.0.0:22 @0"}));
  const auto b = sshd::listen_endpoints(c, names()).sockets;
  EXPECT_EQ(b[0].directive, "no ListenAddress, so [::]:22");
  EXPECT_EQ(b[0].where.str(), "/etc/ssh/sshd_config");
  EXPECT_EQ(b[0].endpoint.scope(), vs::net::Scope::wildcard_v6_only);  // sshd sets IPV6_V6ONLY
  EXPECT_EQ(b[1].endpoint.scope(), vs::net::Scope::wildcard_v4);
}

TEST(SshdListen, EveryPortWithoutListenAddress) {
  const auto c = eval("Port 22\nPort 2222\n");
  EXPECT_EQ(binds(c), (Strings{"tcp [::]:22 @1", "tcp 0.0.0.0:22 @1", "tcp [::]:2222 @2",
                               "tcp 0.0.0.0:2222 @2"}));
  EXPECT_EQ(sshd::listen_endpoints(c, names()).sockets[0].directive,
            "Port 22 and no ListenAddress, so [::]:22");
}

TEST(SshdListen, PortsAreNumbersOrServiceNames) {
  EXPECT_EQ(binds(eval("Port https\nAddressFamily inet\n")), Strings{"tcp 0.0.0.0:443 @1"});
  const std::string https = eval("Port https\n").ports.at(0).text;
  EXPECT_EQ(https.rfind("Port https (https is 443, ", 0), 0u) << https;
  EXPECT_NE(https.find("/etc/services:2)"), std::string::npos) << https;
  EXPECT_EQ(eval("Port 0022\n").ports.at(0).value, 22);
  EXPECT_EQ(eval("Port +22\n").ports.at(0).value, 22);
  for (const char* bad : {"Port 0\n", "Port 65536\n", "Port nosuchservice\n", "Port -1\n"})
    EXPECT_EQ(problems(eval(bad).notes),
              Strings{"/etc/ssh/sshd_config:1: Badly formatted port number."})
        << bad;
  EXPECT_EQ(problems(eval("Port 22 23\n").notes),
            Strings{"/etc/ssh/sshd_config:1: keyword Port extra arguments at end of line"});
}

TEST(SshdListen, AtMost256Ports) {
  std::string text;
  for (int i = 1; i <= 257; ++i)
    text += "Port " + std::to_string(1000 + i) + "\n";
  EXPECT_EQ(problems(eval(text).notes), Strings{"/etc/ssh/sshd_config:257: too many ports."});
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
  EXPECT_EQ(sshd::listen_endpoints(c, names()).sockets[1].directive,
            "ListenAddress 192.0.2.1 (port 2222)");
}

TEST(SshdListen, ListenAddressForms) {
  const auto c = eval(
      "ListenAddress 192.0.2.1:2022\n"
      "ListenAddress [2001:db8::1]:2023\n"
      "ListenAddress 2001:db8::2\n"
      "ListenAddress [2001:db8::3]\n"
      "ListenAddress [192.0.2.4]:2024\n"
      "ListenAddress ssh.example.org\n"
      "ListenAddress 192.0.2.5 rdomain vrf1\n"
      "ListenAddress 192.0.2.7:ssh\n");
  EXPECT_EQ(binds(c), (Strings{"tcp 192.0.2.1:2022 @1", "tcp [2001:db8::1]:2023 @2",
                               "tcp [2001:db8::2]:22 @3", "tcp [2001:db8::3]:22 @4",
                               "tcp 192.0.2.4:2024 @5", "tcp ssh.example.org:22 @6",
                               "tcp 192.0.2.5%vrf1:22 @7", "tcp 192.0.2.7:22 @8"}));
  EXPECT_TRUE(c.notes.empty());
  EXPECT_TRUE(sshd::listen_endpoints(c, names()).sockets[5].endpoint.is_name());
}

TEST(SshdListen, BadListenAddressSyntaxIsFatal) {
  EXPECT_EQ(problems(eval("ListenAddress 192.0.2.1 rdomain\nPort 22 23 24\n").notes),
            Strings{"/etc/ssh/sshd_config:1: bad ListenAddress syntax"});
  EXPECT_EQ(problems(eval("ListenAddress 192.0.2.1 foo bar\n").notes),
            Strings{"/etc/ssh/sshd_config:1: bad ListenAddress syntax"});
  EXPECT_EQ(problems(eval("ListenAddress 192.0.2.1:0\n").notes),
            Strings{"/etc/ssh/sshd_config:1: bad port number"});
  EXPECT_EQ(problems(eval("ListenAddress [2001:db8::1\n").notes),
            Strings{"/etc/ssh/sshd_config:1: bad address:port usage"});
  EXPECT_EQ(problems(eval("ListenAddress 192.0.2.6/2026\n").notes),
            Strings{"/etc/ssh/sshd_config:1: bad address:port usage"});
}

TEST(SshdListen, NamesResolveThroughTheTreesHostsFile) {
  auto c = eval("ListenAddress admin.example:2222\n");
  EXPECT_EQ(binds(c), (Strings{"tcp [2001:db8::1]:2222 @1", "tcp 192.0.2.1:2222 @1"}));
  const auto s = sshd::listen_endpoints(c, names()).sockets;
  EXPECT_NE(s[1].directive.find("admin.example is 192.0.2.1 ("), std::string::npos)
      << s[1].directive;
  EXPECT_NE(s[1].directive.find("/etc/hosts:3)"), std::string::npos) << s[1].directive;
  EXPECT_EQ(binds(eval("ListenAddress admin.example\nAddressFamily inet\n")),
            Strings{"tcp 192.0.2.1:22 @1"});
  EXPECT_EQ(binds(eval("ListenAddress localhost\n")),
            (Strings{"tcp [::1]:22 @1", "tcp 127.0.0.1:22 @1"}));
  EXPECT_EQ(binds(eval("ListenAddress vs1\n")), Strings{"tcp 127.0.1.1:22 @1"});
}

TEST(SshdListen, InetAtonFormsAreAddresses) {
  EXPECT_EQ(binds(eval("ListenAddress 0\n")), Strings{"tcp 0.0.0.0:22 @1"});
  EXPECT_EQ(binds(eval("ListenAddress 127.1\n")), Strings{"tcp 127.0.0.1:22 @1"});
  EXPECT_EQ(binds(eval("ListenAddress 0177.0.0.1\n")), Strings{"tcp 127.0.0.1:22 @1"});
  EXPECT_EQ(binds(eval("ListenAddress 0xc0.0.2.1\n")), Strings{"tcp 192.0.2.1:22 @1"});
  EXPECT_EQ(binds(eval("ListenAddress 3221225985\n")), Strings{"tcp 192.0.2.1:22 @1"});
  EXPECT_EQ(binds(eval("ListenAddress 00.00.00.00\n")), Strings{"tcp 0.0.0.0:22 @1"});
  const auto s = sshd::listen_endpoints(eval("ListenAddress 127.1\n"), names()).sockets;
  EXPECT_EQ(s.at(0).directive, "ListenAddress 127.1 (port 22); 127.1 is 127.0.0.1");
}

TEST(SshdListen, StarIsLoopback) {
  EXPECT_EQ(binds(eval("ListenAddress *\n")), (Strings{"tcp [::1]:22 @1", "tcp 127.0.0.1:22 @1"}));
}

TEST(SshdListen, AnAddressOfAFamilyAddressFamilyForbidsIsFatal) {
  const auto c = eval("ListenAddress 2001:db8::1\nListenAddress 192.0.2.1\nAddressFamily inet\n");
  EXPECT_EQ(listen_problems(c), Strings{"/etc/ssh/sshd_config:1: bad addr or host: 2001:db8::1 "
                                        "(Address family for hostname not supported)"});
  EXPECT_EQ(binds(c), Strings{"tcp 192.0.2.1:22 @2"});
}

TEST(SshdBind, TheSameAddressTwiceIsOneSocket) {
  const auto c = eval("ListenAddress 192.0.2.1\nListenAddress 192.0.2.1\n");
  // sshd binds the newest first: the second line's socket, the first line's fails.
  EXPECT_EQ(binds(c), Strings{"tcp 192.0.2.1:22 @2"});
  const auto l = sshd::listen_endpoints(c, names());
  ASSERT_EQ(l.notes.size(), 1u);
  EXPECT_EQ(l.notes[0].kind, NoteKind::info);
  EXPECT_EQ(l.notes[0].where.line, 1);
  EXPECT_EQ(
      l.notes[0].text.rfind("Bind to port 22 on 192.0.2.1 failed: Address already in use.", 0), 0u);
  EXPECT_EQ(binds(eval("Port 2222\nPort 2222\n")),
            (Strings{"tcp [::]:2222 @2", "tcp 0.0.0.0:2222 @2"}));
}

TEST(SshdBind, AWildcardAndAnAddressOnOnePort) {
  // Newest first: 192.0.2.1 is bound, then 0.0.0.0 overlaps it and fails.
  const auto c = eval("ListenAddress 0.0.0.0\nListenAddress 192.0.2.1\n");
  EXPECT_EQ(binds(c), Strings{"tcp 192.0.2.1:22 @2"});
  const auto l = sshd::listen_endpoints(c, names());
  ASSERT_EQ(l.notes.size(), 1u);
  EXPECT_EQ(l.notes[0].kind, NoteKind::ignored);
  EXPECT_EQ(binds(eval("ListenAddress 192.0.2.1\nListenAddress 0.0.0.0\n")),
            Strings{"tcp 0.0.0.0:22 @2"});
  EXPECT_EQ(binds(eval("ListenAddress 0.0.0.0\nListenAddress ::\n")),
            (Strings{"tcp 0.0.0.0:22 @1", "tcp [::]:22 @2"}));
}

TEST(SshdBind, AV4MappedAddressCannotBeBoundAndNothingElseMeansNoStart) {
  const auto c = eval("ListenAddress ::ffff:127.0.0.1\n");
  EXPECT_TRUE(binds(c).empty());
  EXPECT_EQ(listen_problems(c),
            (Strings{"/etc/ssh/sshd_config:1: Bind to port 22 on ::ffff:127.0.0.1 failed: Invalid "
                     "argument. Cannot bind any address."}));
  EXPECT_EQ(sshd::listen_endpoints(c, names()).notes.back().kind, NoteKind::refusal);
  EXPECT_EQ(binds(eval("ListenAddress ::ffff:127.0.0.1\nListenAddress 192.0.2.1\n")),
            Strings{"tcp 192.0.2.1:22 @2"});
  // A name sshd would ask DNS for may bind: no refusal.
  EXPECT_EQ(binds(eval("ListenAddress ::ffff:127.0.0.1\nListenAddress nowhere.example\n")),
            Strings{"tcp nowhere.example:22 @2"});
}

TEST(SshdBind, AnAddressTheMachineDoesNotHave) {
  const std::vector<vs::net::Address> local = {*vs::net::Address::parse("127.0.0.1"),
                                               *vs::net::Address::parse("192.0.2.1")};
  auto l = sshd::listen_endpoints(eval("ListenAddress 192.0.2.9\n"), names(), local);
  EXPECT_TRUE(l.sockets.empty());
  EXPECT_EQ(problems(l.notes).back(),
            "/etc/ssh/sshd_config:1: Bind to port 22 on 192.0.2.9 failed: Cannot assign "
            "requested address. Cannot bind any address.");
  EXPECT_EQ(l.notes.back().kind, NoteKind::refusal);
  l = sshd::listen_endpoints(eval("ListenAddress 192.0.2.9\nListenAddress 192.0.2.1\n"), names(),
                             local);
  ASSERT_EQ(l.sockets.size(), 1u);
  EXPECT_EQ(l.sockets[0].endpoint.str(), "tcp 192.0.2.1:22");
  ASSERT_EQ(l.notes.size(), 1u);
  EXPECT_EQ(l.notes[0].kind, NoteKind::ignored);
  // The wildcards always bind; unknown addresses are not judged.
  EXPECT_EQ(sshd::listen_endpoints(eval(""), names(), local).sockets.size(), 2u);
  EXPECT_EQ(sshd::listen_endpoints(eval("ListenAddress 192.0.2.9\n"), names()).sockets.size(), 1u);
}

TEST(SshdMatch, OtherMatchBlocksRefuseGlobalOnlyKeywords) {
  EXPECT_EQ(
      problems(eval("Port 22\nMatch User bob\n  Port 2222\n  ListenAddress 192.0.2.1\n").notes),
      (Strings{"/etc/ssh/sshd_config:3: Directive 'Port' is not allowed within a Match block "
               "(/etc/ssh/sshd_config:2)"}));
  EXPECT_EQ(problems(eval("Match Address 192.0.2.0/24\n  Ciphers aes128-ctr\n").notes).size(), 1u);
  EXPECT_TRUE(
      eval("Match User bob\n  PermitRootLogin no\n  ChannelTimeout session=5m\n").notes.empty());
  const auto c = eval("Match Group x\n  secretword\n");
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].text.find("secretword"), std::string::npos);
}

TEST(SshdMatch, MatchAllTakesGlobalKeywords) {
  auto c = eval("Port 22\nMatch all\n  Port 2222\n  AddressFamily inet\n");
  EXPECT_TRUE(c.notes.empty()) << problems(c.notes)[0];
  EXPECT_EQ(binds(c), (Strings{"tcp 0.0.0.0:22 @1", "tcp 0.0.0.0:2222 @3"}));
  c = eval("Match all\nListenAddress 192.0.2.1:2222\nMatch User bob\nPort 23\n");
  EXPECT_EQ(binds(c), Strings{"tcp 192.0.2.1:2222 @2"});
  EXPECT_EQ(problems(c.notes).size(), 1u);
  EXPECT_EQ(c.notes[0].where.line, 4);
}

TEST(SshdMatch, BadConditionsAreFatal) {
  for (const char* bad :
       {"Match all User bob\n", "Match User\n", "Match Colour blue\n", "Match LocalPort nope\n"}) {
    const auto c = eval(bad);
    ASSERT_EQ(c.notes.size(), 1u) << bad;
    EXPECT_EQ(c.notes[0].text.rfind("Bad Match condition: ", 0), 0u) << c.notes[0].text;
  }
  EXPECT_TRUE(eval("Match LocalPort 22 User bob Address 192.0.2.0/24\n").notes.empty());
}

TEST(SshdX11, DefaultsAreForwardingNoAndLocalhostYes) {
  const auto c = eval("");
  EXPECT_TRUE(sshd::x11_use_localhost(c));
  EXPECT_TRUE(sshd::x11_localhost_displays(c).empty());
  EXPECT_EQ(sshd::x11_forwarding_on(c), nullptr);
  EXPECT_EQ(sshd::xauth_path(c), "/usr/bin/xauth");
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
  EXPECT_EQ(sshd::x11_forwarding_on(c), nullptr);
}

TEST(SshdX11, BadValueIsFatal) {
  const auto c = eval("X11UseLocalhost maybe\n");
  EXPECT_EQ(problems(c.notes), Strings{"/etc/ssh/sshd_config:1: unsupported option \"maybe\"."});
}

TEST(SshdX11, XAuthLocationFirstValueRelativeFromRoot) {
  EXPECT_EQ(sshd::xauth_path(eval("XAuthLocation /opt/X/bin/xauth\nXAuthLocation /x\n")),
            "/opt/X/bin/xauth");
  EXPECT_EQ(sshd::xauth_path(eval("XAuthLocation bin/xauth\n")), "/bin/xauth");
  EXPECT_EQ(problems(eval("Match User bob\nXAuthLocation /x\n").notes).size(), 1u);
}

TEST(SshdX11, MatchBlocksOverrideTheGlobalValue) {
  // Only bob's connections forward X11, and they do it with DISPLAY=localhost.
  auto c = eval("X11Forwarding no\nMatch User bob\n  X11Forwarding yes\n");
  auto d = sshd::x11_localhost_displays(c);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, 3);
  EXPECT_EQ(d[0].text, "X11Forwarding yes (in Match User bob)");
  ASSERT_NE(sshd::x11_forwarding_on(c), nullptr);
  EXPECT_EQ(sshd::x11_forwarding_on(c)->where.line, 3);

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

TEST(SshdX11, OnlyBlocksWithX11SettingsAreKept) {
  std::string text;
  for (int i = 0; i < 1000; ++i)
    text += "Match User u" + std::to_string(i) + "\n  PermitTTY no\n";
  EXPECT_TRUE(eval(text).blocks.empty());
  text.clear();
  for (int i = 0; i < 300; ++i)
    text += "Match User u" + std::to_string(i) + "\n  X11Forwarding yes\n";
  const auto c = eval(text);
  EXPECT_EQ(c.blocks.size(), 256u);
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].kind, NoteKind::unjudged);
}

class SshdInclude : public ::testing::Test {
 protected:
  TempDir dir;
  vs::fs::Tree tree{dir.path()};
  vs::net::Names tree_names{tree};
  sshd::Config load(const std::string& main) {
    dir.write("etc/ssh/sshd_config", main);
    return sshd::read_config(tree, "/etc/ssh/sshd_config", tree_names);
  }
  std::string shown(const std::string& path) { return tree.display(path); }
};

TEST_F(SshdInclude, GlobsAreReadInPlaceInNameOrder) {
  dir.write("etc/ssh/sshd_config.d/b.conf", "Port 2201\n");
  dir.write("etc/ssh/sshd_config.d/a.conf", "Port 2200\n");
  dir.write("etc/ssh/sshd_config.d/.hidden.conf", "Port 2299\n");
  dir.write("etc/ssh/sshd_config.d/c.txt", "Port 2298\n");
  const auto c = load("Port 22\nInclude /etc/ssh/sshd_config.d/*.conf\nPort 23\n");
  EXPECT_TRUE(c.notes.empty());
  ASSERT_EQ(c.ports.size(), 4u);
  EXPECT_EQ(c.ports[0].value, 22);
  EXPECT_EQ(c.ports[1].value, 2200);
  EXPECT_EQ(c.ports[1].where.str(), shown("/etc/ssh/sshd_config.d/a.conf") + ":1");
  EXPECT_EQ(c.ports[2].value, 2201);
  EXPECT_EQ(c.ports[3].value, 23);
  EXPECT_EQ(c.files_read,
            (Strings{shown("/etc/ssh/sshd_config"), shown("/etc/ssh/sshd_config.d/a.conf"),
                     shown("/etc/ssh/sshd_config.d/b.conf")}));
}

TEST_F(SshdInclude, FirstValueWinsAcrossIncludes) {
  dir.write("etc/ssh/sshd_config.d/10-x11.conf", "X11UseLocalhost no\n");
  const auto c = load("Include sshd_config.d/*.conf\nX11UseLocalhost yes\n");
  EXPECT_FALSE(sshd::x11_use_localhost(c));
}

TEST_F(SshdInclude, RelativePathsAreUnderEtcSshAndMissingFilesAreSkipped) {
  dir.write("etc/ssh/extra/listen", "ListenAddress 192.0.2.9\n");
  const auto c = load("Include extra/listen nothing/here /etc/ssh/none.d/*\n");
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(sshd::listen_endpoints(c, tree_names).sockets.at(0).endpoint.str(), "tcp 192.0.2.9:22");
}

TEST_F(SshdInclude, AFileIncludedTwiceGivesItsAddressesOnce) {
  dir.write("etc/ssh/listen.conf", "ListenAddress 192.0.2.1\n");
  const auto c = load("Include listen.conf\nInclude /etc/ssh/listen.conf\n");
  EXPECT_EQ(c.listen.size(), 2u);
  EXPECT_EQ(sshd::listen_endpoints(c, tree_names).sockets.size(), 1u);
}

TEST_F(SshdInclude, AMatchInAnIncludedFileEndsWithThatFile) {
  dir.write("etc/ssh/sshd_config.d/bob.conf", "Match User bob\n  X11UseLocalhost no\n");
  const auto c = load("Include /etc/ssh/sshd_config.d/*.conf\nListenAddress 192.0.2.8\n");
  EXPECT_TRUE(c.notes.empty());
  EXPECT_EQ(c.listen.size(), 1u);
  ASSERT_EQ(c.blocks.size(), 1u);
  EXPECT_TRUE(c.blocks[0].x11.use_localhost);
}

TEST_F(SshdInclude, AnIncludeInsideAMatchBlockStaysInIt) {
  dir.write("etc/ssh/inc", "ListenAddress 192.0.2.7\n");
  const auto c = load("Match User x\nInclude /etc/ssh/inc\n");
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].where.str(), shown("/etc/ssh/inc") + ":1");
}

TEST_F(SshdInclude, MatchAllInAFileIncludedFromAnotherBlockNeverMatches) {
  dir.write("etc/ssh/inc", "Match all\nPort 2222\n");
  const auto c = load("Match User x\nInclude /etc/ssh/inc\n");
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].where.str(), shown("/etc/ssh/inc") + ":2");
  EXPECT_TRUE(load("Include /etc/ssh/inc\n").notes.empty());
}

TEST_F(SshdInclude, IncludingItselfIsALoop) {
  const auto c = load("Port 22\nInclude /etc/ssh/sshd_config\n");
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].where.line, 2);
  EXPECT_EQ(c.notes[0].text, "include loop: " + shown("/etc/ssh/sshd_config") + " -> " +
                                 shown("/etc/ssh/sshd_config"));
  EXPECT_EQ(c.notes[0].kind, NoteKind::refusal);
  EXPECT_EQ(c.files_read.size(), 1u);
}

TEST_F(SshdInclude, ALongerLoopThroughAGlob) {
  dir.write("etc/ssh/a.conf", "Include b.conf\n");
  dir.write("etc/ssh/b.conf", "Include *.conf\n");
  const auto c = load("Include a.conf\n");
  ASSERT_FALSE(c.notes.empty());
  EXPECT_NE(c.notes[0].text.find("include loop: "), std::string::npos);
}

TEST_F(SshdInclude, SymlinksCannotLeaveTheTree) {
  dir.symlink("etc/ssh/sshd_config.d/escape.conf", "/../../../../etc/ssh/secret.conf");
  dir.write("etc/ssh/secret.conf", "ListenAddress 192.0.2.66\n");
  const auto c = load("Include /etc/ssh/sshd_config.d/*.conf\n");
  ASSERT_EQ(c.listen.size(), 1u);  // resolved inside the tree
  EXPECT_EQ(c.listen[0].host, "192.0.2.66");
}

TEST_F(SshdInclude, ADanglingMatchStopsSshdADirectoryReadsAsNothing) {
  dir.mkdir("etc/ssh/sshd_config.d/dir.conf");
  EXPECT_TRUE(load("Include /etc/ssh/sshd_config.d/*.conf\n").notes.empty());
  dir.symlink("etc/ssh/sshd_config.d/gone.conf", "/etc/ssh/nowhere.conf");
  const auto c = load("Include /etc/ssh/sshd_config.d/*.conf\nPort 2222\n");
  EXPECT_EQ(problems(c.notes), Strings{shown("/etc/ssh/sshd_config") +
                                       ":1: " + shown("/etc/ssh/sshd_config.d/gone.conf") +
                                       ": No such file or directory"});
  EXPECT_TRUE(c.ports.empty());  // sshd stopped there
}

TEST_F(SshdInclude, TheMainFileMissingThrows) {
  EXPECT_THROW(sshd::read_config(tree, "/etc/ssh/none", tree_names), vs::fs::FileMissing);
}

TEST_F(SshdInclude, ReadSshdGathersEndpointsRefusalsAndWhatNeedsLoopback) {
  dir.write("etc/ssh/sshd_config.d/x11.conf", "X11Forwarding yes\n");
  dir.write("etc/ssh/sshd_config",
            "Include /etc/ssh/sshd_config.d/*.conf\nListenAddress 192.0.2.1\nInclude "
            "sshd_config\nMatch User bob\n  Port 2222\n");
  const auto c = sshd::read_sshd(tree, "/etc/ssh/sshd_config");
  EXPECT_EQ(vs::test::config_lines(c, dir.path()),
            (Strings{"/etc/ssh/sshd_config:2: ListenAddress 192.0.2.1 (port 22)",
                     "refusal /etc/ssh/sshd_config:3: include loop: /etc/ssh/sshd_config -> "
                     "/etc/ssh/sshd_config",
                     "impaired /etc/ssh/sshd_config.d/x11.conf:1: X11Forwarding yes with "
                     "X11UseLocalhost yes: DISPLAY would point at localhost, a loopback the guest "
                     "lacks; set X11UseLocalhost no",
                     "impaired /etc/ssh/sshd_config.d/x11.conf:1: X11Forwarding yes, but there is "
                     "no /usr/bin/xauth (the default XAuthLocation): X11 forwarding fails (\"No "
                     "xauth program; cannot forward X11.\"); install xauth (the X client tools) "
                     "or set X11Forwarding no"}));
  EXPECT_TRUE(c.notes[1].needs_loopback);
  EXPECT_FALSE(c.notes[2].needs_loopback);
  EXPECT_EQ(vs::test::strip_root(c.files_read, dir.path()),
            (Strings{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/x11.conf"}));
  dir.write("usr/bin/xauth", "");
  EXPECT_EQ(sshd::read_sshd(tree, "/etc/ssh/sshd_config").notes.size(), 2u);
}

// The policy, per role, on what sshd_config yields.
namespace {

using vs::test::guest;

Status judge(const vs::policy::BindPolicy& p, const std::string& config, std::size_t index = 0) {
  return p.judge(sshd::listen_endpoints(eval(config), names()).sockets.at(index).endpoint).status;
}

}  // namespace

TEST(SshdPolicy, HostRole) {
  const auto p = vs::policy::BindPolicy::host({guest("web1", {"192.0.2.40", "2001:db8::40"})});
  EXPECT_EQ(judge(p, ""), Status::critical);
  EXPECT_EQ(judge(p, "", 1), Status::critical);
  EXPECT_EQ(judge(p, "ListenAddress 192.0.2.1\n"), Status::ok);
  EXPECT_EQ(judge(p, "ListenAddress 127.0.0.1\n"), Status::ok);
  const auto v = p.judge(
      sshd::listen_endpoints(eval("ListenAddress 192.0.2.40\n"), names()).sockets[0].endpoint);
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
