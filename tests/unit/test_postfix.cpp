// main.cf and master.cf read with Postfix's rules (postconf(5), master(5)).
#include "config/postfix.hpp"

#include <gtest/gtest.h>

#include "config_lines.hpp"

namespace postfix = vs::config::postfix;
using Strings = std::vector<std::string>;

namespace {

std::string value_of(const std::string& text, const std::string& name = "inet_interfaces") {
  const auto main = postfix::parse_main_cf(text, "main.cf");
  const auto x = postfix::expand(main, name);
  return x.error.empty() ? x.value : "error: " + x.error;
}

Strings messages(const std::vector<vs::config::Note>& notes) {
  return vs::test::note_lines(notes, "");
}

}  // namespace

TEST(MainCf, NameValueWithWhitespaceAroundTheEqualsSign) {
  const auto m = postfix::parse_main_cf("a=1\nb   =   two words  \nc =\n", "main.cf");
  EXPECT_EQ(m.parameters.at("a").value, "1");
  EXPECT_EQ(m.parameters.at("b").value, "two words");
  EXPECT_EQ(m.parameters.at("c").value, "");
  EXPECT_EQ(m.parameters.at("b").where, (vs::Location{"main.cf", 2}));
  EXPECT_TRUE(m.notes.empty());
}

TEST(MainCf, ContinuationLinesJoinAcrossCommentsAndBlankLines) {
  const auto m = postfix::parse_main_cf(
      "inet_interfaces = 192.0.2.1,\n"
      "  192.0.2.2\n"
      "# a comment does not end the logical line\n"
      "\n"
      "\t192.0.2.3\n"
      "    # nor does an indented one\n"
      "other = x\n",
      "main.cf");
  EXPECT_EQ(m.parameters.at("inet_interfaces").value, "192.0.2.1, 192.0.2.2 192.0.2.3");
  EXPECT_EQ(m.parameters.at("inet_interfaces").where.line, 1);
  EXPECT_EQ(m.parameters.at("other").where.line, 7);
}

TEST(MainCf, HashIsACommentOnlyAtTheStartOfALine) {
  const auto m =
      postfix::parse_main_cf("#inet_interfaces = 127.0.0.1\na = b # not a comment\n", "main.cf");
  EXPECT_EQ(m.parameters.count("inet_interfaces"), 0u);
  EXPECT_EQ(m.parameters.at("a").value, "b # not a comment");
}

TEST(MainCf, LastAssignmentWins) {
  const auto m =
      postfix::parse_main_cf("inet_interfaces = all\ninet_interfaces = 192.0.2.41\n", "main.cf");
  EXPECT_EQ(m.parameters.at("inet_interfaces").value, "192.0.2.41");
  EXPECT_EQ(m.parameters.at("inet_interfaces").where, (vs::Location{"main.cf", 2}));
}

TEST(MainCf, NamesAreCaseSensitive) {
  EXPECT_EQ(value_of("Inet_Interfaces = 127.0.0.1\n"), "all");
}

TEST(MainCf, CarriageReturnsAndAMissingLastNewline) {
  EXPECT_EQ(value_of("inet_interfaces = 127.0.0.1\r\n"), "127.0.0.1");
  EXPECT_EQ(value_of("inet_interfaces = 127.0.0.1"), "127.0.0.1");
}

TEST(MainCf, SyntaxErrorsAreFatalAndLeadingWhitespaceOnlyWarns) {
  const auto m = postfix::parse_main_cf(
      "  inet_interfaces = 127.0.0.1\ngarbage\n= 1\nfoo bar = 1\nok = 1\n", "main.cf");
  EXPECT_EQ(messages(m.notes),
            (Strings{"ignored main.cf:1: a logical line must not start with whitespace: ignored",
                     "refusal main.cf:2: missing '=' after parameter name: \"garbage\"",
                     "refusal main.cf:3: missing parameter name: \"= 1\"",
                     "refusal main.cf:4: missing '=' after parameter name: \"foo bar = 1\""}));
  EXPECT_EQ(m.parameters.size(), 1u);
}

TEST(MainCf, BuiltInDefaults) {
  const auto m = postfix::parse_main_cf("", "main.cf");
  const auto p = postfix::lookup(m, "inet_interfaces");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->value, "all");
  EXPECT_EQ(p->where.str(), "default");
  EXPECT_EQ(postfix::lookup(m, "inet_protocols")->value, "all");
  EXPECT_EQ(postfix::lookup(m, "master_service_disable")->value, "");
  EXPECT_FALSE(postfix::lookup(m, "myhostname"));
}

