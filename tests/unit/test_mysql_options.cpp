// SPDX-License-Identifier: GPL-3.0-or-later
// my_getopt's reading of the listening options (each behaviour is also a case of
// tests/daemon/cases/mariadb, where the real server says the same).
#include "config/mysql_options.hpp"

#include <gtest/gtest.h>

using vs::config::OptionUse;
using vs::config::port_value;
using vs::config::server_bool;
using vs::config::server_option;
using vs::config::ServerOption;

namespace {

OptionUse use(const std::string& name, std::optional<std::string> value = "x") {
  return server_option(name, value);
}

}  // namespace

TEST(MysqlOptionNames, ExactCaseAndUnderscores) {
  for (const char* n : {"bind-address", "bind_address", "Bind-Address", "BIND_ADDRESS"})
    EXPECT_EQ(use(n).option, ServerOption::bind_address) << n;
  EXPECT_EQ(use("port").option, ServerOption::port);
  EXPECT_EQ(use("extra_port").option, ServerOption::extra_port);
  EXPECT_EQ(use("skip_networking", std::nullopt).option, ServerOption::skip_networking);
}

TEST(MysqlOptionNames, UnambiguousPrefixes) {
  for (const char* n : {"bind", "bind-", "bind_addr", "bind-addres"})
    EXPECT_EQ(use(n).option, ServerOption::bind_address) << n;
  for (const char* n : {"extra-p", "extra_po"})
    EXPECT_EQ(use(n).option, ServerOption::extra_port) << n;
  for (const char* n : {"skip-ne", "skip-netw", "skip_networkin"})
    EXPECT_EQ(use(n, std::nullopt).option, ServerOption::skip_networking) << n;
}

TEST(MysqlOptionNames, AmbiguousPrefixesStopTheServer) {
  for (const char* n : {"b", "bi", "bin", "p", "po", "por", "e", "extra", "extra-", "s", "skip",
                        "skip-", "skip-n", "loose-bin", "skip-bin", "disable-skip-n"}) {
    const auto u = use(n);
    EXPECT_EQ(u.option, ServerOption::none) << n;
    EXPECT_EQ(u.error, "ambiguous option '--" + std::string(n) + "'") << n;
    EXPECT_FALSE(u.loose_forgives) << n;
  }
}

TEST(MysqlOptionNames, OtherOptionsAreNotOurs) {
  for (const char* n : {"port-open-timeout", "binlog-format", "bind-addressx", "loose", "",
                        "skip-name-resolve", "socket", "mysqld", "networking", "portx"}) {
    const auto u = use(n);
    EXPECT_EQ(u.option, ServerOption::none) << n;
    EXPECT_EQ(u.error, "") << n;
  }
}

TEST(MysqlOptionNames, SpecialPrefixes) {
  const auto loose = use("loose-bind-address", "192.0.2.1");
  EXPECT_EQ(loose.option, ServerOption::bind_address);
  EXPECT_TRUE(loose.loose);
  EXPECT_EQ(loose.argument, "192.0.2.1");
  EXPECT_EQ(use("loose_bind", "1").option, ServerOption::bind_address);
  // skip-/disable- give "0" ("1" for an explicit 0), enable- "1" ("0" for 0).
  EXPECT_EQ(use("skip-bind-address", std::nullopt).argument, "0");
  EXPECT_EQ(use("disable-skip-networking", std::nullopt).argument, "0");
  EXPECT_EQ(use("skip-skip-networking", "0").argument, "1");
  EXPECT_EQ(use("skip-skip-networking", "yes").argument, "0");
  EXPECT_EQ(use("enable-skip-networking", std::nullopt).argument, "1");
  EXPECT_EQ(use("enable-skip-networking", "0").argument, "0");
  EXPECT_EQ(use("enable-port", std::nullopt).argument, "1");
  // Prefixes stack; only the last of skip/disable/enable acts, loose- adds up. A name
  // that is itself (a prefix of) an option is not stripped: skip-ne is skip-networking.
  const auto stacked = use("loose-skip-ne", std::nullopt);
  EXPECT_EQ(stacked.option, ServerOption::skip_networking);
  EXPECT_TRUE(stacked.loose);
  EXPECT_FALSE(stacked.argument);
  EXPECT_EQ(use("skip-enable-port", std::nullopt).argument, "1");
}

