// SPDX-License-Identifier: GPL-3.0-or-later
// "Key:\tvalue" fields of /proc files, matched at the start of a line by exact key.
#include <gtest/gtest.h>

#include "fs/proc_field.hpp"

using vs::fs::proc_field;

namespace {

TEST(ProcField, ValueWithoutTheBlanksAfterTheColon) {
  const std::string_view status = "Name:\tsshd\nUid:\t0\t0\t0\t0\nCapBnd:\t000001ffffffffff\n";
  EXPECT_EQ(proc_field(status, "Name"), "sshd");
  EXPECT_EQ(proc_field(status, "Uid"), "0\t0\t0\t0");
  EXPECT_EQ(proc_field(status, "CapBnd"), "000001ffffffffff");
  EXPECT_EQ(proc_field("UseCnt:  3", "UseCnt"), "3");  // last line without newline
  EXPECT_EQ(proc_field("Key:\n", "Key"), "");
  EXPECT_EQ(proc_field("Umask:\t            22 \nX:1", "Umask"), "22");
}

// The Name: line is the process's choice (prctl PR_SET_NAME): "CapBnd:0" there
// must not pass for the bounding set, nor must a key that only starts the same.
TEST(ProcField, OnlyTheExactKeyAtTheStartOfALine) {
  const std::string_view status = "Name:\tCapBnd:0\nCapBndX:\t1\nCapBnd:\t00000000a80425fb\n";
  EXPECT_EQ(proc_field(status, "CapBnd"), "00000000a80425fb");
  EXPECT_EQ(proc_field("Name:\tVxID:\t5\n", "VxID"), std::nullopt);
  EXPECT_EQ(proc_field("VxIDs:\t3\n", "VxID"), std::nullopt);
  EXPECT_EQ(proc_field(" VxID:\t3\n", "VxID"), std::nullopt);
  EXPECT_EQ(proc_field("", "VxID"), std::nullopt);
}

TEST(ProcField, TheFirstLineWithTheKeyWins) {
  EXPECT_EQ(proc_field("VxID:\t0\nVxID:\t7\n", "VxID"), "0");
}

}  // namespace
