// SPDX-License-Identifier: GPL-3.0-or-later
// Reading guests the way util-vserver lays them out.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

#include "vserver/guest.hpp"
#include "vserver/site.hpp"
#include "vserver_tree.hpp"

using namespace vs::vserver;
using vs::test::add_guest;
using vs::test::TempDir;

namespace {

TEST(Guests, ReadsNamesRootsAddressesAndFlags) {
  TempDir t;
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40", "2001:db8::40"}, .nflags = {"LBACK_REMAP"}});
  add_guest(t, {.name = "mail", .ips = {"192.0.2.41/24"}});
  t.mkdir("etc/vservers/.defaults/apps");
  const auto set = load_guests(vs::fs::Tree(t.path()), "/etc/vservers");
  ASSERT_EQ(set.guests.size(), 2u);
  const Guest& mail = set.guests[0];
  const Guest& web1 = set.guests[1];
  EXPECT_EQ(mail.name, "mail");
  EXPECT_EQ(web1.root_dir, "/vservers/web1");  // vdir -> .defaults/vdirbase/web1 -> /vservers/web1
  ASSERT_EQ(web1.addresses.size(), 2u);
  EXPECT_EQ(web1.addresses[1].address.str(), "2001:db8::40");
  EXPECT_EQ(web1.addresses[0].origin.str(), t.path() + "/etc/vservers/web1/interfaces/0/ip:1");
  EXPECT_EQ(mail.addresses[0].address.str(), "192.0.2.41");
  EXPECT_EQ(web1.nflags, std::vector<std::string>{"lback_remap"});  // read as written
  EXPECT_TRUE(mail.nflags.empty());
  EXPECT_TRUE(web1.owns(
      *vs::net::Address::parse("::ffff:192.0.2.40")));  // the v4-mapped form is the same host
}

TEST(Guests, SkipsDisabledGuestsAndInterfaces) {
  TempDir t;
  add_guest(t, {.name = "old", .ips = {"192.0.2.9"}, .disabled = true});
  add_guest(t, {.name = "web1", .ips = {"192.0.2.40", "192.0.2.50"}});
  t.write("etc/vservers/web1/interfaces/1/disabled", "");
  const auto set = load_guests(vs::fs::Tree(t.path()), "/etc/vservers");
  ASSERT_EQ(set.guests.size(), 1u);
  EXPECT_EQ(set.disabled, std::vector<std::string>{"old"});
  ASSERT_EQ(set.guests[0].addresses.size(), 1u);
  EXPECT_EQ(set.guests[0].addresses[0].address.str(), "192.0.2.40");
}

TEST(Guests, OnlyTheFirstLineOfAScalarFileCounts) {
  TempDir t;
  add_guest(t, {.name = "web1"});
  t.write("etc/vservers/web1/interfaces/0/ip", "  192.0.2.40  \n192.0.2.99\n");
  const auto g = load_guest(vs::fs::Tree(t.path()), "/etc/vservers", "web1");
  ASSERT_TRUE(g);
  ASSERT_EQ(g->addresses.size(), 1u);
  EXPECT_EQ(g->addresses[0].address.str(), "192.0.2.40");
}

TEST(Guests, BadAddressAndMissingVdirAreProblemsNotFailures) {
  TempDir t;
  t.write("etc/vservers/web1/interfaces/0/ip", "web1.example\n");
  const auto g = load_guest(vs::fs::Tree(t.path()), "/etc/vservers", "web1");
  ASSERT_TRUE(g);
  ASSERT_EQ(g->problems.size(), 2u);
  EXPECT_EQ(g->problems[0].message, "no vdir link: guest root unknown");
  EXPECT_EQ(g->problems[1].message, "'web1.example' is not an IP address");
  EXPECT_TRUE(g->root_dir.empty());
}

TEST(Guests, RunningStateFromTheRunLink) {
  TempDir t;
  add_guest(t, {.name = "up", .running = true});
  add_guest(t, {.name = "down"});
  t.symlink("etc/vservers/down/run", "/var/run/vservers/down");  // dangling: stopped
  const auto set = load_guests(vs::fs::Tree(t.path()), "/etc/vservers");
  ASSERT_EQ(set.guests.size(), 2u);
  EXPECT_FALSE(set.guests[0].running);
  EXPECT_TRUE(set.guests[1].running);
  EXPECT_EQ(set.guests[1].xid, 40001u);
  EXPECT_TRUE(set.guests[1].started.has_value());
}

TEST(Guests, VdirCannotLeaveTheRoot) {
  TempDir t;
  t.mkdir("root/etc/vservers/evil");
  t.symlink("root/etc/vservers/evil/vdir", "../../../../..");
  const auto g = load_guest(vs::fs::Tree(t.path() + "/root"), "/etc/vservers", "evil");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->root_dir, "/");  // clamped at the tree's root, never the host's
}

TEST(Guests, NoVserversDirectoryMeansNoGuests) {
  TempDir t;
  const auto set = load_guests(vs::fs::Tree(t.path()), "/etc/vservers");
  EXPECT_FALSE(set.config_dir_exists);
  EXPECT_TRUE(set.guests.empty());
}

TEST(Site, DetectsTheRoleFromVxid) {
  EXPECT_EQ(detect_role("Name:\tsh\nVxID:\t0\n"), vs::plugin::Role::host);
  EXPECT_EQ(detect_role("Name:\tsh\nVxID:\t40001\n"), vs::plugin::Role::guest);
  EXPECT_EQ(detect_role("Name:\tsh\nPid:\t1\n"), vs::plugin::Role::host);
  EXPECT_EQ(detect_role("Name:\tVxID: 5\nPid:\t1\n"), vs::plugin::Role::host);  // its own name
}

TEST(Site, UnknownGuestIsAUsageError) {
  TempDir t;
  add_guest(t, {.name = "web1"});
  add_guest(t, {.name = "old", .disabled = true});
  vs::plugin::StandardOptions o;
  o.root = t.path();
  o.guests = {"nope"};
  try {
    open_site(o);
    FAIL();
  } catch (const vs::plugin::UsageError& e) {
    EXPECT_EQ(std::string(e.what()),
              "guest 'nope' is not configured in " + t.path() + "/etc/vservers");
  }
  o.guests = {"old"};
  EXPECT_THROW(open_site(o), vs::plugin::UsageError);
  o.guests = {"web1"};
  const auto site = open_site(o);
  EXPECT_EQ(site.role, vs::plugin::Role::guest);
  ASSERT_EQ(site.chosen.size(), 1u);
  EXPECT_EQ(site.chosen[0]->name, "web1");
}

// The default /etc/vservers missing is a host without guests; a --vservers-dir given
// that does not exist is a typo, said as such rather than "no guests".
TEST(Site, AGivenVserversDirMustExist) {
  TempDir t;
  vs::plugin::StandardOptions o;
  o.root = t.path();
  EXPECT_TRUE(open_site(o).all.guests.empty());
  o.vservers_dir = "/etc/vservrs";
  o.vservers_dir_given = true;
  try {
    open_site(o);
    FAIL();
  } catch (const vs::plugin::UsageError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--vservers-dir " + t.path() + "/etc/vservrs: no such directory");
  }
  add_guest(t, {.name = "web1"});
  o.vservers_dir = "/etc/vservers";
  EXPECT_EQ(open_site(o).all.guests.size(), 1u);
}

}  // namespace
