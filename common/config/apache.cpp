// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/apache.hpp"

#include <sys/socket.h>

#include <algorithm>

#include "config/host_port.hpp"
#include "config/includes.hpp"
#include "config/lines.hpp"
#include "config/shell_vars.hpp"
#include "net/bind_conflicts.hpp"
#include "net/names.hpp"

namespace vs::config::apache {

namespace {

bool has_wildcard(const std::string& s) {
  return s.find_first_of("*?[") != std::string::npos;
}

std::string basename(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Sections whose contents httpd reads only when a condition holds.
bool is_conditional(const std::string& name) {
  return name == "ifmodule" || name == "ifdefine" || name == "iffile" || name == "ifversion" ||
         name == "ifdirective" || name == "ifsection";
}

std::string braced_names(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "${" : ", ${") + bounded(n) + "}";
  return out;
}

struct Section {
  std::string name;
  std::string shown;  // "<IfModule ssl_module>" for messages, bounded
  Location where;
  bool active = true;
  bool conditional = true;
};

// At most this many Listen sockets are judged; past that, a note says so.
constexpr std::size_t kMaxListens = 4096;
// Notes past this many are not kept: a hostile file could make one a line.
constexpr std::size_t kMaxNotes = 64;
// Defines, loaded modules and open sections the walk keeps, together; past that, the
// rest of the configuration is not judged. A real one has tens.
constexpr std::size_t kMaxKept = 16384;

class Reader {
 public:
  Reader(const fs::Tree& tree, Config& out, const Options& options, const Envvars& env)
      : tree_(tree),
        names_(tree),
        guard_(tree),
        out_(out),
        vars_(env.environment),
        computed_(env.computed),
        local_(options.local_addresses),
        server_root_(options.server_root) {
    for (const auto& d : options.defines)
      defines_.insert(d);
    for (const auto& m : builtin_modules())
      modules_.insert(m);
  }

  void main_file(const std::string& path) {
    const auto text = tree_.read(path);  // a failure here is the caller's UNKNOWN
    if (const auto why = guard_.enter(path); !why.empty()) throw fs::FileError(text.path, why);
    walk(text.content, text.path);
    guard_.leave();
    out_.files_read = guard_.files_read();
    out_.server_root = server_root_;
    if (stopped_ && !abandoned_) return;  // httpd exits on the syntax error: it binds nothing
    if (listen_lines_ == 0 && !abandoned_) {
      return fatal({text.path, 0},
                   "no Listen directive: httpd finds no listening sockets and shuts down");
    }
    auto opened = open_listeners(std::move(wanted_), local_);
    out_.listens = std::move(opened.sockets);
    for (auto& n : opened.notes)
      out_.notes.push_back(std::move(n));
  }

  void add_defines(const std::vector<std::string>& names) {
    for (const auto& n : names)
      defines_.insert(n);
  }

 private:
  // Counts one more thing the walk keeps; past kMaxKept, says so and stops judging.
  bool keep(const Location& where) {
    if (++kept_ <= kMaxKept) return true;
    cannot_judge(where, "more than " + std::to_string(kMaxKept) +
                            " Define, LoadModule and open sections: the rest of the "
                            "configuration is not judged");
    stopped_ = abandoned_ = true;
    return false;
  }

  // httpd's syntax error: it stops reading and exits.
  void fatal(const Location& where, const std::string& text) {
    note(NoteKind::refusal, where, text);
    stopped_ = true;
  }
  void cannot_judge(const Location& where, const std::string& text) {
    note(NoteKind::unjudged, where, text);
  }
  // Once: a glob over a broken tree may hit the same wall many times.
  void note(NoteKind kind, const Location& where, const std::string& text) {
    if (out_.notes.size() >= kMaxNotes) return;
    if (reported_.insert(where.str() + "\n" + text).second)
      out_.notes.push_back({kind, where, text});
  }

  static bool all_active(const std::vector<Section>& stack) {
    return std::all_of(stack.begin(), stack.end(), [](const Section& s) { return s.active; });
  }

  void walk(std::string_view content, const std::string& path) {
    std::vector<Section> stack;  // a section must end in the file it began in
    for_each_line(content, [&](int number, std::string_view text) {
      if (!stopped_) line({path, number}, text, stack);
    });
    if (stopped_) return;
    for (const auto& s : stack)
      return fatal(s.where, s.shown + " was not closed");  // the outermost
  }

