#include "config/sshd.hpp"

#include <algorithm>

#include "config/host_port.hpp"
#include "config/includes.hpp"

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

// Once: a glob over a broken tree may hit the same wall many times.
void refuse(std::vector<Note>& notes, const Location& where, std::string why) {
  const bool seen = std::any_of(notes.begin(), notes.end(),
                                [&](const Note& n) { return n.where == where && n.text == why; });
  if (!seen) notes.push_back({NoteKind::refusal, where, std::move(why)});
}

void expand(const fs::Tree& tree, IncludeGuard& guard, File& file, std::vector<Note>& notes) {
  for (auto& line : file.lines) {
    if (line.keyword != "include" || !line.error.empty()) continue;
    for (const auto& arg : line.args) {
      if (arg.empty()) {
        refuse(notes, line.where, "Include with an empty argument");
        continue;
      }
      // sshd globs without GLOB_TILDE, so "~/x" names nothing it can find.
      if (arg.front() == '~') continue;
      const std::string pattern = arg.front() == '/' ? arg : std::string(kSshDir) + "/" + arg;
      for (const auto& path : fs::glob(tree, pattern)) {
        if (const auto why = guard.enter(path); !why.empty()) {
          refuse(notes, line.where, why);
          continue;
        }
        try {
          const auto text = tree.read(path);
          line.included.push_back(parse_sshd(text.content, text.path));
          expand(tree, guard, line.included.back(), notes);
        } catch (const fs::FileError& e) {
          refuse(notes, line.where, "Include " + e.path() + ": " + e.reason());
        }
        guard.leave();
      }
    }
  }
}

std::optional<bool> parse_yes_no(const std::string& value) {
  const std::string v = lower(value);
  if (v == "yes") return true;
  if (v == "no") return false;
  return std::nullopt;
}

// What the evaluation walk carries from line to line.
struct Walk {
  int block = -1;  // index into Config::blocks; -1: the global section
};

class Evaluator {
 public:
  explicit Evaluator(Config& config) : config_(config) {}

  void file(const File& f, Walk walk) {
    for (const auto& line : f.lines) {
      if (!line.error.empty()) {
        fatal(line, line.error);
        continue;
      }
      if (line.keyword == "include") {
        if (line.args.empty()) fatal(line, "Include without a file name");
        // A Match opened inside the included file ends with it (servconf.c keeps
        // the including file's Match state), so the copy of `walk` is discarded.
        for (const auto& inc : line.included)
          file(inc, walk);
      } else if (line.keyword == "match") {
        const bool all = line.args.size() == 1 && lower(line.args[0]) == "all";
        config_.blocks.push_back({line.where, line.text, all, {}});
        walk.block = static_cast<int>(config_.blocks.size()) - 1;
      } else if (line.keyword == "port") {
        if (global_only(line, walk, "Port")) port(line);
      } else if (line.keyword == "listenaddress") {
        if (global_only(line, walk, "ListenAddress")) listen(line);
      } else if (line.keyword == "addressfamily") {
        if (global_only(line, walk, "AddressFamily")) family(line);
      } else if (line.keyword == "x11forwarding") {
        flag(line, x11(walk).forwarding);
      } else if (line.keyword == "x11uselocalhost") {
        flag(line, x11(walk).use_localhost);
      }
    }
  }

  void check_families() {
    if (!config_.family || config_.family->value == AddressFamily::any) return;
    const auto allowed =
        config_.family->value == AddressFamily::inet ? net::Family::v4 : net::Family::v6;
    for (const auto& l : config_.listen) {
      const auto a = net::Address::parse(l.host);
      if (a && a->family() != allowed) {
        config_.notes.push_back({NoteKind::refusal, l.where,
                                 "bad addr or host: " + l.host + " (" + config_.family->text +
                                     " allows no address of this family)"});
      }
    }
  }

 private:
  void fatal(const Line& line, const std::string& why) {
    config_.notes.push_back({NoteKind::refusal, line.where, why});
  }

  bool global_only(const Line& line, const Walk& walk, const char* name) {
    if (walk.block < 0) return true;
    fatal(line, std::string("Directive '") + name + "' is not allowed within a Match block (" +
                    config_.blocks[static_cast<std::size_t>(walk.block)].where.str() + ")");
    return false;
  }

  bool one_argument(const Line& line) {
    if (line.args.size() == 1 && !line.args[0].empty()) return true;
    fatal(line, line.args.size() > 1 ? "extra arguments at end of line" : "missing argument");
    return false;
  }

  X11& x11(const Walk& walk) {
    return walk.block < 0 ? config_.global
                          : config_.blocks[static_cast<std::size_t>(walk.block)].x11;
  }

