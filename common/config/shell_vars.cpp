#include "config/shell_vars.hpp"

#include <algorithm>
#include <array>

namespace vs::config {
namespace {

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

// Words that let a command follow them on the same line ("then FOO=1").
bool is_reserved_prefix(std::string_view w) {
  static constexpr std::array<std::string_view, 9> kWords = {"then", "else", "do",   "{",    "(",
                                                             "!",    "if",   "elif", "while"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

struct Word {
  std::string text;                           // after quote removal
  std::size_t assign_at = std::string::npos;  // offset of an unquoted '=' after a valid name
  bool expands = false;
  bool unterminated = false;
  int line = 0;
};

class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

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
    while (i_ < s_.size() && !ends_word(s_[i_])) {
      const char c = s_[i_];
      if (c == '\\') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {
          ++line_;
        } else if (i_ + 1 < s_.size()) {
          w.text += s_[i_ + 1];
        }
        i_ += 2;
        quoted_before = true;
      } else if (c == '\'') {
        quoted_before = true;
        const std::size_t end = s_.find('\'', i_ + 1);
        const std::size_t stop = end == std::string_view::npos ? s_.size() : end;
        append_quoted(w, s_.substr(i_ + 1, stop - i_ - 1));
        w.unterminated |= end == std::string_view::npos;
        i_ = stop + 1;
      } else if (c == '"') {
        quoted_before = true;
        double_quoted(w);
      } else {
        if (c == '=' && w.assign_at == std::string::npos && !quoted_before && valid_name(w.text)) {
          w.assign_at = w.text.size();
        }
        if (c == '$' || c == '`') w.expands = true;
        w.text += c;
        ++i_;
      }
    }
    return w;
  }

 public:
  static bool valid_name(const std::string& t) {
    return !t.empty() && is_name_start(t[0]) && std::all_of(t.begin(), t.end(), is_name_char);
  }

 private:
  void append_quoted(Word& w, std::string_view part) {
    line_ += static_cast<int>(std::count(part.begin(), part.end(), '\n'));
    w.text += part;
  }

  void double_quoted(Word& w) {
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      const char c = s_[i_];
      if (c == '\\' && i_ + 1 < s_.size()) {
        const char n = s_[i_ + 1];
        if (n == '\n') {
          ++line_;
        } else if (n == '$' || n == '`' || n == '"' || n == '\\') {
          w.text += n;
        } else {
          w.text += c;
          w.text += n;
        }
        i_ += 2;
        continue;
      }
      if (c == '$' || c == '`') w.expands = true;
      if (c == '\n') ++line_;
      w.text += c;
      ++i_;
    }
    if (i_ >= s_.size()) w.unterminated = true;
    ++i_;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int line_ = 1;
};

}  // namespace

ShellScript parse_shell_script(std::string_view text, const std::string& file) {
  ShellScript out;
  Scanner scan(text);
  std::vector<ShellAssignment> pending;  // assignments of the command being read
  std::vector<ShellExport> pending_exports;
  bool declaring = false;  // `export A=1 B=2`, `readonly A=1`: every word may assign
  bool exporting = false;  // ... and it is `export`
  bool command_word_seen = false;
  auto end_command = [&] {
    if (!command_word_seen || declaring) {
      out.assignments.insert(out.assignments.end(), pending.begin(), pending.end());
      out.exports.insert(out.exports.end(), pending_exports.begin(), pending_exports.end());
    }
    pending.clear();
    pending_exports.clear();
    declaring = exporting = false;
    command_word_seen = false;
  };
  while (true) {
    const char separator = scan.skip_to_word();
    if (separator != 0) {
      end_command();
      if (scan.done()) break;
      continue;
    }
    Word w = scan.word();
    if (w.assign_at != std::string::npos && (!command_word_seen || declaring)) {
      pending.push_back({w.text.substr(0, w.assign_at),
                         w.text.substr(w.assign_at + 1),
                         {file, w.line},
                         w.expands,
                         w.unterminated,
                         exporting});
    } else if (!command_word_seen && pending.empty() &&
               (w.text == "export" || w.text == "readonly")) {
      declaring = true;
      exporting = w.text == "export";
      command_word_seen = true;
    } else if (!command_word_seen && pending.empty() && is_reserved_prefix(w.text)) {
      continue;  // the command proper starts with the next word
    } else if (exporting) {
      if (Scanner::valid_name(w.text)) pending_exports.push_back({w.text, {file, w.line}});
    } else if (!declaring) {
      command_word_seen = true;  // `A=1 cmd`: the assignments are cmd's environment only
    }
    if (w.unterminated) {
      end_command();
      break;
    }
  }
  end_command();
  return out;
}

std::vector<ShellAssignment> parse_shell_assignments(std::string_view text,
                                                     const std::string& file) {
  return parse_shell_script(text, file).assignments;
}

}  // namespace vs::config
