// SPDX-License-Identifier: GPL-3.0-or-later
// check_vs_listen's judgement: classification of live sockets, shadowing, the
// guests' own sockets, exemptions, expectations and the ranges on the metric.
#include <gtest/gtest.h>

#include "guests.hpp"
#include "plugin/options.hpp"
#include "policy/listen_policy.hpp"

using vs::net::Address;
using vs::net::Listener;
using vs::net::Process;
using vs::net::Proto;
using vs::net::Scope;
using vs::plugin::Range;
using vs::plugin::Status;
using vs::policy::BindPolicy;
using vs::policy::Expectation;
using vs::policy::ListenRules;
using vs::policy::ListenScope;
using vs::policy::PortRule;
using vs::policy::Thresholds;

namespace {

Address A(const char* s) {
  return *Address::parse(s);
}

Listener L(Proto proto, const char* address, std::uint16_t port,
           std::optional<bool> v6only = std::nullopt, std::optional<Process> process = std::nullopt,
           std::string device = {}) {
  Listener l;
  l.endpoint.proto = proto;
  l.endpoint.address = A(address);
  l.endpoint.port = port;
  l.endpoint.v6only = v6only;
  l.endpoint.device = std::move(device);
  l.process = std::move(process);
  return l;
}

Process P(int pid, const char* command, std::optional<unsigned> vxid = std::nullopt) {
  return Process{pid, command, 0, vxid};
}

// A guest running in context `xid`.
vs::vserver::Guest guest(const std::string& name, const std::vector<std::string>& ips,
                         unsigned xid) {
  vs::vserver::Guest g = vs::test::guest(name, ips);
  g.xid = xid;
  g.running = true;
  return g;
}

const std::vector<vs::vserver::Guest> kGuests = {guest("mail", {"192.0.2.41"}, 41),
                                                 guest("web1", {"192.0.2.40", "2001:db8::40"}, 40)};

std::vector<ListenScope> host_scope() {
  ListenScope s{BindPolicy::host(kGuests), {}, false, {{40, "web1"}, {41, "mail"}}};
  return {s};
}

Thresholds host_defaults() {
  return vs::policy::listen_thresholds(true, false, {}, {});
}

std::string lines(const vs::plugin::Result& r, int verbosity = 1) {
  return vs::plugin::render("VS_LISTEN", r, verbosity, 0);
}

double perf(const vs::plugin::Result& r, const std::string& label) {
  for (const auto& p : r.perfdata) {
    if (p.label == label) return p.value;
  }
  ADD_FAILURE() << "no perfdata " << label;
  return -1;
}

// --- classification of what the sources report -------------------------------

TEST(Classification, LiveAddresses) {
  EXPECT_EQ(L(Proto::tcp, "0.0.0.0", 22).endpoint.scope(), Scope::wildcard_v4);
  EXPECT_EQ(L(Proto::tcp, "::", 80, false).endpoint.scope(), Scope::wildcard_dual);
  EXPECT_EQ(L(Proto::tcp, "::", 80, true).endpoint.scope(), Scope::wildcard_v6_only);
  // /proc/net cannot tell v6only: assume the worse, dual-stack.
  EXPECT_EQ(L(Proto::tcp, "::", 80).endpoint.scope(), Scope::wildcard_dual);
  EXPECT_EQ(L(Proto::tcp, "::ffff:192.0.2.40", 25, false).endpoint.scope(), Scope::specific);
  EXPECT_EQ(L(Proto::tcp, "::ffff:0.0.0.0", 25, false).endpoint.scope(), Scope::wildcard_v4);
  const auto bound = L(Proto::tcp, "0.0.0.0", 8080, {}, {}, "eth1");
  EXPECT_TRUE(bound.endpoint.is_wildcard());
  EXPECT_EQ(bound.endpoint.str(), "tcp 0.0.0.0%eth1:8080");
}

// --- rules ---------------------------------------------------------------------

TEST(PortRule, ParsesAndMatches) {
  const auto any = PortRule::parse("22");
  EXPECT_FALSE(any.proto);
  EXPECT_TRUE(any.matches(L(Proto::tcp, "0.0.0.0", 22).endpoint));
  EXPECT_TRUE(any.matches(L(Proto::udp, "0.0.0.0", 22).endpoint));
  const auto udp = PortRule::parse("udp/53");
  EXPECT_EQ(udp.str(), "udp/53");
  EXPECT_TRUE(udp.matches(L(Proto::udp, "::", 53).endpoint));
  EXPECT_FALSE(udp.matches(L(Proto::tcp, "::", 53).endpoint));
  for (const char* bad : {"", "0", "65536", "tcp/", "sctp/22", "22x", "-1"}) {
    EXPECT_THROW(PortRule::parse(bad), vs::plugin::UsageError) << bad;
  }
}

TEST(Expectation, ParsesEveryForm) {
  const auto v4 = Expectation::parse("192.0.2.40:25");
  EXPECT_EQ(v4.proto, Proto::tcp);
  EXPECT_EQ(v4.str(), "tcp 192.0.2.40:25");
  EXPECT_EQ(Expectation::parse("udp/[2001:db8::40]:53").str(), "udp [2001:db8::40]:53");
  EXPECT_EQ(Expectation::parse("tcp/[::]:22").str(), "tcp [::]:22");
  for (const char* bad :
       {"192.0.2.40", "2001:db8::1:25", "host:25", "192.0.2.40:0", "[::1]:x", ":25"}) {
    EXPECT_THROW(Expectation::parse(bad), vs::plugin::UsageError) << bad;
  }
}

TEST(Expectation, MetOnlyExactlyThere) {
  const auto x = Expectation::parse("192.0.2.40:25");
  EXPECT_TRUE(x.met_by(L(Proto::tcp, "192.0.2.40", 25).endpoint));
  EXPECT_TRUE(x.met_by(
      L(Proto::tcp, "::ffff:192.0.2.40", 25, false).endpoint));   // v4-mapped is that address
  EXPECT_FALSE(x.met_by(L(Proto::tcp, "0.0.0.0", 25).endpoint));  // a wildcard is not "exactly"
  EXPECT_FALSE(x.met_by(L(Proto::udp, "192.0.2.40", 25).endpoint));
  EXPECT_FALSE(x.met_by(L(Proto::tcp, "192.0.2.40", 26).endpoint));
  const auto any4 = Expectation::parse("0.0.0.0:22");
  EXPECT_TRUE(any4.met_by(L(Proto::tcp, "0.0.0.0", 22).endpoint));
  EXPECT_FALSE(any4.met_by(L(Proto::tcp, "::", 22, true).endpoint));
  const auto any6 = Expectation::parse("[::]:22");
  EXPECT_TRUE(any6.met_by(L(Proto::tcp, "::", 22, true).endpoint));
  EXPECT_TRUE(any6.met_by(L(Proto::tcp, "::", 22, false).endpoint));
  EXPECT_FALSE(any6.met_by(L(Proto::tcp, "0.0.0.0", 22).endpoint));
}

TEST(ListenRules, Exemptions) {
  ListenRules rules;
  rules.allow_ports = {PortRule::parse("tcp/22")};
  rules.allow_processes = {"ntpd"};
  EXPECT_EQ(rules.exemption(L(Proto::tcp, "0.0.0.0", 22)), "--allow-port tcp/22");
  EXPECT_EQ(rules.exemption(L(Proto::udp, "0.0.0.0", 22)), "");
  EXPECT_EQ(rules.exemption(L(Proto::udp, "::", 123, false, P(7, "ntpd"))), "--allow-process ntpd");
  EXPECT_EQ(rules.exemption(L(Proto::udp, "::", 123, false, P(7, "ntpdate"))), "");
  EXPECT_EQ(rules.exemption(L(Proto::udp, "::", 123)), "");  // owner unknown: cannot match a name
}

TEST(Thresholds, DefaultsPerRoleAndReplacement) {
  const auto host = vs::policy::listen_thresholds(true, false, {}, {});
  EXPECT_FALSE(host.warning);
  EXPECT_EQ(host.critical->str(), "0");
  const auto guest = vs::policy::listen_thresholds(false, false, {}, {});
  EXPECT_FALSE(guest.warning);
  EXPECT_FALSE(guest.critical);
  const auto strict = vs::policy::listen_thresholds(false, true, {}, {});
  EXPECT_EQ(strict.warning->str(), "0");
  EXPECT_FALSE(strict.critical);
  // One given range replaces both defaults.
  const auto given = vs::policy::listen_thresholds(true, false, Range::parse("2"), {});
  EXPECT_EQ(given.warning->str(), "2");
  EXPECT_FALSE(given.critical);
}

// --- the judgement ---------------------------------------------------------------

TEST(JudgeHost, WildcardsAreCriticalAndNameTheGuestsTheyShadow) {
  const std::vector<Listener> ls = {
      L(Proto::tcp, "0.0.0.0", 22, {}, P(812, "sshd")),
      L(Proto::tcp, "::", 80, false, P(990, "apache2")),
      L(Proto::tcp, "192.0.2.41", 80, {}, P(1200, "nginx")),  // mail listens on its own :80
      L(Proto::tcp, "127.0.0.1", 25, {}, P(700, "master")),
  };
  const auto r = vs::policy::judge_listeners(ls, host_scope(), {}, host_defaults());
  EXPECT_EQ(r.status(), Status::critical);
  EXPECT_EQ(lines(r),
            "VS_LISTEN CRITICAL - 2 wildcard listeners of 4: tcp 0.0.0.0:22 (sshd), tcp [::]:80 "
            "(apache2) | "
            "listeners=4;;;0 wildcard=2;;0;0 guest_shadowed=4;;;0 exempt=0;;;0 "
            "wildcard_no_guest=0;;;0\n"
            "CRITICAL tcp 0.0.0.0:22 sshd[812] uid 0: wildcard; answers for guests mail "
            "(192.0.2.41), web1 "
            "(192.0.2.40): bind the host's own address\n"
            "CRITICAL tcp [::]:80 apache2[990] uid 0: wildcard (dual-stack: IPv6 and IPv4); "
            "answers for guest web1 "
            "(192.0.2.40, 2001:db8::40): bind the host's own address\n"
            "OK tcp 192.0.2.41:80 nginx[1200] uid 0: guest mail's own\n"
            "OK tcp 127.0.0.1:25 master[700] uid 0: loopback\n");
  // 22 on .40 and .41, 80 on .40 and 2001:db8::40 (mail has its own :80).
  EXPECT_EQ(perf(r, "guest_shadowed"), 4);
}

TEST(JudgeHost, SummaryOnlyWhenOk) {
  const std::vector<Listener> ls = {L(Proto::tcp, "198.51.100.1", 22, {}, P(1, "sshd"))};
  const auto r = vs::policy::judge_listeners(ls, host_scope(), {}, host_defaults());
  EXPECT_EQ(r.status(), Status::ok);
  EXPECT_EQ(
      vs::plugin::render("VS_LISTEN", r, 0, 0),
      "VS_LISTEN OK - 1 listener, none on a wildcard address | listeners=1;;;0 wildcard=0;;0;0 "
      "guest_shadowed=0;;;0 exempt=0;;;0 wildcard_no_guest=0;;;0\n");
}

TEST(JudgeHost, HostContextOnAGuestAddressIsCritical) {
  const std::vector<Listener> ls = {
      L(Proto::tcp, "192.0.2.40", 80, {}, P(5, "nginx", 0u)),    // VServer kernel, host context
      L(Proto::tcp, "192.0.2.40", 443, {}, P(6, "nginx", 40u)),  // web1's own context
      L(Proto::tcp, "192.0.2.41", 25, {},
        P(7, "master")),                 // plain kernel: cannot tell, the guest's
      L(Proto::tcp, "192.0.2.41", 110),  // owner unknown: the guest's
  };
  const auto r = vs::policy::judge_listeners(ls, host_scope(), {}, host_defaults());
  EXPECT_EQ(r.status(), Status::critical);
  const std::string out = lines(r);
  EXPECT_NE(
      out.find(
          "VS_LISTEN CRITICAL - tcp 192.0.2.40:80 (nginx): the host binds guest web1's address "
          "192.0.2.40 (the process runs in the host context, VxID 0) |"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find("OK tcp 192.0.2.40:443 nginx[6] uid 0: guest web1's own (context 40)\n"),
            std::string::npos);
  EXPECT_NE(out.find("OK tcp 192.0.2.41:25 master[7] uid 0: guest mail's own\n"),
            std::string::npos);
  EXPECT_NE(out.find("OK tcp 192.0.2.41:110 uid 0, no owning process found: guest mail's own\n"),
            std::string::npos);
  EXPECT_EQ(perf(r, "wildcard"), 0);
}

TEST(JudgeHost, GuestContextWildcardIsTheGuests) {
  // On a VServer kernel a guest's wildcard bind shows as 0.0.0.0 from the host.
  const std::vector<Listener> ls = {L(Proto::tcp, "0.0.0.0", 22, {}, P(9, "sshd", 40u))};
  const auto r = vs::policy::judge_listeners(ls, host_scope(), {}, host_defaults());
  EXPECT_EQ(r.status(), Status::ok);
  EXPECT_EQ(perf(r, "wildcard"), 0);
  EXPECT_EQ(perf(r, "guest_shadowed"), 0);
}

TEST(JudgeHost, ExemptWildcardsAreListedButNotCounted) {
  ListenRules rules;
  rules.allow_ports = {PortRule::parse("tcp/22")};
  rules.allow_processes = {"ntpd"};
  const std::vector<Listener> ls = {L(Proto::tcp, "0.0.0.0", 22, {}, P(812, "sshd")),
                                    L(Proto::udp, "::", 123, false, P(50, "ntpd"))};
  const auto r = vs::policy::judge_listeners(ls, host_scope(), rules, host_defaults());
  EXPECT_EQ(r.status(), Status::ok);
  EXPECT_EQ(perf(r, "wildcard"), 0);
  EXPECT_EQ(perf(r, "exempt"), 2);
  EXPECT_EQ(perf(r, "guest_shadowed"),
            5);  // still a fact: tcp/22 on two IPv4, udp/123 on all three
  const std::string out = lines(r);
  EXPECT_NE(out.find("VS_LISTEN OK - 2 listeners, none on a wildcard address, 2 exempt |"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("OK tcp 0.0.0.0:22 sshd[812] uid 0: exempt by --allow-port tcp/22: wildcard; "
                     "answers for"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("OK udp [::]:123 ntpd[50] uid 0: exempt by --allow-process ntpd: wildcard"),
            std::string::npos);
  // Not at verbosity 0.
  EXPECT_EQ(vs::plugin::render("VS_LISTEN", r, 0, 0).find("exempt by"), std::string::npos);
}

TEST(JudgeHost, RangesDecideTheWildcardStatus) {
  const std::vector<Listener> ls = {L(Proto::tcp, "0.0.0.0", 22), L(Proto::tcp, "0.0.0.0", 80),
                                    L(Proto::tcp, "0.0.0.0", 443)};
  const auto within = vs::policy::judge_listeners(
      ls, host_scope(), {}, vs::policy::listen_thresholds(true, false, {}, Range::parse("3")));
  EXPECT_EQ(within.status(), Status::ok);
  EXPECT_EQ(within.summary, "3 listeners, 3 wildcard within thresholds");
  const auto warn = vs::policy::judge_listeners(
      ls, host_scope(), {},
      vs::policy::listen_thresholds(true, false, Range::parse("2"), Range::parse("5")));
  EXPECT_EQ(warn.status(), Status::warning);
  EXPECT_EQ(warn.threshold_status, Status::warning);
  for (const auto& f : warn.findings) {
    EXPECT_EQ(f.status, Status::warning);
  }
  const auto crit = vs::policy::judge_listeners(
      ls, host_scope(), {}, vs::policy::listen_thresholds(true, false, {}, Range::parse("~:2")));
  EXPECT_EQ(crit.status(), Status::critical);
  const auto inside = vs::policy::judge_listeners(
      ls, host_scope(), {}, vs::policy::listen_thresholds(true, false, {}, Range::parse("@3:10")));
  EXPECT_EQ(inside.status(), Status::critical);
  EXPECT_EQ(inside.perfdata[1].str(), "wildcard=3;;@3:10;0");
}

TEST(JudgeHost, WithoutGuestsWildcardsAreWarningAndNotCounted) {
  const std::vector<Listener> ls = {L(Proto::tcp, "0.0.0.0", 22, {}, P(812, "sshd")),
                                    L(Proto::tcp, "192.0.2.1", 25, {}, P(700, "master"))};
  const std::vector<ListenScope> no_guests = {{BindPolicy::host({}), {}, false, {}}};
  const auto r = vs::policy::judge_listeners(ls, no_guests, {}, host_defaults());
  EXPECT_EQ(r.status(), Status::warning);
  EXPECT_EQ(r.threshold_status, Status::ok);
  EXPECT_EQ(lines(r, 0),
            "VS_LISTEN WARNING - no guests configured: 1 wildcard listener answers for no guest "
            "today: tcp 0.0.0.0:22 (sshd) | listeners=2;;;0 wildcard=0;;0;0 guest_shadowed=0;;;0 "
            "exempt=0;;;0 wildcard_no_guest=1;;;0\n"
            "WARNING tcp 0.0.0.0:22 sshd[812] uid 0: wildcard; answers for no guest today (no "
            "guests configured), but will for every guest added: bind the host's own address\n");
  // The ranges do not make it worse (nor better): it harms no guest today.
  const auto ranged = vs::policy::judge_listeners(
      ls, no_guests, {}, vs::policy::listen_thresholds(true, false, {}, Range::parse("~:0")));
  EXPECT_EQ(ranged.status(), Status::warning);
  // Exempt, it is OK as any exempt wildcard.
  ListenRules allow;
  allow.allow_ports.push_back(PortRule::parse("22"));
  EXPECT_EQ(vs::policy::judge_listeners(ls, no_guests, allow, host_defaults()).status(),
            Status::ok);
}

TEST(JudgeHost, AnIpv6OnlyWildcardWithIpv4GuestsIsWarning) {
  const std::vector<vs::vserver::Guest> v4 = {guest("mail", {"192.0.2.41"}, 41)};
  const std::vector<ListenScope> scope = {{BindPolicy::host(v4), {}, false, {}}};
  const std::vector<Listener> ls = {L(Proto::tcp, "::", 22, true, P(812, "sshd")),
                                    L(Proto::tcp, "0.0.0.0", 22, {}, P(812, "sshd"))};
  const auto r = vs::policy::judge_listeners(ls, scope, {}, host_defaults());
  EXPECT_EQ(r.status(), Status::critical);
  EXPECT_EQ(perf(r, "wildcard"), 1);
  EXPECT_EQ(perf(r, "wildcard_no_guest"), 1);
  EXPECT_EQ(r.findings[0].status, Status::warning);
  EXPECT_EQ(r.findings[0].text,
            "wildcard (IPv6 only); answers for no guest today (no guest has an IPv6 address), but "
            "will for the first that gets one: bind the host's own address");
  EXPECT_EQ(r.summary,
            "1 wildcard listener of 2: tcp 0.0.0.0:22 (sshd); 1 wildcard listener answers for no "
            "guest today: tcp [::]:22 (sshd)");
}

TEST(JudgeHost, DeviceBoundAndMappedAddressesAreSaidSo) {
  const std::vector<Listener> ls = {L(Proto::tcp, "0.0.0.0", 8080, {}, {}, "eth1"),
                                    L(Proto::tcp, "::ffff:198.51.100.7", 25, false)};
  const auto r = vs::policy::judge_listeners(ls, host_scope(), {}, host_defaults(), {false});
  const std::string out = lines(r);
  EXPECT_NE(out.find("CRITICAL tcp 0.0.0.0%eth1:8080 uid 0: wildcard on device eth1 only;"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("OK tcp [::ffff:198.51.100.7]:25 uid 0: IPv4 address 198.51.100.7 "
                     "(v4-mapped); a precise address"),
            std::string::npos)
      << out;
}

TEST(JudgeHost, Expectations) {
  ListenRules rules;
  rules.expect = {Expectation::parse("192.0.2.41:25"), Expectation::parse("udp/[2001:db8::40]:53")};
  const std::vector<Listener> ls = {L(Proto::tcp, "192.0.2.41", 25, {}, P(7, "master"))};
  const auto r = vs::policy::judge_listeners(ls, host_scope(), rules, host_defaults());
  EXPECT_EQ(r.status(), Status::critical);
  const std::string out = lines(r);
  EXPECT_NE(out.find("VS_LISTEN CRITICAL - udp [2001:db8::40]:53: nothing listens there |"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("CRITICAL --expect udp [2001:db8::40]:53: nothing listens there\n"),
            std::string::npos);
  EXPECT_NE(out.find("OK --expect tcp 192.0.2.41:25: listening: master[7] uid 0\n"),
            std::string::npos);
}

TEST(JudgeHost, OwnerDescriptions) {
  Listener l = L(Proto::tcp, "0.0.0.0", 22);
  l.uid = 104;
  EXPECT_EQ(vs::policy::describe_owner(l, false), "uid 104");
  EXPECT_EQ(vs::policy::describe_owner(l, true), "uid 104, no owning process found");
  l.owner_hidden = true;
  EXPECT_EQ(vs::policy::describe_owner(l, true), "uid 104, owner unknown (run as root)");
  l.process = P(812, "sshd");
  EXPECT_EQ(vs::policy::describe_owner(l, true), "sshd[812] uid 104");
}

TEST(JudgeGuest, FromTheHostOnlyTheGuestsSockets) {
  const ListenScope web1{vs::test::guest_policy(kGuests[1], false, true), 40u, true, {}};
  const std::vector<Listener> ls = {
      L(Proto::tcp, "192.0.2.40", 80, {}, P(1, "nginx")),     // on its address
      L(Proto::tcp, "0.0.0.0", 22, {}, P(2, "sshd", 40u)),    // its context's wildcard
      L(Proto::tcp, "0.0.0.0", 23, {}, P(3, "telnetd", 0u)),  // the host's
      L(Proto::tcp, "192.0.2.41", 25, {}, P(4, "master")),    // mail's
  };
  const std::vector<ListenScope> scopes{web1};
  const auto r = vs::policy::judge_listeners(ls, scopes, {},
                                             vs::policy::listen_thresholds(false, false, {}, {}));
  EXPECT_EQ(r.status(), Status::ok);
  EXPECT_EQ(perf(r, "listeners"), 2);
  EXPECT_EQ(perf(r, "wildcard"), 1);
  EXPECT_EQ(r.summary, "2 listeners, 1 wildcard within thresholds");
  const std::string out = lines(r);
  EXPECT_NE(out.find("OK tcp 0.0.0.0:22 sshd[2] uid 0: wildcard, confined to guest web1's "
                     "addresses by the kernel"),
            std::string::npos)
      << out;

  const ListenScope strict{vs::test::guest_policy(kGuests[1], true, true), 40u, true, {}};
  const std::vector<ListenScope> strict_scopes{strict};
  const auto s = vs::policy::judge_listeners(ls, strict_scopes, {},
                                             vs::policy::listen_thresholds(false, true, {}, {}));
  EXPECT_EQ(s.status(), Status::warning);
  EXPECT_EQ(s.summary.rfind("1 wildcard listener of 2: tcp 0.0.0.0:22 (sshd)", 0), 0u) << s.summary;
}

TEST(JudgeGuest, InsideTheGuestLoopbackAndForeignAddresses) {
  const ListenScope inside{
      BindPolicy::guest_context({A("192.0.2.40")}, false, vs::vserver::loopback_option(false)),
      {},
      false,
      {}};
  const std::vector<ListenScope> scopes{inside};
  const std::vector<Listener> ls = {L(Proto::tcp, "127.0.0.1", 3306, {}, P(1, "mysqld")),
                                    L(Proto::tcp, "192.0.2.99", 80, {}, P(2, "nginx")),
                                    L(Proto::tcp, "192.0.2.40", 443, {}, P(3, "nginx"))};
  const auto r = vs::policy::judge_listeners(ls, scopes, {},
                                             vs::policy::listen_thresholds(false, false, {}, {}));
  EXPECT_EQ(r.status(), Status::critical);
  EXPECT_EQ(perf(r, "listeners"), 3);
  const std::string out = lines(r);
  EXPECT_NE(out.find("CRITICAL tcp 127.0.0.1:3306 mysqld[1] uid 0: loopback address"),
            std::string::npos)
      << out;
  EXPECT_NE(
      out.find("CRITICAL tcp 192.0.2.99:80 nginx[2] uid 0: address 192.0.2.99 is not the guest's"),
      std::string::npos)
      << out;
}

// vs2.3 remaps mail's 127.0.0.1 to 127.0.41.1: what listens there is mail's loopback
// listener, judged as mail; a host-context process there takes mail's loopback traffic.
TEST(LoopbackListeners, ARemappedAddressIsTheGuestsLoopback) {
  vs::vserver::Loopback remapped{.has_loopback = true,
                                 .remapped = true,
                                 .address = A("127.0.41.1"),
                                 .source = vs::vserver::LoopbackSource::live,
                                 .reason = "loopback remapped to 127.0.41.1 (live NFlags)"};
  ListenScope host{BindPolicy::host(kGuests), {}, false, {{40, "web1"}, {41, "mail"}}};
  host.guest_loopbacks.push_back({A("127.0.41.1"), BindPolicy::guest(kGuests[0], false, remapped)});
  const std::vector<ListenScope> scopes{host};
  const std::vector<Listener> sockets = {L(Proto::tcp, "127.0.41.1", 25, {}, P(4230, "master")),
                                         L(Proto::tcp, "127.0.41.1", 631, {}, P(90, "cupsd", 0))};
  const auto r = vs::policy::judge_listeners(sockets, scopes, {}, host_defaults());
  EXPECT_EQ(r.status(), Status::critical);
  const std::string out = lines(r);
  EXPECT_NE(out.find("\nOK tcp 127.0.41.1:25 master[4230] uid 0: guest mail's loopback listener: "
                     "loopback; guest mail: loopback remapped to 127.0.41.1 (live NFlags)\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\nCRITICAL tcp 127.0.41.1:631 cupsd[90] uid 0: the host binds guest mail's "
                     "loopback address 127.0.41.1 (the process runs in the host context, VxID "
                     "0): the guest's connections to 127.0.0.1 reach it\n"),
            std::string::npos)
      << out;
  // Seen from the host as --guest mail, the same socket is mail's, on its loopback.
  const std::vector<ListenScope> as_mail{
      {BindPolicy::guest(kGuests[0], false, remapped), 41u, true, {}}};
  const auto m = vs::policy::judge_listeners(sockets, as_mail, {}, {});
  // Both are on its loopback address; which context holds one is the host role's to say.
  EXPECT_EQ(perf(m, "listeners"), 2);
}

// A guest with a network namespace of its own is judged on its own sockets only.
TEST(OwnNamespace, ItsSocketsAreJudgedInsteadOfTheSharedStack) {
  ListenScope db{
      BindPolicy::guest(vs::test::guest("db", {"192.0.2.43"}), false,
                        vs::vserver::Loopback{.has_loopback = true,
                                              .source = vs::vserver::LoopbackSource::live,
                                              .reason = "loopback on its own lo"}),
      43u,
      true,
      {}};
  db.own_sockets = std::vector<Listener>{L(Proto::tcp, "127.0.0.1", 3306, {}, P(4310, "mariadbd"))};
  const std::vector<Listener> shared = {L(Proto::tcp, "0.0.0.0", 22, {}, P(812, "sshd", 0))};
  ListenRules rules;
  rules.expect.push_back(Expectation::parse("127.0.0.1:3306"));
  const std::vector<ListenScope> scopes{db};
  const auto r = vs::policy::judge_listeners(shared, scopes, rules, {});
  EXPECT_EQ(r.status(), Status::ok) << lines(r);
  EXPECT_EQ(perf(r, "listeners"), 1);
  EXPECT_EQ(lines(r).find("sshd"), std::string::npos) << lines(r);
  EXPECT_NE(lines(r).find("OK --expect tcp 127.0.0.1:3306: listening: mariadbd[4310]"),
            std::string::npos)
      << lines(r);
}

}  // namespace
