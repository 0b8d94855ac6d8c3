// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/postfix.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "config/lines.hpp"
#include "config/postfix_host.hpp"

namespace vs::config::postfix {

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lower(a) == lower(b);
}

// "\"text\"", bounded: the value of a field or parameter Postfix read.
std::string quoted(std::string_view text) {
  return "\"" + bounded(text) + "\"";
}

// The words of `text` separated by any of `separators`, at most `max` of them.
std::vector<std::string_view> words(std::string_view text, std::string_view separators,
                                    std::size_t max = std::numeric_limits<std::size_t>::max()) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (out.size() < max && (pos = text.find_first_not_of(separators, pos)) != text.npos) {
    const std::size_t end = std::min(text.find_first_of(separators, pos), text.size());
    out.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

struct LogicalLine {
  std::string text;
  int line = 0;  // where it starts
};

// readllines() over a text, one logical line at a time (a 4 MiB file of short lines
// is never held as a million strings). A physical line is appended as it is, its
// leading whitespace and a '\r' before its newline included, as Postfix appends it.
class LogicalLines {
 public:
  explicit LogicalLines(std::string_view text) : rest_(text) {}

  // The next logical line, or nullopt at the end. A first logical line that starts
  // with whitespace is skipped, as Postfix skips it with a warning: its line number
  // is added to `skipped`.
  std::optional<LogicalLine> next(std::vector<int>& skipped) {
    while (true) {
      LogicalLine l;
      while (const auto physical = next_physical()) {
        const std::string_view body = trim(*physical);
        if (!body.empty() && body.front() != '#') {
          if (l.text.empty()) l.line = number_;
          l.text += *physical;
        }
        if (!l.text.empty() && !continues()) break;
      }
      if (l.text.empty()) return std::nullopt;
      if (!is_space(l.text.front())) return l;
      skipped.push_back(l.line);
    }
  }

 private:
  std::optional<std::string_view> next_physical() {
    if (rest_.empty()) return std::nullopt;
    const std::size_t end = std::min(rest_.find('\n'), rest_.size());
    const std::string_view line = rest_.substr(0, end);
    rest_.remove_prefix(std::min(end + 1, rest_.size()));
    ++number_;
    return line;
  }

  // Whether the next physical line belongs to this logical line: a comment, a blank
  // line or one that starts with whitespace (Postfix peeks at its first character).
  bool continues() const {
    return !rest_.empty() && (rest_.front() == '#' || is_space(rest_.front()));
  }

  std::string_view rest_;
  int number_ = 0;
};

void note_skipped(std::vector<int>& skipped, const std::string& file, std::vector<Note>& notes) {
  for (const int line : skipped) {
    notes.push_back({NoteKind::ignored,
                     {file, line},
                     "a logical line must not start with whitespace: ignored"});
  }
  skipped.clear();
}

// The parameters this check reads itself: kept whatever the number of others.
bool read_here(std::string_view name) {
  return name == "inet_interfaces" || name == "inet_protocols" ||
         name == "master_service_disable" || name == "known_tcp_ports" || name == "myhostname" ||
         name == "mydomain";
}

// What mail_params_init() stores, in the order it stores it (Postfix 3.7,
// global/mail_params.c; the values are Debian 12's `postconf -d`): the parameters it
// reads before inet_interfaces, whose values a $name in inet_interfaces can see.
enum class Kind {
  value,        // this text, expanded when stored
  computed,     // from the machine's name (myhostname, mydomain)
  not_modeled,  // a compatibility-level expression this check does not evaluate
};

struct BuiltIn {
  std::string_view name;
  Kind kind;
  std::string_view value;
};

constexpr std::array kBuiltIns = {
    // mail_conf_suck()
    BuiltIn{"config_directory", Kind::value, "/etc/postfix"},
    // compat_level_defaults, first_str_defaults
    BuiltIn{"compatibility_level", Kind::value, "0"},
    BuiltIn{"mail_version", Kind::value, "3.7.11"},
    BuiltIn{"syslog_facility", Kind::value, "mail"},
    BuiltIn{"inet_protocols", Kind::value, "all"},
    BuiltIn{"multi_instance_directories", Kind::value, ""},
    BuiltIn{"multi_instance_group", Kind::value, ""},
    BuiltIn{"multi_instance_name", Kind::value, ""},
    BuiltIn{"maillog_file", Kind::value, ""},
    BuiltIn{"maillog_file_prefixes", Kind::value, "/var, /dev/stdout"},
    BuiltIn{"maillog_file_compressor", Kind::value, "gzip"},
    BuiltIn{"maillog_file_rotate_suffix", Kind::value, "%Y%m%d-%H%M%S"},
    BuiltIn{"postlog_service_name", Kind::value, "postlog"},
    BuiltIn{"dnssec_probe", Kind::value, "ns:."},
    BuiltIn{"known_tcp_ports", Kind::value,
            "lmtp=24, smtp=25, smtps=submissions=465, submission=587"},
    // first_bool_defaults
    BuiltIn{"daemon_table_open_error_is_fatal", Kind::value, "no"},
    BuiltIn{"dns_ncache_ttl_fix_enable", Kind::value, "no"},
    BuiltIn{"disable_dns_lookups", Kind::value, "no"},
    BuiltIn{"soft_bounce", Kind::value, "no"},
    BuiltIn{"owner_request_special", Kind::value, "yes"},
    BuiltIn{"strict_8bitmime", Kind::value, "no"},
    BuiltIn{"strict_7bit_headers", Kind::value, "no"},
    BuiltIn{"strict_8bitmime_body", Kind::value, "no"},
    BuiltIn{"strict_mime_encoding_domain", Kind::value, "no"},
    BuiltIn{"disable_mime_input_processing", Kind::value, "no"},
    BuiltIn{"disable_mime_output_conversion", Kind::value, "no"},
    BuiltIn{"address_verify_negative_cache", Kind::value, "yes"},
    BuiltIn{"backwards_bounce_logfile_compatibility", Kind::value, "yes"},
    BuiltIn{"helpful_warnings", Kind::value, "yes"},
    BuiltIn{"send_cyrus_sasl_authzid", Kind::value, "no"},
    BuiltIn{"multi_instance_enable", Kind::value, "no"},
    BuiltIn{"enable_long_queue_ids", Kind::value, "no"},
    BuiltIn{"strict_smtputf8", Kind::value, "no"},
    BuiltIn{"enable_original_recipient", Kind::value, "yes"},
    // first_nbool_defaults: stored as the compatibility-level expression itself
    BuiltIn{"smtputf8_enable", Kind::not_modeled, ""},
    BuiltIn{"idna2003_compatibility", Kind::value, "no"},
    BuiltIn{"respectful_logging", Kind::not_modeled, ""},
    // function_str_defaults
    BuiltIn{"myhostname", Kind::computed, ""},
    BuiltIn{"mydomain", Kind::computed, ""},
    // other_str_defaults, up to inet_interfaces
    BuiltIn{"mail_name", Kind::value, "Postfix"},
    BuiltIn{"syslog_name", Kind::value, "${multi_instance_name?{$multi_instance_name}:{postfix}}"},
    BuiltIn{"mail_owner", Kind::value, "postfix"},
    BuiltIn{"setgid_group", Kind::value, "postdrop"},
    BuiltIn{"mydestination", Kind::value, "$myhostname, localhost.$mydomain, localhost"},
    BuiltIn{"myorigin", Kind::value, "$myhostname"},
    BuiltIn{"relayhost", Kind::value, ""},
    BuiltIn{"daemon_directory", Kind::value, "/usr/lib/postfix/sbin"},
    BuiltIn{"data_directory", Kind::value, "/var/lib/postfix"},
    BuiltIn{"command_directory", Kind::value, "/usr/sbin"},
    BuiltIn{"meta_directory", Kind::value, "/etc/postfix"},
    BuiltIn{"queue_directory", Kind::value, "/var/spool/postfix"},
    BuiltIn{"shlib_directory", Kind::value, "/usr/lib/postfix"},
    BuiltIn{"process_id_directory", Kind::value, "pid"},
    BuiltIn{"inet_interfaces", Kind::value, "all"},
    // Read by master(8) once every default is stored.
    BuiltIn{"master_service_disable", Kind::value, ""},
};

constexpr std::string_view kDefaultDomain = "localdomain";  // DEF_MYDOMAIN

// The built-in's position in kBuiltIns, or kBuiltIns.size().
std::size_t rank_of(std::string_view name) {
  const auto it = std::find_if(kBuiltIns.begin(), kBuiltIns.end(),
                               [&](const BuiltIn& b) { return b.name == name; });
  return static_cast<std::size_t>(it - kBuiltIns.begin());
}

// Expands parameter references the way mac_expand() does over the dictionary that
// `defaults.evaluator` fills (see Evaluator).
class Expander {
 public:
  Expander(const MainCf& main, const Defaults& defaults) : main_(main), defaults_(defaults) {}

  Expansion run(const std::string& name) {
    // A parameter is read at its place in mail_params_init(), its own default stored
    // by then; one it does not read is read once everything is stored.
    horizon_ = rank_of(name) + 1;
    std::string value = value_of(name, name);
    if (!out_.error.empty()) value.clear();
    out_.value = std::move(value);
    return std::move(out_);
  }

 private:
  // Guards against a = $b$b, b = $c$c, ...: Postfix would take forever too.
  static constexpr std::size_t kMaxLength = 1 << 20;
  // Postfix's own limit (mac_expand); it also keeps a long a -> b -> c chain from
  // exhausting our stack.
  static constexpr std::size_t kMaxDepth = 100;

  static void add_once(std::vector<std::string>& names, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }

  void unknown(const std::string& name) { add_once(out_.unknown, name); }

  bool failed() const { return !out_.error.empty(); }
  void fail(std::string message) {
    if (!failed()) out_.error = std::move(message);
  }

  // Whether the built-in at `rank` (kBuiltIns.size(): none) is stored by now.
  bool stored(std::size_t rank) const { return rank < kBuiltIns.size() && rank < horizon_; }

  const Parameter* in_main(const std::string& name) const {
    const auto it = main_.parameters.find(name);
    return it == main_.parameters.end() ? nullptr : &it->second;
  }

  // Runs `body` with `name` on the expansion stack, or fails on a loop or too deep a
  // nesting.
  template <typename Body>
  std::string nested(const std::string& name, Body body) {
    if (std::find(stack_.begin(), stack_.end(), name) != stack_.end()) {
      std::string chain;
      for (const auto& n : stack_)
        chain += n + " -> ";
      fail("expansion loop: " + chain + name);
      return {};
    }
    if (stack_.size() >= kMaxDepth) {
      fail("unreasonable macro call nesting: " + name);
      return {};
    }
    stack_.push_back(name);
    std::string value = body();
    stack_.pop_back();
    return value;
  }

  std::string value_of(const std::string& name, std::string_view as_written) {
    if (const Parameter* p = in_main(name))
      return nested(name, [&] { return expand_text(p->value); });
    return default_of(name, as_written);
  }

  // What the evaluator gives a name main.cf does not set.
  std::string default_of(const std::string& name, std::string_view as_written) {
    if (main_.dropped > 0) {
      unknown(name);  // it may be among the names main.cf set but not kept
      return std::string(as_written);
    }
    add_once(out_.defaulted, name);
    // Not a built-in, not stored yet, or postconf: nothing.
    const std::size_t rank = rank_of(name);
    if (defaults_.evaluator == Evaluator::postconf || !stored(rank)) return {};
    const BuiltIn& b = kBuiltIns[rank];
    if (b.kind == Kind::not_modeled) {
      unknown(name);
      return std::string(as_written);
    }
    // Stored when mail_params_init() reached it, expanded with what was stored then.
    const std::size_t outer = horizon_;
    horizon_ = rank;
    std::string value = nested(name, [&] {
      if (b.kind == Kind::value) return expand_text(b.value);
      return name == "myhostname" ? machine_hostname(as_written) : machine_domain(as_written);
    });
    horizon_ = outer;
    return value;
  }

  // check_myhostname(): the machine's name, with a domain when it has none.
  std::string machine_hostname(std::string_view as_written) {
    if (!defaults_.machine_name) {
      unknown("myhostname");
      return std::string(as_written);
    }
    const std::string& name = *defaults_.machine_name;
    if (name.find('.') != std::string::npos) return name;
    // main.cf's mydomain: its default is not stored yet.
    const Parameter* domain = in_main("mydomain");
    return name + "." +
           (domain ? nested("mydomain", [&] { return expand_text(domain->value); })
                   : std::string(kDefaultDomain));
  }

  // check_mydomainname(): what follows the first dot of myhostname as it was stored
  // (read at its own place, before mydomain).
  std::string machine_domain(std::string_view as_written) {
    Expansion host = Expander(main_, defaults_).run("myhostname");
    if (!host.error.empty()) fail(host.error);
    if (!host.unknown.empty()) {
      for (const auto& name : host.unknown)
        unknown(name);
      unknown("mydomain");
      return std::string(as_written);
    }
    const std::size_t dot = host.value.find('.');
    return dot == std::string::npos ? std::string(kDefaultDomain) : host.value.substr(dot + 1);
  }

  // Whether a conditional's parameter is non-empty, as its stored (unexpanded) text.
  bool non_empty(const std::string& name) {
    if (const Parameter* p = in_main(name)) return !p->value.empty();
    // myhostname and mydomain are never empty once stored; a not-modelled or unknown
    // one says so in `unknown`.
    const std::size_t rank = rank_of(name);
    if (main_.dropped == 0 && defaults_.evaluator == Evaluator::daemon && stored(rank) &&
        kBuiltIns[rank].kind == Kind::computed)
      return true;
    return !default_of(name, "").empty();
  }

  // Index of the bracket that closes the one at `open`, or npos.
  static std::size_t closing(std::string_view text, std::size_t open) {
    const char o = text[open];
    const char c = o == '{' ? '}' : ')';
    int depth = 0;
    for (std::size_t i = open; i < text.size(); ++i) {
      if (text[i] == o) ++depth;
      if (text[i] == c && --depth == 0) return i;
    }
    return std::string_view::npos;
  }

  // "${name?value}", "${name:value}", "${name?{a}:{b}}" and their braced forms.
  std::string conditional(const std::string& name, char op, std::string_view arg) {
    std::string_view when_set = arg, when_empty;
    if (!arg.empty() && arg.front() == '{') {
      const std::size_t end = closing(arg, 0);
      if (end == std::string_view::npos) {
        fail("truncated macro reference: {" + bounded(arg));
        return {};
      }
      when_set = arg.substr(1, end - 1);
      const std::string_view rest = arg.substr(end + 1);
      if (op == '?' && rest.size() >= 3 && rest.substr(0, 2) == ":{" &&
          closing(rest, 1) == rest.size() - 1) {
        when_empty = rest.substr(2, rest.size() - 3);
      } else if (!rest.empty()) {
        fail("unexpected text after {...}: " + bounded(rest));
        return {};
      }
    }
    if (op == ':') std::swap(when_set, when_empty);
    return expand_text(non_empty(name) ? when_set : when_empty);
  }

  std::string expand_text(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size() && !failed();) {
      if (out.size() > kMaxLength) {
        fail("expansion longer than 1 MiB");
        break;
      }
      if (text[i] != '$') {
        out += text[i++];
        continue;
      }
      if (i + 1 < text.size() && text[i + 1] == '$') {
        out += '$';
        i += 2;
        continue;
      }
      if (i + 1 < text.size() && (text[i + 1] == '{' || text[i + 1] == '(')) {
        const std::size_t end = closing(text, i + 1);
        if (end == std::string_view::npos) {
          fail("truncated macro reference: " + bounded(text.substr(i)));
          break;
        }
        const std::string_view inner = text.substr(i + 2, end - i - 2);
        const std::size_t n =
            std::find_if_not(inner.begin(), inner.end(), is_name_char) - inner.begin();
        const std::string name(inner.substr(0, n));
        const std::string_view rest = inner.substr(n);
        if (name.empty()) {
          fail("empty macro name: " + bounded(text.substr(i, end - i + 1)));
        } else if (rest.empty()) {
          out += value_of(name, text.substr(i, end - i + 1));
        } else if (rest.front() == '?' || rest.front() == ':') {
          out += conditional(name, rest.front(), rest.substr(1));
        } else {
          fail("invalid macro reference: " + bounded(text.substr(i, end - i + 1)));
        }
        i = end + 1;
        continue;
      }
      std::size_t n = 0;
      while (i + 1 + n < text.size() && is_name_char(text[i + 1 + n]))
        ++n;
      if (n == 0) {
        fail("empty macro name: " + bounded(text.substr(i)));
        break;
      }
      out += value_of(std::string(text.substr(i + 1, n)), text.substr(i, n + 1));
      i += n + 1;
    }
    return out;
  }

  const MainCf& main_;
  const Defaults& defaults_;
  std::size_t horizon_ = kBuiltIns.size();  // the built-ins before this one are stored
  std::vector<std::string> stack_;
  Expansion out_;
};

}  // namespace

