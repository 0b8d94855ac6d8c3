// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/mysql.hpp"

#include <algorithm>
#include <array>

#include "config/dpkg_status.hpp"
#include "config/includes.hpp"
#include "config/lines.hpp"
#include "config/mysql_options.hpp"

namespace vs::config {
namespace {

constexpr int kMaxIncludeLevel = 10;  // my_default.c: deeper directives are skipped
constexpr const char* kDpkgStatus = "/var/lib/dpkg/status";

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

// The packages that put /usr/sbin/mariadbd on disk: mariadb-server-core (Debian 12),
// mariadb-server-core-10.5 (Debian 11), and the server packages that depend on them.
bool mariadb_server_package(std::string_view name) {
  for (const std::string_view base : {"mariadb-server-core", "mariadb-server"}) {
    if (name == base) return true;
    if (name.starts_with(base) && name.size() > base.size() + 1 && name[base.size()] == '-' &&
        name[base.size() + 1] >= '0' && name[base.size() + 1] <= '9') {
      return true;
    }
  }
  return false;
}

// "a = b" as a message may show it: the value bounded.
std::string as_written(const OptionFileItem& item) {
  return bounded(item.name) + (item.value ? " = " + bounded(*item.value) : "");
}

class Loader {
 public:
  Loader(const fs::Tree& tree, const MysqlOptions& options, MysqlConfig& out)
      : tree_(tree), options_(options), guard_(tree), out_(out) {}

  // A file the server reads first-hand: a fatal line there stops the server.
  void read_first_hand(const std::string& path) { read_file(path, {}, 0); }

  const std::vector<std::string>& files_read() const { return guard_.files_read(); }

 private:
  // An included file is counted (IncludeGuard) before it is read; what cannot be
  // read is skipped, as the server skips it. A first-hand file's errors are thrown.
  void read_file(const std::string& path, const Location& from, int level) {
    fs::FileText text;
    if (level == 0) {
      text = tree_.read(path);
      if (const std::string why = guard_.enter(path); !why.empty())
        throw fs::FileError(text.path, why);
    } else {
      if (!tree_.stat(path).exists) {
        note(NoteKind::info, from, bounded(path) + ": no such file; the server skips it");
        return;
      }
      if (const std::string why = guard_.enter(path); !why.empty()) {
        note(NoteKind::ignored, from, why + ": skipped");
        return;
      }
      try {
        text = tree_.read(path);
      } catch (const fs::ReadBudgetExhausted&) {
        throw;  // UNKNOWN: what the server does with the rest cannot be told
      } catch (const fs::FileError& e) {
        guard_.leave();
        note(NoteKind::ignored, from, e.path() + ": " + e.reason() + "; skipped");
        return;
      }
    }
    visit_option_file(text.content, text.path,
                      [&](const OptionFileItem& item) { return on_item(item, level); });
    guard_.leave();
  }

  // Returns false when the rest of the file is lost.
  bool on_item(const OptionFileItem& item, int level) {
    switch (item.kind) {
      case OptionFileItem::Kind::option:
        on_option(item);
        return true;
      case OptionFileItem::Kind::include:
      case OptionFileItem::Kind::includedir:
        if (level >= kMaxIncludeLevel) {
          note(NoteKind::ignored, item.where,
               "maximum include recursion level (" + std::to_string(kMaxIncludeLevel) +
                   ") reached: the server skips this");
          return true;
        }
        if (item.kind == OptionFileItem::Kind::include) {
          read_file(item.name, item.where, level + 1);
          return true;
        }
        return read_dir(item, level);
      case OptionFileItem::Kind::fatal:
        stop(item.where, item.problem, level);
        return false;
    }
    return true;
  }

  // Returns false when the directory cannot be listed: that ends the file.
  bool read_dir(const OptionFileItem& item, int level) {
    std::vector<fs::Entry> entries;
    try {
      entries = tree_.list(item.name);
    } catch (const fs::FileError& e) {
      stop(item.where, "Can't read dir of '" + bounded(item.name) + "' (" + e.reason() + ")",
           level);
      return false;
    }
    for (const auto& entry : entries) {
      if (entry.name.ends_with(".cnf"))
        read_file(fs::join(item.name, entry.name), item.where, level + 1);
    }
    return true;
  }

  // A fatal error ends the reading of the file; only in a file the server reads
  // first-hand does it stop the server (the include directives ignore what an
  // included file returns).
  void stop(const Location& where, const std::string& why, int level) {
    if (level == 0) {
      note(NoteKind::refusal, where, why + ": Fatal error in defaults handling");
    } else {
      note(NoteKind::ignored, where, why + ": the server ignores the rest of this file");
    }
  }

