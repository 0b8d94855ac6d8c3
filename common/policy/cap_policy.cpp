// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/cap_policy.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>

#include "fs/proc_field.hpp"
#include "plugin/options.hpp"

namespace vs::policy {

using plugin::Status;
using vserver::CapKind;

namespace {

std::uint64_t mask_of(std::initializer_list<const char*> names) {
  std::uint64_t m = 0;
  for (const char* n : names)
    m |= vserver::capability_mask(n, CapKind::bcap).value_or(0);
  return m;
}

const std::uint64_t kNetRaw = mask_of({"NET_RAW"});

std::string net_raw_reason() {
  return "every program in the guest can forge packets (the raw_icmp context capability in "
         "ccapabilities is enough for ping)";
}

std::string timestamp(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

// The last token that granted `bit`: where the user should look.
const vserver::CapToken* granting_token(const vserver::CapList& list, std::uint64_t bit) {
  const vserver::CapToken* found = nullptr;
  for (const auto& t : list.tokens) {
    if ((t.mask & bit) != 0) found = t.remove ? nullptr : &t;
  }
  return found;
}

// Files `f` under its kind: the summary lists the guests ("2 guests need a restart:
// web1, mail") and the explanation is printed once.
void of_kind(plugin::Finding& f, std::string brief, std::string key, const vserver::Guest& g,
             std::string several, std::string explanation = {}) {
  f.brief = std::move(brief);
  f.group = {std::move(key), g.name, std::move(several), std::move(explanation)};
}

// The file changed after the guest started: its start time, or "" when it did not.
std::string changed_since_start(const vserver::Guest& g, const vserver::CapFile& file) {
  if (!g.running || !g.started || file.mtime <= *g.started) return {};
  return timestamp(*g.started);
}

// `mtime_hint`: whether a change after the start is a finding of its own (the live set
// is not known to tell by content).
void judge_file(const CapPolicy& policy, const vserver::Guest& g, const vserver::CapFile& file,
                CapKind kind, bool mtime_hint, plugin::Result& result, CapCounts& counts,
                bool& broken) {
  for (const auto& p : file.list.problems) {
    broken = true;
    of_kind(
        result.add(Status::critical, p.where.str(),
                   "guest " + g.name + " will fail to start: " + p.message + " '" + p.token + "'"),
        g.name + " will not start ('" + p.token + "')", "will not start", g,
        "guests will not start");
  }
  for (const auto& t : file.list.ignored) {
    of_kind(
        result.add(Status::warning, t.where.str(),
                   "'" + t.text + "' ignored by util-vserver: no newline at end of file (guest " +
                       g.name + ")"),
        g.name + ": '" + t.text + "' ignored (no newline at end of file)", "ignored last line", g,
        "guests with a last line ignored (no newline at end of file)");
  }
  if (const std::string started = changed_since_start(g, file); mtime_hint && !started.empty()) {
    of_kind(result.add(Status::warning, file.path,
                       "modified after guest " + g.name + " started (" + started +
                           "): restart the guest to apply"),
            g.name + " needs a restart", "needs a restart", g, "guests need a restart");
  }
  if (kind != CapKind::bcap) return;
  const std::uint64_t granted = file.list.granted();
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    if ((granted & bit) == 0) continue;
    const bool crit = (policy.critical & bit) != 0;
    const bool warn = (policy.warning & bit) != 0;
    if (!crit && !warn) continue;
    const std::string name = vserver::capability_name(bit, kind);
    const auto* token = granting_token(file.list, bit);
    const std::string origin = token != nullptr ? token->where.str() : file.path;
    std::string text = "guest " + g.name + " holds " + name;
    if (token != nullptr && token->text != name) text += " (through '" + token->text + "')";
    if (policy.is_allowed(g.name, bit)) {
      result.add(Status::ok, origin, text + ": allowed by --allow");
      continue;
    }
    ++counts.denied;
    if (bit == kNetRaw) ++counts.net_raw;
    of_kind(result.add(crit ? Status::critical : Status::warning, origin, text),
            g.name + " holds " + name, "holds " + name, g, "guests hold " + name,
            bit == kNetRaw ? net_raw_reason() : "");
  }
}

}  // namespace

std::uint64_t CapPolicy::default_warning() {
  return mask_of({"SETPCAP", "LINUX_IMMUTABLE", "NET_BROADCAST", "NET_ADMIN", "IPC_LOCK",
                  "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_PACCT", "SYS_ADMIN", "SYS_NICE",
                  "SYS_RESOURCE", "SYS_TIME", "MKNOD", "AUDIT_CONTROL"});
}

std::uint64_t CapPolicy::parse_cap(const std::string& text) {
  const auto mask = vserver::capability_mask(text, CapKind::bcap);
  if (mask) return *mask;
  if (text.size() > 1 && text[0] == '^') {
    unsigned bit = 64;
    const auto [ptr, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), bit);
    if (ec == std::errc{} && ptr == text.data() + text.size() && bit < 64)
      return std::uint64_t{1} << bit;
  }
  throw plugin::UsageError("unknown capability '" + text +
                           "' (expected a name such as NET_RAW or ^13)");
}

