// SPDX-License-Identifier: GPL-3.0-or-later
// What Postfix binds, or why it will not start ("postfix start": postfix(1), postconf,
// master(8)), and how BindPolicy judges it for the host and for a guest.
#include "config/postfix_listen.hpp"

#include <gtest/gtest.h>

#include "config_lines.hpp"
#include "guests.hpp"
#include "policy/bind_policy.hpp"
#include "process.hpp"

namespace postfix = vs::config::postfix;
using vs::plugin::Status;
using Strings = std::vector<std::string>;

namespace {

constexpr const char* kSmtp = "smtp inet n - y - - smtpd\n";

// Debian's /etc/hosts for a machine named vs1, and a few services.
constexpr const char* kHosts =
    "127.0.0.1\tlocalhost\n"
    "127.0.1.1\tvs1.example.org vs1\n"
    "192.0.2.1\tmail.example mail\n"
    "192.0.2.9\trelay.example\n"
    "2001:db8::1\tmail6.example\n"
    "::1     localhost ip6-localhost ip6-loopback\n";
constexpr const char* kServices =
    "smtp\t\t25/tcp\t\tmail\n"
    "sieve\t\t4190/tcp\n"
    "vs-mail\t\t2626/tcp\n";

vs::config::Machine machine(std::vector<std::string> addresses = {}) {
  vs::config::Machine m;
  m.name = vs::config::MachineName{"vs1", {"/etc/hostname", 1}};
  if (!addresses.empty()) {
    m.addresses.emplace();
    for (const auto& a : addresses)
      m.addresses->push_back(*vs::net::Address::parse(a));
    m.addresses_from = "the test's interfaces";
  }
  return m;
}

// The machine of the differential cases: lo with 127.0.0.1, ::1 and the case's.
vs::config::Machine here() {
  return machine({"127.0.0.1", "::1", "192.0.2.1", "2001:db8::1"});
}

// The plan for these files, with kHosts and kServices as the tree's.
postfix::ListenPlan plan(const std::string& main_cf, const std::string& master_cf = kSmtp,
                         const vs::config::Machine& m = machine()) {
  vs::test::TempDir t;
  t.write_tree({{"/etc/hosts", kHosts},
                {"/etc/host.conf", "multi on\n"},  // Debian's
                {"/etc/services", kServices}});
  const vs::fs::Tree tree(t.path());
  const vs::net::Names names(tree);
  const auto main = postfix::parse_main_cf(main_cf, "main.cf");
  const auto disabled = postfix::split_list(postfix::expand(main, "master_service_disable").value);
  auto p = postfix::plan_listeners(main, postfix::parse_master_cf(master_cf, "master.cf", disabled),
                                   names, m);
  // Locations in the temporary tree, as the tests write them.
  for (auto& note : p.notes)
    note.text = vs::test::strip_root(note.text, t.path());
  for (auto& l : p.listeners)
    l.origin.where.file = vs::test::strip_root(l.origin.where.file, t.path());
  return p;
}

Strings binds(const postfix::ListenPlan& p) {
  Strings out;
  for (const auto& l : p.listeners)
    out.push_back(l.endpoint.str());
  return out;
}

Strings messages(const postfix::ListenPlan& p) {
  return vs::test::note_lines(p.notes, "");
}

// The refusals alone.
Strings refusals(const postfix::ListenPlan& p) {
  Strings out;
  for (const auto& n : p.notes) {
    if (n.kind == vs::config::NoteKind::refusal) out.push_back(n.where.str() + ": " + n.text);
  }
  return out;
}

vs::vserver::Guest guest(const std::vector<std::string>& nflags = {}) {
  return vs::test::guest("mail", {"192.0.2.41"}, nflags);
}

// The worst verdict over the plan's listeners.
Status worst(const vs::policy::BindPolicy& policy, const postfix::ListenPlan& p) {
  Status s = Status::ok;
  for (const auto& l : p.listeners)
    s = vs::plugin::worst(s, policy.judge(l.endpoint).status);
  return s;
}

}  // namespace

