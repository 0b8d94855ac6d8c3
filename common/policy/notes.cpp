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
                                          bool loopback_works, bool in_guest) {
  if (note.needs_loopback && loopback_works) return std::nullopt;
  if (note.guest_only && !in_guest) return std::nullopt;
  plugin::Finding f;
  f.status = status_of(note.kind);
  f.origin = note.where.str();
  f.text = note.text;
  f.brief = note.brief;
  f.min_verbosity = f.status == Status::ok && !note.always_shown ? 1 : 0;
  if (note.kind == NoteKind::refusal) {
    // A stable phrase: the differential tests recognise a predicted refusal by it.
    const std::string lead = noun + " will not start" + (note.needs_loopback ? " in a guest" : "");
    f.text = lead + ": " + note.text;
    if (!f.brief.empty()) f.brief = lead + ": " + f.brief;
    f.lead = true;
  }
  return f;
}

}  // namespace vs::policy