MainCf parse_main_cf(std::string_view text, const std::string& file) {
  MainCf out;
  out.file = file;
  LogicalLines lines(text);
  std::vector<int> skipped;
  while (auto l = lines.next(skipped)) {
    note_skipped(skipped, file, out.notes);
    const Location where{file, l->line};
    // split_nameval(); the line itself is never quoted (it may be a secret).
    const std::string_view line = l->text;
    const std::size_t name_end = std::min(line.find_first_of(" \t\r\n\v\f="), line.size());
    const std::string_view name = line.substr(0, name_end);
    const std::size_t eq = line.find_first_not_of(" \t\r\n\v\f", name_end);
    if (name.empty()) {
      out.notes.push_back({NoteKind::refusal, where, "missing attribute name"});
      break;  // Postfix stops at the first line it cannot read
    }
    if (eq == std::string_view::npos || line[eq] != '=') {
      out.notes.push_back({NoteKind::refusal, where, "missing '=' after attribute name"});
      break;
    }
    Parameter p{std::string(trim(line.substr(eq + 1))), where};
    if (const auto it = out.parameters.find(std::string(name)); it != out.parameters.end()) {
      it->second = std::move(p);
    } else if (out.parameters.size() < kMaxParameters || read_here(name)) {
      out.parameters.emplace(std::string(name), std::move(p));
    } else {
      ++out.dropped;
    }
  }
  note_skipped(skipped, file, out.notes);
  if (out.dropped > 0) {
    out.notes.push_back({NoteKind::info,
                         {file, 0},
                         "main.cf sets more than " + std::to_string(kMaxParameters) +
                             " parameters: " + std::to_string(out.dropped) +
                             " of them were not kept, a $name among those cannot be judged"});
  }
  return out;
}