  void line(const Location& where, std::string_view text, std::vector<Section>& stack) {
    if (!all_active(stack)) {
      // httpd skips an inactive section unread, counting nested sections only.
      const Directive d = split_directive(text);
      if (d.kind == Directive::Kind::open && keep(where))
        stack.push_back({d.name, bounded(text), where, false, true});
      if (d.kind == Directive::Kind::close) close(stack, d, where);
      return;
    }
    Expansion x = expand_variables(text, vars_);
    if (x.too_long) {
      if (!too_long_noted_)
        cannot_judge(where, "expanding its variables gives more than " +
                                std::to_string(kMaxExpansion / 1024) +
                                " KiB: this line and any other such are not judged");
      too_long_noted_ = true;
      return;
    }
    // A variable envvars exports with a value only the shell knows: not judged.
    std::set<std::string> computed;
    for (auto it = x.undefined.begin(); it != x.undefined.end();) {
      if (computed_.count(*it)) {
        computed.insert(*it);
        it = x.undefined.erase(it);
      } else {
        ++it;
      }
    }
    const Directive d = split_directive(x.text);
    if (!d.error.empty()) {
      fatal(where, d.error);  // the line itself is not quoted: it may be anything
    } else if (d.kind == Directive::Kind::open) {
      if (keep(where)) stack.push_back(open(d, where, x.text));
    } else if (d.kind == Directive::Kind::close) {
      close(stack, d, where);
    } else {
      directive(d, where, bounded(text), stack, computed, x.undefined);
    }
  }

  Section open(const Directive& d, const Location& where, std::string_view text) {
    Section s{d.name, bounded(text), where, true, is_conditional(d.name)};
    if (d.name == "macro") s.active = false;  // a macro's body is read when used, not here
    if (!s.conditional || d.name == "ifversion" || d.name == "ifdirective" || d.name == "ifsection")
      return s;
    if (d.args.empty() || d.args[0].empty() || d.args[0] == "!") {
      fatal(where, s.shown + ": directive requires additional arguments");
      s.active = false;
      return s;
    }
    const bool negated = d.args[0].front() == '!';
    const std::string arg = d.args[0].substr(negated ? 1 : 0);
    bool holds = false;
    if (d.name == "ifmodule") holds = modules_.count(arg) > 0;
    if (d.name == "ifdefine") holds = defines_.count(arg) > 0;
    if (d.name == "iffile")
      holds = tree_.stat(arg.front() == '/' ? arg : server_root_ + "/" + arg).exists;
    s.active = holds != negated;
    return s;
  }

  void close(std::vector<Section>& stack, const Directive& d, const Location& where) {
    if (stack.empty()) {
      return fatal(where,
                   "</" + bounded(d.name) + "> without matching <" + bounded(d.name) + "> section");
    }
    if (stack.back().name != d.name) {
      return fatal(where,
                   "expected </" + stack.back().name + "> but saw </" + bounded(d.name) + ">");
    }
    stack.pop_back();
  }

  // `text`: the line as written, bounded, for messages.
  void directive(const Directive& d, const Location& where, const std::string& text,
                 const std::vector<Section>& stack, const std::set<std::string>& computed,
                 const std::set<std::string>& undefined) {
    if (d.name == "listen") {
      ++listen_lines_;
      if (!computed.empty()) {
        return cannot_judge(where, text + ": " + braced_names(computed) +
                                       " comes from envvars with a value only the shell knows: "
                                       "not judged");
      }
      listen(d, where, text, stack, undefined);
    } else if (d.name == "include" || d.name == "includeoptional") {
      if (!computed.empty()) {
        return cannot_judge(where, text + ": " + braced_names(computed) +
                                       " comes from envvars with a value only the shell knows: "
                                       "not read");
      }
      include(d, where, d.name == "includeoptional");
    } else if (d.name == "loadmodule" && d.args.size() == 2) {
      if (!keep(where)) return;
      for (const auto& n : module_names(d.args[0], d.args[1]))
        modules_.insert(n);
    } else if (d.name == "define" && !d.args.empty() && d.args.size() <= 2) {
      if (!keep(where)) return;
      defines_.insert(d.args[0]);
      if (d.args.size() == 2) vars_[d.args[0]] = d.args[1];
    } else if (d.name == "undefine" && d.args.size() == 1) {
      defines_.erase(d.args[0]);
      vars_.erase(d.args[0]);
    } else if (d.name == "serverroot" && d.args.size() == 1 && computed.empty()) {
      server_root_ = d.args[0];
      while (server_root_.size() > 1 && server_root_.back() == '/')
        server_root_.pop_back();
    }
  }

