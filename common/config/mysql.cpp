#include "config/mysql.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "config/host_port.hpp"
#include "config/includes.hpp"
#include "config/lines.hpp"
#include "config/listen.hpp"

namespace vs::config {
namespace {

constexpr std::uint16_t kDefaultPort = 3306;
constexpr int kMaxIncludeLevel = 10;  // my_default.c: deeper directives are skipped

// remove_end_comment(): '#' outside quotes ends the line; a backslash protects a
// quote inside quotes.
std::string_view without_end_comment(std::string_view text) {
  char quote = 0;
  bool escape = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '\'' || c == '"') && !escape) {
      if (quote == 0) {
        quote = c;
      } else if (quote == c) {
        quote = 0;
      }
    }
    if (quote == 0 && c == '#') return text.substr(0, i);
    escape = quote != 0 && c == '\\' && !escape;
  }
  return text;
}

std::string unquoted_value(std::string_view value) {
  if (value.size() > 1 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '\\' || i + 1 == value.size()) {
      out += value[i];
      continue;
    }
    const char next = value[++i];
    switch (next) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 's':
        out += ' ';
        break;
      case '"':
      case '\'':
      case '\\':
        out += next;
        break;
      default:
        out += '\\';
        out += next;
    }
  }
  return out;
}

// "!include path": the keyword must be followed by a blank (or the line's end).
std::optional<std::string_view> directive_argument(std::string_view text,
                                                   std::string_view keyword) {
  if (!text.starts_with(keyword)) return std::nullopt;
  const std::string_view rest = text.substr(keyword.size());
  if (!rest.empty() && !is_space(rest.front())) return std::nullopt;
  return trim(rest);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "10.11", "8.0", "10"
bool is_version(std::string_view v) {
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = v.find('.', start);
    if (!all_digits(v.substr(
            start, dot == std::string_view::npos ? std::string_view::npos : dot - start))) {
      return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// get_bool_argument(): true/on/1, false/off/0; anything else is OFF with a warning.
std::optional<bool> server_bool(std::string_view text) {
  const std::string v = lower(text);
  if (v == "1" || v == "on" || v == "true") return true;
  if (v == "0" || v == "off" || v == "false") return false;
  return std::nullopt;
}

class Loader {
 public:
  Loader(const fs::Tree& tree, MysqlConfig& out) : tree_(tree), guard_(tree), out_(out) {}

  void read_file(const std::string& path, const Location& from, int level) {
    fs::FileText text;
    try {
      text = tree_.read(path);
    } catch (const fs::FileMissing& e) {
      if (level == 0) throw;
      note(NoteKind::info, from, e.path() + ": no such file; the server skips it");
      return;
    } catch (const fs::FileError& e) {
      if (level == 0) throw;
      note(NoteKind::ignored, from, e.path() + ": " + e.reason() + "; skipped");
      return;
    }
    if (const std::string why = guard_.enter(path); !why.empty()) {
      note(NoteKind::ignored, from, why + ": skipped");
      return;
    }
    read_items(text, level);
    guard_.leave();
  }

  const std::vector<std::string>& files_read() const { return guard_.files_read(); }

 private:
  void read_items(const fs::FileText& text, int level) {
    for (const auto& item : parse_option_file(text.content, text.path)) {
      switch (item.kind) {
        case OptionFileItem::Kind::option:
          out_.options.push_back(item);
          break;
        case OptionFileItem::Kind::include:
        case OptionFileItem::Kind::includedir:
          if (level >= kMaxIncludeLevel) {
            note(NoteKind::ignored, item.where,
                 "includes nested deeper than " + std::to_string(kMaxIncludeLevel) +
                     ": the server skips this");
          } else if (item.kind == OptionFileItem::Kind::include) {
            read_file(item.name, item.where, level + 1);
          } else if (!read_dir(item, level)) {
            return;
          }
          break;
        case OptionFileItem::Kind::fatal:
          stop(item.where, item.problem, level);
          return;
      }
    }
  }

  // Returns false when the directory cannot be listed: that ends the file.
  bool read_dir(const OptionFileItem& item, int level) {
    std::vector<fs::Entry> entries;
    try {
      entries = tree_.list(item.name);
    } catch (const fs::FileError& e) {
      stop(item.where, e.path() + ": " + e.reason(), level);
      return false;
    }
    for (const auto& entry : entries) {
      if (entry.name.ends_with(".cnf"))
        read_file(fs::join(item.name, entry.name), item.where, level + 1);
    }
    return true;
  }

  // A fatal error ends the reading of the file; only in the first file does it
  // abort the server (the include directives ignore what an included file returns).
  void stop(const Location& where, const std::string& why, int level) {
    if (level == 0) {
      note(NoteKind::refusal, where, why);
    } else {
      note(NoteKind::ignored, where, why + ": the server ignores the rest of this file");
    }
  }

  void note(NoteKind kind, const Location& where, std::string text) {
    out_.notes.push_back({kind, where, std::move(text)});
  }

  const fs::Tree& tree_;
  IncludeGuard guard_;
  MysqlConfig& out_;
};

struct Listen {
  const OptionFileItem* bind = nullptr;
  const OptionFileItem* port = nullptr;
  const OptionFileItem* extra_port = nullptr;
  const OptionFileItem* skip_networking = nullptr;
  bool skip = false;
};

Listen effective(const std::vector<OptionFileItem>& options, std::vector<Note>& notes) {
  Listen l;
  for (const auto& o : options) {
    if (!is_server_group(o.group)) continue;
    const std::string name = canonical_option(o.name);
    if (name == "bind-address") l.bind = &o;
    if (name == "port") l.port = &o;
    if (name == "extra-port") l.extra_port = &o;
    if (name == "skip-networking" || name == "enable-skip-networking") {
      const auto on = server_bool(o.value.value_or("1"));
      if (!on) {
        notes.push_back(
            {NoteKind::ignored, o.where,
             "boolean value '" + *o.value + "' not recognized: the server takes it as OFF"});
      }
      l.skip = on.value_or(false);
      l.skip_networking = &o;
    }
    if (name == "disable-skip-networking" || name == "skip-skip-networking") {
      l.skip = false;
      l.skip_networking = &o;
    }
  }
  return l;
}

std::string as_written(const OptionFileItem& o) {
  return o.name + (o.value ? " = " + *o.value : "");
}

// A port option's number, 0 included; nullopt when the server rejects the value.
std::optional<std::uint16_t> port_number(const OptionFileItem& o) {
  const std::string v(trim(o.value.value_or("")));
  if (v == "0") return 0;
  return parse_port(v);
}

Note bad_port(const OptionFileItem& o) {
  return {NoteKind::refusal, o.where,
          o.name + " '" + o.value.value_or("") + "' is not a number from 0 to 65535"};
}

// One endpoint per bind-address entry: "*" and "::" take IPv4 and IPv6 on one socket,
// "0.0.0.0" IPv4 only; empty or unset, every address.
std::vector<ConfiguredEndpoint> bind_endpoints(const Listen& l, std::uint16_t port,
                                               const std::string& main_file) {
  std::vector<ConfiguredEndpoint> out;
  const std::string value = l.bind != nullptr ? std::string(trim(l.bind->value.value_or(""))) : "";
  if (l.bind == nullptr) {
    out.push_back(
        configured(every_address_dual_stack(port), {main_file, 0}, "bind-address not set"));
  } else if (value.empty()) {
    out.push_back(configured(every_address_dual_stack(port), l.bind->where,
                             as_written(*l.bind) + ": every address"));
  }
  std::size_t start = 0;
  while (!value.empty() && start <= value.size()) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    const std::string host(trim(std::string_view(value).substr(start, comma - start)));
    start = comma + 1;
    if (host.empty()) continue;
    const net::Endpoint e =
        host == "*" || host == "::" ? every_address_dual_stack(port) : endpoint_for(host, port);
    out.push_back(configured(e, l.bind->where, as_written(*l.bind)));
  }
  return out;
}

}  // namespace

std::vector<OptionFileItem> parse_option_file(std::string_view text, const std::string& file) {
  std::vector<OptionFileItem> items;
  std::optional<std::string> group;
  for (const auto& line : split_lines(text)) {
    const Location where{file, line.number};
    const std::string_view t = trim_left(line.text);
    if (t.empty() || t.front() == '#' || t.front() == ';') continue;
    auto fatal = [&](std::string why) {
      items.push_back({OptionFileItem::Kind::fatal, {}, {}, {}, where, std::move(why)});
    };
    if (t.front() == '!') {
      const std::string_view directive = trim_left(t.substr(1));
      for (const auto& [keyword, kind] : {std::pair{"includedir", OptionFileItem::Kind::includedir},
                                          std::pair{"include", OptionFileItem::Kind::include}}) {
        const auto arg = directive_argument(directive, keyword);
        if (!arg) continue;
        if (arg->empty()) {
          fatal("'!" + std::string(keyword) + "' without a path");
          return items;
        }
        items.push_back({kind, {}, std::string(*arg), {}, where, {}});
        break;
      }
      continue;  // other '!' lines are ignored
    }
    if (t.front() == '[') {
      const std::size_t close = t.find(']');
      if (close == std::string_view::npos) {
        fatal("'[' without ']'");
        return items;
      }
      group = std::string(trim_right(t.substr(1, close - 1)));
      continue;
    }
    if (!group) {
      fatal("option outside any [group]");
      return items;
    }
    const std::string_view body = without_end_comment(t);
    const std::size_t eq = body.find('=');
    OptionFileItem item{OptionFileItem::Kind::option,
                        *group,
                        std::string(trim_right(body.substr(0, eq))),
                        {},
                        where,
                        {}};
    if (eq != std::string_view::npos) item.value = unquoted_value(trim(body.substr(eq + 1)));
    items.push_back(std::move(item));
  }
  return items;
}

bool is_server_group(std::string_view group) {
  const std::string g = lower(group);
  static constexpr std::array<std::string_view, 6> kGroups = {
      "mysqld", "server", "mariadb", "mariadbd", "client-server", "galera"};
  if (std::find(kGroups.begin(), kGroups.end(), g) != kGroups.end()) return true;
  for (const std::string_view base : {"mysqld-", "mariadb-", "mariadbd-"}) {
    if (g.starts_with(base) && is_version(std::string_view(g).substr(base.size()))) return true;
  }
  return false;
}

std::string canonical_option(std::string_view name) {
  std::string out(name);
  for (auto& c : out) {
    if (c == '_') c = '-';
  }
  if (out.starts_with("loose-")) out.erase(0, 6);
  return out;
}

MysqlConfig load_mysql(const fs::Tree& tree, const std::string& path) {
  MysqlConfig config;
  Loader loader(tree, config);
  loader.read_file(path, {}, 0);
  config.files_read = loader.files_read();
  return config;
}

ServiceConfig service_config(const MysqlConfig& config, const std::string& main_file) {
  ServiceConfig out;
  out.notes = config.notes;
  out.files_read = config.files_read;
  const Listen l = effective(config.options, out.notes);
  if (l.skip) {
    // Shown without -v: it says why there is nothing to judge.
    out.notes.push_back(
        {.kind = NoteKind::info,
         .where = l.skip_networking->where,
         .text = as_written(*l.skip_networking) + ": no TCP listener, only the Unix socket",
         .always_shown = true});
    return out;
  }
  std::uint16_t port = kDefaultPort;
  if (l.port != nullptr) {
    const auto p = port_number(*l.port);
    if (!p) out.notes.push_back(bad_port(*l.port));
    if (p.value_or(0) != 0) port = *p;
  }
  out.endpoints = bind_endpoints(l, port, main_file);
  if (l.extra_port != nullptr) {  // MariaDB's thread pool: the same addresses on a second port
    const auto extra = port_number(*l.extra_port);
    if (!extra) out.notes.push_back(bad_port(*l.extra_port));
    const std::size_t n = extra.value_or(0) != 0 ? out.endpoints.size() : 0;
    for (std::size_t i = 0; i < n; ++i) {
      net::Endpoint e = out.endpoints[i].endpoint;
      e.port = *extra;
      out.endpoints.push_back(configured(e, l.extra_port->where, as_written(*l.extra_port)));
    }
  }
  return out;
}

ServiceConfig read_mysql(const fs::Tree& tree, const std::string& path) {
  return service_config(load_mysql(tree, path), tree.display(path));
}

}  // namespace vs::config