CapGrant CapPolicy::parse_grant(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw plugin::UsageError("--allow takes GUEST:CAP, not '" + text + "'");
  }
  return {text.substr(0, colon), parse_cap(text.substr(colon + 1))};
}

bool CapPolicy::is_allowed(const std::string& guest, std::uint64_t bit) const {
  return std::any_of(allowed.begin(), allowed.end(), [&](const CapGrant& g) {
    return (g.guest == guest || g.guest == "*") && g.bit == bit;
  });
}

namespace {

// Whether a token of the file removes `bit` ("!SYS_ADMIN").
bool file_removes(const vserver::CapList& list, std::uint64_t bit) {
  return std::any_of(list.tokens.begin(), list.tokens.end(),
                     [&](const vserver::CapToken& t) { return t.remove && (t.mask & bit) != 0; });
}

// The live bounding set against default + file: granted live, restart pending.
void judge_live(const CapPolicy& policy, const vserver::Guest& g, const LiveBcaps& live,
                plugin::Result& result, CapCounts& counts) {
  const auto& c = live.comparison;
  const vserver::CapList* file = g.bcaps ? &g.bcaps->list : nullptr;
  const std::string file_name =
      g.bcaps ? g.bcaps->path : "a bcapabilities file (guest " + g.name + " has none)";
  const std::string against = "measured against " + std::string(c.default_bcaps.name);
  std::uint64_t kept = 0;  // removed by the file, still live: a restart pending too
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    if ((c.granted_live & bit) == 0) continue;
    if (file != nullptr && file_removes(*file, bit)) {
      kept |= bit;
      continue;
    }
    const std::string name = vserver::capability_name(bit, CapKind::bcap);
    std::string text = "guest " + g.name + " holds " + name + " granted live: neither " +
                       file_name + " nor " + std::string(c.default_bcaps.name) +
                       " grants it, so it was set at run time (vattribute) and is lost at the "
                       "next restart";
    const bool crit = (policy.critical & bit) != 0;
    const bool warn = (policy.warning & bit) != 0;
    if (!crit && !warn) {
      result.add(Status::ok, live.at.str(), text, 1);
      continue;
    }
    if (policy.is_allowed(g.name, bit)) {
      result.add(Status::ok, live.at.str(), text + ": allowed by --allow");
      continue;
    }
    ++counts.denied;
    if (bit == kNetRaw) ++counts.net_raw;
    of_kind(result.add(crit ? Status::critical : Status::warning, live.at.str(), text),
            g.name + " holds " + name + " granted live", "holds " + name + " granted live", g,
            "guests hold " + name + " granted live", bit == kNetRaw ? net_raw_reason() : "");
  }
  // Lacking a capability only the default grants: dropped at run time, which only
  // narrows the guest.
  const std::uint64_t from_file = file != nullptr ? file->granted() : 0;
  const std::uint64_t dropped = c.restart_pending & ~from_file;
  if (dropped != 0) {
    result.add(Status::ok, live.at.str(),
               "guest " + g.name + "'s running context lacks " +
                   vserver::capability_names(dropped, CapKind::bcap) + " of " +
                   std::string(c.default_bcaps.name) + " (dropped at run time)",
               1);
  }
  const std::uint64_t missing = c.restart_pending & from_file;
  if (missing == 0 && kept == 0) return;
  std::string what;
  if (missing != 0) {
    what = "the running context lacks " + vserver::capability_names(missing, CapKind::bcap) +
           ", which it grants";
  }
  if (kept != 0) {
    what += (what.empty() ? "the running context " : "; it ") + std::string("still holds ") +
            vserver::capability_names(kept, CapKind::bcap) + ", which it removes";
  }
  const std::string started = g.bcaps ? changed_since_start(g, *g.bcaps) : "";
  of_kind(result.add(Status::warning, file_name,
                     "guest " + g.name + ": restart pending: " + what + " (" + live.at.str() +
                         ", " + against + ")" +
                         (started.empty()
                              ? ""
                              : "; the file changed after the guest started (" + started + ")") +
                         ": restart the guest to apply"),
          g.name + " needs a restart", "needs a restart", g, "guests need a restart");
}

}  // namespace

