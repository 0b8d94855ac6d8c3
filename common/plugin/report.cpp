// SPDX-License-Identifier: GPL-3.0-or-later
#include "plugin/report.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace vs::plugin {

Finding& Result::add(Status status, std::string origin, std::string text, int min_verbosity) {
  if (min_verbosity < 0) min_verbosity = status == Status::ok ? 1 : 0;
  return findings.emplace_back(
      Finding{status, std::move(origin), std::move(text), min_verbosity, {}});
}

Status Result::status() const {
  Status s = threshold_status;
  for (const auto& f : findings)
    s = worst(s, f.status);
  return s;
}

namespace {

// The length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) low = 0xA0;   // overlong
    if (c == 0xED) high = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) low = 0x90;   // overlong
    if (c == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return 0;
  }
  return n;
}

}  // namespace

std::string sanitize(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto u = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
      ++i;
    } else if (u == '|') {
      out += '/';
      ++i;
    } else if (u < 0x20 || u == 0x7f ||
               (u == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0)) {
      out += '?';  // C0 and C1 controls, DEL
      i += n;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

namespace {

std::string finding_line(const Finding& f, bool explain) {
  std::string line(name(f.status));
  line += ' ';
  if (!f.origin.empty()) line += sanitize(f.origin) + ": ";
  line += sanitize(f.text);
  if (explain && !f.group.explanation.empty()) line += ": " + sanitize(f.group.explanation);
  return line;
}

constexpr std::size_t kBriefsInSummary = 3;
constexpr std::size_t kMembersInSummary = 6;

// One item of the summary: a finding alone, or the findings of one group.
struct SummaryItem {
  std::vector<const Finding*> findings;
  std::vector<std::string> members;  // distinct, in order
};

std::string brief_or_whole(const Finding& f) {
  if (!f.brief.empty()) return f.brief;
  return f.origin.empty() ? f.text : f.origin + ": " + f.text;
}

// "4 guests hold NET_RAW: bit, lower, multi, netraw"; a group of one member (or
// without a `several` text) says the first finding's brief once.
std::string item_text(const SummaryItem& item) {
  const Finding& first = *item.findings.front();
  const std::string& several = first.group.several;
  const std::size_t count = item.members.empty() ? item.findings.size() : item.members.size();
  if (several.empty() || count < 2) return brief_or_whole(first);
  std::string text = std::to_string(count) + " " + several;
  for (std::size_t i = 0; i < item.members.size() && i < kMembersInSummary; ++i)
    text += (i == 0 ? ": " : ", ") + item.members[i];
  if (item.members.size() > kMembersInSummary)
    text += " and " + std::to_string(item.members.size() - kMembersInSummary) + " more";
  return text;
}

// The findings of `status` that make the summary, grouped: a group is one item, at
// the place of its first finding.
std::vector<SummaryItem> summary_items(const Result& r, Status status) {
  const bool led = std::any_of(r.findings.begin(), r.findings.end(),
                               [&](const Finding& f) { return f.status == status && f.lead; });
  std::vector<SummaryItem> items;
  std::map<std::string, std::size_t> group_index;
  for (const auto& f : r.findings) {
    if (f.status != status || (led && !f.lead)) continue;
    std::size_t at = items.size();
    if (!f.group.key.empty()) {
      const auto [it, added] = group_index.emplace(f.group.key, items.size());
      at = it->second;
      if (added) items.emplace_back();
    } else {
      items.emplace_back();
    }
    auto& item = items[at];
    item.findings.push_back(&f);
    const std::string& m = f.group.member;
    if (!m.empty() && std::find(item.members.begin(), item.members.end(), m) == item.members.end())
      item.members.push_back(m);
  }
  return items;
}

std::string default_summary(const Result& r, Status status) {
  int lesser[4] = {};  // non-OK findings of other statuses, by status
  for (const auto& f : r.findings) {
    if (f.status != status && f.status != Status::ok) ++lesser[static_cast<int>(f.status)];
  }
  const auto items = summary_items(r, status);
  if (items.empty()) return "no problems found";
  bool all_brief = true;
  std::string listed;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Finding& first = *items[i].findings.front();
    all_brief = all_brief && (!first.brief.empty() || !first.group.several.empty());
    if (i >= kBriefsInSummary) continue;
    if (!listed.empty()) listed += ", ";
    listed += item_text(items[i]);
  }
  const std::size_t count = items.size();
  if (!all_brief && count > 1) {
    // Without briefs a finding is a whole sentence: one is enough for the summary.
    listed = item_text(items.front());
    listed += " (and " + std::to_string(count - 1) + " more)";
  } else if (count > kBriefsInSummary) {
    listed += " and " + std::to_string(count - kBriefsInSummary) + " more";
  }
  for (const Status s : {Status::critical, Status::warning, Status::unknown}) {
    const int n = lesser[static_cast<int>(s)];
    if (n == 0) continue;
    std::string word(name(s));
    for (auto& c : word)
      c = static_cast<char>(c - 'A' + 'a');
    listed += "; " + std::to_string(n) + " " + word + (n > 1 ? "s" : "");
  }
  return listed;
}

// Cuts sanitized text to at most `n` bytes without splitting a UTF-8 sequence or
// a "\xHH" escape.
std::string cut(std::string s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t end = n;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80)
    --end;
  for (std::size_t back = 1; back <= 3 && back <= end; ++back) {
    if (s[end - back] == '\\' && (back == 1 || s[end - back + 1] == 'x')) {
      end -= back;
      break;
    }
  }
  s.resize(end);
  return s;
}

