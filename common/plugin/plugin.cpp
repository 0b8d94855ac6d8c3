// SPDX-License-Identifier: GPL-3.0-or-later
#include "plugin/plugin.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>
#include <optional>
#include <sstream>

#include "fs/tree.hpp"
#include "version.hpp"

namespace vs::plugin {
namespace {

constexpr unsigned kMaxTimeout = 86400;

// Written by the SIGALRM handler: prepared before the alarm is armed, because a
// signal handler may only call async-signal-safe functions (write, _exit).
char g_timeout_message[256];
std::size_t g_timeout_length = 0;

extern "C" void on_timeout(int) {
  ssize_t ignored = ::write(STDOUT_FILENO, g_timeout_message, g_timeout_length);
  (void)ignored;
  _exit(exit_code(Status::unknown));
}

void arm_timeout(const std::string& label, unsigned seconds) {
  const std::string text = label + " UNKNOWN - timed out after " + std::to_string(seconds) + " s\n";
  g_timeout_length = std::min(text.size(), sizeof g_timeout_message);
  std::memcpy(g_timeout_message, text.data(), g_timeout_length);
  struct sigaction sa {};
  sa.sa_handler = on_timeout;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, nullptr);
  alarm(seconds);
}

void write_all(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

// A non-negative decimal number, digits only: Boost would read "-1" as 2^64-1.
std::optional<std::uint64_t> whole_number(const std::string& text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || text.front() < '0' || text.front() > '9' || ec != std::errc{} || ptr != end) {
    return std::nullopt;
  }
  return value;
}

// The usage lines of --help: `words` after `name`, wrapped before 80 columns between
// bracketed groups ("[--runtime [--netns NAME|PATH]]" stays whole), continuation
// lines indented.
std::string wrap_usage(const std::string& name, const std::string& words) {
  std::vector<std::string> groups;
  std::string group;
  int depth = 0;
  for (const char c : words) {
    const bool blank = c == ' ' || c == '\n' || c == '\t';
    if (blank && depth == 0) {
      if (!group.empty()) groups.push_back(std::move(group));
      group.clear();
      continue;
    }
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    group += blank ? ' ' : c;
  }
  if (!group.empty()) groups.push_back(std::move(group));
  constexpr std::size_t kWidth = 80;
  const std::string indent = "      ";
  std::string out = "  " + name;
  std::size_t column = out.size();
  for (const auto& g : groups) {
    if (column + 1 + g.size() > kWidth && column > indent.size()) {
      out += "\n" + indent + g;
      column = indent.size() + g.size();
    } else {
      out += " " + g;
      column += 1 + g.size();
    }
  }
  return out + "\n";
}

// The options every plugin takes, as the usage lines show them (in the order of
// make_standard_options(), --help and --version on lines of their own).
constexpr const char* kStandardSynopsis =
    "[-v]... [-t SEC] [-w RANGE] [-c RANGE] [--root DIR] [--proc DIR] [--vservers-dir DIR] "
    "[--guest NAME]... "
    "[--role host|guest|auto] [--max-output BYTES]";

bool all_v(const std::string& a) {
  return a.size() >= 2 && a[0] == '-' &&
         std::all_of(a.begin() + 1, a.end(), [](char c) { return c == 'v'; });
}

}  // namespace

const char* suite_version() {
  return VS_VERSION;
}

Plugin::Plugin(Spec spec)
    : spec_(std::move(spec)),
      own_("Options of " + spec_.name, 100, 50),
      standard_(make_standard_options()) {}