  void on_option(const OptionFileItem& item) {
    const OptionUse use = server_option(item.name, item.value);
    if (use.option == ServerOption::none && use.error.empty()) return;
    if (!applies(item.group, item.where)) return;
    if (!use.error.empty()) {
      if (use.loose && use.loose_forgives) {
        note(NoteKind::ignored, item.where, use.error + ": the server goes on (loose-)");
      } else {
        note(NoteKind::refusal, item.where, use.error);
      }
      return;
    }
    MysqlSetting s{item.where, as_written(item), {}, 0, false};
    switch (use.option) {
      case ServerOption::bind_address:
        s.text = *use.argument;
        out_.bind_address = std::move(s);
        break;
      case ServerOption::port:
      case ServerOption::extra_port: {
        const PortValue p = port_value(*use.argument, use.option);
        if (!p.error.empty() && use.loose) {
          note(NoteKind::ignored, item.where,
               p.error + ": the server goes on (loose-) with " +
                   std::string(server_name(use.option)) + " 0");
        } else if (!p.error.empty()) {
          note(NoteKind::refusal, item.where, p.error);
        }
        if (!p.warning.empty()) note(NoteKind::ignored, item.where, p.warning);
        s.number = p.port;
        (use.option == ServerOption::port ? out_.port : out_.extra_port) = std::move(s);
        break;
      }
      case ServerOption::skip_networking: {
        const std::string argument = use.argument.value_or("1");
        const auto on = server_bool(argument);
        if (!on) {
          note(NoteKind::ignored, item.where,
               "option 'skip_networking': boolean value '" + bounded(argument) +
                   "' wasn't recognized. Set to OFF.");
        }
        s.on = on.value_or(false);
        out_.skip_networking = std::move(s);
        break;
      }
      case ServerOption::none:
        break;
    }
  }

  // Does the server read this group's options? A versioned group asks for the
  // server's version, once.
  bool applies(const std::string& group, const Location& where) {
    const ServerGroup g = server_group(group);
    if (g.kind != ServerGroup::Kind::versioned) return g.kind == ServerGroup::Kind::server;
    const auto& version = server_version();
    if (version && *version == g.version) return true;
    // One note for consecutive lines of one group.
    const std::string key = where.file + "\n" + group;
    if (key != last_versioned_note_) {
      last_versioned_note_ = key;
      if (version) {
        note(NoteKind::info, where,
             "[" + bounded(group) + "] is read only by MariaDB " + bounded(g.version) +
                 ", and this server is " + *version + " (" + version_from_ + "): skipped");
      } else {
        note(NoteKind::unjudged, where,
             "[" + bounded(group) + "] is read only by MariaDB " + bounded(g.version) +
                 ", and the server's version is unknown (" + version_from_ +
                 "): its lines are not counted; say it with --server-version");
      }
    }
    return false;
  }

  const std::optional<std::string>& server_version() {
    if (version_looked_up_) return version_;
    version_looked_up_ = true;
    if (options_.server_version) {
      version_ = major_minor(*options_.server_version);
      version_from_ = "--server-version";
      return version_;
    }
    std::optional<fs::FileText> status;
    try {
      status = tree_.read_if_exists(kDpkgStatus);
    } catch (const fs::ReadBudgetExhausted&) {
      throw;
    } catch (const fs::FileError& e) {
      version_from_ = e.path() + ": " + e.reason();
      return version_;
    }
    if (!status) {
      version_from_ = tree_.display(kDpkgStatus) + ": no such file";
      return version_;
    }
    auto found = installed_packages(status->content, status->path, mariadb_server_package);
    // The core package holds mariadbd itself.
    std::stable_partition(found.begin(), found.end(), [](const InstalledPackage& p) {
      return p.name.find("-core") != std::string::npos;
    });
    if (found.empty()) {
      version_from_ = "no MariaDB server package installed in " + status->path;
    } else if (!(version_ = major_minor(found.front().version))) {
      version_from_ = found.front().where.str() + ": version '" + bounded(found.front().version) +
                      "' not understood";
    } else {
      version_from_ = found.front().where.str();
    }
    return version_;
  }