  void listen(const Directive& d, const Location& where, const std::string& text,
              const std::vector<Section>& stack, const std::set<std::string>& undefined) {
    for (const auto& s : stack) {
      if (!s.conditional) return fatal(where, "Listen cannot occur within " + s.shown + " section");
    }
    // A variable defined nowhere stays as written (AH00111) and is read as such.
    const std::string why_undefined =
        undefined.empty()
            ? ""
            : " (AH00111: Config variable " + braced_names(undefined) + " is not defined)";
    const Listen l = parse_listen(d.args);
    if (!l.error.empty()) return fatal(where, text + ": " + l.error + why_undefined);
    // alloc_listener(): the same address text and port twice.
    if (!listen_keys_.insert(l.host + "\n" + std::to_string(l.port)).second) {
      return fatal(where, text + ": Cannot define multiple Listeners on the same IP:port");
    }
    if (l.host.empty()) {
      // getaddrinfo(NULL, AI_PASSIVE): 0.0.0.0 then ::, one listener each.
      for (const auto& any : {net::Address::any_v4(), net::Address::any_v6()})
        want({socket_for(any, l.port), where, text});
      return;
    }
    const auto found = names_.getaddrinfo_order(l.host, AF_UNSPEC);
    if (found.empty() && !undefined.empty()) {
      return fatal(where, text +
                              ": Listen setup failed (alloc_listener: failed to set up "
                              "sockaddr for " +
                              bounded(l.host) + ")" + why_undefined);
    }
    if (found.empty()) {
      // Not in the files: httpd would ask DNS. Judged as a name.
      want({endpoint_for(bounded(l.host), l.port), where, text});  // quoted: bounded
      return;
    }
    for (const auto& a : found) {
      std::string how = text;
      if (a.address.str() != l.host) {
        how += "; " + bounded(l.host) + " is " + a.address.str() +
               (a.where.file.empty() ? "" : " (" + a.where.str() + ")");
      }
      want({socket_for(a.address, l.port), where, how});
    }
  }

  static net::Endpoint socket_for(const net::Address& a, std::uint16_t port) {
    net::Endpoint e;
    e.address = a;
    e.port = port;
    // Debian builds httpd with v4-mapped addresses on: IPv6 sockets are dual-stack.
    if (a.family() == net::Family::v6) e.v6only = false;
    return e;
  }

  void want(ListenDirective l) {
    if (wanted_.size() >= kMaxListens) {
      if (!listens_capped_)
        cannot_judge(l.where, "more than " + std::to_string(kMaxListens) +
                                  " Listen sockets: the rest are not judged");
      listens_capped_ = true;
      return;
    }
    wanted_.push_back(std::move(l));
  }

  void include(const Directive& d, const Location& where, bool optional) {
    if (d.args.size() != 1 || d.args[0].empty()) return fatal(where, "Include takes one argument");
    const std::string& arg = d.args[0];
    const std::string path = arg.front() == '/' ? arg : server_root_ + "/" + arg;
    if (!has_wildcard(path)) {
      if (tree_.stat(path).exists) return read_path(path, where, 0);
      // IncludeOptional forgives what cannot be opened for want of a file (ENOENT).
      if (!optional)
        return fatal(where, "Could not open configuration file " + bounded(tree_.display(path)) +
                                ": No such file or directory");
      return;
    }
    const auto found = fs::glob_matches(tree_, path);
    if (found.empty() && !optional) {
      return fatal(where, "No matches for the wildcard '" + bounded(basename(path)) + "' in '" +
                              bounded(tree_.display(fs::dirname(path))) + "', failing");
    }
    for (const auto& m : found) {
      if (stopped_) return;
      if (m.dangling) {
        if (optional) continue;  // ENOENT, which IncludeOptional forgives
        return fatal(where, "Could not open configuration file " + bounded(tree_.display(m.path)) +
                                ": No such file or directory");
      }
      read_path(m.path, where, 0);
    }
  }