void judge_guest(const CapPolicy& policy, const vserver::Guest& g,
                 const std::optional<LiveBcaps>& live, plugin::Result& result, CapCounts& counts) {
  bool unreadable = false;
  for (const auto& p : g.problems) {
    // An unreadable vdir or address is not this check's business.
    if (p.part != vserver::GuestPart::capabilities) continue;
    unreadable = true;
    result.add(Status::unknown, p.where.str(), "guest " + g.name + ": " + p.message);
  }
  bool broken = false;
  // With the live set, the content says whether a restart is pending, not the date.
  if (g.bcaps) judge_file(policy, g, *g.bcaps, CapKind::bcap, !live, result, counts, broken);
  if (g.ccaps) judge_file(policy, g, *g.ccaps, CapKind::ccap, true, result, counts, broken);
  if (broken) ++counts.broken;
  if (!g.bcaps && !g.ccaps && !unreadable)
    result.add(Status::ok, "guest " + g.name, "no capability files: defaults apply");
  if (live) judge_live(policy, g, *live, result, counts);
}

void judge_process(const CapPolicy& policy, int pid, const std::string& command,
                   std::uint64_t bounding, plugin::Result& result, CapCounts& counts) {
  const std::string who =
      "pid " + std::to_string(pid) + (command.empty() ? "" : " (" + command + ")");
  const std::string key = "pid:" + std::to_string(pid);
  bool any = false;
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    if ((bounding & bit) == 0) continue;
    const bool crit = (policy.critical & bit) != 0;
    const bool warn = (policy.warning & bit) != 0;
    if (!crit && !warn) continue;
    std::string text = "bounding set holds " + vserver::capability_name(bit, CapKind::bcap);
    if (policy.is_allowed(key, bit) || policy.is_allowed(command, bit)) {
      result.add(Status::ok, who, text + ": allowed by --allow");
      continue;
    }
    any = true;
    ++counts.denied;
    if (bit == kNetRaw) ++counts.net_raw;
    const std::string name = vserver::capability_name(bit, CapKind::bcap);
    auto& f = result.add(crit ? Status::critical : Status::warning, who, text);
    f.brief = who + " holds " + name;
    f.group = {"process holds " + name, who, "processes hold " + name,
               bit == kNetRaw ? "every program under it can forge packets" : ""};
  }
  if (!any) result.add(Status::ok, who, "bounding set holds no denied capability");
}

std::optional<std::uint64_t> parse_capbnd(std::string_view status) {
  std::string_view rest = fs::proc_field(status, "CapBnd").value_or("");
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t'))
    rest.remove_prefix(1);
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), v, 16);
  if (ec != std::errc{} || ptr == rest.data()) return std::nullopt;
  return v;
}

}  // namespace vs::policy
