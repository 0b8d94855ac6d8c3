// SPDX-License-Identifier: GPL-3.0-or-later
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
  // Postfix appends each continuation line as it is, its leading blanks included.
  EXPECT_EQ(m.parameters.at("inet_interfaces").value, "192.0.2.1,  192.0.2.2\t192.0.2.3");
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

TEST(MainCf, TheFirstSyntaxErrorIsFatalAndLeadingWhitespaceOnlyWarns) {
  const auto m = postfix::parse_main_cf(
      "  inet_interfaces = 127.0.0.1\nok = 1\ngarbage\n= 1\nlater = 1\n", "main.cf");
  EXPECT_EQ(messages(m.notes),
            (Strings{"ignored main.cf:1: a logical line must not start with whitespace: ignored",
                     "refusal main.cf:3: missing '=' after attribute name"}));
  // Postfix stops there: nothing after it counts.
  EXPECT_EQ(m.parameters.size(), 1u);
  EXPECT_EQ(messages(postfix::parse_main_cf("= 1\n", "main.cf").notes),
            (Strings{"refusal main.cf:1: missing attribute name"}));
  EXPECT_EQ(messages(postfix::parse_main_cf("foo bar = 1\n", "main.cf").notes),
            (Strings{"refusal main.cf:1: missing '=' after attribute name"}));
}

// Issue 15: a line that does not parse is named by its file and line, never quoted.
TEST(MainCf, ALineThatDoesNotParseIsNeverQuoted) {
  const std::string shadow =
      "root:$6$Zq8cKk3x$1YhLrQd1nKcQbq0hVr0gE9oYt4mU0pJk.QeJ5:19000:0:99999:7:::\n";
  const auto m = postfix::parse_main_cf(shadow, "/etc/shadow");
  ASSERT_EQ(m.notes.size(), 1u);
  EXPECT_EQ(m.notes[0].where, (vs::Location{"/etc/shadow", 1}));
  EXPECT_EQ(m.notes[0].text.find("$6$"), std::string::npos) << m.notes[0].text;
  EXPECT_EQ(m.notes[0].text.find("root"), std::string::npos) << m.notes[0].text;
}

TEST(MainCf, HugeNumbersOfParametersAreNotAllKept) {
  std::string text;
  for (std::size_t i = 0; i < postfix::kMaxParameters + 10; ++i)
    text += "p" + std::to_string(i) + " = x\n";
  text += "inet_interfaces = $p3\nmy_if = $p" + std::to_string(postfix::kMaxParameters + 5) + "\n";
  const auto m = postfix::parse_main_cf(text, "main.cf");
  EXPECT_EQ(m.parameters.size(), postfix::kMaxParameters + 1);  // inet_interfaces kept
  EXPECT_EQ(m.dropped, 11u);
  // A name that was kept expands; one that may have been dropped cannot be known.
  EXPECT_EQ(postfix::expand(m, "inet_interfaces").value, "x");
  const auto dropped = postfix::expand(m, "my_if");
  EXPECT_EQ(dropped.unknown, (Strings{"my_if"}));
}

TEST(MainCf, BuiltInDefaults) {
  const auto m = postfix::parse_main_cf("", "main.cf");
  const auto p = postfix::lookup(m, "inet_interfaces");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->value, "all");
  EXPECT_EQ(p->where.str(), "default");
  EXPECT_EQ(postfix::lookup(m, "inet_protocols")->value, "all");
  EXPECT_EQ(postfix::lookup(m, "master_service_disable")->value, "");
  EXPECT_EQ(postfix::lookup(m, "known_tcp_ports")->value,
            "lmtp=24, smtp=25, smtps=submissions=465, submission=587");
  // Computed from the machine's name, not a text.
  EXPECT_FALSE(postfix::lookup(m, "myhostname"));
  EXPECT_FALSE(postfix::builtin_default("mydomain"));
  // One mail_params_init() does not store before inet_interfaces.
  EXPECT_FALSE(postfix::builtin_default("double_bounce_sender"));
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

