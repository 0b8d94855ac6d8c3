// SPDX-License-Identifier: GPL-3.0-or-later
// no-openat2 CMD [ARGS...]: runs CMD (and everything it starts) with openat2(2)
// failing with ENOSYS, as on a kernel older than 5.6 or under a seccomp policy
// that refuses it, so fs::Tree falls back to its walk by file descriptors for
// real. CI runs the whole suite under it:
//   meson test -C build --wrapper build/tests/no-openat2
// Sets CHECK_VS_NO_OPENAT2=1 so that tests can assert the filter is in place.
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__)
#define VS_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define VS_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define VS_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define VS_AUDIT_ARCH AUDIT_ARCH_PPC64LE
#elif defined(__s390x__)
#define VS_AUDIT_ARCH AUDIT_ARCH_S390X
#elif defined(__riscv) && __riscv_xlen == 64
#define VS_AUDIT_ARCH AUDIT_ARCH_RISCV64
#else
#error "no-openat2: add this architecture's AUDIT_ARCH_ constant"
#endif

#ifndef SYS_openat2
#define SYS_openat2 437  // the same number on every architecture
#endif

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: no-openat2 CMD [ARGS...]\n");
    return 2;
  }
  // seccomp_data: arch, then nr. Another architecture (a 32-bit binary on a 64-bit
  // kernel) has other numbers: it runs unfiltered rather than with a wrong filter.
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, VS_AUDIT_ARCH, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  // Root (CAP_SYS_ADMIN) installs the filter as is, so that setuid programs started
  // below (sudo, in the NRPE test) still gain their privileges. Anyone else needs
  // no_new_privs first: setuid programs then run but gain nothing.
  bool installed = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
  if (!installed && errno == EACCES)
    installed = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
                prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
  if (!installed) {
    std::fprintf(stderr, "no-openat2: cannot install the seccomp filter: %s\n",
                 std::strerror(errno));
    return 126;
  }
  setenv("CHECK_VS_NO_OPENAT2", "1", 1);
  execvp(argv[1], argv + 1);
  std::fprintf(stderr, "no-openat2: cannot run %s: %s\n", argv[1], std::strerror(errno));
  return 127;
}
