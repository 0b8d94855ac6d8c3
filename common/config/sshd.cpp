// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/sshd.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>

#include "config/host_port.hpp"
#include "config/includes.hpp"
#include "config/sshd_keywords.hpp"
#include "net/bind_conflicts.hpp"

namespace vs::config::sshd {

namespace {

// sshd's own set (its WHITESPACE macro, plus the \f it strips at line ends): not isspace(),
// since a vertical tab is part of a value for sshd.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

void skip_blanks(std::string_view& s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
}

// sshd's strdelim(): the keyword ends at a blank or at one '=' (both may
// surround the '='); a keyword in double quotes is taken literally.
// Returns false for a line sshd ignores (an unterminated quoted keyword).
bool split_keyword(std::string_view line, std::string& keyword, std::string_view& rest) {
  if (line.front() == '"') {
    const auto close = line.find('"', 1);
    if (close == std::string_view::npos) return false;
    keyword = std::string(line.substr(1, close - 1));
    rest = line.substr(close + 1);
    skip_blanks(rest);
    return true;
  }
  const auto end = line.find_first_of(" \t=");
  keyword = std::string(line.substr(0, end));
  rest = end == std::string_view::npos ? std::string_view{} : line.substr(end);
  const bool had_equals = !rest.empty() && rest.front() == '=';
  if (had_equals) rest.remove_prefix(1);
  skip_blanks(rest);
  if (!had_equals && !rest.empty() && rest.front() == '=') {
    rest.remove_prefix(1);
    skip_blanks(rest);
  }
  return true;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words)
    out += (out.empty() ? "" : " ") + w;
  return out;
}

// strtonum(s, 0, 65535) as sshd's a2port() calls it: strtoll's optional sign and
// decimal digits, the whole text.
std::optional<int> port_number(std::string_view s) {
  std::size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) ++i;
  if (i == s.size()) return std::nullopt;
  long value = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = std::min(value * 10 + (s[i] - '0'), 1'000'000L);
  }
  if (negative) value = -value;
  if (value < 0 || value > 65535) return std::nullopt;
  return static_cast<int>(value);
}

// sshd's a2port(): a number from 0 to 65535, else a tcp service of /etc/services;
// nullopt for neither. `how` says which service line gave it.
std::optional<int> a2port(std::string_view s, const net::Names& names, bool& names_used,
                          std::string& how) {
  if (const auto n = port_number(s)) return n;
  names_used = true;
  const auto service = names.port(s, net::Proto::tcp);
  if (!service) return std::nullopt;
  how = std::string(s) + " is " + std::to_string(service->port) + ", " + service->where.str();
  return service->port;
}

std::optional<bool> parse_yes_no(const std::string& value) {
  const std::string v = lower(value);
  if (v == "yes") return true;
  if (v == "no") return false;
  return std::nullopt;
}

// What sshd's parser carries from line to line, and into an included file.
struct Walk {
  bool active = true;        // *activep: the global section, or a Match that matches at start
  bool never_match = false;  // SSHCFG_NEVERMATCH: a file included from an inactive line
  int block = -1;            // ordinal of the Match the line is in; -1: the global section
  Location block_where;      // that Match line
  std::string block_text;    // "Match User bob", bounded
  bool block_all = false;    // it is "Match all"
};

// Bad options recorded one by one; past that, counted.
constexpr int kRecordedBadOptions = 8;
// X11 settings are kept for this many Match blocks; past that, not judged.
constexpr std::size_t kMaxBlocks = 256;
// ListenAddress directives kept; past that, not judged.
constexpr std::size_t kMaxListen = 1024;
// sshd's SERVCONF_MAX_DEPTH.
constexpr int kMaxDepth = 16;

class Evaluator {
 public:
  // `tree` and `guard`: where Include finds its files; without them Include reads nothing.
  Evaluator(Config& config, const fs::Tree* tree, IncludeGuard* guard, const net::Names& names)
      : config_(config), tree_(tree), guard_(guard), names_(names) {}

  bool stopped() const { return stopped_; }