TEST(Expansion, WithoutTheMachinesNameMyhostnameIsUnknown) {
  const auto m = postfix::parse_main_cf("inet_interfaces = $myhostname, ${mydomain}\n", "main.cf");
  const auto x = postfix::expand(m, "inet_interfaces");
  EXPECT_EQ(x.value, "$myhostname, ${mydomain}");
  EXPECT_EQ(x.unknown, (Strings{"myhostname", "mydomain"}));
  // myhostname is never empty: a test of it holds.
  EXPECT_EQ(value_of("inet_interfaces = ${myhostname?{all}}\n"), "all");
}

TEST(Expansion, MyhostnameIsTheMachinesNameWithADomain) {
  const postfix::Defaults vs1{.machine_name = "vs1"};
  const postfix::Defaults fqdn{.machine_name = "mail.example.org"};
  auto expand = [](const std::string& text, const std::string& name, const postfix::Defaults& d) {
    return postfix::expand(postfix::parse_main_cf(text, "main.cf"), name, d).value;
  };
  EXPECT_EQ(expand("", "myhostname", vs1), "vs1.localdomain");
  EXPECT_EQ(expand("", "mydomain", vs1), "localdomain");
  EXPECT_EQ(expand("", "myhostname", fqdn), "mail.example.org");
  EXPECT_EQ(expand("", "mydomain", fqdn), "example.org");
  // check_myhostname() adds main.cf's mydomain; mydomain follows myhostname.
  EXPECT_EQ(expand("mydomain = example.net\n", "myhostname", vs1), "vs1.example.net");
  EXPECT_EQ(expand("myhostname = mx.example.com\n", "mydomain", vs1), "example.com");
  EXPECT_EQ(
      expand("inet_interfaces = mx.$mydomain\nmyhostname = mail.example\n", "inet_interfaces", vs1),
      "mx.example");
  EXPECT_EQ(expand("inet_interfaces = $myorigin\n", "inet_interfaces", vs1), "vs1.localdomain");
  EXPECT_EQ(expand("inet_interfaces = $mydestination\n", "inet_interfaces", vs1),
            "vs1.localdomain, localhost.localdomain, localhost");
}

TEST(Expansion, ADefaultIsSeenOnlyOnceStored) {
  // mail_params_init() stores mail_name before it reads inet_interfaces, and
  // double_bounce_sender after: the latter is empty there.
  EXPECT_EQ(value_of("inet_interfaces = 192.0.2.1 $mail_name\n"), "192.0.2.1 Postfix");
  EXPECT_EQ(value_of("inet_interfaces = 192.0.2.1 $double_bounce_sender\n"), "192.0.2.1 ");
  EXPECT_EQ(value_of("inet_interfaces = $vs_no_such_parameter\n"), "");
  // myhostname is stored before mydomain: "mail.$mydomain" is "mail." when
  // myhostname is read, and mail.<domain> once mydomain is stored.
  const auto m = postfix::parse_main_cf(
      "myhostname = mail.$mydomain\nmydomain = example\n"
      "inet_interfaces = $myhostname\n",
      "main.cf");
  EXPECT_EQ(postfix::expand(m, "inet_interfaces").value, "mail.example");
  const auto unset = postfix::parse_main_cf("myhostname = mail.$mydomain\n", "main.cf");
  EXPECT_EQ(postfix::expand(unset, "myhostname").value, "mail.");
  EXPECT_EQ(postfix::expand(unset, "mydomain").value, "");  // after the first dot of "mail."
}

// Found by fuzzing: a parameter that is no built-in, expanded itself, referring to one
// that is no built-in either.
TEST(Expansion, AParameterOfMainCfAloneReferringToAnUnknownOne) {
  EXPECT_EQ(value_of("a = x${b}y\n", "a"), "xy");
  EXPECT_EQ(value_of("a = ${b?{1}:{2}}\n", "a"), "2");
}