  // A directory is read whole, in name order, subdirectories included.
  void read_path(const std::string& path, const Location& from, int depth) {
    if (tree_.stat(path).is_directory) {
      // Symlinks can make a directory tree endless: bound its depth and its size.
      if (++directories_ > IncludeGuard::kMaxFiles) {
        return fatal(
            from, "more than " + std::to_string(IncludeGuard::kMaxFiles) + " directories included");
      }
      if (depth >= IncludeGuard::kMaxDepth) {
        return fatal(from,
                     "directories nested deeper than " + std::to_string(IncludeGuard::kMaxDepth));
      }
      try {
        for (const auto& e : tree_.list(path)) {
          if (stopped_) return;
          read_path(path + "/" + e.name, from, depth + 1);
        }
      } catch (const fs::FileError& e) {
        fatal(from, "Could not open configuration directory " + e.path() + ": " + e.reason());
      }
      return;
    }
    if (const auto why = guard_.enter(path); !why.empty()) return fatal(from, why);
    try {
      const auto text = tree_.read(path);
      walk(text.content, text.path);
    } catch (const fs::ReadBudgetExhausted&) {
      throw;  // this check's bound, not httpd's: UNKNOWN naming the file
    } catch (const fs::FileError& e) {
      fatal(from, "Could not open configuration file " + e.path() + ": " + e.reason());
    }
    guard_.leave();
  }

  const fs::Tree& tree_;
  const net::Names names_;
  IncludeGuard guard_;
  Config& out_;
  Variables vars_;
  const std::set<std::string> computed_;
  const std::optional<std::vector<net::Address>> local_;
  std::string server_root_;
  std::set<std::string> defines_;
  std::set<std::string> modules_;
  std::set<std::string> listen_keys_;
  std::set<std::string> reported_;
  std::vector<ListenDirective> wanted_;
  int listen_lines_ = 0;
  std::size_t directories_ = 0;
  bool stopped_ = false;
  bool abandoned_ = false;  // stopped by this check's own bound, not by httpd
  std::size_t kept_ = 0;
  bool too_long_noted_ = false;
  bool listens_capped_ = false;
};

bool is_any_v4(const net::Endpoint& e) {
  return !e.is_name() && e.address == net::Address::any_v4();
}

bool is_any_v6(const net::Endpoint& e) {
  return !e.is_name() && e.address == net::Address::any_v6();
}

// apr's %pI: "0.0.0.0:80", "[::]:80".
std::string address_text(const net::Endpoint& e) {
  return net::bracketed(e.address) + ":" + std::to_string(e.port);
}

// make_sock()'s complaint: "(98)Address already in use: AH00072: make_sock: could not
// bind to address [::]:80".
std::string bind_failure(const net::Endpoint& e, net::BindError error) {
  return "(" + std::to_string(net::errno_of(error)) + ")" + net::strerror_text(error) +
         ": AH00072: make_sock: could not bind to address " + address_text(e);
}

}  // namespace

void for_each_line(std::string_view text,
                   const std::function<void(int number, std::string_view line)>& each) {
  std::string logical;
  int first = 0;
  int number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++number;
    if (logical.empty()) first = number;
    while (!raw.empty() && is_space(raw.back()))
      raw.remove_suffix(1);
    const bool continued = !raw.empty() && raw.back() == '\\' && pos < text.size();
    if (continued) raw.remove_suffix(1);
    logical += raw;
    if (continued) continue;
    const std::string_view line = trim(logical);
    if (!line.empty() && line.front() != '#') each(first, line);
    logical.clear();
  }
}

std::vector<Line> parse_apache(std::string_view text, const std::string& display_path) {
  std::vector<Line> out;
  for_each_line(text, [&](int number, std::string_view line) {
    out.push_back({{display_path, number}, std::string(line)});
  });
  return out;
}