  // One file's text, line by line, as parse_server_config_depth() reads it.
  void text(std::string_view content, const std::string& path, Walk walk, int depth) {
    int bad = 0;
    int number = 0;
    for (std::size_t pos = 0; pos < content.size() && !stopped_;) {
      const auto nl = content.find('\n', pos);
      const auto raw = content.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
      pos = nl == std::string_view::npos ? content.size() : nl + 1;
      const auto l = parse_line(raw, ++number);
      if (l) line(*l, {path, number}, walk, depth, bad);
    }
    if (bad > kRecordedBadOptions) {
      note(NoteKind::refusal, {path, 0},
           "terminating, " + std::to_string(bad) + " bad configuration options");
    }
    if (bad > 0) stopped_ = true;  // sshd's fatal() at the end of this file
  }

  void unjudged(const Location& where, std::string text) { note(NoteKind::unjudged, where, text); }

 private:
  void note(NoteKind kind, const Location& where, std::string text) {
    config_.notes.push_back({kind, where, std::move(text)});
  }
  // sshd's fatal(): it stops reading and exits.
  void fatal(const Location& where, std::string why) {
    note(NoteKind::refusal, where, std::move(why));
    stopped_ = true;
  }
  // sshd's error() and return -1: a bad option, counted; sshd exits at the file's end.
  void bad_option(const Location& where, std::string why, int& bad) {
    if (++bad <= kRecordedBadOptions) note(NoteKind::refusal, where, std::move(why));
  }

  void line(const Line& l, const Location& where, Walk& walk, int depth, int& bad) {
    if (!l.error.empty()) return bad_option(where, l.error, bad);
    const KeywordScope scope = keyword_scope(l.keyword);
    if (!walk.active && scope != KeywordScope::anywhere) {
      // Unknown keywords too: sshd checks the Match state before the keyword.
      const std::string what =
          scope == KeywordScope::unknown ? "A keyword sshd does not know" : "'" + l.spelled + "'";
      return fatal(where, "Directive " + what + " is not allowed within a Match block (" +
                              walk.block_where.str() + ")");
    }
    if (scope == KeywordScope::unknown) {
      return bad_option(where, "Bad configuration option (a keyword sshd does not know)", bad);
    }
    const std::string text = bounded(l.spelled + " " + join(l.args));
    if (l.keyword == "include") {
      include(l, where, walk, depth, bad);
    } else if (l.keyword == "match") {
      match(l, where, text, walk);
    } else if (l.keyword == "port") {
      port(l, where, text, bad);
    } else if (l.keyword == "listenaddress") {
      listen(l, where, text, bad);
    } else if (l.keyword == "addressfamily") {
      family(l, where, text, bad);
    } else if (l.keyword == "xauthlocation") {
      xauth(l, where, text, bad);
    } else if (l.keyword == "x11forwarding") {
      flag(l, where, text, walk, &X11::forwarding, bad);
    } else if (l.keyword == "x11uselocalhost") {
      flag(l, where, text, walk, &X11::use_localhost, bad);
    }
  }

  void extra_arguments(const Line& l, std::size_t used, const Location& where, int& bad) {
    if (l.args.size() > used)
      bad_option(where, "keyword " + l.spelled + " extra arguments at end of line", bad);
  }

  void include(const Line& l, const Location& where, const Walk& walk, int depth, int& bad) {
    for (const auto& arg : l.args) {
      if (arg.empty()) {
        bad_option(where, "keyword include empty argument", bad);
        return;
      }
      // sshd globs without GLOB_TILDE, from /: "~/x" names nothing it can find.
      if (arg.front() == '~' || tree_ == nullptr || guard_ == nullptr) continue;
      const std::string pattern = arg.front() == '/' ? arg : std::string(kSshDir) + "/" + arg;
      for (const auto& m : fs::glob_matches(*tree_, pattern)) {
        if (stopped_) return;
        included(m, where, walk, depth);
      }
    }
  }