po::options_description Plugin::make_standard_options() {
  const std::string metric = spec_.metric.empty() ? "the main metric" : spec_.metric;
  po::options_description d("Standard options", 100, 50);
  // clang-format off
  d.add_options()
      ("help,h", "print this help and exit (status 3)")
      ("version,V", "print the version and exit (status 3)")
      ("verbose,v", "more output; repeat: -v every finding (OK ones too), -vv also the inputs read, -vvv "
       "also each socket a configuration check predicts (\"binds tcp 192.0.2.1:22\")")
      ("timeout,t", po::value<std::string>(&timeout_text_)->default_value("10")->value_name("SEC"),
       "give up after SEC seconds with UNKNOWN")
      ("warning,w", po::value<std::string>(&warning_text_)->value_name("RANGE"),
       ("WARNING when " + metric + " is outside RANGE (Nagios range syntax)").c_str())
      ("critical,c", po::value<std::string>(&critical_text_)->value_name("RANGE"),
       ("CRITICAL when " + metric + " is outside RANGE").c_str())
      ("root", po::value<std::string>(&std_.root)->default_value("/")->value_name("DIR"),
       "read every configuration file under DIR instead of /; symlinks cannot leave DIR")
      ("proc", po::value<std::string>(&std_.proc)->default_value("/proc")->value_name("DIR"),
       "read the running kernel's view (VServer contexts, sockets, processes, mounts) from DIR "
       "instead of /proc: a directory recorded with tools/record-proc replays another host; "
       "not under --root")
      ("vservers-dir",
       po::value<std::string>(&std_.vservers_dir)->default_value("/etc/vservers")->value_name("DIR"),
       "util-vserver configuration directory, under --root")
      ("guest", po::value<std::vector<std::string>>(&std_.guests)->value_name("NAME"),
       "check guest NAME from the host (its addresses, its root tree); repeatable")
      ("role", po::value<std::string>(&role_text_)->default_value("auto")->value_name("host|guest|auto"),
       "judge as the host or as a guest; auto: a guest when running in a VServer context (VxID > 0 "
       "in <proc>/self/status; a recorded --proc has no self and is judged as the host)")
      ("max-output",
       po::value<std::string>(&max_output_text_)->default_value(std::to_string(kDefaultMaxOutput))
           ->value_name("BYTES"),
       ("cap the whole output at BYTES (NRPE v2 reads 1023), at least " +
        std::to_string(kMinMaxOutput) + " so line 1 stays whole; 0: no cap").c_str());
  // clang-format on
  return d;
}

StandardOptions Plugin::parse(const std::vector<std::string>& raw) {
  po::options_description all;
  all.add(own_).add(standard_);

  // getopt semantics that Boost.Program_options lacks: an option that takes a value
  // takes the next argument whatever it looks like, so "-w -5:" works; and -v stacks.
  std::vector<std::string> args;
  int verbosity = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string& a = raw[i];
    if (a == "--") {
      args.insert(args.end(), raw.begin() + static_cast<long>(i), raw.end());
      break;
    }
    if (a == "--verbose") {
      ++verbosity;
      continue;
    }
    if (all_v(a)) {
      verbosity += static_cast<int>(a.size()) - 1;
      continue;
    }
    if (a.size() >= 2 && a[0] == '-' && a.find('=') == std::string::npos) {
      const po::option_description* d = nullptr;
      if (a.rfind("--", 0) == 0) {
        d = all.find_nothrow(a.substr(2), false);
      } else if (a.size() == 2) {
        d = all.find_nothrow(a, false);
      }
      if (d != nullptr && d->semantic()->max_tokens() > 0 && i + 1 < raw.size()) {
        args.push_back("--" + d->long_name() + "=" + raw[++i]);
        continue;
      }
    }
    args.push_back(a);
  }

  po::variables_map vm;
  const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  // An empty positional description makes stray arguments an error, not ignored.
  const po::positional_options_description no_positionals;
  po::store(
      po::command_line_parser(args).options(all).positional(no_positionals).style(style).run(), vm);
  po::notify(vm);

  want_help_ = vm.count("help") > 0;
  want_version_ = vm.count("version") > 0;
  std_.verbosity = std::min(verbosity, 3);
  if (!warning_text_.empty()) std_.warning = Range::parse(warning_text_);
  if (!critical_text_.empty()) std_.critical = Range::parse(critical_text_);
  if (role_text_ == "host") {
    std_.role = Role::host;
  } else if (role_text_ == "guest") {
    std_.role = Role::guest;
  } else if (role_text_ == "auto") {
    std_.role = Role::automatic;
  } else {
    throw po::error("--role must be host, guest or auto, not '" + role_text_ + "'");
  }
  const auto timeout = whole_number(timeout_text_);
  if (!timeout || *timeout == 0 || *timeout > kMaxTimeout) {
    throw po::error("--timeout must be a whole number of seconds from 1 to " +
                    std::to_string(kMaxTimeout) + ", not '" + timeout_text_ + "'");
  }
  std_.timeout_seconds = static_cast<unsigned>(*timeout);
  const auto max_output = whole_number(max_output_text_);
  if (!max_output || (*max_output != 0 && *max_output < kMinMaxOutput)) {
    throw po::error("--max-output must be 0 (no cap) or at least " + std::to_string(kMinMaxOutput) +
                    " bytes (line 1 must fit), not '" + max_output_text_ + "'");
  }
  std_.max_output = static_cast<std::size_t>(*max_output);
  std_.vservers_dir_given = !vm["vservers-dir"].defaulted();
  if (std_.root.empty()) throw po::error("--root must not be empty");
  if (std_.proc.empty()) throw po::error("--proc must not be empty");
  while (std_.proc.size() > 1 && std_.proc.back() == '/')
    std_.proc.pop_back();
  std::vector<std::string> guests;  // each once, in the order first given
  for (const auto& g : std_.guests) {
    if (g.empty() || g.find('/') != std::string::npos || g == "." || g == "..") {
      throw po::error("--guest '" + g + "' is not a guest name");
    }
    if (std::find(guests.begin(), guests.end(), g) == guests.end()) guests.push_back(g);
  }
  std_.guests = std::move(guests);
  std_.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std_.timeout_seconds);
  return std_;
}

