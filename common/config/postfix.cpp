#include "config/postfix.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "config/lines.hpp"

namespace vs::config::postfix {

namespace {

constexpr std::string_view kBlanks = " \t\r\n\v\f";  // is_space()

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

struct LogicalLine {
  std::string text;
  int line = 0;  // where it starts
};

// The line grammar main.cf and master.cf share (readlline() in Postfix).
std::vector<LogicalLine> logical_lines(std::string_view text, const std::string& file,
                                       std::vector<Note>& notes) {
  std::vector<LogicalLine> out;
  for (const auto& [number, raw] : split_lines(text)) {
    const std::string_view body = trim(raw);
    if (body.empty() || body.front() == '#') continue;  // neither ends a logical line
    if (is_space(raw.front())) {
      if (out.empty()) {
        notes.push_back({NoteKind::ignored,
                         {file, number},
                         "a logical line must not start with whitespace: ignored"});
        continue;
      }
      out.back().text += ' ';
      out.back().text += body;
      continue;
    }
    out.push_back({std::string(body), number});
  }
  return out;
}

// Expands parameter references the way mac_expand() does for postconf -x.
class Expander {
 public:
  explicit Expander(const MainCf& main) : main_(main) {}

  Expansion run(const std::string& name) {
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

  bool failed() const { return !out_.error.empty(); }
  void fail(std::string message) {
    if (!failed()) out_.error = std::move(message);
  }

  std::string value_of(const std::string& name, std::string_view as_written) {
    if (std::find(stack_.begin(), stack_.end(), name) != stack_.end()) {
      std::string chain;
      for (const auto& n : stack_)
        chain += n + " -> ";
      fail("expansion loop: " + chain + name);
      return {};
    }
    const auto p = lookup(main_, name);
    if (!p) {
      add_once(out_.unknown, name);
      return std::string(as_written);
    }
    if (stack_.size() >= kMaxDepth) {
      fail("unreasonable macro call nesting: " + name);
      return {};
    }
    stack_.push_back(name);
    std::string value = expand_text(p->value);
    stack_.pop_back();
    return value;
  }

  // Whether a conditional's parameter is non-empty; an unknown one counts as empty.
  bool non_empty(const std::string& name) {
    const auto p = lookup(main_, name);
    if (!p) add_once(out_.guessed, name);
    return p && !p->value.empty();
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
        fail("truncated macro reference: {" + std::string(arg));
        return {};
      }
      when_set = arg.substr(1, end - 1);
      const std::string_view rest = arg.substr(end + 1);
      if (op == '?' && rest.size() >= 3 && rest.substr(0, 2) == ":{" &&
          closing(rest, 1) == rest.size() - 1) {
        when_empty = rest.substr(2, rest.size() - 3);
      } else if (!rest.empty()) {
        fail("unexpected text after {...}: " + std::string(rest));
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
          fail("truncated macro reference: " + std::string(text.substr(i)));
          break;
        }
        const std::string_view inner = text.substr(i + 2, end - i - 2);
        const std::size_t n =
            std::find_if_not(inner.begin(), inner.end(), is_name_char) - inner.begin();
        const std::string name(inner.substr(0, n));
        const std::string_view rest = inner.substr(n);
        if (name.empty()) {
          fail("empty macro name: " + std::string(text.substr(i, end - i + 1)));
        } else if (rest.empty()) {
          out += value_of(name, text.substr(i, end - i + 1));
        } else if (rest.front() == '?' || rest.front() == ':') {
          out += conditional(name, rest.front(), rest.substr(1));
        } else {
          fail("invalid macro reference: " + std::string(text.substr(i, end - i + 1)));
        }
        i = end + 1;
        continue;
      }
      std::size_t n = 0;
      while (i + 1 + n < text.size() && is_name_char(text[i + 1 + n]))
        ++n;
      if (n == 0) {
        fail("empty macro name: " + std::string(text.substr(i)));
        break;
      }
      out += value_of(std::string(text.substr(i + 1, n)), text.substr(i, n + 1));
      i += n + 1;
    }
    return out;
  }

  const MainCf& main_;
  std::vector<std::string> stack_;
  Expansion out_;
};

}  // namespace

MainCf parse_main_cf(std::string_view text, const std::string& file) {
  MainCf out;
  out.file = file;
  for (const auto& l : logical_lines(text, file, out.notes)) {
    const Location where{file, l.line};
    const std::string_view line = l.text;
    const std::size_t name_end = std::min(line.find_first_of(kBlanks), line.find('='));
    const std::string_view name = line.substr(0, name_end);
    const std::size_t eq = line.find_first_not_of(kBlanks, name_end);
    if (name.empty()) {
      out.notes.push_back({NoteKind::refusal, where, "missing parameter name: \"" + l.text + "\""});
    } else if (eq == std::string_view::npos || line[eq] != '=') {
      out.notes.push_back(
          {NoteKind::refusal, where, "missing '=' after parameter name: \"" + l.text + "\""});
    } else {
      out.parameters[std::string(name)] = {std::string(trim(line.substr(eq + 1))), where};
    }
  }
  return out;
}

