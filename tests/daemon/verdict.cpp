// SPDX-License-Identifier: GPL-3.0-or-later
#include "verdict.hpp"
#include "text.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace vs::daemon_test {
namespace {

using vs::test::trim;

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "-" : out;
}

// The sockets in `a` and not in `b`, as multisets.
std::vector<std::string> only_in(const std::vector<std::string>& a,
                                 const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

KnownDisagreements KnownDisagreements::parse(const std::string& text, const std::string& origin) {
  KnownDisagreements k;
  std::istringstream in(text);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const std::string where = origin + ":" + std::to_string(number);
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const auto colon = line.find(": ");
    if (colon == std::string::npos || line.substr(0, colon).find('/') == std::string::npos)
      throw std::runtime_error(where + ": not '<daemon>/<case>: what each side does'");
    const std::string id = line.substr(0, colon);
    if (!k.entries_.emplace(id, trim(line.substr(colon + 2))).second)
      throw std::runtime_error(where + ": " + id + " is listed twice");
  }
  return k;
}

KnownDisagreements KnownDisagreements::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return parse(s.str(), path);
}

Verdict judge(const Observation& o, bool listed) {
  // UNKNOWN is no prediction: the plugin could not judge the file at all.
  if (o.daemon.kind == Outcome::Kind::error || o.plugin.kind == Outcome::Kind::error)
    return Verdict::harness_error;
  if (agree(o.daemon, o.plugin)) return listed ? Verdict::listed_but_agrees : Verdict::agrees;
  return listed ? Verdict::known_disagreement : Verdict::unlisted_disagreement;
}

bool passes(Verdict v) {
  return v == Verdict::agrees || v == Verdict::known_disagreement;
}

std::string label(Verdict v) {
  switch (v) {
    case Verdict::agrees:
      return "agrees";
    case Verdict::known_disagreement:
      return "KNOWN";
    case Verdict::listed_but_agrees:
      return "NOW AGREES";
    case Verdict::unlisted_disagreement:
      return "DISAGREES";
    case Verdict::harness_error:
      break;
  }
  return "ERROR";
}

std::string explain(const Case& c, const Observation& o, Verdict v) {
  std::ostringstream out;
  out << c.id() << ": " << c.description << "\n";
  switch (v) {
    case Verdict::agrees:
      out << "  agrees: " << o.daemon.str() << "\n";
      return out.str();
    case Verdict::known_disagreement:
      out << "  a known disagreement (tests/daemon/known-disagreements.txt)\n";
      break;
    case Verdict::listed_but_agrees:
      out << "  now agrees: remove " << c.id() << " from tests/daemon/known-disagreements.txt\n";
      break;
    case Verdict::unlisted_disagreement:
      out << "  the plugin's prediction differs from what the daemon does\n";
      break;
    case Verdict::harness_error:
      out << (o.daemon.kind == Outcome::Kind::error
                  ? "  harness error: the daemon's side could not be observed\n"
                  : "  harness error: the plugin said UNKNOWN, or its output cannot be read\n");
      break;
  }
  out << "  daemon: " << o.daemon.str() << "\n";
  out << "  plugin: " << o.plugin.str() << "\n";
  if (o.daemon.kind == Outcome::Kind::sockets && o.plugin.kind == Outcome::Kind::sockets) {
    out << "  only the daemon: " << joined(only_in(o.daemon.sockets, o.plugin.sockets)) << "\n";
    out << "  only the plugin: " << joined(only_in(o.plugin.sockets, o.daemon.sockets)) << "\n";
  }
  if (o.daemon.kind != Outcome::Kind::refused && !o.daemon_log.empty())
    out << "  the daemon said: " << reason_from_log(o.daemon_log) << "\n";
  out << "  rerun the plugin: ip netns exec <ns> " << o.plugin_command << "\n";
  return out.str();
}

std::string known_line(const Case& c, const Observation& o) {
  // The first reason only, without "exit N: ", and short: one line per case.
  const auto brief = [](std::string why) {
    if (why.rfind("exit ", 0) == 0 && why.find(": ") != std::string::npos)
      why = why.substr(why.find(": ") + 2);
    why = why.substr(0, why.find(" / "));
    return why.size() > 120 ? why.substr(0, 117) + "..." : why;
  };
  const auto side = [&](const Outcome& x, const std::string& who, const std::string& listens) {
    switch (x.kind) {
      case Outcome::Kind::sockets:
        return who + (x.sockets.empty() ? " " + listens + " nothing"
                                        : " " + listens + " " + joined(x.sockets));
      case Outcome::Kind::refused:
        return who + (who == "the plugin" ? " says it will not start (" : " will not start (") +
               brief(x.message) + ")";
      case Outcome::Kind::error:
        break;
    }
    return who + " cannot tell (" + brief(x.message) + ")";
  };
  return c.id() + ": " + side(o.daemon, c.daemon, "listens on") + "; " +
         side(o.plugin, "the plugin", "predicts");
}

}  // namespace vs::daemon_test
