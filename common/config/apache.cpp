#include "config/apache.hpp"

#include <algorithm>

#include "config/host_port.hpp"
#include "config/includes.hpp"
#include "config/lines.hpp"
#include "config/shell_vars.hpp"

namespace vs::config::apache {

namespace {

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool has_wildcard(const std::string& s) {
  return s.find_first_of("*?[") != std::string::npos;
}

std::string basename(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Expands $NAME and ${NAME} of already known variables in a shell value; nullopt
// when the value needs anything else ($(cmd), `cmd`, ${X##y}, an unknown name).
std::optional<std::string> expand_shell_value(const std::string& value, const Variables& vars) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '`') return std::nullopt;
    if (c != '$') {
      out += c;
      continue;
    }
    const bool braced = i + 1 < value.size() && value[i + 1] == '{';
    std::size_t j = i + (braced ? 2 : 1);
    const std::size_t start = j;
    while (j < value.size() && is_name_char(value[j]))
      ++j;
    if (j == start || (braced && (j >= value.size() || value[j] != '}'))) return std::nullopt;
    const auto found = vars.find(value.substr(start, j - start));
    if (found == vars.end()) return std::nullopt;
    out += found->second;
    i = braced ? j : j - 1;
  }
  return out;
}

// Sections whose contents httpd reads only when a condition holds.
bool is_conditional(const std::string& name) {
  return name == "ifmodule" || name == "ifdefine" || name == "iffile" || name == "ifversion" ||
         name == "ifdirective" || name == "ifsection";
}

struct Section {
  std::string name;
  std::string shown;  // "<IfModule ssl_module>" for messages
  Location where;
  bool active = true;
  bool conditional = true;
};

class Reader {
 public:
  Reader(const fs::Tree& tree, Config& out, const Options& options, Variables vars)
      : tree_(tree),
        guard_(tree),
        out_(out),
        vars_(std::move(vars)),
        server_root_(options.server_root) {
    for (const auto& d : options.defines)
      defines_.insert(d);
    for (const auto& m : builtin_modules())
      modules_.insert(m);
  }

  void main_file(const std::string& path) {
    const auto text = tree_.read(path);  // a failure here is the caller's UNKNOWN
    if (const auto why = guard_.enter(path); !why.empty()) throw fs::FileError(text.path, why);
    walk(parse_apache(text.content, text.path));
    guard_.leave();
    out_.files_read = guard_.files_read();
    out_.server_root = server_root_;
    if (listen_lines_ == 0) {
      fatal({text.path, 0}, "no Listen directive: httpd finds no listening sockets and shuts down");
    }
  }

  void add_defines(const std::vector<std::string>& names) {
    for (const auto& n : names)
      defines_.insert(n);
  }

 private:
  void fatal(const Location& where, const std::string& text) {
    note(NoteKind::refusal, where, text);
  }
  void cannot_judge(const Location& where, const std::string& text) {
    note(NoteKind::unjudged, where, text);
  }
  // Once: a glob over a broken tree may hit the same wall many times.
  void note(NoteKind kind, const Location& where, const std::string& text) {
    if (reported_.insert(where.str() + "\n" + text).second)
      out_.notes.push_back({kind, where, text});
  }

  static bool all_active(const std::vector<Section>& stack) {
    return std::all_of(stack.begin(), stack.end(), [](const Section& s) { return s.active; });
  }

  void walk(const std::vector<Line>& lines) {
    std::vector<Section> stack;  // a section must end in the file it began in
    for (const auto& line : lines) {
      if (!all_active(stack)) {
        // httpd skips an inactive section unread, counting nested sections only.
        const Directive d = split_directive(line.text);
        if (d.kind == Directive::Kind::open)
          stack.push_back({d.name, line.text, line.where, false, true});
        if (d.kind == Directive::Kind::close) close(stack, d, line);
        continue;
      }
      std::set<std::string> unknown;
      const Directive d = split_directive(expand_variables(line.text, vars_, &unknown));
      if (!d.error.empty()) {
        fatal(line.where, d.error + ": " + line.text);
      } else if (d.kind == Directive::Kind::open) {
        stack.push_back(open(d, line));
      } else if (d.kind == Directive::Kind::close) {
        close(stack, d, line);
      } else {
        directive(d, line, stack, unknown);
      }
    }
    for (const auto& s : stack)
      fatal(s.where, s.shown + " was not closed");
  }