std::optional<std::string_view> builtin_default(std::string_view name) {
  const std::size_t rank = rank_of(name);
  if (rank == kBuiltIns.size() || kBuiltIns[rank].kind != Kind::value) return std::nullopt;
  return kBuiltIns[rank].value;
}

std::optional<Parameter> lookup(const MainCf& main, const std::string& name) {
  if (const auto it = main.parameters.find(name); it != main.parameters.end()) return it->second;
  if (auto value = builtin_default(name)) return Parameter{std::string(*value), {"default", 0}};
  return std::nullopt;
}

Expansion expand(const MainCf& main, const std::string& name, const Defaults& defaults) {
  return Expander(main, defaults).run(name);
}

std::vector<std::string> split_list(std::string_view value) {
  std::vector<std::string> out;
  for (const auto w : words(value, ", \t\r\n\v\f"))
    out.emplace_back(w);
  return out;
}

bool service_disabled(const std::vector<std::string>& patterns, std::string_view name,
                      std::string_view type) {
  const std::string name_type = std::string(name) + "/" + std::string(type);
  for (const auto& p : patterns) {
    std::string_view pattern = p;
    bool match = true;
    while (!pattern.empty() && pattern.front() == '!') {
      match = !match;
      pattern.remove_prefix(1);
    }
    const bool with_name = pattern.find('/') != std::string_view::npos;
    if (same_ignoring_case(with_name ? std::string_view(name_type) : type, pattern)) return match;
  }
  return false;
}

