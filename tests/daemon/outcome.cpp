// SPDX-License-Identifier: GPL-3.0-or-later
#include "outcome.hpp"
#include "text.hpp"

#include <algorithm>
#include <regex>
#include <sstream>

namespace vs::daemon_test {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out = vs::test::lines(text);
  for (auto& line : out) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // sshd -e ends lines with \r\n
  }
  return out;
}

using vs::test::words;

// ss's local address ("0.0.0.0:22", "*:80", "[::]:22", "127.0.0.1%lo:82") as the
// plugins write an endpoint; `v6only` is ss's "v6only:N" (-e), "" when absent.
std::string endpoint_from_ss(const std::string& proto, const std::string& local,
                             const std::string& v6only) {
  const auto colon = local.rfind(':');
  std::string host = local.substr(0, colon);
  const std::string port = local.substr(colon + 1);
  // ss writes a dual-stack IPv6 wildcard as "*".
  const bool dual = host == "*" || (host == "[::]" && v6only == "0");
  if (host == "*") host = "[::]";
  std::string text = proto + " " + host + ":" + port;
  if (host == "[::]") text += dual ? " (dual-stack)" : " (IPv6 only)";
  return text;
}

}  // namespace

Outcome Outcome::listening(std::vector<std::string> sockets) {
  std::sort(sockets.begin(), sockets.end());
  return {.kind = Kind::sockets, .sockets = std::move(sockets)};
}

Outcome Outcome::refusal(std::string why) {
  return {.kind = Kind::refused, .message = std::move(why)};
}

Outcome Outcome::failure(std::string why) {
  return {.kind = Kind::error, .message = std::move(why)};
}

std::string Outcome::str() const {
  switch (kind) {
    case Kind::sockets: {
      if (sockets.empty()) return "listens on nothing";
      std::string out;
      for (const auto& s : sockets)
        out += (out.empty() ? "" : ", ") + s;
      return out;
    }
    case Kind::refused:
      return "will not start: " + message;
    case Kind::error:
      break;
  }
  return "error: " + message;
}

bool agree(const Outcome& daemon, const Outcome& plugin) {
  if (daemon.kind != plugin.kind || daemon.kind == Outcome::Kind::error) return false;
  return daemon.kind == Outcome::Kind::refused || daemon.sockets == plugin.sockets;
}

std::vector<std::string> sockets_from_ss(const std::string& ss_output) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(ss_output)) {
    const auto w = words(line);
    // netid state recv-q send-q local peer [extended...]
    if (w.size() < 6) continue;
    std::string v6only;
    for (std::size_t i = 6; i < w.size(); ++i) {
      if (w[i].rfind("v6only:", 0) == 0) v6only = w[i].substr(7);
    }
    out.push_back(endpoint_from_ss(w[0], w[4], v6only));
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool says_will_not_start(const std::string& finding) {
  for (const char* wording : {"will not start", "refuses this configuration", "refuses to start"}) {
    if (finding.find(wording) != std::string::npos) return true;
  }
  return false;
}

Outcome prediction_from_plugin(const vs::test::Run& plugin) {
  static const std::regex kSummary("^VS_[A-Z]+ (OK|WARNING|CRITICAL|UNKNOWN) - .*");
  static const std::regex kBinds("^OK .*: binds (.+)$");
  const auto lines = lines_of(plugin.out);
  if (lines.empty() || !std::regex_match(lines.front(), kSummary) || plugin.exit_code < 0 ||
      plugin.exit_code > 3) {
    return Outcome::failure("plugin output unreadable (exit " + std::to_string(plugin.exit_code) +
                            "): " + (lines.empty() ? plugin.err : lines.front()));
  }
  std::vector<std::string> binds;
  std::string refusal;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    std::smatch m;
    if (line.rfind("UNKNOWN ", 0) == 0) return Outcome::failure("plugin says " + line);
    if (line.rfind("CRITICAL ", 0) == 0 && refusal.empty() && says_will_not_start(line)) {
      refusal = line.substr(9);
    } else if (std::regex_match(line, m, kBinds)) {
      binds.push_back(m[1]);
    }
  }
  if (plugin.exit_code == 3) return Outcome::failure("plugin says " + lines.front());
  if (!refusal.empty()) return Outcome::refusal(refusal);
  return Outcome::listening(binds);
}

namespace {

// A log line without what changes from run to run (timestamps, pids) or says nothing
// (the init script's "Starting ..." without a newline), so that the same refusal reads
// the same every time.
std::string normalised(std::string line) {
  static const std::regex kStamps(
      "^\\[[^\\]]*\\] \\[[^\\]]*\\] \\[pid [^\\]]*\\] |"  // httpd: [date] [module:level] [pid N:tid
                                                          // N]
      "^[0-9]{4}-[0-9]{2}-[0-9]{2} +[0-9:]+ [0-9]+ |"     // mariadbd: date time thread
      "^Starting OpenLDAP: slapd");                       // Debian's init script
  static const std::regex kPid("(\\w)\\[[0-9]+\\]:");
  line = std::regex_replace(line, kStamps, "");
  return std::regex_replace(line, kPid, "$1:");
}

}  // namespace

std::string reason_from_log(const std::string& log) {
  static const std::regex kReason(
      "fatal|error|fail|refus|cannot|can't|could not bind|unable|invalid|bad |denied|abort|"
      "no such|unknown|illegal|missing|usage|must|junk|not found|not allowed|not defined|"
      "in use|fault",
      std::regex::icase);
  // Lines that never say why: banners, hints, clean-up chatter.
  static const std::regex kNoise(
      "AH00558|@\\(#\\)|Maintainers <|connections_destroy|Action '.*' failed|"
      "error log may have more|\\[Note\\]|MAC address|max_open_files",
      std::regex::icase);
  std::vector<std::string> lines;
  for (const auto& raw : lines_of(log)) {
    std::string line = normalised(raw);
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    line = line.substr(first);
    // httpd says "Syntax error on line N of FILE:" and the reason on the next line.
    if (!lines.empty() && !lines.back().empty() && lines.back().back() == ':') {
      lines.back() += " " + line;
    } else {
      lines.push_back(line);
    }
  }
  std::vector<std::string> picked;
  std::vector<std::string> all;
  for (auto line : lines) {
    if (line.size() < 12 || std::regex_search(line, kNoise)) continue;
    if (line.size() > 240) line = line.substr(0, 240) + "...";
    all.push_back(line);
    if (std::regex_search(line, kReason) && picked.size() < 3 &&
        std::find(picked.begin(), picked.end(), line) == picked.end()) {
      picked.push_back(line);
    }
  }
  if (picked.empty()) {
    picked.assign(all.end() - static_cast<std::ptrdiff_t>(std::min<std::size_t>(all.size(), 2)),
                  all.end());
  }
  std::string out;
  for (const auto& line : picked)
    out += (out.empty() ? "" : " / ") + line;
  return out.empty() ? "(it said nothing)" : out;
}

}  // namespace vs::daemon_test