  Section open(const Directive& d, const Line& line) {
    Section s{d.name, line.text, line.where, true, is_conditional(d.name)};
    if (d.name == "macro") s.active = false;  // a macro's body is read when used, not here
    if (!s.conditional || d.name == "ifversion" || d.name == "ifdirective" || d.name == "ifsection")
      return s;
    if (d.args.empty() || d.args[0].empty() || d.args[0] == "!") {
      fatal(line.where, line.text + ": directive requires additional arguments");
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

  void close(std::vector<Section>& stack, const Directive& d, const Line& line) {
    if (stack.empty()) {
      fatal(line.where, "</" + d.name + "> without matching <" + d.name + "> section");
      return;
    }
    if (stack.back().name != d.name) {
      fatal(line.where, "expected </" + stack.back().name + "> but saw " + line.text);
    }
    stack.pop_back();
  }

  void directive(const Directive& d, const Line& line, const std::vector<Section>& stack,
                 const std::set<std::string>& unknown) {
    std::string unknown_text;
    for (const auto& u : unknown)
      unknown_text += (unknown_text.empty() ? "${" : ", ${") + u + "}";
    if (d.name == "listen") {
      ++listen_lines_;
      listen(d, line, stack, unknown_text);
    } else if (d.name == "include" || d.name == "includeoptional") {
      if (!unknown.empty()) {
        cannot_judge(line.where,
                     line.text + ": " + unknown_text + " is not defined here: not read");
        return;
      }
      include(d, line, d.name == "includeoptional");
    } else if (d.name == "loadmodule" && d.args.size() == 2) {
      for (const auto& n : module_names(d.args[0], d.args[1]))
        modules_.insert(n);
    } else if (d.name == "define" && !d.args.empty() && d.args.size() <= 2) {
      defines_.insert(d.args[0]);
      if (d.args.size() == 2) vars_[d.args[0]] = d.args[1];
    } else if (d.name == "undefine" && d.args.size() == 1) {
      defines_.erase(d.args[0]);
      vars_.erase(d.args[0]);
    } else if (d.name == "serverroot" && d.args.size() == 1 && unknown.empty()) {
      server_root_ = d.args[0];
      while (server_root_.size() > 1 && server_root_.back() == '/')
        server_root_.pop_back();
    }
  }

  void listen(const Directive& d, const Line& line, const std::vector<Section>& stack,
              const std::string& unknown_text) {
    for (const auto& s : stack) {
      if (!s.conditional)
        return fatal(line.where, "Listen cannot occur within " + s.shown + " section");
    }
    if (!unknown_text.empty()) {
      return cannot_judge(line.where,
                          line.text + ": " + unknown_text + " is not defined here: not judged");
    }
    const Listen l = parse_listen(d.args);
    if (!l.error.empty()) return fatal(line.where, line.text + ": " + l.error);
    const std::string key = l.endpoint.str();
    if (!listen_keys_.insert(key).second) {
      return fatal(line.where,
                   line.text + ": Cannot define multiple Listeners on the same IP:port");
    }
    out_.listens.push_back({l.endpoint, line.where, line.text});
  }

  void include(const Directive& d, const Line& line, bool optional) {
    if (d.args.size() != 1 || d.args[0].empty())
      return fatal(line.where, line.text + ": takes one argument");
    const std::string& arg = d.args[0];
    const std::string path = arg.front() == '/' ? arg : server_root_ + "/" + arg;
    std::vector<std::string> found;
    if (has_wildcard(path)) {
      found = fs::glob(tree_, path);
      if (found.empty() && !optional) {
        return fatal(line.where,
                     line.text + ": no matches for the wildcard " + tree_.display(path));
      }
    } else if (tree_.stat(path).exists) {
      found.push_back(path);
    } else if (!optional) {
      return fatal(line.where,
                   line.text + ": could not open " + tree_.display(path) + ": no such file");
    }
    for (const auto& f : found)
      read_path(f, line, 0);
  }

  // A directory is read whole, in name order, subdirectories included.
  void read_path(const std::string& path, const Line& from, int depth) {
    if (tree_.stat(path).is_directory) {
      // Symlinks can make a directory tree endless: bound its depth and its size.
      if (++directories_ > IncludeGuard::kMaxFiles) {
        return fatal(from.where, "more than " + std::to_string(IncludeGuard::kMaxFiles) +
                                     " directories included");
      }
      if (depth >= IncludeGuard::kMaxDepth) {
        return fatal(from.where,
                     "directories nested deeper than " + std::to_string(IncludeGuard::kMaxDepth));
      }
      try {
        for (const auto& e : tree_.list(path))
          read_path(path + "/" + e.name, from, depth + 1);
      } catch (const fs::FileError& e) {
        fatal(from.where, from.text + ": " + e.path() + ": " + e.reason());
      }
      return;
    }
    if (const auto why = guard_.enter(path); !why.empty()) return fatal(from.where, why);
    try {
      const auto text = tree_.read(path);
      walk(parse_apache(text.content, text.path));
    } catch (const fs::FileError& e) {
      fatal(from.where, from.text + ": " + e.path() + ": " + e.reason());
    }
    guard_.leave();
  }

  const fs::Tree& tree_;
  IncludeGuard guard_;
  Config& out_;
  Variables vars_;
  std::string server_root_;
  std::set<std::string> defines_;
  std::set<std::string> modules_;
  std::set<std::string> listen_keys_;
  std::set<std::string> reported_;
  int listen_lines_ = 0;
  std::size_t directories_ = 0;
};

}  // namespace

std::vector<Line> parse_apache(std::string_view text, const std::string& display_path) {
  std::vector<Line> out;
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
    if (!line.empty() && line.front() != '#')
      out.push_back({{display_path, first}, std::string(line)});
    logical.clear();
  }
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
      d.error = "<" + d.name + "> directive missing closing '>'";
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

std::string expand_variables(std::string_view text, const Variables& vars,
                             std::set<std::string>* unknown) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto start = text.find("${", i);
    const auto end = start == std::string_view::npos ? start : text.find('}', start + 2);
    if (end == std::string_view::npos) {
      out += text.substr(i);
      break;
    }
    out += text.substr(i, start - i);
    const std::string name(text.substr(start + 2, end - start - 2));
    if (const auto found = vars.find(name); found != vars.end()) {
      out += found->second;
    } else {
      out += text.substr(start, end - start + 1);
      if (unknown != nullptr) unknown->insert(name);
    }
    i = end + 1;
  }
  return out;
}