  void included(const fs::GlobMatch& m, const Location& where, const Walk& walk, int depth) {
    // load_server_config() opens every match; it exits when one cannot be opened.
    if (m.dangling) return fatal(where, tree_->display(m.path) + ": No such file or directory");
    // A directory opens, and reads as nothing.
    if (tree_->stat(m.path).is_directory) return;
    if (depth + 1 > kMaxDepth) return fatal(where, "Too many recursive configuration includes");
    if (const auto why = guard_->enter(m.path); !why.empty()) {
      // A loop is sshd's "Too many recursive configuration includes"; the file count is
      // this check's own bound.
      if (why.rfind("more than", 0) == 0) {
        unjudged(where, why + ": the rest is not read");
        stopped_ = true;
        return;
      }
      return fatal(where, why);
    }
    try {
      const auto file = tree_->read(m.path);
      // A Match opened in the included file ends with it: the copy is dropped. A
      // file included from a block that does not match at start never matches then.
      Walk inner = walk;
      inner.never_match = !walk.active;
      text(file.content, file.path, inner, depth + 1);
    } catch (const fs::ReadBudgetExhausted&) {
      throw;  // this check's bound, not sshd's: UNKNOWN naming the file
    } catch (const fs::FileError& e) {
      fatal(where, e.path() + ": " + e.reason());
    }
    guard_->leave();
  }

  void match(const Line& l, const Location& where, const std::string& text, Walk& walk) {
    std::string why;
    bool all = false;
    int attributes = 0;
    for (std::size_t i = 0; i < l.args.size() && why.empty();) {
      const std::string attribute = lower(l.args[i++]);
      ++attributes;
      if (attribute == "all") {
        if (attributes > 1 || i < l.args.size())
          why = "'all' cannot be combined with other Match attributes";
        all = true;
        break;
      }
      if (i >= l.args.size()) {
        why = "Missing Match criteria for " + bounded(l.args[i - 1]);
        break;
      }
      const std::string& value = l.args[i++];
      if (attribute == "localport") {
        bool unused = false;
        std::string how;
        if (!a2port(value, names_, unused, how)) why = "Invalid LocalPort on Match line";
      } else if (attribute != "user" && attribute != "group" && attribute != "host" &&
                 attribute != "address" && attribute != "localaddress" && attribute != "rdomain") {
        why = "Unsupported Match attribute " + bounded(l.args[i - 2]);
      }
    }
    if (why.empty() && attributes == 0) why = "One or more attributes required for Match";
    if (!why.empty()) return fatal(where, "Bad Match condition: " + why);
    walk.block = ++match_count_;
    walk.block_where = where;
    walk.block_text = text;
    walk.block_all = all;
    // At start only "Match all" matches, and nothing in a never-matching file.
    walk.active = all && !walk.never_match;
  }

  void port(const Line& l, const Location& where, const std::string& text, int& bad) {
    if (config_.ports.size() >= kMaxPorts) return fatal(where, "too many ports.");
    if (l.args.empty()) return fatal(where, "missing port number.");
    std::string how;
    const auto p = a2port(l.args[0], names_, config_.names_used, how);
    if (!p || *p <= 0) return fatal(where, "Badly formatted port number.");
    config_.ports.push_back(
        {static_cast<std::uint16_t>(*p), where, how.empty() ? text : text + " (" + how + ")"});
    extra_arguments(l, 1, where, bad);
  }

