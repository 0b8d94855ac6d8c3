// SPDX-License-Identifier: GPL-3.0-or-later
// The one mapping from what a reader found to a status, and the facts that hold
// only where loopback binds fail.
#include "policy/notes.hpp"

#include <gtest/gtest.h>

using vs::config::Note;
using vs::config::NoteKind;
using vs::plugin::Status;
using vs::policy::judge_note;
using vs::vserver::Loopback;
using vs::vserver::LoopbackSource;

namespace {

const Loopback kHost = vs::vserver::host_loopback();
const Loopback kNone{.has_loopback = false,
                     .source = LoopbackSource::kernel_default,
                     .reason = "no loopback (vs2.2 kernel)"};
const Loopback kAssumedNone{.has_loopback = false,
                            .source = LoopbackSource::assumption,
                            .reason = "no loopback (ASSUMED from the guest's files alone)"};

TEST(Notes, EachKindHasOneStatus) {
  EXPECT_EQ(vs::policy::status_of(NoteKind::refusal), Status::critical);
  EXPECT_EQ(vs::policy::status_of(NoteKind::hazard), Status::critical);
  for (const auto kind :
       {NoteKind::impaired, NoteKind::ignored, NoteKind::unjudged, NoteKind::advice}) {
    EXPECT_EQ(vs::policy::status_of(kind), Status::warning) << name(kind);
  }
  EXPECT_EQ(vs::policy::status_of(NoteKind::info), Status::ok);
}

TEST(Notes, ARefusalSaysTheDaemonWillNotStartAndLeads) {
  const Note n{NoteKind::refusal, {"/etc/ssh/sshd_config", 3}, "Port inside a Match block"};
  const auto f = judge_note(n, "sshd", kHost);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, Status::critical);
  EXPECT_EQ(f->origin, "/etc/ssh/sshd_config:3");
  EXPECT_EQ(f->text, "sshd will not start: Port inside a Match block");
  EXPECT_TRUE(f->lead);
  EXPECT_EQ(f->brief, "");  // the summary then shows origin and text
  EXPECT_EQ(f->min_verbosity, 0);
}

TEST(Notes, OtherKindsKeepTheReadersWords) {
  const Note n{NoteKind::advice, {"/etc/nagios/nrpe.cfg", 2}, "dont_blame_nrpe=1: ...", "brief"};
  const auto f = judge_note(n, "NRPE", kNone);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, Status::warning);
  EXPECT_EQ(f->text, "dont_blame_nrpe=1: ...");
  EXPECT_EQ(f->brief, "brief");
  EXPECT_FALSE(f->lead);
}

TEST(Notes, InfoIsShownAtVerboseUnlessItExplainsTheResult) {
  Note n{NoteKind::info, {"/etc/mysql/my.cnf", 2}, "gone.cnf: no such file; the server skips it"};
  EXPECT_EQ(judge_note(n, "MySQL", kHost)->min_verbosity, 1);
  n.always_shown = true;
  EXPECT_EQ(judge_note(n, "MySQL", kHost)->min_verbosity, 0);
  EXPECT_EQ(judge_note(n, "MySQL", kHost)->status, Status::ok);
}

TEST(Notes, WhatNeedsLoopbackHoldsOnlyWhereLoopbackFails) {
  const Note n{.kind = NoteKind::refusal,
               .where = {"/etc/postfix/main.cf", 3},
               .text = "no loopback interface (inet_interfaces = loopback-only): use all",
               .brief = "no loopback interface",
               .needs_loopback = true};
  EXPECT_FALSE(judge_note(n, "Postfix", kHost));  // the host, or a guest with loopback
  const auto f = judge_note(n, "Postfix", kNone);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, Status::critical);
  EXPECT_EQ(f->text,
            "Postfix will not start in a guest: no loopback interface (inet_interfaces = "
            "loopback-only): use all; no loopback (vs2.2 kernel)");
  EXPECT_EQ(f->brief, "Postfix will not start in a guest: no loopback interface");
  EXPECT_TRUE(f->lead);
  const Note x11{
      .kind = NoteKind::impaired, .text = "X11Forwarding yes ...", .needs_loopback = true};
  EXPECT_EQ(judge_note(x11, "sshd", kNone)->status, Status::warning);
  EXPECT_EQ(judge_note(x11, "sshd", kNone)->text,
            "X11Forwarding yes ...; no loopback (vs2.2 kernel)");
  EXPECT_FALSE(judge_note(x11, "sshd", kHost));
}

// Without the kernel, what needs loopback is worth a look, never a page.
TEST(Notes, AnAssumedLackOfLoopbackIsAWarning) {
  const Note n{.kind = NoteKind::refusal,
               .where = {"/etc/postfix/main.cf", 3},
               .text = "no loopback interface (inet_interfaces = loopback-only): use all",
               .brief = "no loopback interface",
               .needs_loopback = true};
  const auto f = judge_note(n, "Postfix", kAssumedNone);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, Status::warning);
  EXPECT_EQ(f->text,
            "Postfix may not start in a guest: no loopback interface (inet_interfaces = "
            "loopback-only): use all; no loopback (ASSUMED from the guest's files alone)");
  EXPECT_EQ(f->brief, "Postfix may not start in a guest: no loopback interface");
  EXPECT_TRUE(f->lead);  // among the warnings, it explains the others
  // A refusal that needs no loopback stays what it is.
  const Note other{NoteKind::refusal, {"/etc/postfix/main.cf", 1}, "bad"};
  EXPECT_EQ(judge_note(other, "Postfix", kAssumedNone)->status, Status::critical);
}

TEST(Notes, AGuestOnlyNoteIsDroppedOnTheHost) {
  const Note xauth{.kind = NoteKind::impaired, .text = "no /usr/bin/xauth", .guest_only = true};
  EXPECT_FALSE(judge_note(xauth, "sshd", kHost, false));
  const auto f = judge_note(xauth, "sshd", kHost, true);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->status, Status::warning);
  EXPECT_EQ(f->text, "no /usr/bin/xauth");
}

}  // namespace