std::optional<std::string> builtin_default(const std::string& name) {
  if (name == "inet_interfaces" || name == "inet_protocols") return "all";
  if (name == "master_service_disable") return "";
  return std::nullopt;
}

std::optional<Parameter> lookup(const MainCf& main, const std::string& name) {
  if (const auto it = main.parameters.find(name); it != main.parameters.end()) return it->second;
  if (auto value = builtin_default(name)) return Parameter{std::move(*value), {"default", 0}};
  return std::nullopt;
}

Expansion expand(const MainCf& main, const std::string& name) {
  return Expander(main).run(name);
}

std::vector<std::string> split_list(std::string_view value) {
  std::vector<std::string> out;
  constexpr std::string_view separators = ", \t\r\n\v\f";
  std::size_t pos = 0;
  while ((pos = value.find_first_not_of(separators, pos)) != std::string_view::npos) {
    const std::size_t end = std::min(value.find_first_of(separators, pos), value.size());
    out.emplace_back(value.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

namespace {

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while ((pos = line.find_first_not_of(kBlanks, pos)) != std::string_view::npos) {
    const std::size_t end = std::min(line.find_first_of(kBlanks, pos), line.size());
    out.push_back(line.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

// host_port(): "[host]:port", "host:port" (split at the last colon, so "::1:smtp"
// works), or "port". Returns false when the port is missing.
bool split_host_port(std::string_view name, std::string& host, std::string& port) {
  if (!name.empty() && name.front() == '[') {
    const std::size_t close = name.find(']');
    if (close == std::string_view::npos || close + 1 >= name.size() || name[close + 1] != ':')
      return false;
    host = name.substr(1, close - 1);
    port = name.substr(close + 2);
  } else if (const std::size_t colon = name.rfind(':'); colon != std::string_view::npos) {
    host = name.substr(0, colon);
    port = name.substr(colon + 1);
  } else {
    host.clear();
    port = name;
  }
  return !port.empty();
}

constexpr std::array<std::string_view, 5> kServiceTypes = {"inet", "unix", "unix-dgram", "fifo",
                                                           "pass"};

}  // namespace

MasterCf parse_master_cf(std::string_view text, const std::string& file) {
  MasterCf out;
  out.file = file;
  for (const auto& l : logical_lines(text, file, out.notes)) {
    const Location where{file, l.line};
    const auto fields = fields_of(l.text);
    if (fields.size() < 8) {
      out.notes.push_back({NoteKind::refusal, where,
                           "a service needs 8 fields (name, type, private, unpriv, chroot, "
                           "wakeup, maxproc, command): \"" +
                               l.text + "\""});
      continue;
    }
    const std::string_view type = fields[1];
    if (std::find(kServiceTypes.begin(), kServiceTypes.end(), type) == kServiceTypes.end()) {
      out.notes.push_back({NoteKind::refusal, where, "bad service type: " + std::string(type)});
      continue;
    }
    if (type != "inet") continue;
    if (fields[2] != "n") {
      out.notes.push_back({NoteKind::refusal, where,
                           "inet service " + std::string(fields[0]) +
                               " cannot be private (the third field must be n)"});
      continue;
    }
    InetService s{std::string(fields[0]), {}, {}, where};
    if (!split_host_port(s.name, s.host, s.port)) {
      out.notes.push_back(
          {NoteKind::refusal, where, "missing port in service name \"" + s.name + "\""});
      continue;
    }
    std::erase_if(out.services, [&](const InetService& old) { return old.name == s.name; });
    out.services.push_back(std::move(s));
  }
  return out;
}

std::optional<std::uint16_t> service_port(std::string_view port) {
  unsigned number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (ec == std::errc{} && end == port.data() + port.size()) {
    if (number == 0 || number > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(number);
  }
  // Debian 12's /etc/services entries for the mail protocols master.cf names.
  static constexpr std::pair<std::string_view, std::uint16_t> kServices[] = {
      {"smtp", 25},   {"mail", 25}, {"qmtp", 209},       {"submissions", 465}, {"ssmtp", 465},
      {"smtps", 465}, {"urd", 465}, {"submission", 587}, {"qmqp", 628},
  };
  for (const auto& [name, number_for] : kServices) {
    if (name == port) return number_for;
  }
  return std::nullopt;
}

}  // namespace vs::config::postfix