TEST(Expansion, AllReferenceForms) {
  EXPECT_EQ(value_of("inet_interfaces = $a\na = 192.0.2.1\n"), "192.0.2.1");
  EXPECT_EQ(value_of("inet_interfaces = ${a}x\na = 192.0.2.1\n"), "192.0.2.1x");
  EXPECT_EQ(value_of("inet_interfaces = $(a)\na = 192.0.2.1\n"), "192.0.2.1");
  EXPECT_EQ(value_of("inet_interfaces = $a.x $a-b\na = 192\n"), "192.x 192-b");
  EXPECT_EQ(value_of("inet_interfaces = $$a\n"), "$a");
  EXPECT_EQ(value_of("inet_interfaces = $a $a\na = $b\nb = 127.0.0.1\n"), "127.0.0.1 127.0.0.1");
}

TEST(Expansion, Conditionals) {
  EXPECT_EQ(value_of("inet_interfaces = ${a?192.0.2.1}\na = yes\n"), "192.0.2.1");
  EXPECT_EQ(value_of("inet_interfaces = ${a?192.0.2.1}\na =\n"), "");
  EXPECT_EQ(value_of("inet_interfaces = ${a:192.0.2.1}\na =\n"), "192.0.2.1");
  EXPECT_EQ(value_of("inet_interfaces = ${a:192.0.2.1}\n"),
            "192.0.2.1");  // undefined counts as empty
  EXPECT_EQ(value_of("inet_interfaces = ${a?{$b}}\na = 1\nb = 127.0.0.1\n"), "127.0.0.1");
  EXPECT_EQ(value_of("inet_interfaces = ${a?{x}:{y}}\na = 1\n"), "x");
  EXPECT_EQ(value_of("inet_interfaces = ${a?{x}:{y}}\n"), "y");
  EXPECT_EQ(value_of("inet_interfaces = ${inet_protocols?{127.0.0.1}:{all}}\n"), "127.0.0.1");
}

TEST(Expansion, CyclesAreFatalAndNamed) {
  EXPECT_EQ(value_of("inet_interfaces = $inet_interfaces\n"),
            "error: expansion loop: inet_interfaces -> inet_interfaces");
  EXPECT_EQ(value_of("inet_interfaces = $a\na = ${b}\nb = x $(a)\n"),
            "error: expansion loop: inet_interfaces -> a -> b -> a");
  EXPECT_EQ(value_of("inet_interfaces = ${c?{$inet_interfaces}}\nc = 1\n"),
            "error: expansion loop: inet_interfaces -> inet_interfaces");
}

TEST(Expansion, ExponentialGrowthStops) {
  std::string text = "inet_interfaces = $p0\n";
  for (int i = 0; i < 40; ++i)
    text += "p" + std::to_string(i) + " = $p" + std::to_string(i + 1) + " $p" +
            std::to_string(i + 1) + "\n";
  text += "p40 = x\n";
  EXPECT_EQ(value_of(text), "error: expansion longer than 1 MiB");
}

TEST(Expansion, DeepChainsStopAtPostfixsNestingLimit) {
  std::string text = "inet_interfaces = $p0\n";
  for (int i = 0; i < 100000; ++i)
    text += "p" + std::to_string(i) + " = $p" + std::to_string(i + 1) + "\n";
  EXPECT_EQ(value_of(text), "error: unreasonable macro call nesting: p99");
}

TEST(Expansion, MalformedReferencesAreFatal) {
  EXPECT_EQ(value_of("inet_interfaces = $\n"), "error: empty macro name: $");
  EXPECT_EQ(value_of("inet_interfaces = ${a\n"), "error: truncated macro reference: ${a");
  EXPECT_EQ(value_of("inet_interfaces = ${}\n"), "error: empty macro name: ${}");
  EXPECT_EQ(value_of("inet_interfaces = ${a!b}\n"), "error: invalid macro reference: ${a!b}");
}

TEST(Expansion, UnknownNamesStayAsWrittenAndAreListed) {
  const auto m = postfix::parse_main_cf("inet_interfaces = $myhostname, ${mydomain}\n", "main.cf");
  const auto x = postfix::expand(m, "inet_interfaces");
  EXPECT_EQ(x.value, "$myhostname, ${mydomain}");
  EXPECT_EQ(x.unknown, (Strings{"myhostname", "mydomain"}));
  EXPECT_TRUE(x.guessed.empty());
  const auto tested =
      postfix::expand(postfix::parse_main_cf("inet_interfaces = ${myhostname?{all}}\n", "main.cf"),
                      "inet_interfaces");
  EXPECT_EQ(tested.value, "");
  EXPECT_EQ(tested.guessed, (Strings{"myhostname"}));
}

