// SPDX-License-Identifier: GPL-3.0-or-later
// Bounded gzip decompression (zlib), for /proc/config.gz.
//
// The input comes from a tree a user may hand us (--proc DIR): a small file that
// inflates to gigabytes must fail early instead of taking the machine's memory, so the
// output is capped and decompression stops as soon as the cap is passed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vs::vserver {

struct Gunzipped {
  bool ok = false;
  std::string text;   // the decompressed bytes when ok
  std::string error;  // one line when not ok: "not gzip data", "inflates to more than ..."
};

// Pure: gzip (or zlib) bytes in, at most `max_output` bytes out. Only the first gzip
// member is read: the kernel writes one.
Gunzipped gunzip(std::string_view compressed, std::size_t max_output);

}  // namespace vs::vserver