TEST(PostfixListen, DefaultIsTheWildcardOfBothFamilies) {
  const auto p = plan("");
  EXPECT_EQ(binds(p), (Strings{"tcp 0.0.0.0:25", "tcp [::]:25"}));
  EXPECT_EQ(p.interfaces.kind, postfix::Interfaces::Kind::all);
  EXPECT_EQ(p.interfaces.where.str(), "default");
  EXPECT_EQ(p.listeners[1].endpoint.scope(), vs::net::Scope::wildcard_v6_only);
  EXPECT_TRUE(p.listeners[0].from_interfaces);
  EXPECT_TRUE(p.notes.empty());
}

TEST(PostfixListen, InetProtocolsSelectsTheFamilies) {
  EXPECT_EQ(binds(plan("inet_protocols = ipv4\n")), (Strings{"tcp 0.0.0.0:25"}));
  EXPECT_EQ(binds(plan("inet_protocols = ipv6\ninet_interfaces = loopback-only\n")),
            (Strings{"tcp [::1]:25"}));
  EXPECT_EQ(binds(plan("inet_protocols = ipv4, ipv6\n")),
            (Strings{"tcp 0.0.0.0:25", "tcp [::]:25"}));
  const auto none = plan("inet_protocols =\n");
  EXPECT_TRUE(none.listeners.empty());
  EXPECT_EQ(
      messages(none),
      (Strings{"impaired main.cf:1: inet_protocols enables no protocol: no inet service listens"}));
  EXPECT_EQ(
      messages(plan("inet_protocols = IPv4\n")),
      (Strings{"refusal main.cf:1: unknown inet_protocols value \"IPv4\"",
               "impaired main.cf:1: inet_protocols enables no protocol: no inet service listens"}));
}

TEST(PostfixListen, LoopbackOnlyIsTheMachinesLoopbackAddresses) {
  const auto lo = plan("inet_interfaces = loopback-only\n");
  EXPECT_EQ(binds(lo), (Strings{"tcp 127.0.0.1:25", "tcp [::1]:25"}));
  EXPECT_TRUE(postfix::loopback_only(lo.interfaces));
  EXPECT_EQ(
      binds(plan("inet_interfaces = loopback-only\n", kSmtp, machine({"127.0.0.1", "192.0.2.1"}))),
      (Strings{"tcp 127.0.0.1:25"}));
}

TEST(PostfixListen, AddressesAndNamesThroughTheTreesHosts) {
  const auto list =
      plan("inet_interfaces = 192.0.2.41, [2001:db8::41] localhost 127.0.0.1 mail.example\n");
  // In getaddrinfo()'s order: ::1 before 127.0.0.1 (RFC 3484, gai.conf).
  EXPECT_EQ(binds(list), (Strings{"tcp 192.0.2.41:25", "tcp [2001:db8::41]:25", "tcp [::1]:25",
                                  "tcp 127.0.0.1:25", "tcp 192.0.2.1:25"}));
  EXPECT_FALSE(postfix::loopback_only(list.interfaces));
  EXPECT_EQ(postfix::resolved_text(list.listeners[4].origin, list.listeners[4].endpoint.address),
            "mail.example is 192.0.2.1 (/etc/hosts:3)");
  EXPECT_TRUE(list.listeners[0].origin.empty());
  EXPECT_TRUE(postfix::loopback_only(plan("inet_interfaces = localhost, [::1]\n").interfaces));
  // The same address from two names is one.
  EXPECT_EQ(binds(plan("inet_interfaces = mail, mail.example, 192.0.2.1\n")),
            (Strings{"tcp 192.0.2.1:25"}));
  // inet_protocols decides the family getaddrinfo() is asked for.
  EXPECT_EQ(binds(plan("inet_protocols = ipv4\ninet_interfaces = localhost\n")),
            (Strings{"tcp 127.0.0.1:25"}));
}

