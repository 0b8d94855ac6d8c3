// What master(8) binds, and how BindPolicy judges it for the host and for a guest.
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

postfix::ListenPlan plan(const std::string& main_cf, const std::string& master_cf = kSmtp) {
  return postfix::plan_listeners(postfix::parse_main_cf(main_cf, "main.cf"),
                                 postfix::parse_master_cf(master_cf, "master.cf"));
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

TEST(PostfixListen, LoopbackOnlyAndAddresses) {
  const auto lo = plan("inet_interfaces = loopback-only\n");
  EXPECT_EQ(binds(lo), (Strings{"tcp 127.0.0.1:25", "tcp [::1]:25"}));
  EXPECT_TRUE(postfix::loopback_only(lo.interfaces));

  const auto list = plan("inet_interfaces = 192.0.2.41, [2001:db8::41] localhost 127.0.0.1\n");
  EXPECT_EQ(binds(list), (Strings{"tcp 192.0.2.41:25", "tcp [2001:db8::41]:25", "tcp 127.0.0.1:25",
                                  "tcp [::1]:25"}));
  EXPECT_FALSE(postfix::loopback_only(list.interfaces));
  EXPECT_TRUE(postfix::loopback_only(plan("inet_interfaces = localhost, [::1]\n").interfaces));
}

TEST(PostfixListen, HostNamesAreKeptAsNames) {
  const auto p = plan("inet_interfaces = mail.example.org, $myhostname\n");
  EXPECT_EQ(binds(p), (Strings{"tcp mail.example.org:25", "tcp $myhostname:25"}));
  EXPECT_TRUE(p.listeners[0].endpoint.is_name());
}

TEST(PostfixListen, ATestOfAnUnknownParameterWarns) {
  const auto p = plan("inet_interfaces = ${mydomain:loopback-only}\n");
  EXPECT_EQ(p.interfaces.kind, postfix::Interfaces::Kind::loopback_only);
  EXPECT_EQ(
      messages(p),
      (Strings{"unjudged main.cf:1: inet_interfaces tests $mydomain, which main.cf does not set: "
               "taken as empty, Postfix's built-in value may differ"}));
}

TEST(PostfixListen, KeywordsInAnyCaseAreRecognisedButPostfixRefusesThem) {
  const auto all = plan("inet_interfaces = ALL\n");
  EXPECT_EQ(all.interfaces.kind, postfix::Interfaces::Kind::all);
  EXPECT_EQ(binds(all), (Strings{"tcp 0.0.0.0:25", "tcp [::]:25"}));
  EXPECT_EQ(messages(all),
            (Strings{"refusal main.cf:1: Postfix reads \"ALL\" as a host name (its keywords are "
                     "lower case): host not found"}));
  const auto lo = plan("inet_interfaces = Loopback-Only\n");
  EXPECT_EQ(lo.interfaces.kind, postfix::Interfaces::Kind::loopback_only);
  EXPECT_TRUE(postfix::loopback_only(lo.interfaces));
  EXPECT_EQ(lo.notes.size(), 1u);
}

TEST(PostfixListen, AKeywordInsideAListIsFatal) {
  const auto p = plan("inet_interfaces = all, 192.0.2.41\n");
  EXPECT_EQ(binds(p), (Strings{"tcp 192.0.2.41:25"}));
  EXPECT_EQ(
      messages(p),
      (Strings{"refusal main.cf:1: \"all\" is a keyword only as the whole value: Postfix looks "
               "it up as a host name: host not found"}));
}

TEST(PostfixListen, AnAddressOfADisabledFamilyIsFatal) {
  const auto p = plan("inet_protocols = ipv4\ninet_interfaces = [::1]\n");
  EXPECT_TRUE(p.listeners.empty());
  EXPECT_EQ(
      messages(p),
      (Strings{"refusal main.cf:2: host not found: [::1]: inet_protocols does not enable ipv6"}));
}

TEST(PostfixListen, ExpansionErrorsAndEmptyValues) {
  EXPECT_EQ(messages(plan("inet_interfaces = $a\na = $inet_interfaces\n")),
            (Strings{"refusal main.cf:1: inet_interfaces: expansion loop: inet_interfaces -> a -> "
                     "inet_interfaces"}));
  const auto empty = plan("inet_interfaces =\n");
  EXPECT_TRUE(empty.listeners.empty());
  EXPECT_EQ(messages(empty),
            (Strings{"impaired main.cf:1: inet_interfaces is empty: services without a host in "
                     "master.cf listen nowhere"}));
}

TEST(PostfixListen, PinnedServicesBindTheirOwnHost) {
  const auto p = plan("inet_interfaces = 192.0.2.41\n",
                      "smtp inet n - y - - smtpd\n"
                      "127.0.0.1:10025 inet n - y - - smtpd\n"
                      "[::1]:submission inet n - y - - smtpd\n"
                      "localhost:smtps inet n - y - - smtpd\n");
  EXPECT_EQ(binds(p), (Strings{"tcp 192.0.2.41:25", "tcp 127.0.0.1:10025", "tcp [::1]:587",
                               "tcp 127.0.0.1:465", "tcp [::1]:465"}));
  EXPECT_FALSE(p.listeners[1].from_interfaces);
  EXPECT_EQ(p.listeners[1].where, (vs::Location{"master.cf", 2}));
}

TEST(PostfixListen, UnknownServiceNameWarnsAndIsJudgedWithoutAPort) {
  const auto p = plan("inet_interfaces = 192.0.2.41\n", "127.0.0.1:amavis inet n - y - - smtpd\n");
  EXPECT_EQ(binds(p), (Strings{"tcp 127.0.0.1"}));
  EXPECT_EQ(
      messages(p),
      (Strings{"unjudged master.cf:1: unknown service name \"amavis\" in 127.0.0.1:amavis: not a "
               "port this check knows (judged without a port)"}));
}

TEST(PostfixListen, MasterServiceDisable) {
  const std::string master = "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n";
  EXPECT_EQ(binds(plan("inet_protocols = ipv4\nmaster_service_disable = smtp/inet\n", master)),
            (Strings{"tcp 0.0.0.0:587"}));
  EXPECT_TRUE(binds(plan("master_service_disable = inet\n", master)).empty());
  EXPECT_EQ(binds(plan("inet_protocols = ipv4\nmaster_service_disable = !submission/inet, inet\n",
                       master)),
            (Strings{"tcp 0.0.0.0:587"}));
}

TEST(PostfixListen, ProblemsOfBothFilesAreCarried) {
  const auto p = plan("garbage\n", "smtp inet y - y - - smtpd\n");
  EXPECT_EQ(p.notes.size(), 2u);
  EXPECT_EQ(p.notes[0].kind, vs::config::NoteKind::refusal);
  EXPECT_EQ(p.notes[1].kind, vs::config::NoteKind::refusal);
}

TEST(ReadPostfix, BindsNameTheirServiceAndLoopbackOnlyNeedsLoopback) {
  vs::test::TempDir t;
  t.write_tree({{"/etc/postfix/main.cf", "inet_interfaces = loopback-only\n"},
                {"/etc/postfix/master.cf", kSmtp}});
  const vs::fs::Tree tree(t.path());
  const auto c = postfix::read_postfix(tree, "/etc/postfix");
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
  EXPECT_EQ(postfix::read_postfix(tree, "/etc/postfix/main.cf").endpoints.size(), 2u);
  EXPECT_EQ(vs::test::strip_root(postfix::read_postfix(tree, "/etc/postfix").files_read, t.path()),
            (Strings{"/etc/postfix/main.cf", "/etc/postfix/master.cf"}));
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
