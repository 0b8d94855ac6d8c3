// SPDX-License-Identifier: GPL-3.0-or-later
// A plugin's answer and how it is printed.
//
//   VS_LISTEN CRITICAL - 1 wildcard listener of 9: tcp 0.0.0.0:22 (sshd) | listeners=9 ...
//   CRITICAL tcp 0.0.0.0:22 sshd[812] uid 0: wildcard; answers for guests web1 (192.0.2.40)
//
// Line 1 is the status and a summary; then one finding per line, worst first, each
// with its status word and origin. Output is capped (NRPE v2 reads 1023 bytes): the
// first line always survives and "(N more findings)" says what was cut.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/perfdata.hpp"
#include "plugin/status.hpp"

namespace vs::plugin {

// Findings of one kind (NET_RAW granted to several guests, a daemon that needs a
// restart for several reasons): summarised together on line 1 and explained once,
// so that 13 guests do not spend NRPE's 1023 bytes on one sentence 13 times.
struct Group {
  // Findings with the same key and status form one group; empty: the finding stands
  // alone.
  std::string key;
  // This finding's name in the group's list on line 1 ("web1"); the same member
  // twice is listed and counted once.
  std::string member;
  // Line 1 for two members or more, after their count: "guests hold NET_RAW" gives
  // "4 guests hold NET_RAW: bit, lower, multi, netraw". Empty: the brief of the
  // group's first finding, once. Read from the group's first finding.
  std::string several;
  // Why it matters, said once: appended (": ...") to the line of the group's first
  // finding shown; the findings leave it out of their text. Read from the group's
  // first finding.
  std::string explanation;
};

struct Finding {
  Status status = Status::ok;
  std::string origin;  // "file:line", "guest web1", "tcp 0.0.0.0:22 sshd[812]"; may be empty
  std::string text;
  // Shown from this verbosity on. Non-OK findings default to 0 (always shown),
  // OK ones (an exempt listener, a fine setting) to 1.
  int min_verbosity = 0;
  // A few words for the summary line ("web1 holds NET_RAW"); origin and text when empty.
  std::string brief;
  // The headline: when findings of the worst status lead, the summary lists them
  // alone ("Postfix will not start in a guest: no loopback interface").
  bool lead = false;
  // Its kind, when several findings can be of the same kind.
  Group group;
};

struct Result {
  // Empty: written from the findings of the worst status, by their briefs, a group
  // counting as one: "2 guests hold NET_RAW: web1, mail; 1 warning".
  std::string summary;
  std::vector<Finding> findings;
  std::vector<Perfdata> perfdata;
  Status threshold_status = Status::ok;  // from -w/-c on the main metric

  Finding& add(Status status, std::string origin, std::string text, int min_verbosity = -1);
  // The worst of the findings and the threshold status.
  Status status() const;
};

inline constexpr std::size_t kDefaultMaxOutput = 1023;
// The smallest cap that keeps line 1 whole: label, status word, the start of the
// summary and every plugin's perfdata (with -w/-c ranges) fit in it.
inline constexpr std::size_t kMinMaxOutput = 256;

// Makes text from files or processes safe to print: '|' (it would start perfdata)
// becomes '/', control characters (a newline would break the one-line summary)
// become '?', and bytes that are not valid UTF-8 (a comm cut in the middle of a
// character, a guest's file name in Latin-1) become "\xHH", so the output is
// always valid UTF-8.
std::string sanitize(std::string_view text);

// Renders the whole output: `label` e.g. "VS_CAPS". `max_output` 0 means no cap; a
// cap below kMinMaxOutput counts as kMinMaxOutput. When the cap cuts, the summary
// is shortened ("...") and the status word and the perfdata stay whole (a perfdata
// item that cannot fit at all is dropped whole, never cut).
std::string render(const std::string& label, const Result& result, int verbosity,
                   std::size_t max_output = kDefaultMaxOutput);

// An option or usage error: "LABEL UNKNOWN - <message>", then "Usage: <usage>" on
// one line (whitespace runs become one space, '|' becomes '/': "yes/no/auto"),
// within `max_output` as render() counts it.
std::string render_usage_error(const std::string& label, std::string_view message,
                               std::string_view usage, std::size_t max_output = kDefaultMaxOutput);

}  // namespace vs::plugin
