// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/notes.hpp"

namespace vs::policy {

using config::NoteKind;
using plugin::Status;

Status status_of(NoteKind kind) {
  switch (kind) {
    case NoteKind::refusal:
    case NoteKind::hazard:
      return Status::critical;
    case NoteKind::impaired:
    case NoteKind::ignored:
    case NoteKind::unjudged:
    case NoteKind::advice:
      return Status::warning;
    case NoteKind::info:
      return Status::ok;
  }
  return Status::unknown;
}

std::optional<plugin::Finding> judge_note(const config::Note& note, const std::string& noun,
                                          const vserver::Loopback& loopback, bool in_guest) {
  if (note.needs_loopback && loopback.has_loopback) return std::nullopt;
  if (note.guest_only && !in_guest) return std::nullopt;
  // Only assumed from the guest's files: worth a look, not a page.
  const bool assumed = note.needs_loopback && loopback.assumed();
  plugin::Finding f;
  f.status = status_of(note.kind);
  if (assumed && f.status == Status::critical) f.status = Status::warning;
  f.origin = note.where.str();
  f.text = note.text;
  f.brief = note.brief;
  f.min_verbosity = f.status == Status::ok && !note.always_shown ? 1 : 0;
  if (note.kind == NoteKind::refusal) {
    // A stable phrase: the differential tests recognise a predicted refusal by it.
    const std::string lead = noun + (assumed ? " may not start" : " will not start") +
                             (note.needs_loopback ? " in a guest" : "");
    f.text = lead + ": " + note.text;
    if (!f.brief.empty()) f.brief = lead + ": " + f.brief;
    f.lead = true;
  }
  // Every loopback verdict says what decided it.
  if (note.needs_loopback) f.text += "; " + loopback.reason;
  return f;
}

}  // namespace vs::policy