namespace {

constexpr std::array<std::string_view, 5> kServiceTypes = {"inet", "unix", "unix-dgram", "fifo",
                                                           "pass"};
constexpr std::string_view kMasterBlanks = " \t\r\n";

// The fields after name and type, read as get_master_ent() reads them, "-" being
// the field's default; the first problem is Postfix's fatal error.
class ServiceFields {
 public:
  explicit ServiceFields(const std::vector<std::string_view>& fields) : fields_(fields) {}

  const std::string& error() const { return error_; }

  std::optional<std::string_view> text(std::size_t i, std::string_view field,
                                       std::optional<std::string_view> fallback) {
    if (!error_.empty()) return std::nullopt;
    if (i >= fields_.size()) {
      error_ = "missing \"" + std::string(field) + "\" field";
      return std::nullopt;
    }
    if (fields_[i] != "-") return fields_[i];
    if (!fallback) error_ = "field \"" + std::string(field) + "\" has no default value";
    return fallback;
  }

  std::optional<bool> flag(std::size_t i, std::string_view field, std::string_view fallback) {
    const auto value = text(i, field, fallback);
    if (!value) return std::nullopt;
    if (*value == "y") return true;
    if (*value == "n") return false;
    return bad(field, *value);
  }

  // An integer field: it must start with a digit (atoi reads the rest).
  void number(std::size_t i, std::string_view field, std::string_view fallback) {
    const auto value = text(i, field, fallback);
    if (value && !is_digit(value->front())) bad(field, *value);
  }