TEST(Expansion, PostconfKnowsOnlyMainCf) {
  const postfix::Defaults postconf{.evaluator = postfix::Evaluator::postconf,
                                   .machine_name = "vs1"};
  const auto m = postfix::parse_main_cf(
      "myhostname = mail.example\ninet_interfaces = mx.$mydomain $myhostname\n", "main.cf");
  const auto x = postfix::expand(m, "inet_interfaces", postconf);
  EXPECT_EQ(x.value, "mx. mail.example");
  EXPECT_EQ(x.defaulted, (Strings{"mydomain"}));
  EXPECT_TRUE(x.unknown.empty());
  EXPECT_EQ(postfix::expand(m, "inet_interfaces", {.machine_name = "vs1"}).value,
            "mx.example mail.example");
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

TEST(MasterCf, EveryInetServiceIsKeptInOrder) {
  // The same service twice is one to master(8), once its port is known: the
  // planner decides that, with the tree's /etc/services.
  const auto m = postfix::parse_master_cf(
      "smtp inet n - y - - smtpd\n"
      "submission inet n - y - - smtpd\n"
      "25 inet n - y - 1 postscreen\n",
      "master.cf");
  ASSERT_EQ(m.services.size(), 3u);
  EXPECT_EQ(m.services[2].name, "25");
  EXPECT_EQ(m.services[2].where.line, 3);
}

TEST(MasterCf, TheFirstBrokenLineIsFatal) {
  auto refusal = [](const std::string& line) {
    const auto m = postfix::parse_master_cf(
        "pickup unix n - y 60 1 pickup\n" + line + "\nsmtp inet x - y - - smtpd\n", "master.cf");
    return messages(m.notes);
  };
  EXPECT_EQ(refusal("smtp"), (Strings{"refusal master.cf:2: missing \"transport type\" field"}));
  EXPECT_EQ(refusal("smtp inet n - y -"),
            (Strings{"refusal master.cf:2: missing \"max_proc\" field"}));
  EXPECT_EQ(refusal("smtp tcp n - y - - smtpd"),
            (Strings{"refusal master.cf:2: bad transport type: tcp"}));
  EXPECT_EQ(refusal("smtp inet - - y - - smtpd"),
            (Strings{"refusal master.cf:2: inet service cannot be private"}));
  EXPECT_EQ(refusal("smtp inet n x y - - smtpd"),
            (Strings{"refusal master.cf:2: field \"unprivileged\": bad value: \"x\""}));
  EXPECT_EQ(refusal("smtp inet n - y x - smtpd"),
            (Strings{"refusal master.cf:2: field \"wakeup_time\": bad value: \"x\""}));
  EXPECT_EQ(refusal("smtp inet n - y - - -"),
            (Strings{"refusal master.cf:2: field \"command\" has no default value"}));
  EXPECT_EQ(refusal("127.0.0.1: inet n - y - - smtpd"),
            (Strings{"refusal master.cf:2: missing service information in \"127.0.0.1:\""}));
  EXPECT_EQ(refusal("127.1:2525 inet n - y - - smtpd"),
            (Strings{"refusal master.cf:2: valid hostname or network address required in "
                     "\"127.1:2525\""}));
  EXPECT_EQ(refusal("25x inet n - y - - smtpd"),
            (Strings{"refusal master.cf:2: garbage after numerical service in \"25x\""}));
  // "60?" is a conditional wakeup; a unix service is checked too.
  EXPECT_TRUE(refusal("qmgr unix n - n 300? 1 qmgr").size() == 1u);
  EXPECT_EQ(refusal("qmgr unix n - n 300? 1 qmgr")[0],
            "refusal master.cf:3: field \"private\": bad value: \"x\"");
}

TEST(MasterCf, DisabledServicesAreSkippedBeforeTheyAreRead) {
  const auto m = postfix::parse_master_cf(
      "smtp inet n - y - - smtpd\n"
      "127.1:25 inet n - y - - smtpd\n"
      "submission inet n - y - - smtpd\n",
      "master.cf", {"smtp/inet", "127.1:25/INET"});
  EXPECT_TRUE(m.notes.empty());
  ASSERT_EQ(m.services.size(), 1u);
  EXPECT_EQ(m.services[0].name, "submission");
}

TEST(MasterCf, ALineThatDoesNotParseIsNeverQuoted) {
  const auto m =
      postfix::parse_master_cf("root:$6$Zq8cKk3x$1YhLrQd1nKcQbq0hVr0gE9:19000\n", "/etc/shadow");
  ASSERT_EQ(m.notes.size(), 1u);
  EXPECT_EQ(m.notes[0].text.find("$6$"), std::string::npos) << m.notes[0].text;
}

TEST(MasterCf, AFieldIsQuotedBounded) {
  const std::string type(200, 't');
  const auto m = postfix::parse_master_cf("smtp " + type + " n - y - - smtpd\n", "master.cf");
  ASSERT_EQ(m.notes.size(), 1u);
  EXPECT_EQ(m.notes[0].text, "bad transport type: " + std::string(64, 't') + "...");
}

TEST(MasterCf, HugeNumbersOfInetServicesAreNotAllKept) {
  std::string text;
  for (std::size_t i = 0; i < postfix::kMaxInetServices + 3; ++i)
    text += std::to_string(1000 + i) + " inet n - y - - smtpd\n";
  const auto m = postfix::parse_master_cf(text, "master.cf");
  EXPECT_EQ(m.services.size(), postfix::kMaxInetServices);
  EXPECT_EQ(messages(m.notes), (Strings{"unjudged master.cf: more than 1024 inet services: the "
                                        "last 3 are not judged"}));
}

TEST(MasterServiceDisable, NameSlashTypeOrTypeFirstMatchWins) {
  EXPECT_TRUE(postfix::service_disabled({"inet"}, "smtp", "inet"));
  EXPECT_TRUE(postfix::service_disabled({"SMTP/Inet"}, "smtp", "inet"));
  EXPECT_FALSE(postfix::service_disabled({"smtp/unix"}, "smtp", "inet"));
  EXPECT_FALSE(postfix::service_disabled({"!smtp/inet", "inet"}, "smtp", "inet"));
  EXPECT_TRUE(postfix::service_disabled({"!!smtp/inet"}, "smtp", "inet"));
  EXPECT_FALSE(postfix::service_disabled({}, "smtp", "inet"));
}

TEST(Ports, NumbersKeepTheirLow16Bits) {
  EXPECT_EQ(postfix::numeric_port("25"), 25);
  EXPECT_EQ(postfix::numeric_port("70000"), 4464);  // what glibc binds
  EXPECT_EQ(postfix::numeric_port("65536"), 0);
  EXPECT_EQ(postfix::numeric_port("99999999999999999999999"), 65535);  // strtoul saturates
  EXPECT_FALSE(postfix::numeric_port("smtp"));
  EXPECT_FALSE(postfix::numeric_port(""));
}

TEST(Ports, KnownTcpPorts) {
  const auto d =
      postfix::parse_known_tcp_ports("lmtp=24, smtp=25, smtps=submissions=465, submission=587");
  EXPECT_EQ(d.ports, (std::map<std::string, std::string>{{"lmtp", "24"},
                                                         {"smtp", "25"},
                                                         {"smtps", "465"},
                                                         {"submissions", "465"},
                                                         {"submission", "587"}}));
  EXPECT_TRUE(d.problems.empty());
  const auto bad = postfix::parse_known_tcp_ports("smtp = 2525, x, 25=26, a b=1, c=x, smtp=1");
  EXPECT_EQ(bad.ports, (std::map<std::string, std::string>{{"smtp", "2525"}}));
  EXPECT_EQ(bad.problems, (Strings{"in \" x\": not in \"name = value\" form",
                                   "in \" 25=26\": numerical service name",
                                   "in \" a b=1\": whitespace in service name",
                                   "in \" c=x\": non-numerical service port",
                                   "in \" smtp=1\": duplicate service name"}));
}
