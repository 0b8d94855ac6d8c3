// SPDX-License-Identifier: GPL-3.0-or-later
// The shared policy: one judgement for live sockets and configuration.
#include <gtest/gtest.h>

#include "endpoints.hpp"
#include "guests.hpp"

#include "policy/bind_policy.hpp"

using vs::net::Address;
using vs::net::Endpoint;
using vs::net::Proto;
using vs::plugin::Status;
using vs::policy::BindPolicy;

namespace {

using vs::test::address;
using vs::test::endpoint;
using vs::test::guest;

const std::vector<vs::vserver::Guest> kGuests = {guest("web1", {"192.0.2.40", "2001:db8::40"}),
                                                 guest("mail", {"192.0.2.41"})};

TEST(HostRole, WildcardIsCriticalAndNamesTheGuestsItAnswersFor) {
  const auto p = BindPolicy::host(kGuests);
  const auto v = p.judge(endpoint(Proto::tcp, address("0.0.0.0"), 22));
  EXPECT_EQ(v.status, Status::critical);
  EXPECT_EQ(v.reason,
            "wildcard; answers for guests web1 (192.0.2.40), mail (192.0.2.41): bind the host's "
            "own address");
  const auto v6 = p.judge(endpoint(Proto::tcp, address("::"), 80, true));
  EXPECT_EQ(
      v6.reason,
      "wildcard (IPv6 only); answers for guest web1 (2001:db8::40): bind the host's own address");
}

TEST(HostRole, AGuestWithItsOwnListenerIsNotShadowed) {
  const auto p = BindPolicy::host(kGuests);
  const std::vector<Endpoint> peers = {endpoint(Proto::tcp, address("192.0.2.40"), 22),
                                       endpoint(Proto::udp, address("192.0.2.41"), 22)};
  const auto shadows = p.shadowed(endpoint(Proto::tcp, address("0.0.0.0"), 22), peers);
  ASSERT_EQ(shadows.size(), 1u);
  EXPECT_EQ(shadows[0].guest, "mail");  // mail's udp socket does not take tcp traffic
}

// noncontext, or spaces/net without ncontext: the guest has a stack of its own.
TEST(HostRole, AGuestWithItsOwnNetworkNamespaceIsNeverShadowed) {
  const auto p = BindPolicy::host(kGuests, {"mail"});
  const auto v = p.judge(endpoint(Proto::tcp, address("0.0.0.0"), 22));
  EXPECT_EQ(v.status, Status::critical);
  EXPECT_EQ(v.reason, "wildcard; answers for guest web1 (192.0.2.40): bind the host's own address");
  const auto alone = BindPolicy::host({guest("db", {"192.0.2.43"})}, {"db"});
  const auto w = alone.judge(endpoint(Proto::tcp, address("0.0.0.0"), 3306));
  EXPECT_EQ(w.status, Status::warning);
  EXPECT_TRUE(w.answers_for_no_guest);
  EXPECT_EQ(w.reason,
            "wildcard; answers for no guest today (no guest sharing the host's network has an "
            "IPv4 address; db has a network namespace of its own), but will for the first that "
            "gets one: bind the host's own address");
  // Its address is still its own: the host binding it is CRITICAL.
  EXPECT_EQ(alone.judge(endpoint(Proto::tcp, address("192.0.2.43"), 3306)).status,
            Status::critical);
}

TEST(HostRole, WithoutGuestsAWildcardAnswersForNoGuestToday) {
  const auto v = BindPolicy::host({}).judge(endpoint(Proto::tcp, address("0.0.0.0"), 22));
  EXPECT_EQ(v.status, Status::warning);
  EXPECT_TRUE(v.answers_for_no_guest);
  EXPECT_EQ(v.reason,
            "wildcard; answers for no guest today (no guests configured), but will for every "
            "guest added: bind the host's own address");
  // A guest without any address changes nothing.
  const auto bare = BindPolicy::host({guest("new", {})});
  EXPECT_EQ(bare.judge(endpoint(Proto::tcp, address("::"), 22, false)).reason,
            "wildcard (dual-stack: IPv6 and IPv4); answers for no guest today (no guest has an "
            "address), but will for the first that gets one: bind the host's own address");
}

TEST(HostRole, AWildcardIsCriticalOnlyForGuestAddressesOfItsFamily) {
  const auto v4_guests = BindPolicy::host({guest("mail", {"192.0.2.41"})});
  const auto v6only = v4_guests.judge(endpoint(Proto::tcp, address("::"), 22, true));
  EXPECT_EQ(v6only.status, Status::warning);
  EXPECT_EQ(v6only.reason,
            "wildcard (IPv6 only); answers for no guest today (no guest has an IPv6 address), but "
            "will for the first that gets one: bind the host's own address");
  EXPECT_EQ(v6only.reason.find("collides"), std::string::npos);
  const auto dual = v4_guests.judge(endpoint(Proto::tcp, address("::"), 22, false));
  EXPECT_EQ(dual.status, Status::critical);
  EXPECT_FALSE(dual.answers_for_no_guest);
  const auto v6_guests = BindPolicy::host({guest("web6", {"2001:db8::40"})});
  EXPECT_EQ(v6_guests.judge(endpoint(Proto::tcp, address("0.0.0.0"), 22)).status, Status::warning);
  EXPECT_EQ(v6_guests.judge(endpoint(Proto::tcp, address("::"), 22, true)).status,
            Status::critical);
}

TEST(HostRole, AWildcardCollidesWithTheGuestsOwnListeners) {
  const auto p = BindPolicy::host({guest("mail", {"192.0.2.41"})});
  const std::vector<Endpoint> peers = {endpoint(Proto::tcp, address("192.0.2.41"), 25)};
  const auto v = p.judge(endpoint(Proto::tcp, address("0.0.0.0"), 25), peers);
  EXPECT_EQ(v.status, Status::critical);
  EXPECT_EQ(v.reason,
            "wildcard; collides with the guests' own binds on port 25: bind the host's own "
            "address");
}

TEST(HostRole, BindingAGuestsAddressIsCritical) {
  const auto v =
      BindPolicy::host(kGuests).judge(endpoint(Proto::tcp, address("::ffff:192.0.2.41"), 25));
  EXPECT_EQ(v.status, Status::critical);
  EXPECT_EQ(v.reason, "the host binds guest mail's address ::ffff:192.0.2.41");
}

TEST(HostRole, OwnAddressAndLoopbackAreFine) {
  const auto p = BindPolicy::host(kGuests);
  EXPECT_EQ(p.judge(endpoint(Proto::tcp, address("192.0.2.1"), 22)).status, Status::ok);
  EXPECT_EQ(p.judge(endpoint(Proto::tcp, address("127.0.0.1"), 25)).reason, "loopback");
}

TEST(GuestRole, WildcardIsConfinedUnlessStrict) {
  const auto g = guest("web1", {"192.0.2.40"});
  EXPECT_EQ(
      vs::test::guest_policy(g, false).judge(endpoint(Proto::tcp, address("0.0.0.0"), 80)).status,
      Status::ok);
  const auto v =
      vs::test::guest_policy(g, true).judge(endpoint(Proto::tcp, address("0.0.0.0"), 80));
  EXPECT_EQ(v.status, Status::warning);
  EXPECT_EQ(v.reason, "wildcard; --strict: bind guest web1's own address");
}

TEST(GuestRole, LoopbackNeedsTheNflagOrTheOverride) {
  const Endpoint lo = endpoint(Proto::tcp, address("127.0.0.1"), 25);
  EXPECT_EQ(vs::test::guest_policy(guest("web1", {"192.0.2.40"}), false).judge(lo).status,
            Status::critical);
  EXPECT_EQ(vs::test::guest_policy(guest("web1", {"192.0.2.40"}, {"lback_remap"}), false)
                .judge(lo)
                .status,
            Status::ok);
  EXPECT_EQ(vs::test::guest_policy(guest("web1", {"192.0.2.40"}, {"lback_allow"}), false)
                .judge(lo)
                .status,
            Status::ok);
  EXPECT_EQ(vs::test::guest_policy(guest("web1", {"192.0.2.40"}), false, true).judge(lo).status,
            Status::ok);
  EXPECT_EQ(vs::test::guest_policy(guest("web1", {"192.0.2.40"}, {"lback_remap"}), false, false)
                .judge(lo)
                .status,
            Status::critical);
  EXPECT_EQ(vs::test::guest_policy(guest("web1", {"192.0.2.40"}), false).judge(lo).reason,
            "loopback address, but guest web1 has no loopback (vs2.2 kernel): the bind fails");
}

TEST(GuestRole, AnAddressTheGuestDoesNotOwnFailsToBind) {
  const auto p = vs::test::guest_policy(guest("web1", {"192.0.2.40"}), false);
  EXPECT_EQ(p.judge(endpoint(Proto::tcp, address("192.0.2.40"), 80)).status, Status::ok);
  const auto v = p.judge(endpoint(Proto::tcp, address("192.0.2.99"), 80));
  EXPECT_EQ(v.status, Status::critical);
  EXPECT_EQ(v.reason,
            "address 192.0.2.99 is not guest web1's (it owns 192.0.2.40): the bind fails");
}

TEST(GuestRole, UnknownOwnAddressesOnlyApplyWildcardAndLoopbackRules) {
  const auto p = BindPolicy::guest_context({}, false, vs::vserver::loopback_option(false));
  EXPECT_EQ(p.judge(endpoint(Proto::tcp, address("192.0.2.99"), 80)).status, Status::ok);
  EXPECT_EQ(p.judge(endpoint(Proto::tcp, address("127.0.0.1"), 80)).status, Status::critical);
}

TEST(BothRoles, AHostNameCannotBeJudged) {
  Endpoint named = endpoint(Proto::tcp, Address{}, 25);
  named.hostname = "mail.example";
  EXPECT_EQ(BindPolicy::host(kGuests).judge(named).status, Status::warning);
  EXPECT_EQ(vs::test::guest_policy(kGuests[0], false).judge(named).reason,
            "host name 'mail.example' instead of an address: cannot judge a name");
}

}  // namespace