Variables parse_envvars(std::string_view text) {
  Variables vars;
  for (const auto& a : parse_shell_assignments(text, "envvars")) {
    if (a.unterminated) continue;
    const auto value =
        a.needs_expansion ? expand_shell_value(a.value, vars) : std::optional<std::string>(a.value);
    if (value) {
      vars[a.name] = *value;
    } else {
      vars.erase(a.name);  // computed by the shell: unknown from here on
    }
  }
  return vars;
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
    l.error = "Invalid address or port (" + hp.error + ")";
  } else if (!hp.zone.empty()) {
    l.error = "Scope id is not supported";
  } else if (!hp.port) {
    l.error = "Port must be specified";
  } else if (hp.host.empty() || hp.host == "*") {
    // httpd binds one socket on :: that takes IPv4 too (v4-mapped), or 0.0.0.0
    // on a machine without IPv6: every address either way.
    l.endpoint = endpoint_for("::", *hp.port);
    l.endpoint.v6only = false;
  } else {
    l.endpoint = endpoint_for(hp.host, *hp.port);
  }
  return l;
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
  Variables vars;
  std::vector<std::string> defines;
  // Debian's apache2ctl sources envvars next to apache2.conf before starting httpd.
  const std::string envvars = fs::dirname(path) + "/envvars";
  try {
    if (const auto text = tree.read_if_exists(envvars)) {
      vars = parse_envvars(text->content);
      if (const auto args = vars.find("APACHE_ARGUMENTS"); args != vars.end()) {
        defines = defines_in_arguments(args->second);
      }
    }
  } catch (const fs::FileError& e) {
    out.notes.push_back(
        {NoteKind::unjudged, {e.path(), 0}, e.reason() + ": variables from it are unknown"});
  }
  Options effective = options;
  if (effective.server_root.empty()) effective.server_root = default_server_root(path);
  Reader reader(tree, out, effective, std::move(vars));
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