TEST(PostfixListen, InetAtonFormsAreAddresses) {
  EXPECT_EQ(binds(plan("inet_interfaces = 127.1\n")), (Strings{"tcp 127.0.0.1:25"}));
  EXPECT_EQ(binds(plan("inet_interfaces = 0177.0.0.1\n")), (Strings{"tcp 127.0.0.1:25"}));
  // 0 is 0.0.0.0, which no interface has.
  EXPECT_EQ(refusals(plan("inet_interfaces = 0\n", kSmtp, here())),
            (Strings{"main.cf:1: parameter inet_interfaces: no local interface found for 0.0.0.0: "
                     "none of the test's interfaces has it"}));
}

TEST(PostfixListen, ANameTheFilesDoNotKnowStaysAName) {
  const auto p = plan("inet_interfaces = mail.example.org\n", kSmtp, here());
  EXPECT_EQ(binds(p), (Strings{"tcp mail.example.org:25"}));
  EXPECT_TRUE(p.listeners[0].endpoint.is_name());
  EXPECT_TRUE(refusals(p).empty());
}

TEST(PostfixListen, ATopLevelDomainHasNoAddress) {
  EXPECT_EQ(refusals(plan("inet_interfaces = mx.\n")),
            (Strings{"main.cf:1: config variable inet_interfaces: host not found: mx. (not in "
                     "/etc/hosts, and a top-level domain has no address)"}));
}

TEST(PostfixListen, MyhostnameIsTheMachinesName) {
  // vs1 has no dot: Postfix adds .localdomain, which /etc/hosts does not know.
  EXPECT_EQ(binds(plan("inet_interfaces = $myhostname\n")), (Strings{"tcp vs1.localdomain:25"}));
  EXPECT_EQ(binds(plan("mydomain = example.org\ninet_interfaces = $myhostname\n")),
            (Strings{"tcp 127.0.1.1:25"}));
  // Debian's 127.0.1.1 line is no interface's address.
  EXPECT_EQ(
      refusals(plan("mydomain = example.org\ninet_interfaces = $myhostname\n", kSmtp, here())),
      (Strings{"main.cf:2: parameter inet_interfaces: no local interface found for "
               "127.0.1.1 (vs1.example.org, /etc/hosts:2): none of the test's interfaces "
               "has it"}));
  // Unknown machine name: not judged.
  vs::config::Machine nameless = here();
  nameless.name.reset();
  nameless.name_unknown = "/etc/hostname names no host";
  const auto p = plan("inet_interfaces = $myhostname\n", kSmtp, nameless);
  EXPECT_EQ(binds(p), (Strings{"tcp $myhostname:25"}));
  EXPECT_EQ(messages(p), (Strings{"unjudged main.cf:1: $myhostname defaults to the machine's "
                                  "name, which is unknown (/etc/hostname names no host): "
                                  "inet_interfaces is not judged"}));
}

TEST(PostfixListen, AnInvalidMyhostnameIsFatal) {
  EXPECT_EQ(refusals(plan("myhostname = mail.example.\n")),
            (Strings{"main.cf:1: file main.cf: parameter myhostname: bad parameter value: "
                     "mail.example."}));
  EXPECT_EQ(refusals(plan("myhostname = mail.$mydomain\n")),
            (Strings{"main.cf:1: file main.cf: parameter myhostname: bad parameter value: "
                     "mail."}));
  // myhostname first: vs1.-x is no host name either.
  EXPECT_EQ(refusals(plan("mydomain = -x\n")),
            (Strings{"/etc/hostname:1: file main.cf: parameter myhostname: bad parameter value: "
                     "vs1.-x"}));
  EXPECT_EQ(refusals(plan("myhostname = mail.example\nmydomain = -x\n")),
            (Strings{"main.cf:2: file main.cf: parameter mydomain: bad parameter value: -x"}));
  auto odd = here();
  odd.name = vs::config::MachineName{"vs_1-", {"/etc/hostname", 1}};
  EXPECT_EQ(refusals(plan("", kSmtp, odd)),
            (Strings{"/etc/hostname:1: file main.cf: parameter myhostname: bad parameter "
                     "value: vs_1-.localdomain"}));
}

