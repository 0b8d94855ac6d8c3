// SPDX-License-Identifier: GPL-3.0-or-later
#include "vserver/gunzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace vs::vserver {

Gunzipped gunzip(std::string_view compressed, std::size_t max_output) {
  Gunzipped out;
  if (compressed.size() > std::numeric_limits<uInt>::max()) {
    out.error = "compressed file too large";
    return out;
  }
  z_stream z{};
  // 15 + 32: the largest window, and detect a gzip or zlib header.
  if (inflateInit2(&z, 15 + 32) != Z_OK) {
    out.error = "cannot initialise zlib";
    return out;
  }
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  // Grow the output in steps; one byte past the cap tells "over the limit" apart from
  // "exactly at the limit".
  const std::size_t limit = max_output + 1;
  int rc = Z_OK;
  while (rc == Z_OK) {
    if (out.text.size() == limit) break;
    const std::size_t used = out.text.size();
    const std::size_t grow =
        std::min<std::size_t>(limit - used, std::max<std::size_t>(used, 1 << 16));
    out.text.resize(used + grow);
    z.next_out = reinterpret_cast<Bytef*>(out.text.data() + used);
    z.avail_out = static_cast<uInt>(grow);
    rc = inflate(&z, Z_NO_FLUSH);
    out.text.resize(used + grow - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // input ended before the stream did
  }
  inflateEnd(&z);
  if (out.text.size() > max_output) {
    out.error = "inflates to more than " + std::to_string(max_output) + " bytes";
  } else if (rc == Z_STREAM_END) {
    out.ok = true;
    return out;
  } else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
    out.error = compressed.size() >= 2 && static_cast<unsigned char>(compressed[0]) == 0x1f &&
                        static_cast<unsigned char>(compressed[1]) == 0x8b
                    ? "corrupt gzip data"
                    : "not gzip data";
  } else {
    out.error = "truncated gzip data";
  }
  out.text.clear();
  return out;
}

}  // namespace vs::vserver
