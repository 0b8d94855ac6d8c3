// SPDX-License-Identifier: GPL-3.0-or-later
// fs::proc_field: the value found is the rest of a line that starts with exactly
// "Key:", never something that only contains it.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fs/proc_field.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const std::string_view key : {"CapBnd", "VxID", "Uid", "Name"}) {
    const auto value = vs::fs::proc_field(text, key);
    if (!value) continue;
    const std::size_t at = static_cast<std::size_t>(value->data() - text.data());
    if (at > text.size() || at + value->size() > text.size()) std::abort();
    if (value->find('\n') != std::string_view::npos) std::abort();
    // A value always follows "Key:", so `at` is past the start of its line.
    if (at < key.size() + 1) std::abort();
    const std::size_t newline = text.rfind('\n', at - 1);
    const std::size_t start = newline == std::string_view::npos ? 0 : newline + 1;
    if (text.compare(start, key.size() + 1, std::string(key) + ":") != 0) std::abort();
  }
  return 0;
}
