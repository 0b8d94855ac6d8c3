#include "plugin/report.hpp"

#include <algorithm>

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

std::string sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '|') {
      out += '/';
    } else if (u < 0x20 || u == 0x7f) {
      out += '?';
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

std::string finding_line(const Finding& f) {
  std::string line(name(f.status));
  line += ' ';
  if (!f.origin.empty()) line += sanitize(f.origin) + ": ";
  line += sanitize(f.text);
  return line;
}

constexpr std::size_t kBriefsInSummary = 3;

std::string default_summary(const Result& r, Status status) {
  std::size_t count = 0;
  std::string listed;
  bool all_brief = true;
  int lesser[4] = {};  // non-OK findings of other statuses, by status
  const bool led = std::any_of(r.findings.begin(), r.findings.end(),
                               [&](const Finding& f) { return f.status == status && f.lead; });
  for (const auto& f : r.findings) {
    if (f.status != status) {
      if (f.status != Status::ok) ++lesser[static_cast<int>(f.status)];
      continue;
    }
    if (led && !f.lead) continue;
    all_brief = all_brief && !f.brief.empty();
    if (count++ >= kBriefsInSummary) continue;
    if (!listed.empty()) listed += ", ";
    listed += !f.brief.empty() ? f.brief : f.origin.empty() ? f.text : f.origin + ": " + f.text;
  }
  if (count == 0) return "no problems found";
  if (!all_brief && count > 1) {
    // Without briefs a finding is a whole sentence: one is enough for the summary.
    listed = listed.substr(0, listed.find(", "));
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

// Cuts `s` to at most `n` bytes without splitting a UTF-8 sequence.
std::string cut(std::string s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t end = n;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80)
    --end;
  s.resize(end);
  return s;
}

}  // namespace

std::string render(const std::string& label, const Result& result, int verbosity,
                   std::size_t max_output) {
  const Status status = result.status();
  std::string perf;
  for (const auto& p : result.perfdata) {
    if (!perf.empty()) perf += ' ';
    perf += p.str();
  }
  const std::string head = label + " " + std::string(name(status)) + " - ";
  std::string summary =
      sanitize(result.summary.empty() ? default_summary(result, status) : result.summary);
  const std::string tail = perf.empty() ? "" : " | " + perf;

  std::string first = head + summary + tail;
  if (max_output > 0 && first.size() + 1 > max_output) {
    // The status and perfdata matter most to the machine; shorten the prose first.
    const std::size_t room =
        max_output > head.size() + tail.size() + 4 ? max_output - head.size() - tail.size() - 4 : 0;
    first = room > 0 ? head + cut(summary, room) + "..." + tail
                     : cut(head + summary, max_output - 4) + "...";
  }

  std::vector<const Finding*> shown;
  for (const auto& f : result.findings) {
    if (f.min_verbosity <= verbosity) shown.push_back(&f);
  }
  std::stable_sort(shown.begin(), shown.end(), [](const Finding* a, const Finding* b) {
    return severity(a->status) > severity(b->status);
  });

  std::string out = first + "\n";
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const std::string line = finding_line(*shown[i]) + "\n";
    const std::size_t left = shown.size() - i;
    if (max_output > 0) {
      const std::string more =
          "(" + std::to_string(left) + (left == 1 ? " more finding)\n" : " more findings)\n");
      const bool last = left == 1;
      // Keep room for the "(N more findings)" line unless this is the last finding.
      const std::size_t need = out.size() + line.size() + (last ? 0 : more.size());
      if (need > max_output) {
        if (out.size() + more.size() <= max_output) out += more;
        break;
      }
    }
    out += line;
  }
  return out;
}

}  // namespace vs::plugin