std::string Plugin::usage() const {
  return spec_.name + " " + spec_.synopsis + " [standard options]; try '" + spec_.name + " --help'";
}

std::string Plugin::version() const {
  return spec_.name + " v" + suite_version() + " (check_vs)\n";
}

std::string Plugin::help() const {
  std::ostringstream out;
  out << version() << "\n"
      << spec_.purpose << "\n\n"
      << "Usage:\n"
      << wrap_usage(spec_.name, spec_.synopsis + " " + kStandardSynopsis)
      << wrap_usage(spec_.name, "--help") << wrap_usage(spec_.name, "--version") << "\n";
  out << own_ << "\n" << standard_ << "\n";
  if (!spec_.details.empty()) out << spec_.details << "\n\n";
  out << "Ranges (-w, -c): 10 alerts outside 0..10, 10: below 10, ~:10 above 10,\n"
         "10:20 outside 10..20, @10:20 inside 10..20; ends inclusive, negatives allowed.\n\n";
  if (!spec_.examples.empty()) out << "Examples:\n" << spec_.examples << "\n";
  out << "Output:\n"
         "  LABEL STATUS - summary | perfdata\n"
         "  STATUS origin: finding\n"
         "  ...\n"
         "Line 1 is the status and a summary: the findings of the worst status by a few\n"
         "words each, those of one kind as one item (\"4 guests hold NET_RAW: a, b, c, d\"),\n"
         "then how many findings of each lesser status (\"; 1 warning\"), then the perfdata.\n"
         "Each following line is one finding, worst first, naming its origin: a file:line,\n"
         "a guest, a socket or a process; OK findings are shown from -v on. The whole\n"
         "output fits --max-output: the status word and the perfdata stay whole, and\n"
         "\"(N more findings)\" says what was cut. Text read from files is printed as valid\n"
         "UTF-8 (other bytes as \\xHH) and never contains '|'.\n\n"
         "Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also for --help and --version).\n";
  return out.str();
}

int Plugin::run(int argc, char** argv, const Check& check) {
  // A monitoring agent that closes the pipe early must not turn into a signal exit.
  signal(SIGPIPE, SIG_IGN);
  const Status unknown = Status::unknown;
  try {
    parse(std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + std::max(argc, 1)));
  } catch (const std::exception& e) {
    write_all(render_usage_error(spec_.label, e.what(), usage(), std_.max_output));
    return exit_code(unknown);
  }
  if (want_help_) {
    write_all(help());
    return exit_code(unknown);
  }
  if (want_version_) {
    write_all(version());
    return exit_code(unknown);
  }
  arm_timeout(spec_.label, std_.timeout_seconds);
  // Whatever the guests' files say, a run holds no more than this in file bytes.
  fs::set_read_budget(fs::kDefaultReadBudget);
  std::string failure;
  std::string usage_error;
  Result result;
  try {
    result = check(std_);
  } catch (const UsageError& e) {
    usage_error = e.what();
  } catch (const std::bad_alloc&) {
    failure = "out of memory";
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "unexpected error";
  }
  alarm(0);
  if (!usage_error.empty()) {
    write_all(render_usage_error(spec_.label, usage_error, usage(), std_.max_output));
    return exit_code(unknown);
  }
  if (!failure.empty()) {
    write_all(render(spec_.label, Result{sanitize(failure), {}, {}, unknown}, 0, std_.max_output));
    return exit_code(unknown);
  }
  try {
    const std::string out = render(spec_.label, result, std_.verbosity, std_.max_output);
    write_all(out);
    return exit_code(result.status());
  } catch (...) {
    write_all(spec_.label + " UNKNOWN - could not format the output\n");
    return exit_code(unknown);
  }
}

}  // namespace vs::plugin
