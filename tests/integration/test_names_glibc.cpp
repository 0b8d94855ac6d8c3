// SPDX-License-Identifier: GPL-3.0-or-later
// net::Names against glibc itself. For each scenario (a set of files for /etc), a
// child process enters a private mount namespace where that directory is mounted
// over /etc (the host's /etc is never touched) and asks glibc: getaddrinfo() for
// every name and family, gethostbyname2() for the file order of one family, and
// getservbyname(). The answers must equal what Names reads from the same files.
//
// The child also enters an empty network namespace: no destination has a usable
// source address there, so getaddrinfo's RFC 3484 sort applies only rules 6 and 8,
// which is what Names::getaddrinfo_order models (gai_order.hpp). gethostbyname2
// gives the unsorted file order that Names::addresses returns.
//
// Needs root (unshare CLONE_NEWNS|CLONE_NEWNET); skips with the reason otherwise.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netdb.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "net/names.hpp"
#include "process.hpp"
#include "text.hpp"

using vs::net::HostAddress;
using vs::net::Names;
using vs::test::TempDir;

namespace {

struct HostQuery {
  std::string host;
  bool literal = false;  // an address literal: gethostbyname2 parses those differently
};

struct ServiceQuery {
  std::string name;
  std::string proto;  // "" asks for any protocol
};

struct Scenario {
  std::string name;
  std::map<std::string, std::string> files;  // /etc file name -> content
  std::vector<HostQuery> hosts;
  std::vector<ServiceQuery> services;
};

constexpr int kFamilies[] = {AF_UNSPEC, AF_INET, AF_INET6};

std::string family_name(int family) {
  return family == AF_INET ? "AF_INET" : family == AF_INET6 ? "AF_INET6" : "AF_UNSPEC";
}

std::string text_of(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  else
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  return buf;
}

// One line per question, "-" for no answer. Runs in the child, after the mounts.
std::string ask_glibc(const Scenario& s) {
  std::string out;
  for (const auto& q : s.hosts) {
    for (const int family : kFamilies) {
      addrinfo hints{};
      hints.ai_family = family;
      hints.ai_socktype = SOCK_STREAM;
      addrinfo* res = nullptr;
      std::string line;
      if (getaddrinfo(q.host.c_str(), nullptr, &hints, &res) == 0) {
        for (const addrinfo* a = res; a != nullptr; a = a->ai_next)
          line += (line.empty() ? "" : " ") + text_of(a->ai_addr);
        freeaddrinfo(res);
      }
      out += (line.empty() ? "-" : line) + "\n";
      if (family == AF_UNSPEC || q.literal) continue;
      hostent h{};
      hostent* found = nullptr;
      int herr = 0;
      std::vector<char> buf(65536);
      line.clear();
      if (gethostbyname2_r(q.host.c_str(), family, &h, buf.data(), buf.size(), &found, &herr) ==
              0 &&
          found != nullptr) {
        for (char** p = found->h_addr_list; *p != nullptr; ++p) {
          char text[INET6_ADDRSTRLEN] = {};
          inet_ntop(family, *p, text, sizeof text);
          line += (line.empty() ? "" : " ") + std::string(text);
        }
      }
      out += (line.empty() ? "-" : line) + "\n";
    }
  }
  for (const auto& q : s.services) {
    const servent* e = getservbyname(q.name.c_str(), q.proto.empty() ? nullptr : q.proto.c_str());
    out +=
        (e == nullptr ? "-" : std::to_string(ntohs(static_cast<std::uint16_t>(e->s_port)))) + "\n";
  }
  return out;
}

// The same questions, answered by Names from the same files.
std::string ask_names(const Scenario& s, const Names& names) {
  const auto show = [](const std::vector<HostAddress>& list) {
    std::string line;
    for (const auto& a : list)
      line += (line.empty() ? "" : " ") + a.address.str();
    return (line.empty() ? "-" : line) + "\n";
  };
  std::string out;
  for (const auto& q : s.hosts) {
    for (const int family : kFamilies) {
      out += show(names.getaddrinfo_order(q.host, family));
      if (family != AF_UNSPEC && !q.literal) out += show(names.addresses(q.host, family));
    }
  }
  for (const auto& q : s.services) {
    const auto* e = vs::net::find_service(names.services(), q.name, q.proto);
    if (q.proto == "tcp" || q.proto == "udp") {  // the API the readers use agrees
      const auto port =
          names.port(q.name, q.proto == "tcp" ? vs::net::Proto::tcp : vs::net::Proto::udp);
      EXPECT_EQ(port.has_value(), e != nullptr) << q.name;
    }
    out += (e == nullptr ? "-" : std::to_string(e->port)) + "\n";
  }
  return out;
}

// What each line of the answers is about, for the failure messages.
std::vector<std::string> questions(const Scenario& s) {
  std::vector<std::string> out;
  for (const auto& q : s.hosts) {
    for (const int family : kFamilies) {
      out.push_back("getaddrinfo(\"" + q.host + "\", " + family_name(family) + ")");
      if (family != AF_UNSPEC && !q.literal)
        out.push_back("gethostbyname2(\"" + q.host + "\", " + family_name(family) + ")");
    }
  }
  for (const auto& q : s.services)
    out.push_back("getservbyname(\"" + q.name + "\", \"" + q.proto + "\")");
  return out;
}

using vs::test::lines;

// Runs ask_glibc in a child whose /etc is `etc`. Returns its output, or "ERROR ...".
std::string in_private_etc(const std::string& etc, const Scenario& s) {
  int fds[2];
  if (pipe(fds) != 0) return std::string("ERROR pipe: ") + std::strerror(errno);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string out;
    if (unshare(CLONE_NEWNS | CLONE_NEWNET) != 0)
      out = std::string("ERROR unshare: ") + std::strerror(errno);
    else if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      out = std::string("ERROR making / private: ") + std::strerror(errno);
    else if (mount(etc.c_str(), "/etc", nullptr, MS_BIND, nullptr) != 0)
      out = std::string("ERROR bind-mounting over /etc: ") + std::strerror(errno);
    else
      out = ask_glibc(s);
    for (std::size_t done = 0; done < out.size();) {
      const ssize_t n = write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return out;
}

void compare(const Scenario& s) {
  SCOPED_TRACE("scenario: " + s.name);
  TempDir dir;
  for (const auto& [name, content] : s.files)
    dir.write("etc/" + name, content);
  // glibc reads only the files: no DNS, no nss_db (Debian's "services: db files").
  dir.write("etc/nsswitch.conf", "hosts: files\nservices: files\n");

  const std::string glibc = in_private_etc(dir.path() + "/etc", s);
  ASSERT_EQ(glibc.rfind("ERROR", 0), std::string::npos) << glibc;
  const vs::fs::Tree tree(dir.path());
  const Names names(tree);
  const auto theirs = lines(glibc);
  const auto ours = lines(ask_names(s, names));
  const auto asked = questions(s);
  ASSERT_EQ(theirs.size(), asked.size());
  ASSERT_EQ(ours.size(), asked.size());
  for (std::size_t i = 0; i < asked.size(); ++i)
    EXPECT_EQ(ours[i], theirs[i]) << asked[i];
}

std::string fixture_text(const std::string& name) {
  std::ifstream in(vs::test::fixture("names/debian12/etc/" + name), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every quirk of /etc/hosts in one file; its last line is indented with no newline.
const std::string kTrickyHosts =
    "192.0.2.10  multi  # first\n"
    "2001:db8::10 multi\n"
    "127.0.0.2 multi\n"
    "::1 multi\n"
    "::ffff:192.0.2.11 multi\n"
    "169.254.1.1 multi\n"
    "fe80::1 multi\n"
    "2002:c000:20b::1 multi\n"
    "fec0::1 multi\n"
    "ff05::1 multi\n"
    "::192.0.2.17 multi\n"
    "192.0.2.300 multi broken\n"
    "[2001:db8::1] broken\n"
    "fe80::1%eth0 broken\n"
    "127.1 broken\n"
    "192.0.2.18 broken\n"
    "192.0.2.12 mail#old\n"
    "192.0.2.13\tTab\tAliasTab\r\n"
    "192.0.2.14\n"
    "\t  # indented comment\n"
    "   192.0.2.15 indented\n"
    "192.0.2.16 UPPER lower\n"
    "127.0.0.1 localhost\n"
    "::1 localhost\n"
    "  192.0.2.9 tail";

std::vector<HostQuery> tricky_names() {
  std::vector<HostQuery> out;
  for (const char* n : {"multi", "MULTI", "broken", "mail", "old", "mail#old", "tab", "aliastab",
                        "", "indented", "upper", "LOWER", "tail", "tailil", "localhost", "nosuch"})
    out.push_back({n});
  for (const char* n : {"127.1", "0x7f.1", "2130706433", "::ffff:192.0.2.1", "fe80::1%1"})
    out.push_back({n, true});
  return out;
}

class NamesAgainstGlibc : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!vs::test::is_root())
      GTEST_SKIP() << "needs root: glibc is asked in a private mount namespace";
  }
};

TEST_F(NamesAgainstGlibc, Debian12Files) {
  Scenario s{.name = "Debian 12"};
  for (const char* f : {"hosts", "services", "host.conf", "gai.conf", "hostname"})
    s.files[f] = fixture_text(f);
  for (const char* n : {"localhost", "LOCALHOST", "vs1", "vs1.example.org", "ip6-localhost",
                        "ip6-loopback", "ip6-allnodes", "ip6-allrouters", "mail.example.org"})
    s.hosts.push_back({n});
  s.services = {{"ssh", "tcp"},   {"ssh", "udp"},   {"https", "udp"},     {"www", "tcp"},
                {"smtps", "tcp"}, {"sieve", "tcp"}, {"sieve", "udp"},     {"SSH", "tcp"},
                {"nrpe", "tcp"},  {"mysql", "tcp"}, {"22", "tcp"},        {"kerberos5", "udp"},
                {"domain", ""},   {"ldaps", "tcp"}, {"submission", "tcp"}};
  compare(s);
}

TEST_F(NamesAgainstGlibc, TrickyHostsWithMultiOn) {
  compare({.name = "tricky hosts, multi on",
           .files = {{"hosts", kTrickyHosts}, {"host.conf", "multi on\n"}},
           .hosts = tricky_names()});
}

TEST_F(NamesAgainstGlibc, TrickyHostsWithoutHostConf) {
  compare({.name = "tricky hosts, no host.conf (multi off)",
           .files = {{"hosts", kTrickyHosts}},
           .hosts = tricky_names()});
}

TEST_F(NamesAgainstGlibc, HostConfQuirks) {
  // A 255-byte comment ends inside a line: its tail is read as "multi on".
  const std::string long_comment = "#" + std::string(254, 'x') + "multi on\n";
  compare({.name = "long comment in host.conf",
           .files = {{"hosts", kTrickyHosts}, {"host.conf", "multi off\n" + long_comment}},
           .hosts = {{"multi"}, {"localhost"}}});
  compare({.name = "multi onion, then a bad value",
           .files = {{"hosts", kTrickyHosts}, {"host.conf", "MULTI onion\nmulti yes\n"}},
           .hosts = {{"multi"}, {"localhost"}}});
}

TEST_F(NamesAgainstGlibc, GaiConfTables) {
  compare({.name = "gai.conf prefers IPv4, 192.0.2.0/24 gets scope 1",
           .files = {{"hosts", kTrickyHosts},
                     {"host.conf", "multi on\n"},
                     {"gai.conf",
                      "precedence ::ffff:0:0/96  100 # prefer IPv4\n"
                      "precedence 2001:db8::/32 45\n"
                      "scopev4 ::ffff:192.0.2.0/120 1\n"}},
           .hosts = {{"multi"}, {"localhost"}}});
}

TEST_F(NamesAgainstGlibc, TrickyServices) {
  compare({.name = "tricky services",
           .files = {{"services",
                      "hex 0x16/tcp\noct 026/tcp\nwrap 65558/tcp\nneg -1/tcp\nplus +22/tcp\n"
                      "huge 99999999999999999999/tcp\nmax 4294967295/tcp\nover 4294967296/tcp\n"
                      "wraps -18446744073709551615/tcp\nnoproto 22\nspaced 22/ tcp\n"
                      "slashes 22//tcp\nbad 22tcp\nbad2 x/tcp\nbad3 08/tcp\nbad4 22 tcp\n"
                      "dup 1/udp\ndup 2/tcp\ndup 3/tcp\na 1/tcp b\nb 2/tcp\nCase 3/tcp\n"
                      "#x 5/tcp\nmid 6/tcp#comment\n   indent 7/tcp\nalias 4/udp al1#al2\n"
                      "  last 9/udp"}},
           .services = {{"hex", "tcp"},   {"oct", "tcp"},     {"wrap", "tcp"},    {"neg", "tcp"},
                        {"plus", "tcp"},  {"huge", "tcp"},    {"max", "tcp"},     {"over", "tcp"},
                        {"wraps", "tcp"}, {"noproto", "tcp"}, {"noproto", ""},    {"spaced", "tcp"},
                        {"spaced", ""},   {"tcp", ""},        {"slashes", "tcp"}, {"bad", "tcp"},
                        {"bad2", "tcp"},  {"bad3", "tcp"},    {"bad4", "tcp"},    {"dup", "tcp"},
                        {"dup", ""},      {"b", "tcp"},       {"case", "tcp"},    {"Case", "tcp"},
                        {"#x", "tcp"},    {"mid", "tcp"},     {"indent", "tcp"},  {"al1", "udp"},
                        {"al2", "udp"},   {"last", "udp"},    {"last", "udpdp"}}});
}

}  // namespace