  void listen(const Line& l, const Location& where, const std::string& text, int& bad) {
    if (l.args.empty() || l.args[0].empty()) return fatal(where, "missing address");
    const std::string& arg = l.args[0];
    ListenAddress out{where, text, {}, {}, {}, {}};
    const auto colon = arg.find(':');
    if (arg.find('[') == std::string::npos && colon != std::string::npos &&
        arg.find(':', colon + 1) != std::string::npos) {
      out.host = arg;  // a bare IPv6 address: no port
    } else {
      // hpdelim2(): "[host]", or up to the first ':' or '/'.
      std::size_t end = 0;
      if (arg.front() == '[') {
        end = arg.find(']');
        if (end == std::string::npos) return fatal(where, "bad address:port usage");
        ++end;
      } else {
        end = std::min(arg.find_first_of(":/"), arg.size());
      }
      // hpdelim() takes only ':' (hpdelim2's '/' is for scp's host/path).
      if (end < arg.size() && arg[end] != ':') return fatal(where, "bad address:port usage");
      out.host = arg.substr(0, end);
      // cleanhostname(): "[x]" -> "x".
      if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']')
        out.host = out.host.substr(1, out.host.size() - 2);
      if (end < arg.size()) {
        std::string how;
        const auto p =
            a2port(std::string_view(arg).substr(end + 1), names_, config_.names_used, how);
        if (!p || *p <= 0) return fatal(where, "bad port number");
        out.port = static_cast<std::uint16_t>(*p);
        if (!how.empty()) out.text += " (" + how + ")";
      }
    }
    if (const auto percent = out.host.find('%'); percent != std::string::npos) {
      out.zone = out.host.substr(percent + 1);
      out.host.resize(percent);
    }
    if (l.args.size() >= 2) {
      if (l.args[1] != "rdomain" || l.args.size() < 3)
        return fatal(where, "bad ListenAddress syntax");
      out.rdomain = l.args[2];
    }
    extra_arguments(l, 3, where, bad);
    if (config_.listen.size() >= kMaxListen) {
      if (!listen_capped_)
        unjudged(where, "more than " + std::to_string(kMaxListen) +
                            " ListenAddress directives: the rest are not judged");
      listen_capped_ = true;
      return;
    }
    config_.listen.push_back(std::move(out));
  }

  void family(const Line& l, const Location& where, const std::string& text, int& bad) {
    if (l.args.empty()) return fatal(where, "missing argument.");
    const std::string v = lower(l.args[0]);
    AddressFamily f;
    if (v == "any") {
      f = AddressFamily::any;
    } else if (v == "inet") {
      f = AddressFamily::inet;
    } else if (v == "inet6") {
      f = AddressFamily::inet6;
    } else {
      return fatal(where, "unsupported option \"" + bounded(l.args[0]) + "\".");
    }
    if (!config_.family) config_.family = Setting<AddressFamily>{f, where, text};
    extra_arguments(l, 1, where, bad);
  }

  void xauth(const Line& l, const Location& where, const std::string& text, int& bad) {
    if (l.args.empty() || l.args[0].empty()) return fatal(where, "missing file name.");
    if (!config_.xauth_location)
      config_.xauth_location = Setting<std::string>{l.args[0], where, text};
    extra_arguments(l, 1, where, bad);
  }

  void flag(const Line& l, const Location& where, const std::string& text, const Walk& walk,
            std::optional<Setting<bool>> X11::*member, int& bad) {
    if (l.args.empty()) return fatal(where, "missing argument.");
    const auto v = parse_yes_no(l.args[0]);
    if (!v) return fatal(where, "unsupported option \"" + bounded(l.args[0]) + "\".");
    extra_arguments(l, 1, where, bad);
    X11* x11 = walk.block < 0 ? &config_.global : block(walk, where);
    if (x11 == nullptr) return;
    if (!(x11->*member)) x11->*member = Setting<bool>{*v, where, text};  // the first value wins
  }

  // The block `walk` is in, kept from its first X11 setting on; nullptr past the bound.
  X11* block(const Walk& walk, const Location& where) {
    for (auto it = config_.blocks.rbegin(); it != config_.blocks.rend(); ++it) {
      if (it->ordinal == walk.block) return &it->x11;
    }
    if (config_.blocks.size() >= kMaxBlocks) {
      if (!blocks_capped_)
        unjudged(where, "more than " + std::to_string(kMaxBlocks) +
                            " Match blocks set X11 options: the rest are not judged");
      blocks_capped_ = true;
      return nullptr;
    }
    config_.blocks.push_back({walk.block, walk.block_where, walk.block_text, walk.block_all, {}});
    return &config_.blocks.back().x11;
  }

  Config& config_;
  const fs::Tree* tree_;
  IncludeGuard* guard_;
  const net::Names& names_;
  bool stopped_ = false;
  int match_count_ = 0;
  bool blocks_capped_ = false;
  bool listen_capped_ = false;
};

}  // namespace

std::optional<Line> parse_line(std::string_view raw, int number) {
  const std::string_view line = trim(raw);
  if (line.empty() || line.front() == '#') return std::nullopt;
  std::string keyword;
  std::string_view rest;
  if (!split_keyword(line, keyword, rest)) return std::nullopt;
  Line out;
  out.number = number;
  out.keyword = lower(keyword);
  // Only a keyword sshd knows is ever quoted: the first word of any file may be a secret.
  if (keyword_scope(out.keyword) != KeywordScope::unknown) out.spelled = keyword;
  if (rest.empty()) {
    out.error = out.spelled.empty() ? "no argument after the first word (not a keyword sshd knows)"
                                    : "no argument after keyword \"" + keyword + "\"";
    return out;
  }
  auto words = split_words(rest, true);
  out.args = std::move(words.words);
  if (!words.error.empty()) {
    out.args.clear();
    out.error = "invalid quotes";
  }
  return out;
}