 private:
  std::optional<bool> bad(std::string_view field, std::string_view value) {
    error_ = "field \"" + std::string(field) + "\": bad value: " + quoted(value);
    return std::nullopt;
  }

  const std::vector<std::string_view>& fields_;
  std::string error_;
};

}  // namespace

MasterCf parse_master_cf(std::string_view text, const std::string& file,
                         const std::vector<std::string>& disabled) {
  MasterCf out;
  out.file = file;
  std::size_t over = 0;
  LogicalLines lines(text);
  std::vector<int> skipped;
  auto refuse = [&](const Location& where, std::string text) {
    out.notes.push_back({NoteKind::refusal, where, std::move(text)});
  };
  while (auto l = lines.next(skipped)) {
    note_skipped(skipped, file, out.notes);
    const Location where{file, l->line};
    const auto fields = words(l->text, kMasterBlanks, 9);
    ServiceFields read(fields);
    const auto type = read.text(1, "transport type", std::nullopt);
    if (!type) {
      refuse(where, read.error());
      break;
    }
    const std::string_view name = fields[0];
    if (service_disabled(disabled, name, *type)) continue;
    const bool inet = *type == "inet";
    ServiceName service;
    if (inet) {
      service = parse_service_name(name);
      if (!service.error.empty()) {
        refuse(where, service.error + " in " + quoted(name));
        break;
      }
    } else if (std::find(kServiceTypes.begin(), kServiceTypes.end(), *type) ==
               kServiceTypes.end()) {
      refuse(where, "bad transport type: " + bounded(*type));
      break;
    }
    const auto is_private = read.flag(2, "private", "y");
    if (is_private && *is_private && inet) {
      refuse(where, "inet service cannot be private");
      break;
    }
    read.flag(3, "unprivileged", "y");
    read.flag(4, "chroot", "y");
    read.number(5, "wakeup_time", "0");
    read.number(6, "max_proc", "100");  // default_process_limit
    read.text(7, "command", std::nullopt);
    if (!read.error().empty()) {
      refuse(where, read.error());
      break;
    }
    if (!inet) continue;
    if (out.services.size() == kMaxInetServices) {
      ++over;
      continue;
    }
    out.services.push_back({std::string(name), service.host, service.port, where});
  }
  note_skipped(skipped, file, out.notes);
  if (over > 0) {
    out.notes.push_back({NoteKind::unjudged,
                         {file, 0},
                         "more than " + std::to_string(kMaxInetServices) +
                             " inet services: the last " + std::to_string(over) +
                             " are not judged"});
  }
  return out;
}