TEST(PostfixListen, PostconfSeesOnlyMainCf) {
  // postfix(1) reads mx.example, postconf "mx.".
  const std::string main_cf = "myhostname = mail.example\ninet_interfaces = mx.$mydomain\n";
  const auto p = plan(main_cf + "", kSmtp, here());
  EXPECT_EQ(refusals(p),
            (Strings{"main.cf:2: config variable inet_interfaces: host not found: mx. (not in "
                     "/etc/hosts, and a top-level domain has no address); postconf, which "
                     "\"postfix start\" runs, reads inet_interfaces as \"mx.\": it gives "
                     "$mydomain no value; set it in main.cf"}));
  // Set in main.cf, it is the same for both.
  EXPECT_TRUE(refusals(plan("mydomain = example\n" + main_cf, kSmtp, here())).empty());
  // $myhostname alone is empty there: nothing to look up.
  EXPECT_TRUE(refusals(plan("mydomain = example.org\ninet_interfaces = $myhostname\n")).empty());
}

TEST(PostfixListen, KeywordsInAnyCaseAreRecognisedButPostfixRefusesThem) {
  const auto all = plan("inet_interfaces = ALL\n");
  EXPECT_EQ(all.interfaces.kind, postfix::Interfaces::Kind::all);
  EXPECT_EQ(binds(all), (Strings{"tcp 0.0.0.0:25", "tcp [::]:25"}));
  EXPECT_EQ(messages(all),
            (Strings{"refusal main.cf:1: config variable inet_interfaces: host not found: ALL "
                     "(Postfix's keywords are lower case: all, loopback-only)"}));
  const auto lo = plan("inet_interfaces = Loopback-Only\n");
  EXPECT_EQ(lo.interfaces.kind, postfix::Interfaces::Kind::loopback_only);
  EXPECT_TRUE(postfix::loopback_only(lo.interfaces));
  EXPECT_EQ(lo.notes.size(), 1u);
}

TEST(PostfixListen, AKeywordInsideAListIsFatal) {
  EXPECT_EQ(refusals(plan("inet_interfaces = all, 192.0.2.41\n")),
            (Strings{"main.cf:1: config variable inet_interfaces: host not found: all (\"all\" is "
                     "a keyword only as the whole value)"}));
}

TEST(PostfixListen, NoTrailingComments) {
  EXPECT_EQ(refusals(plan("inet_interfaces = 192.0.2.1 # mail\n")),
            (Strings{"main.cf:1: config variable inet_interfaces: host not found: # (not in "
                     "/etc/hosts, and glibc does not look up such a name in DNS)"}));
}

TEST(PostfixListen, AnAddressOfADisabledFamilyIsFatal) {
  const auto p = plan("inet_protocols = ipv4\ninet_interfaces = [::1]\n");
  EXPECT_EQ(refusals(p), (Strings{"main.cf:2: config variable inet_interfaces: host not found: "
                                  "[::1] (inet_protocols does not enable ipv6)"}));
}

TEST(PostfixListen, AnAddressOfNoInterfaceIsFatal) {
  EXPECT_EQ(refusals(plan("inet_interfaces = 192.0.2.1, 192.0.2.9\n", kSmtp, here())),
            (Strings{"main.cf:1: parameter inet_interfaces: no local interface found for "
                     "192.0.2.9: none of the test's interfaces has it"}));
  EXPECT_EQ(refusals(plan("inet_interfaces = relay.example\n", kSmtp, here())),
            (Strings{"main.cf:1: parameter inet_interfaces: no local interface found for "
                     "192.0.2.9 (relay.example, /etc/hosts:4): none of the test's interfaces "
                     "has it"}));
  EXPECT_EQ(refusals(plan("inet_interfaces = 0.0.0.0\n", kSmtp, here())).size(), 1u);
  // Interfaces unknown (a --root tree): not claimed, said at -v.
  const auto p = plan("inet_interfaces = 192.0.2.9\n");
  EXPECT_TRUE(refusals(p).empty());
  EXPECT_EQ(messages(p),
            (Strings{"info main.cf:1: not checked against the machine's interfaces (192.0.2.9): "
                     "they are unknown for this tree; --local-addresses gives them"}));
}

