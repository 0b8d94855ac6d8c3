// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/dpkg_status.hpp"

#include <gtest/gtest.h>

#include "process.hpp"

using vs::config::installed_packages;
using vs::config::major_minor;

namespace {

bool mariadb(std::string_view p) {
  return p.starts_with("mariadb-server");
}

std::vector<std::string> found(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& p : installed_packages(text, "status", mariadb))
    out.push_back(p.name + " " + p.version + " " + p.where.str());
  return out;
}

}  // namespace

TEST(DpkgStatus, InstalledStanzasOnly) {
  const std::string text =
      "Package: mariadb-server-core\n"
      "Status: install ok installed\n"
      "Description: the server\n"
      " Version: 9.9 (a continuation line, not a field)\n"
      "Version: 1:10.11.19-0+deb12u1\n"
      "\n"
      "Package: mariadb-server-10.5\n"
      "Status: deinstall ok config-files\n"
      "Version: 1:10.5.21-0+deb11u1\n"
      "\n"
      "Package: postfix\n"
      "Status: install ok installed\n"
      "Version: 3.7.11-0+deb12u1\n"
      "\n\n"
      "package: mariadb-server\n"
      "VERSION:   1:10.11.19-0+deb12u1  \n"
      "status: hold ok unpacked";
  EXPECT_EQ(found(text), (std::vector<std::string>{
                             "mariadb-server-core 1:10.11.19-0+deb12u1 status:5",
                             "mariadb-server 1:10.11.19-0+deb12u1 status:17",
                         }));
}

TEST(DpkgStatus, StanzasWithoutVersionOrStatusAreNotInstalled) {
  EXPECT_TRUE(found("Package: mariadb-server\nStatus: install ok installed\n").empty());
  EXPECT_TRUE(found("Package: mariadb-server\nVersion: 1:10.11.19\n").empty());
  EXPECT_TRUE(
      found("Package: mariadb-server\nStatus: install ok half-installed\nVersion: 1\n").empty());
  EXPECT_TRUE(found("").empty());
  EXPECT_TRUE(found("\n\n:\n: x\nno colon\n").empty());
}

TEST(DpkgStatus, TheRealFileOfDebian12) {
  const std::string text =
      vs::test::read_file(vs::test::fixture("mysql/debian12/var/lib/dpkg/status"));
  ASSERT_FALSE(text.empty());
  const auto all = found(text);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].rfind("mariadb-server 1:10.11.19-0+deb12u1 ", 0), 0u) << all[0];
  EXPECT_EQ(all[1].rfind("mariadb-server-core 1:10.11.19-0+deb12u1 ", 0), 0u) << all[1];
}

TEST(DpkgStatus, MajorMinor) {
  EXPECT_EQ(major_minor("1:10.11.19-0+deb12u1"), "10.11");
  EXPECT_EQ(major_minor("10.5.21-0+deb11u1"), "10.5");
  EXPECT_EQ(major_minor("8.0"), "8.0");
  EXPECT_EQ(major_minor("10.11"), "10.11");
  for (const char* bad : {"", "10", "10.", ".11", "a.b", "1:", "10-11"})
    EXPECT_EQ(major_minor(bad), std::nullopt) << bad;
}