Directive split_directive(std::string_view text) {
  Directive d;
  text = trim(text);
  if (text.size() >= 2 && text[0] == '<' && text[1] == '/') {
    d.kind = Directive::Kind::close;
    std::string_view name = trim(text.substr(2));
    if (!name.empty() && name.back() == '>') name.remove_suffix(1);
    d.name = lower(trim(name));
    return d;
  }
  if (!text.empty() && text[0] == '<') {
    d.kind = Directive::Kind::open;
    const auto end = text.find_first_of(" \t>", 1);
    d.name = lower(text.substr(1, end == std::string_view::npos ? end : end - 1));
    std::string_view rest = end == std::string_view::npos ? std::string_view{} : text.substr(end);
    const auto close = rest.rfind('>');
    if (close == std::string_view::npos) {
      d.error = "a section's opening line lacks its closing '>'";  // its name may be anything
      return d;
    }
    rest = rest.substr(0, close);
    auto words = split_words(rest, false);
    d.args = std::move(words.words);
    d.error = words.error;
    return d;
  }
  auto words = split_words(text, false);
  d.error = words.error;
  if (words.words.empty()) return d;
  d.name = lower(words.words.front());
  d.args.assign(words.words.begin() + 1, words.words.end());
  return d;
}

Expansion expand_variables(std::string_view text, const Variables& vars) {
  Expansion x;
  for (std::size_t i = 0; i < text.size();) {
    const auto start = text.find("${", i);
    const auto end = start == std::string_view::npos ? start : text.find('}', start + 2);
    if (end == std::string_view::npos) {
      x.text += text.substr(i);
      break;
    }
    x.text += text.substr(i, start - i);
    const std::string name(text.substr(start + 2, end - start - 2));
    if (const auto found = vars.find(name); found != vars.end()) {
      x.text += found->second;
    } else {
      x.text += text.substr(start, end - start + 1);
      if (name.find(':') == std::string::npos) x.undefined.insert(name);
    }
    i = end + 1;
    if (x.text.size() > kMaxExpansion) {
      x.too_long = true;
      return x;
    }
  }
  x.too_long = x.text.size() > kMaxExpansion;
  return x;
}

Envvars parse_envvars(std::string_view text) {
  // apache2ctl sources envvars with sh: the values as the shell holds them, the
  // exported ones are what httpd inherits. Debian's apache2ctl exports nothing envvars
  // could use before sourcing it, so the environment starts empty.
  const ShellRun run = run_shell_fragment(text, "envvars", {});
  Envvars out;
  for (const auto& name : run.exported) {
    const auto v = run.variables.find(name);
    if (v == run.variables.end()) continue;  // exported but never set: not in the environment
    if (!v->second.unknown.empty() || v->second.value.size() > kMaxExpansion) {
      out.computed.insert(name);
    } else {
      out.environment[name] = v->second.value;
    }
  }
  if (const auto args = run.variables.find("APACHE_ARGUMENTS");
      args != run.variables.end() && args->second.unknown.empty()) {
    out.arguments = args->second.value;
  }
  return out;
}

std::vector<std::string> defines_in_arguments(std::string_view arguments) {
  const auto words = split_words(arguments, false).words;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "-D" && i + 1 < words.size()) {
      out.push_back(words[++i]);
    } else if (words[i].size() > 2 && words[i].rfind("-D", 0) == 0) {
      out.push_back(words[i].substr(2));
    }
  }
  return out;
}

Listen parse_listen(const std::vector<std::string>& args) {
  Listen l;
  if (args.empty() || args.size() > 2) {
    l.error = "Listen requires 1 or 2 arguments";
    return l;
  }
  const auto hp = parse_host_port(args[0], kApacheHostPort);
  if (!hp.error.empty()) {
    l.error = "Invalid address or port";
  } else if (!hp.zone.empty()) {
    l.error = "Scope id is not supported";
  } else if (!hp.port) {
    l.error = "Port must be specified";
  } else {
    l.host = hp.host == "*" ? "" : hp.host;
    l.port = *hp.port;
  }
  return l;
}