// A cap as render() applies it: 0 is none, anything below the minimum is the minimum.
std::size_t effective_cap(std::size_t max_output) {
  return max_output == 0 ? 0 : std::max(max_output, kMinMaxOutput);
}

// Line 1 (with its newline) within `cap`: the head and the perfdata whole, the
// summary shortened with "..." when needed; perfdata items that cannot fit even
// then are dropped from the end, whole.
std::string first_line(const std::string& head, const std::string& summary,
                       std::vector<std::string> perf, std::size_t cap) {
  const auto tail = [&] {
    std::string t;
    for (const auto& p : perf)
      t += (t.empty() ? " | " : " ") + p;
    return t;
  };
  std::string line = head + summary + tail() + "\n";
  if (cap == 0 || line.size() <= cap) return line;
  constexpr std::string_view kEllipsis = "...";
  while (!perf.empty() && head.size() + kEllipsis.size() + tail().size() + 1 > cap)
    perf.pop_back();
  const std::size_t fixed = head.size() + kEllipsis.size() + tail().size() + 1;
  const std::size_t room = cap > fixed ? cap - fixed : 0;
  return head + cut(summary, room) + std::string(kEllipsis) + tail() + "\n";
}

}  // namespace

std::string render(const std::string& label, const Result& result, int verbosity,
                   std::size_t max_output) {
  const std::size_t cap = effective_cap(max_output);
  const Status status = result.status();
  std::vector<std::string> perf;
  for (const auto& p : result.perfdata)
    perf.push_back(p.str());
  const std::string head = label + " " + std::string(name(status)) + " - ";
  const std::string summary =
      sanitize(result.summary.empty() ? default_summary(result, status) : result.summary);

  std::vector<const Finding*> shown;
  for (const auto& f : result.findings) {
    if (f.min_verbosity <= verbosity) shown.push_back(&f);
  }
  std::stable_sort(shown.begin(), shown.end(), [](const Finding* a, const Finding* b) {
    return severity(a->status) > severity(b->status);
  });

  std::string out = first_line(head, summary, std::move(perf), cap);
  std::set<std::pair<std::string, Status>> explained;  // groups whose explanation is out
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const Group& g = shown[i]->group;
    const bool explain = g.key.empty() || explained.emplace(g.key, shown[i]->status).second;
    const std::string line = finding_line(*shown[i], explain) + "\n";
    const std::size_t left = shown.size() - i;
    if (cap > 0) {
      const std::string more =
          "(" + std::to_string(left) + (left == 1 ? " more finding)\n" : " more findings)\n");
      const bool last = left == 1;
      // Keep room for the "(N more findings)" line unless this is the last finding.
      const std::size_t need = out.size() + line.size() + (last ? 0 : more.size());
      if (need > cap) {
        if (out.size() + more.size() <= cap) out += more;
        break;
      }
    }
    out += line;
  }
  return out;
}

std::string render_usage_error(const std::string& label, std::string_view message,
                               std::string_view usage, std::size_t max_output) {
  const std::size_t cap = effective_cap(max_output);
  std::string flat;  // the synopsis may span lines in --help; here it is one
  for (const char c : usage) {
    const bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!blank) {
      flat += c;
    } else if (!flat.empty() && flat.back() != ' ') {
      flat += ' ';
    }
  }
  while (!flat.empty() && flat.back() == ' ')
    flat.pop_back();
  std::string usage_line = "Usage: " + sanitize(flat) + "\n";
  const std::string head = label + " " + std::string(name(Status::unknown)) + " - ";
  if (cap > 0 && head.size() + 4 + usage_line.size() > cap) usage_line.clear();
  const std::size_t room = cap == 0 ? 0 : cap - usage_line.size();
  return first_line(head, sanitize(message), {}, room) + usage_line;
}

}  // namespace vs::plugin