TEST(SplitList, CommasAndOrWhitespace) {
  EXPECT_EQ(postfix::split_list(" a, b,,c\td \n e "), (Strings{"a", "b", "c", "d", "e"}));
  EXPECT_TRUE(postfix::split_list(" , ").empty());
}

TEST(MasterCf, InetServicesWithAndWithoutHost) {
  const auto m = postfix::parse_master_cf(
      "# service type private unpriv chroot wakeup maxproc command\n"
      "smtp      inet  n       -       y       -       -       smtpd\n"
      "  -o syslog_name=postfix/smtp\n"
      "127.0.0.1:10025 inet n - y - - smtpd\n"
      "[::1]:submission inet n - y - - smtpd\n"
      "::1:smtps inet n - y - - smtpd\n"
      "pickup    unix  n       -       y       60      1       pickup\n"
      "628       inet  n       -       y       -       -       qmqpd\n",
      "master.cf");
  EXPECT_TRUE(m.notes.empty());
  ASSERT_EQ(m.services.size(), 5u);
  const auto& s = m.services;
  EXPECT_EQ(s[0].name, "smtp");
  EXPECT_EQ(s[0].host, "");
  EXPECT_EQ(s[0].port, "smtp");
  EXPECT_EQ(s[0].where, (vs::Location{"master.cf", 2}));
  EXPECT_EQ(s[1].host, "127.0.0.1");
  EXPECT_EQ(s[1].port, "10025");
  EXPECT_EQ(s[2].host, "::1");
  EXPECT_EQ(s[2].port, "submission");
  EXPECT_EQ(s[3].host, "::1");
  EXPECT_EQ(s[3].port, "smtps");
  EXPECT_EQ(s[4].port, "628");
}

TEST(MasterCf, TheLastDefinitionOfAServiceWins) {
  const auto m = postfix::parse_master_cf(
      "smtp inet n - y - - smtpd\n"
      "submission inet n - y - - smtpd\n"
      "smtp inet n - y - 1 postscreen\n",
      "master.cf");
  ASSERT_EQ(m.services.size(), 2u);
  EXPECT_EQ(m.services[0].name, "submission");
  EXPECT_EQ(m.services[1].name, "smtp");
  EXPECT_EQ(m.services[1].where.line, 3);
}

TEST(MasterCf, BrokenLinesAreFatal) {
  const auto m = postfix::parse_master_cf(
      "smtp inet n - y -\n"
      "smtp tcp n - y - - smtpd\n"
      "smtp inet - - y - - smtpd\n"
      "127.0.0.1: inet n - y - - smtpd\n"
      "[::1] inet n - y - - smtpd\n",
      "master.cf");
  EXPECT_TRUE(m.services.empty());
  EXPECT_EQ(
      messages(m.notes),
      (Strings{
          "refusal master.cf:1: a service needs 8 fields (name, type, private, unpriv, chroot, "
          "wakeup, "
          "maxproc, command): \"smtp inet n - y -\"",
          "refusal master.cf:2: bad service type: tcp",
          "refusal master.cf:3: inet service smtp cannot be private (the third field must be n)",
          "refusal master.cf:4: missing port in service name \"127.0.0.1:\"",
          "refusal master.cf:5: missing port in service name \"[::1]\""}));
}

TEST(ServicePort, NumbersAndTheMailServiceNames) {
  EXPECT_EQ(postfix::service_port("smtp"), 25);
  EXPECT_EQ(postfix::service_port("submission"), 587);
  EXPECT_EQ(postfix::service_port("submissions"), 465);
  EXPECT_EQ(postfix::service_port("smtps"), 465);
  EXPECT_EQ(postfix::service_port("qmqp"), 628);
  EXPECT_EQ(postfix::service_port("10025"), 10025);
  EXPECT_FALSE(postfix::service_port("0"));
  EXPECT_FALSE(postfix::service_port("65536"));
  EXPECT_FALSE(postfix::service_port("SMTP"));  // services(5) names are case-sensitive
  EXPECT_FALSE(postfix::service_port("amavis"));
}