TEST(MysqlOptionNames, MaximumAndMissingArguments) {
  const auto maximum = use("maximum-port", "1");
  EXPECT_EQ(maximum.error, "Maximum value of 'port' cannot be set");
  EXPECT_TRUE(maximum.loose_forgives);
  for (const auto& [name, shown] : {std::pair{"bind-address", "bind_address"},
                                    {"loose-port", "port"},
                                    {"extra-p", "extra_port"}}) {
    const auto u = use(name, std::nullopt);
    EXPECT_EQ(u.error, "option '--" + std::string(shown) + "' requires an argument") << name;
    EXPECT_FALSE(u.loose_forgives) << name;
  }
  const auto skip = use("skip-networking", std::nullopt);
  EXPECT_EQ(skip.error, "");
  EXPECT_FALSE(skip.argument);  // ON, as an option with an optional argument
}

TEST(MysqlOptionNames, ErrorsQuoteABoundedName) {
  // Only names that start a listening option reach a message: short by nature.
  EXPECT_EQ(use("bi").error, "ambiguous option '--bi'");
  EXPECT_EQ(use("root:$6$abcdefgh:19000:0:99999:7:::").error, "");
}

TEST(MysqlPortValue, NumbersAsMyGetoptReadsThem) {
  const std::vector<std::pair<std::string, int>> cases = {
      {"3307", 3307},   {"+3307", 3307},  {"03307", 3307}, {"", 0},    {"mysql", 0},
      {"3k", 3072},     {"3K", 3072},     {"1m", 65535},   {"0", 0},   {"65535", 65535},
      {"65536", 65535}, {"70000", 65535}, {"1E", 65535},   {"16E", 0}, {"3307kb", 65535},
  };
  for (const auto& [text, port] : cases) {
    const auto v = port_value(text, ServerOption::port);
    EXPECT_EQ(v.error, "") << text;
    EXPECT_EQ(v.port, port) << text;
  }
  EXPECT_EQ(port_value("70000", ServerOption::port).warning,
            "option 'port': unsigned value 70000 adjusted to 65535");
  EXPECT_EQ(port_value("70000", ServerOption::extra_port).warning,
            "option 'extra_port': unsigned value 70000 adjusted to 65535");
  EXPECT_EQ(port_value("3307", ServerOption::port).warning, "");
  // Only the first character after the digits is looked at (the files' values are trimmed).
  EXPECT_EQ(port_value("3307 ", ServerOption::port).error.rfind("Unknown suffix ' '", 0), 0u);
}

TEST(MysqlPortValue, WhatStopsTheServer) {
  EXPECT_EQ(port_value("-1", ServerOption::port).error, "Incorrect unsigned value: '-1' for port");
  EXPECT_EQ(port_value("3307abc", ServerOption::port).error,
            "Unknown suffix 'a' used for variable 'port' (value '3307abc'). Legal suffix "
            "characters are: K, M, G, T, P, E");
  EXPECT_EQ(port_value("0x0cdb", ServerOption::extra_port).error,
            "Unknown suffix 'x' used for variable 'extra_port' (value '0x0cdb'). Legal suffix "
            "characters are: K, M, G, T, P, E");
  EXPECT_EQ(port_value("99999999999999999999", ServerOption::port).error,
            "Integer value out of range for uint64: '99999999999999999999' for port");
  EXPECT_EQ(port_value("18446744073709551615", ServerOption::port).error, "");
  EXPECT_EQ(port_value("+x", ServerOption::port).error.rfind("Unknown suffix '+'", 0), 0u);
  const std::string long_value(200, '9');
  const auto e = port_value(long_value + "q", ServerOption::port).error;
  EXPECT_EQ(e.find(long_value), std::string::npos) << "the value is bounded";
  EXPECT_NE(e.find(std::string(64, '9') + "..."), std::string::npos) << e;
}

TEST(MysqlBool, MyGetoptsBooleans) {
  for (const char* t : {"1", "on", "ON", "true", "True"})
    EXPECT_EQ(server_bool(t), true) << t;
  for (const char* t : {"0", "off", "false", "FALSE"})
    EXPECT_EQ(server_bool(t), false) << t;
  for (const char* t : {"yes", "2", "", "no"})
    EXPECT_EQ(server_bool(t), std::nullopt) << t;
}