Opened open_listeners(std::vector<ListenDirective> wanted,
                      const std::optional<std::vector<net::Address>>& local) {
  Opened out;
  // httpd's list of listeners, in order; host names are not bound here.
  std::vector<ListenDirective> list;
  std::vector<ListenDirective> names;
  for (auto& w : wanted)
    (w.endpoint.is_name() ? names : list).push_back(std::move(w));
  net::BoundSockets bound(local);
  std::vector<std::string> failures;
  std::vector<Note> tolerated;
  for (std::size_t i = 0; i < list.size();) {
    // 0.0.0.0 followed by :: on its port: :: first, it may take IPv4 too.
    if (is_any_v4(list[i].endpoint) && i + 1 < list.size() &&
        list[i + 1].endpoint.port == list[i].endpoint.port && is_any_v6(list[i + 1].endpoint)) {
      std::swap(list[i], list[i + 1]);
    }
    const net::Endpoint& e = list[i].endpoint;
    // 0.0.0.0 after a dual-stack :: of its port: already covered, dropped.
    if (is_any_v4(e) && std::any_of(list.begin(), list.begin() + static_cast<long>(i),
                                    [&](const ListenDirective& earlier) {
                                      return is_any_v6(earlier.endpoint) &&
                                             earlier.endpoint.port == e.port;
                                    })) {
      list.erase(list.begin() + static_cast<long>(i));
      continue;
    }
    const auto error = bound.bind(e);
    if (error == net::BindError::none) {
      ++i;
      continue;
    }
    failures.push_back(bind_failure(e, error));
    // :: failing before a 0.0.0.0 of its port is tolerated: httpd goes on without it.
    if (is_any_v6(e) && i + 1 < list.size() && list[i + 1].endpoint.port == e.port &&
        is_any_v4(list[i + 1].endpoint)) {
      tolerated.push_back({NoteKind::ignored, list[i].where,
                           failures.back() + "; httpd goes on with 0.0.0.0:" +
                               std::to_string(e.port) + " (IPv4 only)"});
      list.erase(list.begin() + static_cast<long>(i));
      continue;
    }
    std::string why;
    for (const auto& f : failures)
      why += (why.empty() ? "" : "; ") + f;
    out.notes.push_back({NoteKind::refusal, list[i].where,
                         why + ": AH00451: no listening sockets available, shutting down"});
    return out;
  }
  out.notes = std::move(tolerated);
  // What was bound (in httpd's order), then the names.
  out.sockets = std::move(list);
  for (auto& n : names)
    out.sockets.push_back(std::move(n));
  return out;
}

std::vector<std::string> module_names(const std::string& id, const std::string& path) {
  std::vector<std::string> names{id};
  constexpr std::string_view kSuffix = "_module";
  if (id.size() > kSuffix.size() &&
      id.compare(id.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0) {
    names.push_back("mod_" + id.substr(0, id.size() - kSuffix.size()) + ".c");
  }
  const std::string file = basename(path);
  if (file.size() > 3 && file.compare(file.size() - 3, 3, ".so") == 0) {
    names.push_back(file.substr(0, file.size() - 3) + ".c");
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

const std::vector<std::string>& builtin_modules() {
  static const std::vector<std::string> kBuiltin = {
      "core.c",           "core_module",       "mod_so.c",    "so_module",
      "mod_watchdog.c",   "watchdog_module",   "http_core.c", "http_module",
      "mod_log_config.c", "log_config_module", "mod_logio.c", "logio_module",
      "mod_version.c",    "version_module",    "mod_unixd.c", "unixd_module",
  };
  return kBuiltin;
}

std::string default_server_root(const std::string& main_file) {
  const std::string dir = fs::dirname(main_file);
  return basename(dir) == "conf" ? fs::dirname(dir) : dir;
}

Config read_apache(const fs::Tree& tree, const std::string& path, const Options& options) {
  Config out;
  Envvars env;
  std::vector<std::string> defines;
  // Debian's apache2ctl sources envvars next to apache2.conf before starting httpd.
  const std::string envvars = fs::dirname(path) + "/envvars";
  try {
    if (const auto text = tree.read_if_exists(envvars)) {
      env = parse_envvars(text->content);
      if (env.arguments) defines = defines_in_arguments(*env.arguments);
    }
  } catch (const fs::ReadBudgetExhausted&) {
    throw;
  } catch (const fs::FileError& e) {
    out.notes.push_back(
        {NoteKind::unjudged, {e.path(), 0}, e.reason() + ": variables from it are unknown"});
  }
  Options effective = options;
  if (effective.server_root.empty()) effective.server_root = default_server_root(path);
  Reader reader(tree, out, effective, env);
  reader.add_defines(defines);
  reader.main_file(path);
  return out;
}

ServiceConfig service_config(const Config& config) {
  ServiceConfig out;
  out.files_read = config.files_read;
  out.notes = config.notes;
  for (const auto& l : config.listens)
    out.endpoints.push_back({l.endpoint, l.where, l.text});
  return out;
}

}  // namespace vs::config::apache
