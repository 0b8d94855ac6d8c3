// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/shell_vars.hpp"

#include <algorithm>
#include <array>

namespace vs::config {
namespace {

constexpr auto npos = std::string_view::npos;

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool ends_word(char c) {
  return is_blank(c) || c == '\n' || c == ';' || c == '&' || c == '|';
}
bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}
bool is_special_parameter(char c) {
  return (c >= '0' && c <= '9') || std::string_view("@*#?-$!").find(c) != npos;
}

// Words that let a command follow them on the same line ("then FOO=1").
bool is_reserved_prefix(std::string_view w) {
  static constexpr std::array<std::string_view, 9> kWords = {"then", "else", "do",   "{",    "(",
                                                             "!",    "if",   "elif", "while"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// Words that close a compound command: not commands of their own.
bool is_closing_word(std::string_view w) {
  static constexpr std::array<std::string_view, 5> kWords = {"fi", "done", "esac", "}", ")"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

bool valid_name(std::string_view t) {
  return !t.empty() && is_name_start(t[0]) && std::all_of(t.begin(), t.end(), is_name_char);
}

// The index after the quoted run that starts at s[i] (a ' or a "), or npos.
std::size_t after_quoted(std::string_view s, std::size_t i) {
  if (s[i] == '\'') {
    const std::size_t end = s.find('\'', i + 1);
    return end == npos ? npos : end + 1;
  }
  for (std::size_t k = i + 1; k < s.size(); ++k) {
    if (s[k] == '\\') {
      ++k;
    } else if (s[k] == '"') {
      return k + 1;
    }
  }
  return npos;
}

// The index of the ')' or '}' that closes the construct whose body starts at
// s[from], or npos. Braces nest through "${", parentheses through '('.
std::size_t closing(std::string_view s, std::size_t from, char close) {
  int depth = 1;
  for (std::size_t k = from; k < s.size(); ++k) {
    const char c = s[k];
    if (c == '\\') {
      ++k;
    } else if (c == '\'' || c == '"') {
      const std::size_t after = after_quoted(s, k);
      if (after == npos) return npos;
      k = after - 1;
    } else if (close == '}' && c == '$' && k + 1 < s.size() && s[k + 1] == '{') {
      ++depth;
      ++k;
    } else if (close == ')' && c == '(') {
      ++depth;
    } else if (c == close && --depth == 0) {
      return k;
    }
  }
  return npos;
}

// What $NAME reads while a word is expanded.
struct Lookup {
  enum class State { unset, set, unknown } state = State::unset;
  std::string_view value;  // set: the value; unknown: why
};

// Where expansions read variables and ${X:=word} writes its default.
class Environment {
 public:
  virtual ~Environment() = default;
  virtual Lookup lookup(std::string_view name) const = 0;
  virtual void assign_default(const std::string& name, const std::string& value) = 0;
};

// A value being expanded, capped at kMaxShellValue.
struct Expansion {
  std::string text;
  std::string unknown;  // the first reason the shell's value cannot be known here
  std::vector<std::string> unset_used;

  void append(std::string_view part) {
    if (!unknown.empty()) return;
    if (text.size() + part.size() > kMaxShellValue) {
      mark_unknown("longer than " + std::to_string(kMaxShellValue / 1024) + " KiB once expanded");
      return;
    }
    text += part;
  }
  void mark_unknown(std::string why) {
    if (!unknown.empty()) return;
    unknown = std::move(why);
    text.clear();
  }
  void note_unset(std::string_view name) {
    if (unset_used.size() < 4 &&
        std::find(unset_used.begin(), unset_used.end(), name) == unset_used.end())
      unset_used.emplace_back(name);
  }
  void merge(const Expansion& inner) {
    if (!inner.unknown.empty()) {
      mark_unknown(inner.unknown);
    } else {
      append(inner.text);
    }
    for (const auto& n : inner.unset_used)
      note_unset(n);
  }
};

std::size_t expand_dollar(std::string_view s, std::size_t i, Environment* env, Expansion& out);

// The word of ${X:-word}: quotes removed, its own expansions done.
Expansion expand_word(std::string_view word, Environment* env) {
  Expansion e;
  for (std::size_t k = 0; k < word.size();) {
    const char c = word[k];
    if (c == '\\' && k + 1 < word.size()) {
      e.append(word.substr(k + 1, 1));
      k += 2;
    } else if (c == '\'') {
      const std::size_t end = word.find('\'', k + 1);
      const std::size_t stop = end == npos ? word.size() : end;
      e.append(word.substr(k + 1, stop - k - 1));
      k = stop + 1;
    } else if (c == '"') {
      ++k;  // double quotes only group here
    } else if (c == '$') {
      const std::size_t next = expand_dollar(word, k, env, e);
      k = next == npos ? word.size() : next;
    } else {
      e.append(word.substr(k, 1));
      ++k;
    }
  }
  return e;
}

void expand_variable(std::string_view name, Environment* env, Expansion& out) {
  const Lookup l = env->lookup(name);
  switch (l.state) {
    case Lookup::State::set:
      out.append(l.value);
      break;
    case Lookup::State::unset:
      out.note_unset(name);
      break;
    case Lookup::State::unknown:
      out.mark_unknown(std::string(l.value));  // the reason its own value is unknown
      break;
  }
}

// ${...}: `body` is what the braces hold.
void expand_braced(std::string_view body, Environment* env, Expansion& out) {
  std::size_t n = 0;
  while (n < body.size() && is_name_char(body[n]))
    ++n;
  if (n == 0 || !is_name_start(body[0])) {
    out.mark_unknown("${" + std::string(body.substr(0, 8)) + "}: a value the shell sets");
    return;
  }
  const std::string_view name = body.substr(0, n);
  std::string_view rest = body.substr(n);
  if (rest.empty()) {
    expand_variable(name, env, out);
    return;
  }
  const bool colon = rest.front() == ':';
  if (colon) rest.remove_prefix(1);
  const char op = rest.empty() ? '\0' : rest.front();
  if (std::string_view("-=+?").find(op) == npos || op == '\0') {
    out.mark_unknown("${" + std::string(name) + "...}: a pattern the shell applies");
    return;
  }
  const std::string_view word = rest.substr(1);
  const Lookup l = env->lookup(name);
  if (l.state == Lookup::State::unknown) {
    out.mark_unknown(std::string(l.value));
    return;
  }
  const bool absent = l.state == Lookup::State::unset || (colon && l.value.empty());
  switch (op) {
    case '-':
      if (absent) {
        out.merge(expand_word(word, env));
      } else {
        out.append(l.value);
      }
      break;
    case '=':
      if (absent) {
        const Expansion e = expand_word(word, env);
        if (e.unknown.empty()) env->assign_default(std::string(name), e.text);
        out.merge(e);
      } else {
        out.append(l.value);
      }
      break;
    case '+':
      if (!absent) out.merge(expand_word(word, env));
      break;
    default:  // '?': unset, the shell prints the word and stops
      if (absent) {
        out.mark_unknown("${" + std::string(name) + ":?...}: the shell stops when it is not set");
      } else {
        out.append(l.value);
      }
      break;
  }
}

// The $ construct at s[i]: returns the index after it (npos when it is never
// closed) and, with an environment, appends its value to `out`.
std::size_t expand_dollar(std::string_view s, std::size_t i, Environment* env, Expansion& out) {
  if (i + 1 >= s.size()) {
    out.append("$");
    return i + 1;
  }
  const char c = s[i + 1];
  if (c == '{') {
    const std::size_t close = closing(s, i + 2, '}');
    if (close == npos) return npos;
    if (env != nullptr) expand_braced(s.substr(i + 2, close - i - 2), env, out);
    return close + 1;
  }
  if (c == '(') {
    const std::size_t close = closing(s, i + 2, ')');
    if (close == npos) return npos;
    out.mark_unknown(i + 2 < s.size() && s[i + 2] == '(' ? "$((...)): arithmetic"
                                                         : "$(...): a command's output");
    return close + 1;
  }
  if (is_name_start(c)) {
    std::size_t j = i + 1;
    while (j < s.size() && is_name_char(s[j]))
      ++j;
    if (env != nullptr) expand_variable(s.substr(i + 1, j - i - 1), env, out);
    return j;
  }
  if (is_special_parameter(c)) {
    out.mark_unknown(std::string("$") + c + ": a value the shell sets");
    return i + 2;
  }
  out.append("$");
  return i + 1;
}

struct Word {
  std::string text;                           // after quote removal, expansions as written
  Expansion expanded;                         // after expansion (with an environment)
  std::size_t assign_at = std::string::npos;  // offset of an unquoted '=' after a valid name
  bool expands = false;
  bool unterminated = false;
  int line = 0;
};

class Scanner {
 public:
  Scanner(std::string_view text, Environment* env) : s_(text), env_(env) {}

  bool done() const { return i_ >= s_.size(); }
  int line() const { return line_; }

  // Skips blanks and line continuations; returns the separator met (or 0 before a word).
  char skip_to_word() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (is_blank(c)) {
        ++i_;
      } else if (c == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {
        i_ += 2;
        ++line_;
      } else if (c == '#') {
        while (i_ < s_.size() && s_[i_] != '\n')
          ++i_;
      } else if (c == '\n' || c == ';' || c == '&' || c == '|') {
        if (c == '\n') ++line_;
        ++i_;
        return c;
      } else {
        return 0;
      }
    }
    return '\n';
  }

  Word word() {
    Word w;
    w.line = line_;
    bool quoted_before = false;  // a quote before '=' means "not an assignment"
    while (i_ < s_.size() && !ends_word(s_[i_]) && !w.unterminated) {
      const char c = s_[i_];
      if (c == '\\') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {
          ++line_;
        } else if (i_ + 1 < s_.size()) {
          add(w, s_.substr(i_ + 1, 1));
        }
        i_ += 2;
        quoted_before = true;
      } else if (c == '\'') {
        quoted_before = true;
        const std::size_t end = s_.find('\'', i_ + 1);
        const std::size_t stop = end == npos ? s_.size() : end;
        count_lines(s_.substr(i_ + 1, stop - i_ - 1));
        add(w, s_.substr(i_ + 1, stop - i_ - 1));
        w.unterminated |= end == npos;
        i_ = stop + 1;
      } else if (c == '"') {
        quoted_before = true;
        double_quoted(w);
      } else if (c == '$' || c == '`') {
        expansion(w);
      } else {
        if (c == '=' && w.assign_at == std::string::npos && !quoted_before && valid_name(w.text)) {
          w.assign_at = w.text.size();
        }
        add(w, s_.substr(i_, 1));
        ++i_;
      }
    }
    return w;
  }

 private:
  void add(Word& w, std::string_view part) {
    w.text += part;
    if (env_ != nullptr) w.expanded.append(part);
  }

  void count_lines(std::string_view part) {
    line_ += static_cast<int>(std::count(part.begin(), part.end(), '\n'));
  }

  // $..., ${...}, $(...) or `...` at i_: kept as written in the text, expanded
  // into w.expanded.
  void expansion(Word& w) {
    w.expands = true;
    std::size_t end = npos;
    if (s_[i_] == '`') {
      for (std::size_t k = i_ + 1; k < s_.size(); ++k) {
        if (s_[k] == '\\') {
          ++k;
        } else if (s_[k] == '`') {
          end = k + 1;
          break;
        }
      }
      w.expanded.mark_unknown("`...`: a command's output");
    } else {
      end = expand_dollar(s_, i_, env_, w.expanded);
    }
    if (end == npos) {
      w.unterminated = true;
      end = s_.size();
    }
    const std::string_view part = s_.substr(i_, end - i_);
    count_lines(part);
    w.text += part;
    i_ = end;
  }

  void double_quoted(Word& w) {
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"' && !w.unterminated) {
      const char c = s_[i_];
      if (c == '\\' && i_ + 1 < s_.size()) {
        const char n = s_[i_ + 1];
        if (n == '\n') {
          ++line_;
        } else if (n == '$' || n == '`' || n == '"' || n == '\\') {
          add(w, s_.substr(i_ + 1, 1));
        } else {
          add(w, s_.substr(i_, 2));
        }
        i_ += 2;
        continue;
      }
      if (c == '$' || c == '`') {
        expansion(w);
        continue;
      }
      if (c == '\n') ++line_;
      add(w, s_.substr(i_, 1));
      ++i_;
    }
    if (i_ >= s_.size()) w.unterminated = true;
    ++i_;
  }

  std::string_view s_;
  Environment* env_;
  std::size_t i_ = 0;
  int line_ = 1;
};

// What the driver reports, command by command.
class Sink {
 public:
  virtual ~Sink() = default;
  // An assignment of the command being read (`A=1` in `A=1 B=2` or in `A=1 cmd`).
  virtual void assignment(const Word& w, const std::string& file) = 0;
  // The command word, when the command is not only assignments; `prefix` is the
  // first assignment before it, if any.
  virtual void command(const Word&, const std::string& /*file*/, const std::string& /*prefix*/) {}
  // A word after the command word.
  virtual void argument(const Word&) {}
  // `export NAME`, or the NAME of `export NAME=value`: NAME gets the export attribute.
  virtual void export_name(const std::string& /*name*/) {}
  // A word starts on `line`: expansions in it may assign (${X:=word}).
  virtual void before_word(int /*line*/) {}
  // The command ends; its assignments persist or were its environment only.
  virtual void end_command(bool persist) = 0;
};

// Reads the fragment command by command, telling `sink`.
void drive(Scanner& scan, const std::string& file, Sink& sink) {
  bool declaring = false;  // `export A=1 B=2`, `readonly A=1`: every word may assign
  bool exporting = false;  // ... and it is `export`
  bool command_word_seen = false;
  std::string first_assignment;
  auto end_command = [&] {
    sink.end_command(!command_word_seen || declaring);
    declaring = exporting = false;
    command_word_seen = false;
    first_assignment.clear();
  };
  while (true) {
    const char separator = scan.skip_to_word();
    if (separator != 0) {
      end_command();
      if (scan.done()) break;
      continue;
    }
    sink.before_word(scan.line());
    const Word w = scan.word();
    if (w.assign_at != std::string::npos && (!command_word_seen || declaring)) {
      if (first_assignment.empty()) first_assignment = w.text.substr(0, w.assign_at);
      sink.assignment(w, file);
      if (exporting) sink.export_name(w.text.substr(0, w.assign_at));
    } else if (!command_word_seen && first_assignment.empty() &&
               (w.text == "export" || w.text == "readonly")) {
      declaring = true;
      exporting = w.text == "export";
      command_word_seen = true;
    } else if (exporting) {
      if (valid_name(w.text)) sink.export_name(w.text);
    } else if (!command_word_seen && first_assignment.empty() &&
               (is_reserved_prefix(w.text) || is_closing_word(w.text))) {
      // the command proper starts with the next word
    } else if (!command_word_seen) {
      command_word_seen = true;  // `A=1 cmd`: the assignments are cmd's environment only
      sink.command(w, file, first_assignment);
    } else {
      sink.argument(w);
    }
    if (w.unterminated) {
      end_command();
      break;
    }
  }
  end_command();
}

// parse_shell_assignments(): the assignments as written.
class Collector : public Sink {
 public:
  void assignment(const Word& w, const std::string& file) override {
    pending_.push_back({w.text.substr(0, w.assign_at),
                        w.text.substr(w.assign_at + 1),
                        {file, w.line},
                        w.expands,
                        w.unterminated});
  }
  void end_command(bool persist) override {
    if (persist) out.insert(out.end(), pending_.begin(), pending_.end());
    pending_.clear();
  }
  std::vector<ShellAssignment> out;

 private:
  std::vector<ShellAssignment> pending_;
};

// run_shell_fragment(): the variables as the shell holds them.
class Evaluator : public Sink, public Environment {
 public:
  Evaluator(ShellRun& run, const std::map<std::string, std::string, std::less<>>& environment,
            std::string file)
      : run_(run), environment_(environment), file_(std::move(file)) {}

  Lookup lookup(std::string_view name) const override {
    for (auto p = pending_.rbegin(); p != pending_.rend(); ++p) {
      if (p->first == name) return of(p->second);
    }
    if (const auto found = run_.variables.find(name); found != run_.variables.end())
      return of(found->second);
    if (const auto found = environment_.find(name); found != environment_.end())
      return {Lookup::State::set, found->second};
    // Past a cap a name may have been dropped: never claim it is unset.
    if (!run_.capped.empty()) return {Lookup::State::unknown, run_.capped};
    return {};
  }

  void assign_default(const std::string& name, const std::string& value) override {
    ShellVariable v;
    v.value = value;
    v.where = {file_, line_};
    store(name, std::move(v));
  }

  void before_word(int line) override { line_ = line; }

  void assignment(const Word& w, const std::string& file) override {
    watch(w, file);
    ShellVariable v;
    v.where = {file, w.line};
    v.unknown = w.expanded.unknown;
    if (v.unknown.empty()) v.value = w.expanded.text.substr(w.assign_at + 1);
    v.unset_used = w.expanded.unset_used;
    budget(v);
    pending_.emplace_back(w.text.substr(0, w.assign_at), std::move(v));
  }

  void command(const Word& w, const std::string& file, const std::string& prefix) override {
    watch(w, file);
    const std::string word = w.expanded.unknown.empty() ? w.expanded.text : w.text;
    unsetting_ = word == "unset";
    if (run_.commands.size() >= kMaxShellCommands) {
      ++run_.more_commands;
      return;
    }
    run_.commands.push_back({{file, w.line}, word.substr(0, 256), prefix});
  }

  void argument(const Word& w) override {
    watch(w, file_);
    if (unsetting_ && valid_name(w.text)) unset_.push_back(w.text);
  }

  void export_name(const std::string& name) override {
    if (run_.exported.size() < kMaxShellVariables) run_.exported.insert(name);
  }

  void end_command(bool persist) override {
    if (persist) {
      for (auto& [name, value] : pending_)
        store(name, std::move(value));
    }
    pending_.clear();
    pending_bytes_ = 0;
    for (const auto& name : unset_) {
      run_.exported.erase(name);  // unset drops the variable and its attributes
      if (const auto found = run_.variables.find(name); found != run_.variables.end()) {
        bytes_ -= found->second.value.size();
        run_.variables.erase(found);
      }
    }
    unset_.clear();
    unsetting_ = false;
  }

 private:
  static Lookup of(const ShellVariable& v) {
    if (!v.unknown.empty()) return {Lookup::State::unknown, v.unknown};
    return {Lookup::State::set, v.value};
  }

  // dash stops at a syntax error: what came before it no longer matters.
  void watch(const Word& w, const std::string& file) {
    if (w.unterminated && run_.unterminated.line == 0) run_.unterminated = {file, w.line};
  }

  // All values held at once, pending ones included, stay below kMaxShellBytes.
  void budget(ShellVariable& v) {
    if (bytes_ + pending_bytes_ + v.value.size() > kMaxShellBytes) {
      cap(v, "more than " + std::to_string(kMaxShellBytes / 1024) + " KiB of variables");
    }
    pending_bytes_ += v.value.size();
  }

  void cap(ShellVariable& v, const std::string& why) {
    if (run_.capped.empty()) run_.capped = why;
    v.unknown = why;
    v.value.clear();
  }

  void store(const std::string& name, ShellVariable v) {
    auto found = run_.variables.find(name);
    if (found == run_.variables.end()) {
      if (run_.variables.size() >= kMaxShellVariables) {
        cap(v, "more than " + std::to_string(kMaxShellVariables) + " variables");
        return;  // not tracked: lookup() says unknown from now on
      }
      found = run_.variables.emplace(name, ShellVariable{}).first;
    }
    bytes_ -= found->second.value.size();
    if (bytes_ + v.value.size() > kMaxShellBytes)
      cap(v, "more than " + std::to_string(kMaxShellBytes / 1024) + " KiB of variables");
    bytes_ += v.value.size();
    found->second = std::move(v);
  }

  ShellRun& run_;
  const std::map<std::string, std::string, std::less<>>& environment_;
  std::vector<std::pair<std::string, ShellVariable>> pending_;
  std::size_t pending_bytes_ = 0;
  std::size_t bytes_ = 0;
  std::vector<std::string> unset_;
  bool unsetting_ = false;
  std::string file_;
  int line_ = 0;
};

}  // namespace

std::vector<ShellAssignment> parse_shell_assignments(std::string_view text,
                                                     const std::string& file) {
  Scanner scan(text, nullptr);
  Collector collector;
  drive(scan, file, collector);
  return std::move(collector.out);
}

ShellRun run_shell_fragment(std::string_view text, const std::string& file,
                            const std::map<std::string, std::string, std::less<>>& environment) {
  ShellRun run;
  Evaluator evaluator(run, environment, file);
  Scanner scan(text, &evaluator);
  drive(scan, file, evaluator);
  return run;
}

}  // namespace vs::config