  // Notes are capped: a hostile file of a million bad lines must not make a million
  // findings. A refusal is kept when none is yet, so that the server's refusal shows.
  void note(NoteKind kind, const Location& where, std::string text) {
    if (out_.notes.size() < kMaxNotes) {
      out_.notes.push_back({kind, where, std::move(text)});
      if (kind == NoteKind::refusal) has_refusal_ = true;
      return;
    }
    if (kind == NoteKind::refusal && !has_refusal_) {
      out_.notes.push_back({kind, where, std::move(text)});
      has_refusal_ = true;
    }
    if (!capped_) {
      capped_ = true;
      out_.notes.push_back({NoteKind::unjudged, where,
                            "more than " + std::to_string(kMaxNotes) +
                                " remarks on these files: the rest are not "
                                "listed"});
    }
  }

  const fs::Tree& tree_;
  const MysqlOptions& options_;
  IncludeGuard guard_;
  MysqlConfig& out_;
  bool version_looked_up_ = false;
  std::optional<std::string> version_;
  std::string version_from_;  // where the version comes from, or why it is unknown
  std::string last_versioned_note_;
  bool has_refusal_ = false;
  bool capped_ = false;
};

}  // namespace

void visit_option_file(std::string_view text, const std::string& file,
                       const std::function<bool(const OptionFileItem&)>& visit) {
  std::optional<std::string> group;
  LineCursor lines(text);
  while (const auto line = lines.next()) {
    const Location where{file, line->number};
    const std::string_view t = trim_left(line->text);
    if (t.empty() || t.front() == '#' || t.front() == ';') continue;
    auto fatal = [&](std::string why) {
      visit({OptionFileItem::Kind::fatal, {}, {}, {}, where, std::move(why)});
    };
    if (t.front() == '!') {
      const std::string_view directive = trim_left(t.substr(1));
      for (const auto& [keyword, kind] : {std::pair{"includedir", OptionFileItem::Kind::includedir},
                                          std::pair{"include", OptionFileItem::Kind::include}}) {
        const auto arg = directive_argument(directive, keyword);
        if (!arg) continue;
        if (arg->empty()) {
          fatal("Wrong '!" + std::string(keyword) + "' directive in config file");
          return;
        }
        if (!visit({kind, {}, std::string(*arg), {}, where, {}})) return;
        break;
      }
      continue;  // other '!' lines are ignored
    }
    if (t.front() == '[') {
      const std::size_t close = t.find(']');
      if (close == std::string_view::npos) {
        fatal("Wrong group definition in config file");
        return;
      }
      group = std::string(trim_right(t.substr(1, close - 1)));
      continue;
    }
    if (!group) {
      fatal("Found option without preceding group in config file");
      return;
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
    if (!visit(item)) return;
  }
}

std::vector<OptionFileItem> parse_option_file(std::string_view text, const std::string& file) {
  std::vector<OptionFileItem> items;
  visit_option_file(text, file, [&](const OptionFileItem& item) {
    items.push_back(item);
    return true;
  });
  return items;
}

ServerGroup server_group(std::string_view group) {
  const std::string g = lower(group);
  static constexpr std::array<std::string_view, 6> kGroups = {
      "mysqld", "server", "mariadb", "mariadbd", "client-server", "galera"};
  if (std::find(kGroups.begin(), kGroups.end(), g) != kGroups.end())
    return {ServerGroup::Kind::server, {}};
  for (const std::string_view base : {"mysqld-", "mariadb-", "mariadbd-"}) {
    const std::string_view version = std::string_view(g).substr(std::min(base.size(), g.size()));
    if (g.starts_with(base) && is_version(version))
      return {ServerGroup::Kind::versioned, std::string(version)};
  }
  return {};
}

MysqlConfig load_mysql(const fs::Tree& tree, const std::string& path, const MysqlOptions& options) {
  MysqlConfig config;
  Loader loader(tree, options, config);
  loader.read_first_hand(path);
  config.files_read = loader.files_read();
  return config;
}

MysqlConfig load_mysql_defaults(const fs::Tree& tree, const std::vector<std::string>& paths,
                                const MysqlOptions& options) {
  MysqlConfig config;
  Loader loader(tree, options, config);
  bool any = false;
  for (const auto& path : paths) {
    if (!tree.stat(path).exists) continue;  // the server skips a default file that is not there
    any = true;
    loader.read_first_hand(path);
  }
  if (!any && !paths.empty()) {
    std::string others;
    for (std::size_t i = 0; i + 1 < paths.size(); ++i)
      others += (others.empty() ? "" : ", ") + tree.display(paths[i]);
    throw fs::FileMissing(tree.display(paths.back()),
                          others.empty() ? "no such file" : "no such file (nor " + others + ")");
  }
  config.files_read = loader.files_read();
  return config;
}

}  // namespace vs::config