File parse_sshd(std::string_view text, const std::string& display_path) {
  File file{display_path, {}};
  int number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto nl = text.find('\n', pos);
    const auto raw = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (auto l = parse_line(raw, ++number)) file.lines.push_back(std::move(*l));
  }
  return file;
}

Config read_config(const fs::Tree& tree, const std::string& path, const net::Names& names) {
  const auto text = tree.read(path);  // the main file: a failure is the caller's UNKNOWN
  IncludeGuard guard(tree);
  if (const auto why = guard.enter(path); !why.empty()) throw fs::FileError(text.path, why);
  Config config;
  config.main_file = text.path;
  Evaluator(config, &tree, &guard, names).text(text.content, text.path, Walk{}, 0);
  guard.leave();
  config.files_read = guard.files_read();
  return config;
}

Config evaluate_sshd(std::string_view text, const std::string& path, const net::Names& names) {
  Config config;
  config.main_file = path;
  config.files_read = {path};
  Evaluator(config, nullptr, nullptr, names).text(text, path, Walk{}, 0);
  return config;
}

namespace {

// One address sshd will try to bind, and the getaddrinfo() call that gave it: sshd
// keeps one list per routing domain and puts each call's addresses IN FRONT of it.
struct Candidate {
  Bind bind;
  std::string rdomain;
  std::size_t call = 0;
};

int gai_family(const Config& c) {
  if (!c.family) return AF_UNSPEC;
  if (c.family->value == AddressFamily::inet) return AF_INET;
  if (c.family->value == AddressFamily::inet6) return AF_INET6;
  return AF_UNSPEC;
}

bool is_literal(const std::string& host) {
  return net::Address::parse(host) || net::Address::parse_inet_aton(host);
}

net::Endpoint socket_for(const net::Address& a, std::uint16_t port, const std::string& device) {
  net::Endpoint e;
  e.address = a;
  e.port = port;
  e.device = device;
  if (a.family() == net::Family::v6) e.v6only = true;  // sshd sets IPV6_V6ONLY
  return e;
}

// sshd's own text of an address in its messages: no brackets.
std::string ntop(const net::Endpoint& e) {
  return e.address.str();
}

// The candidates in the order sshd binds them (listen_on_addrs over each routing
// domain's list, newest call first).
std::vector<std::size_t> bind_order(const std::vector<Candidate>& candidates) {
  std::vector<std::string> domains;
  for (const auto& c : candidates) {
    if (std::find(domains.begin(), domains.end(), c.rdomain) == domains.end())
      domains.push_back(c.rdomain);
  }
  std::vector<std::size_t> order;
  for (const auto& d : domains) {
    std::vector<std::size_t> in_domain;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (candidates[i].rdomain == d) in_domain.push_back(i);
    }
    std::stable_sort(in_domain.begin(), in_domain.end(), [&](std::size_t a, std::size_t b) {
      return candidates[a].call > candidates[b].call;
    });
    order.insert(order.end(), in_domain.begin(), in_domain.end());
  }
  return order;
}

}  // namespace

