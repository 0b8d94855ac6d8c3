// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/host_conf.hpp"

#include <algorithm>

#include "config/lines.hpp"

namespace vs::net {
namespace {

constexpr std::size_t kFgetsChunk = 255;  // fgets(buf, 256, fp): 255 bytes and the NUL
constexpr int kMaxTrimDomains = 4;        // TRIMDOMAINS_MAX

std::string_view skip_ws(std::string_view s) {
  return config::trim_left(s);
}

// skip_string: up to a blank, '#' or ','.
std::size_t word_length(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && !config::is_space(s[n]) && s[n] != '#' && s[n] != ',')
    ++n;
  return n;
}

// strncasecmp(s, word, word.size()) == 0: the text starts with `word`, any case.
bool starts_with_word(std::string_view s, std::string_view word) {
  return s.size() >= word.size() && config::lower(s.substr(0, word.size())) == word;
}

class Reader {
 public:
  Reader(HostConf& conf, const std::string& file) : conf_(conf), file_(file) {}

  void line(std::string_view text, int number) {
    const Location where{file_, number};
    text = skip_ws(text);
    if (text.empty() || text.front() == '#') return;
    const std::size_t length = word_length(text);
    const std::string keyword = config::lower(text.substr(0, length));
    std::string_view args = skip_ws(text.substr(length));
    bool ok = true;
    if (keyword == "multi") {
      ok = on_off(args, conf_.multi, conf_.multi_where, where, "multi");
    } else if (keyword == "reorder") {
      ok = on_off(args, conf_.reorder, conf_.reorder_where, where, "reorder");
    } else if (keyword == "trim") {
      ok = trim_domains(args, where);
    } else if (keyword == "order") {
      return;  // accepted and ignored since glibc 2.25
    } else {
      note(where, "glibc does not know '" + config::bounded(text.substr(0, length)) +
                      "': every program prints \"bad command\" and the line is ignored");
      return;
    }
    if (!ok) return;
    args = skip_ws(args);
    if (!args.empty() && args.front() != '#')
      note(where, "glibc ignores the text after the value: '" + config::bounded(args) + "'");
  }

 private:
  // arg_bool: consumes "on" or "off" from `args`; false when neither.
  bool on_off(std::string_view& args, bool& flag, Location& decided_at, const Location& where,
              const char* keyword) {
    if (starts_with_word(args, "on")) {
      args.remove_prefix(2);
      flag = true;
    } else if (starts_with_word(args, "off")) {
      args.remove_prefix(3);
      flag = false;
    } else {
      note(where, std::string("'") + keyword + "' takes on or off, not '" + config::bounded(args) +
                      "': glibc ignores the line");
      return false;
    }
    decided_at = where;
    return true;
  }

  // arg_trimdomain_list: the domains matter only for the canonical names gethostbyname
  // returns, so only its complaints are kept.
  bool trim_domains(std::string_view& args, const Location& where) {
    do {
      if (trim_count_ >= kMaxTrimDomains) {
        note(where, "more than 4 trim domains: glibc ignores the rest");
        return false;
      }
      args.remove_prefix(word_length(args));
      ++trim_count_;
      args = skip_ws(args);
      if (!args.empty() && (args.front() == ',' || args.front() == ';' || args.front() == ':')) {
        args = skip_ws(args.substr(1));
        if (args.empty() || args.front() == '#') {
          note(where, "a trim list separator is not followed by a domain: glibc ignores the rest");
          return false;
        }
      }
    } while (!args.empty() && args.front() != '#');
    return true;
  }

  void note(const Location& where, std::string message) {
    conf_.notes.push_back({where, std::move(message)});
  }

  HostConf& conf_;
  const std::string& file_;
  int trim_count_ = 0;
};

}  // namespace

HostConf parse_host_conf(std::string_view text, const std::string& file) {
  HostConf conf;
  Reader reader(conf, file);
  int number = 1;
  std::size_t start = 0;
  while (start < text.size()) {
    // One fgets: up to and including a newline, at most 255 bytes (looked for in
    // those bytes only: a 4 MiB line is read in linear time).
    std::string_view chunk = text.substr(start, kFgetsChunk);
    if (const std::size_t newline = chunk.find('\n'); newline != std::string_view::npos)
      chunk = chunk.substr(0, newline + 1);
    const std::size_t end = start + chunk.size();
    const bool ends_line = !chunk.empty() && chunk.back() == '\n';
    if (ends_line) chunk.remove_suffix(1);
    reader.line(chunk, number);
    if (ends_line) ++number;
    start = end;
  }
  return conf;
}

}  // namespace vs::net