TEST(PostfixListen, AnEmptyInetInterfacesLeavesMasterNoAddress) {
  EXPECT_EQ(refusals(plan("inet_interfaces =\n")),
            (Strings{"master.cf:1: no valid IP address found: smtp"}));
  EXPECT_EQ(refusals(plan("inet_interfaces = $vs_no_such_parameter\n")),
            (Strings{"master.cf:1: no valid IP address found: smtp"}));
  // Only services that take inet_interfaces need it.
  EXPECT_TRUE(
      refusals(plan("inet_interfaces =\n", "127.0.0.1:2525 inet n - y - - smtpd\n")).empty());
}

TEST(PostfixListen, AHugeInetInterfacesIsNotAllJudged) {
  std::string hosts;
  for (int i = 0; i < 300; ++i)
    hosts += " h" + std::to_string(i);
  const auto p = plan("inet_interfaces =" + hosts + "\n");
  EXPECT_EQ(p.listeners.size(), 256u);
  EXPECT_EQ(messages(p), (Strings{"unjudged main.cf:1: inet_interfaces names more than 256 hosts: "
                                  "the others are not judged"}));
}

TEST(PostfixListen, ExpansionErrors) {
  EXPECT_EQ(messages(plan("inet_interfaces = $a\na = $inet_interfaces\n")),
            (Strings{"refusal main.cf:1: inet_interfaces: expansion loop: inet_interfaces -> a -> "
                     "inet_interfaces"}));
}

TEST(PostfixListen, PinnedServicesBindTheirOwnHost) {
  const auto p = plan("inet_interfaces = 192.0.2.41\n",
                      "smtp inet n - y - - smtpd\n"
                      "127.0.0.1:10025 inet n - y - - smtpd\n"
                      "[::1]:submission inet n - y - - smtpd\n"
                      "localhost:smtps inet n - y - - smtpd\n"
                      "0177.0.0.1:2525 inet n - y - - smtpd\n"
                      "00.00.00.00:2526 inet n - y - - smtpd\n"
                      "192.0.2.1:sieve inet n - y - - smtpd\n"
                      "vs-mail inet n - y - - smtpd\n");
  EXPECT_EQ(binds(p), (Strings{"tcp 192.0.2.41:25", "tcp 127.0.0.1:10025", "tcp [::1]:587",
                               "tcp [::1]:465", "tcp 127.0.0.1:465", "tcp 127.0.0.1:2525",
                               "tcp 0.0.0.0:2526", "tcp 192.0.2.1:4190", "tcp 192.0.2.41:2626"}));
  EXPECT_FALSE(p.listeners[1].from_interfaces);
  EXPECT_EQ(p.listeners[1].where, (vs::Location{"master.cf", 2}));
  EXPECT_TRUE(refusals(p).empty());
}

TEST(PostfixListen, OneServicePerHostAndPort) {
  // "smtp" and "25" are one service; localhost and 127.0.0.1 are two (Postfix sets
  // SO_REUSEPORT: both bind).
  EXPECT_EQ(
      binds(plan("inet_protocols = ipv4\n",
                 "smtp inet n - y - - smtpd\n25 inet n - y - - smtpd\n"
                 "192.0.2.1:25 inet n - y - - smtpd\n192.0.2.1:smtp inet n - y - - smtpd\n"
                 "localhost:2525 inet n - y - - smtpd\n"
                 "127.0.0.1:2525 inet n - y - - smtpd\n")),
      (Strings{"tcp 0.0.0.0:25", "tcp 192.0.2.1:25", "tcp 127.0.0.1:2525", "tcp 127.0.0.1:2525"}));
}