  void port(const Line& line) {
    if (!one_argument(line)) return;
    const auto& arg = line.args[0];
    if (const auto p = parse_port(arg)) {
      config_.ports.push_back({*p, line.where, line.text});
    } else if (std::all_of(arg.begin(), arg.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      fatal(line, "Bad port number '" + arg + "'");
    } else {
      // sshd would look the name up in /etc/services; this check does not guess.
      config_.notes.push_back(
          {NoteKind::unjudged, line.where, "Port '" + arg + "' is a service name, not judged"});
    }
  }

  void listen(const Line& line) {
    if (line.args.empty() || line.args[0].empty()) return fatal(line, "missing address");
    const auto hp = parse_host_port(line.args[0], kSshdHostPort);
    if (!hp.error.empty()) return fatal(line, "bad address:port usage: " + hp.error);
    ListenAddress l{line.where, line.text, hp.host, hp.zone, hp.port, {}};
    if (line.args.size() == 3 && line.args[1] == "rdomain" && !line.args[2].empty()) {
      l.rdomain = line.args[2];
    } else if (line.args.size() != 1) {
      return fatal(line, "bad ListenAddress syntax (only 'rdomain NAME' may follow the address)");
    }
    config_.listen.push_back(std::move(l));
  }

  void family(const Line& line) {
    if (!one_argument(line)) return;
    const std::string v = lower(line.args[0]);
    AddressFamily f;
    if (v == "any") {
      f = AddressFamily::any;
    } else if (v == "inet") {
      f = AddressFamily::inet;
    } else if (v == "inet6") {
      f = AddressFamily::inet6;
    } else {
      return fatal(line, "unsupported option \"" + line.args[0] + "\"");
    }
    if (!config_.family) config_.family = Setting<AddressFamily>{f, line.where, line.text};
  }

  void flag(const Line& line, std::optional<Setting<bool>>& setting) {
    if (!one_argument(line)) return;
    const auto v = parse_yes_no(line.args[0]);
    if (!v) return fatal(line, "unsupported option \"" + line.args[0] + "\"");
    if (!setting) setting = Setting<bool>{*v, line.where, line.text};  // the first value wins
  }

  Config& config_;
};

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

File parse_sshd(std::string_view text, const std::string& display_path) {
  File file{display_path, {}};
  int number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto nl = text.find('\n', pos);
    const std::string_view raw = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++number;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    Line out;
    out.where = {display_path, number};
    out.text = std::string(line);
    std::string keyword;
    std::string_view rest;
    if (!split_keyword(line, keyword, rest)) continue;
    out.keyword = lower(keyword);
    if (rest.empty()) {
      out.error = "no argument after keyword \"" + keyword + "\"";
    } else {
      auto words = split_words(rest, true);
      out.args = std::move(words.words);
      if (!words.error.empty()) out.error = "invalid quotes";
    }
    file.lines.push_back(std::move(out));
  }
  return file;
}

Loaded load_sshd(const fs::Tree& tree, const std::string& path) {
  Loaded out;
  const auto text = tree.read(path);  // the main file: a failure is the caller's UNKNOWN
  IncludeGuard guard(tree);
  if (const auto why = guard.enter(path); !why.empty()) throw fs::FileError(text.path, why);
  out.root = parse_sshd(text.content, text.path);
  expand(tree, guard, out.root, out.notes);
  guard.leave();
  out.files_read = guard.files_read();
  return out;
}

Config evaluate_sshd(const File& root) {
  Config config;
  config.main_file = root.path;
  Evaluator evaluator(config);
  evaluator.file(root, Walk{});
  evaluator.check_families();
  return config;
}

std::vector<Bind> listen_endpoints(const Config& config) {
  std::vector<Setting<std::uint16_t>> ports = config.ports;
  if (ports.empty()) ports.push_back({22, {config.main_file, 0}, "Port 22 (default)"});
  const AddressFamily family = config.family ? config.family->value : AddressFamily::any;
  const auto allowed = [&](const net::Address& a) {
    if (family == AddressFamily::inet) return a.family() == net::Family::v4;
    if (family == AddressFamily::inet6) return a.family() == net::Family::v6;
    return true;
  };

  std::vector<Bind> out;
  if (config.listen.empty()) {
    // sshd's getaddrinfo(NULL, port, AI_PASSIVE) order: IPv6 first.
    for (const auto& p : ports) {
      for (const auto& any : {net::Address::any_v6(), net::Address::any_v4()}) {
        if (!allowed(any)) continue;
        net::Endpoint e = endpoint_for(any.str(), p.value);
        if (any.family() == net::Family::v6) e.v6only = true;  // sshd sets IPV6_V6ONLY
        const std::string what =
            p.where.line > 0 ? p.text + " and no ListenAddress" : "no ListenAddress";
        out.push_back(
            {e, p.where, what + ", so " + net::bracketed(any) + ":" + std::to_string(p.value)});
      }
    }
    return out;
  }
  for (const auto& l : config.listen) {
    std::vector<std::uint16_t> on;
    if (l.port) {
      on.push_back(*l.port);
    } else {
      for (const auto& p : ports)
        on.push_back(p.value);
    }
    for (const auto port : on) {
      net::Endpoint e = endpoint_for(l.host, port, l.zone);
      if (!e.is_name() && !allowed(e.address)) continue;
      if (!e.is_name() && e.address.family() == net::Family::v6) e.v6only = true;
      if (!l.rdomain.empty()) e.device = l.rdomain;  // Linux: a VRF device, SO_BINDTODEVICE
      out.push_back(
          {e, l.where, l.port ? l.text : l.text + " (port " + std::to_string(port) + ")"});
    }
  }
  return out;
}

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

ServiceConfig read_sshd(const fs::Tree& tree, const std::string& path) {
  const auto loaded = load_sshd(tree, path);
  const auto config = evaluate_sshd(loaded.root);
  ServiceConfig out;
  out.files_read = loaded.files_read;
  out.notes = loaded.notes;
  out.notes.insert(out.notes.end(), config.notes.begin(), config.notes.end());
  for (const auto& b : listen_endpoints(config))
    out.endpoints.push_back({b.endpoint, b.where, b.directive});
  for (const auto& d : x11_localhost_displays(config)) {
    out.notes.push_back({.kind = NoteKind::impaired,
                         .where = d.where,
                         .text = d.text +
                                 " with X11UseLocalhost yes: DISPLAY would point at localhost, a "
                                 "loopback the guest lacks; set X11UseLocalhost no",
                         .brief = "X11 forwarding needs X11UseLocalhost no",
                         .needs_loopback = true});
  }
  return out;
}

}  // namespace vs::config::sshd