KnownPorts parse_known_tcp_ports(std::string_view value) {
  KnownPorts out;
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  for (const auto association : words(value, ",")) {
    // "1*(name =) port": the last '='-separated part is the port.
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
      const std::size_t eq = association.find('=', start);
      parts.push_back(association.substr(start, eq == association.npos ? eq : eq - start));
      if (eq == association.npos) break;
      start = eq + 1;
    }
    if (parts.size() == 1) {
      out.problems.push_back("in " + quoted(association) + ": not in \"name = value\" form");
      continue;
    }
    const auto port = words(parts.back(), kSpace);
    std::string error;
    if (port.empty()) {
      error = "missing port value after \"=\"";
    } else if (port.size() > 1) {
      error = "whitespace in port number";
    } else if (!all_digits(port[0])) {
      error = "non-numerical service port";
    } else {
      for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        const auto service = words(parts[i], kSpace);
        std::string problem;
        if (service.empty()) {
          problem = "missing service name before \"=\"";
        } else if (service.size() > 1) {
          problem = "whitespace in service name";
        } else if (all_digits(service[0])) {
          problem = "numerical service name";
        } else if (!out.ports.emplace(std::string(service[0]), std::string(port[0])).second) {
          problem = "duplicate service name";
        }
        if (error.empty()) error = problem;
      }
    }
    if (!error.empty()) out.problems.push_back("in " + quoted(association) + ": " + error);
  }
  return out;
}

std::optional<std::uint16_t> numeric_port(std::string_view digits) {
  if (!all_digits(digits)) return std::nullopt;
  // strtoul(), saturating at ULONG_MAX, then htons() of it.
  unsigned long long value = 0;
  for (const char c : digits) {
    const unsigned d = static_cast<unsigned>(c - '0');
    if (value > (std::numeric_limits<unsigned long>::max() - d) / 10) {
      value = std::numeric_limits<unsigned long>::max();
      break;
    }
    value = value * 10 + d;
  }
  return static_cast<std::uint16_t>(value & 0xffff);
}

}  // namespace vs::config::postfix