TEST(PostfixListen, PortsFromKnownTcpPortsAndTheTreesServices) {
  EXPECT_EQ(binds(plan("inet_protocols = ipv4\nknown_tcp_ports = smtp=2525\n")),
            (Strings{"tcp 0.0.0.0:2525"}));
  EXPECT_EQ(binds(plan("inet_protocols = ipv4\n", "70000 inet n - y - - smtpd\n")),
            (Strings{"tcp 0.0.0.0:4464"}));
  EXPECT_EQ(refusals(plan("inet_protocols = ipv4\n", "192.0.2.1:amavis inet n - y - - smtpd\n")),
            (Strings{"master.cf:1: 192.0.2.1:amavis: Servname not supported for ai_socktype "
                     "(\"amavis\" is neither in known_tcp_ports nor in /etc/services)"}));
  EXPECT_EQ(messages(plan("known_tcp_ports = smtp = x\n")),
            (Strings{"ignored main.cf:1: known_tcp_ports: in \"smtp = x\": non-numerical "
                     "service port"}));
}

TEST(PostfixListen, PinnedHostsMasterCannotUse) {
  EXPECT_EQ(refusals(plan("inet_protocols = ipv4\n", "[2001:db8::1]:2525 inet n - y - - smtpd\n")),
            (Strings{"master.cf:1: bad hostname or network address: [2001:db8::1]:2525 "
                     "(inet_protocols does not enable ipv6)"}));
  EXPECT_EQ(refusals(plan("", "192.0.2.9:2525 inet n - y - - smtpd\n", here())),
            (Strings{"master.cf:1: bind 192.0.2.9 port 2525: Cannot assign requested address "
                     "(none of the test's interfaces has it)"}));
  EXPECT_TRUE(refusals(plan("", "[::]:2525 inet n - y - - smtpd\n", here())).empty());
  // Only master(8)'s first fatal error.
  EXPECT_EQ(
      refusals(
          plan("", "192.0.2.9:1 inet n - y - - smtpd\n192.0.2.8:1 inet n - y - - smtpd\n", here()))
          .size(),
      1u);
}

TEST(PostfixListen, ProblemsOfBothFilesAreCarried) {
  const auto p = plan("garbage\n", "smtp inet y - y - - smtpd\n");
  EXPECT_EQ(refusals(p), (Strings{"main.cf:1: missing '=' after attribute name",
                                  "master.cf:1: inet service cannot be private"}));
}

TEST(ReadPostfix, BindsNameTheirServiceAndLoopbackOnlyNeedsLoopback) {
  vs::test::TempDir t;
  t.write_tree({{"/etc/postfix/main.cf", "inet_interfaces = loopback-only\n"},
                {"/etc/postfix/master.cf", kSmtp}});
  const vs::fs::Tree tree(t.path());
  const auto c = postfix::read_postfix(tree, "/etc/postfix", machine());
  EXPECT_EQ(vs::test::config_lines(c, t.path()),
            (Strings{"/etc/postfix/master.cf:1: smtp tcp 127.0.0.1:25",
                     "/etc/postfix/master.cf:1: smtp tcp [::1]:25",
                     "refusal /etc/postfix/main.cf:1: no loopback interface (inet_interfaces = "
                     "loopback-only): use all or the guest's own address",
                     "info /etc/postfix/main.cf:1: inet_interfaces = loopback-only"}));
  EXPECT_TRUE(c.notes[0].needs_loopback);
  EXPECT_EQ(c.notes[0].brief, "no loopback interface");
  EXPECT_TRUE(c.notes[1].always_shown);
  // main.cf itself works as --config too.
  EXPECT_EQ(postfix::read_postfix(tree, "/etc/postfix/main.cf", machine()).endpoints.size(), 2u);
  EXPECT_EQ(vs::test::strip_root(postfix::read_postfix(tree, "/etc/postfix", machine()).files_read,
                                 t.path()),
            (Strings{"/etc/postfix/main.cf", "/etc/postfix/master.cf"}));
}