Listening listen_endpoints(const Config& config, const net::Names& names,
                           const std::optional<std::vector<net::Address>>& local) {
  Listening out;
  std::vector<Setting<std::uint16_t>> ports = config.ports;
  if (ports.empty()) ports.push_back({22, {config.main_file, 0}, "Port 22 (default)"});
  const int family = gai_family(config);
  std::vector<Candidate> candidates;
  std::size_t call = 0;
  bool capped = false;
  const auto add = [&](Candidate c) {
    if (candidates.size() >= kMaxBinds) {
      if (!capped)
        out.notes.push_back({NoteKind::unjudged, c.bind.where,
                             "more than " + std::to_string(kMaxBinds) +
                                 " addresses to bind: the rest are not judged"});
      capped = true;
      return;
    }
    candidates.push_back(std::move(c));
  };

  if (config.listen.empty()) {
    // getaddrinfo(NULL, port, AI_PASSIVE) for each Port: the wildcards of the family.
    for (const auto& p : ports) {
      ++call;
      for (const auto& any : {net::Address::any_v6(), net::Address::any_v4()}) {
        if ((family == AF_INET && any.family() != net::Family::v4) ||
            (family == AF_INET6 && any.family() != net::Family::v6))
          continue;
        const std::string what =
            p.where.line > 0 ? p.text + " and no ListenAddress" : "no ListenAddress";
        add({{socket_for(any, p.value, ""), p.where,
              what + ", so " + net::bracketed(any) + ":" + std::to_string(p.value)},
             "",
             call});
      }
    }
  }
  for (const auto& l : config.listen) {
    std::vector<std::uint16_t> on;
    if (l.port) {
      on.push_back(*l.port);
    } else {
      for (const auto& p : ports)
        on.push_back(p.value);
    }
    // "*" is glibc's no name; without AI_PASSIVE that is loopback.
    const bool star = l.host == "*";
    if (!star && !is_literal(l.host)) out.names_used = true;
    const auto found =
        star ? std::vector<net::HostAddress>{{net::Address::parse("::1").value(), {}},
                                             {net::Address::parse("127.0.0.1").value(), {}}}
             : names.getaddrinfo_order(l.host, family);
    const std::string device = !l.rdomain.empty() ? l.rdomain : l.zone;
    for (const auto port : on) {
      ++call;
      const std::string directive =
          l.port ? l.text : l.text + " (port " + std::to_string(port) + ")";
      if (found.empty() && is_literal(l.host)) {
        out.notes.push_back({NoteKind::refusal, l.where,
                             "bad addr or host: " + bounded(l.host) +
                                 " (Address family for hostname not supported)"});
        break;
      }
      if (found.empty()) {
        // Not in the files: sshd would ask DNS. Judged as a name.
        net::Endpoint e = endpoint_for(bounded(l.host), port, device);  // quoted: bounded
        add({{e, l.where, directive}, l.rdomain, call});
        continue;
      }
      for (const auto& a : found) {
        if (family == AF_INET && a.address.family() != net::Family::v4) continue;
        std::string how = directive;
        if (a.address.str() != l.host) {
          how += "; " + bounded(l.host) + " is " + a.address.str() +
                 (a.where.file.empty() ? "" : " (" + a.where.str() + ")");
        }
        add({{socket_for(a.address, port, device), l.where, how}, l.rdomain, call});
      }
    }
  }

  // Bind as sshd does: a failure is logged and skipped.
  std::vector<bool> bound(candidates.size(), false);
  net::BoundSockets sockets(local);
  std::vector<Note> failures;  // said only when sshd starts: else its refusal says it
  std::string first_failure;
  bool any = false;
  for (const auto i : bind_order(candidates)) {
    const net::Endpoint& e = candidates[i].bind.endpoint;
    if (e.is_name()) {
      bound[i] = any = true;
      continue;
    }
    const auto error = sockets.bind(e);
    if (error == net::BindError::none) {
      bound[i] = any = true;
      continue;
    }
    const bool duplicate =
        std::any_of(sockets.bound().begin(), sockets.bound().end(), [&](const net::Endpoint& b) {
          return b.address == e.address && b.port == e.port && b.device == e.device;
        });
    const std::string text = "Bind to port " + std::to_string(e.port) + " on " + ntop(e) +
                             " failed: " + net::strerror_text(error) + ".";
    failures.push_back(
        {duplicate ? NoteKind::info : NoteKind::ignored, candidates[i].bind.where,
         text + (duplicate ? " (the same socket, bound once)" : " sshd goes on without it")});
    if (failures.size() == 1) first_failure = text;
  }
  if (any) {
    out.notes.insert(out.notes.end(), failures.begin(), failures.end());
  } else if (!failures.empty()) {
    out.notes.push_back(
        {NoteKind::refusal, failures.front().where, first_failure + " Cannot bind any address."});
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (bound[i]) out.sockets.push_back(std::move(candidates[i].bind));
  }
  return out;
}

namespace {

struct X11State {
  const Setting<bool>* forwarding = nullptr;
  const Setting<bool>* use_localhost = nullptr;
  bool forwarding_on() const { return forwarding != nullptr && forwarding->value; }
  bool localhost_on() const { return use_localhost == nullptr || use_localhost->value; }
};

// The X11 settings a connection gets when exactly `only` (besides the `Match all`
// blocks) matches it: the first value among the matching blocks, else the global.
X11State x11_for(const Config& c, const MatchBlock* only) {
  X11State s;
  for (const auto& b : c.blocks) {
    if (!b.all && &b != only) continue;
    if (s.forwarding == nullptr && b.x11.forwarding) s.forwarding = &*b.x11.forwarding;
    if (s.use_localhost == nullptr && b.x11.use_localhost) s.use_localhost = &*b.x11.use_localhost;
  }
  if (s.forwarding == nullptr && c.global.forwarding) s.forwarding = &*c.global.forwarding;
  if (s.use_localhost == nullptr && c.global.use_localhost)
    s.use_localhost = &*c.global.use_localhost;
  return s;
}

}  // namespace