TEST(ReadPostfix, ANameSaysWhereItResolvedAndWhereMyhostnameComesFrom) {
  vs::test::TempDir t;
  t.write_tree({{"/etc/postfix/main.cf", "inet_interfaces = $myhostname\n"},
                {"/etc/postfix/master.cf", "smtp inet n - y - - smtpd\n"},
                {"/etc/hosts", "192.0.2.1 vs1.localdomain\n"}});
  const vs::fs::Tree tree(t.path());
  const auto c = postfix::read_postfix(tree, "/etc/postfix", here());
  EXPECT_EQ(vs::test::config_lines(c, t.path()),
            (Strings{"/etc/postfix/master.cf:1: smtp tcp 192.0.2.1:25, as vs1.localdomain is "
                     "192.0.2.1 (/etc/hosts:1)",
                     "info /etc/postfix/main.cf:1: myhostname is vs1.localdomain, from the "
                     "machine's name vs1 (/etc/hostname:1)",
                     "info /etc/postfix/main.cf:1: inet_interfaces = vs1.localdomain (written: "
                     "$myhostname)"}));
}

TEST(ReadPostfix, MasterServiceDisable) {
  vs::test::TempDir t;
  t.write_tree(
      {{"/etc/postfix/main.cf",
        "inet_protocols = ipv4\nmaster_service_disable = !submission/inet, inet\n"},
       {"/etc/postfix/master.cf", "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n"}});
  const vs::fs::Tree tree(t.path());
  const auto c = postfix::read_postfix(tree, "/etc/postfix", machine());
  ASSERT_EQ(c.endpoints.size(), 1u);
  EXPECT_EQ(c.endpoints[0].endpoint.str(), "tcp 0.0.0.0:587");
}

// The policy, per role, on what Postfix binds.
TEST(PostfixPolicy, HostAllIsCriticalLoopbackOnlyIsOk) {
  const auto host = vs::policy::BindPolicy::host({guest()});
  EXPECT_EQ(worst(host, plan("")), Status::critical);
  EXPECT_EQ(worst(host, plan("inet_interfaces = loopback-only\n")), Status::ok);
  EXPECT_EQ(worst(host, plan("inet_interfaces = 192.0.2.1\n")), Status::ok);
  const auto shadow = host.judge(plan("inet_protocols = ipv4\n").listeners.at(0).endpoint);
  EXPECT_EQ(shadow.reason,
            "wildcard; answers for guest mail (192.0.2.41): bind the host's own address");
}

TEST(PostfixPolicy, HostBindingAGuestAddressIsCritical) {
  const auto host = vs::policy::BindPolicy::host({guest()});
  const auto v = host.judge(plan("inet_interfaces = 192.0.2.41\n").listeners.at(0).endpoint);
  EXPECT_EQ(v.status, Status::critical);
  EXPECT_EQ(v.reason, "the host binds guest mail's address 192.0.2.41");
}

TEST(PostfixPolicy, GuestWithoutLoopback) {
  const auto g = guest();
  const auto policy = vs::test::guest_policy(g, false);
  EXPECT_EQ(worst(policy, plan("")), Status::ok);
  EXPECT_EQ(worst(policy, plan("inet_interfaces = 192.0.2.41\n")), Status::ok);
  EXPECT_EQ(worst(policy, plan("inet_interfaces = loopback-only\n")), Status::critical);
  EXPECT_EQ(worst(policy, plan("inet_interfaces = 192.0.2.99\n")), Status::critical);
  EXPECT_EQ(worst(policy,
                  plan("inet_interfaces = 192.0.2.41\n", "127.0.0.1:10025 inet n - y - - smtpd\n")),
            Status::critical);
  EXPECT_EQ(worst(vs::test::guest_policy(g, true), plan("")), Status::warning);
  EXPECT_EQ(worst(policy, plan("inet_interfaces = mail.example.org\n")), Status::warning);
}

TEST(PostfixPolicy, GuestWithLoopback) {
  EXPECT_EQ(worst(vs::test::guest_policy(guest({"lback_remap"}), false),
                  plan("inet_interfaces = loopback-only\n")),
            Status::ok);
  EXPECT_EQ(worst(vs::test::guest_policy(guest({"lback_allow"}), false),
                  plan("inet_interfaces = localhost\n")),
            Status::ok);
  EXPECT_EQ(worst(vs::test::guest_policy(guest(), false, true),
                  plan("inet_interfaces = loopback-only\n")),
            Status::ok);
}