bool x11_use_localhost(const Config& config) {
  return x11_for(config, nullptr).localhost_on();
}

std::vector<X11Display> x11_localhost_displays(const Config& config) {
  std::vector<X11Display> out;
  const X11State base = x11_for(config, nullptr);
  if (base.forwarding_on() && base.localhost_on())
    out.push_back({base.forwarding->where, base.forwarding->text});
  for (const auto& b : config.blocks) {
    if (b.all || (!b.x11.forwarding && !b.x11.use_localhost)) continue;
    const X11State s = x11_for(config, &b);
    if (!s.forwarding_on() || !s.localhost_on()) continue;
    // Name the line in this block that leads to it; skip what the base already reported.
    const Setting<bool>& cause = b.x11.forwarding ? *b.x11.forwarding : *b.x11.use_localhost;
    if (base.forwarding_on() && base.localhost_on() && !b.x11.forwarding) continue;
    out.push_back({cause.where, cause.text + " (in " + b.text + ")"});
  }
  return out;
}

const Setting<bool>* x11_forwarding_on(const Config& config) {
  const X11State base = x11_for(config, nullptr);
  if (base.forwarding_on()) return base.forwarding;
  for (const auto& b : config.blocks) {
    const X11State s = x11_for(config, &b);
    if (s.forwarding_on()) return s.forwarding;
  }
  return nullptr;
}

std::string xauth_path(const Config& config) {
  if (!config.xauth_location) return std::string(kDefaultXAuth);
  const std::string& path = config.xauth_location->value;
  // derelativise_path(): relative to sshd's working directory, /.
  return path.front() == '/' ? path : "/" + path;
}

ServiceConfig read_sshd(const fs::Tree& tree, const std::string& path) {
  return read_sshd(tree, path, std::nullopt);
}

ServiceConfig read_sshd(const fs::Tree& tree, const std::string& path,
                        const std::optional<std::vector<net::Address>>& local) {
  const net::Names names(tree);
  const auto config = read_config(tree, path, names);
  auto listening = listen_endpoints(config, names, local);
  ServiceConfig out;
  out.files_read = config.files_read;
  out.notes = config.notes;
  out.notes.insert(out.notes.end(), listening.notes.begin(), listening.notes.end());
  for (auto& b : listening.sockets)
    out.endpoints.push_back({std::move(b.endpoint), b.where, std::move(b.directive)});
  for (const auto& d : x11_localhost_displays(config)) {
    out.notes.push_back({.kind = NoteKind::impaired,
                         .where = d.where,
                         .text = d.text +
                                 " with X11UseLocalhost yes: DISPLAY would point at localhost, a "
                                 "loopback the guest lacks; set X11UseLocalhost no",
                         .brief = "X11 forwarding needs X11UseLocalhost no",
                         .needs_loopback = true});
  }
  if (const auto* on = x11_forwarding_on(config)) {
    const std::string xauth = xauth_path(config);
    if (!tree.stat(xauth).exists) {
      const std::string from = config.xauth_location
                                   ? "XAuthLocation, " + config.xauth_location->where.str()
                                   : "the default XAuthLocation";
      out.notes.push_back(
          {.kind = NoteKind::impaired,
           .where = on->where,
           .text = on->text + ", but there is no " + tree.display(xauth) + " (" + from +
                   "): X11 forwarding fails (\"No xauth program; cannot forward X11.\"); "
                   "install xauth (the X client tools) or set X11Forwarding no",
           .brief = "X11 forwarding without " + xauth,
           .guest_only = true});
    }
  }
  if (config.names_used || listening.names_used) {
    for (const auto& p : names.problems())
      out.notes.push_back({NoteKind::unjudged, p.where, p.message});
  }
  return out;
}

}  // namespace vs::config::sshd
