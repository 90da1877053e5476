/* uml_xstate.c - preloaded into the user-mode-linux kernel by tests/uml-run, so that
 * it boots on hosts whose CPUs have AVX-512 or AMX.
 *
 * UML saves and restores its processes' FPU state with PTRACE_GETREGSET and
 * PTRACE_SETREGSET(NT_X86_XSTATE) in a buffer of its own fixed size (832 bytes in
 * Debian's 6.1 and 6.12 UML: legacy area, header, AVX).  The host kernel truncates a
 * short read, but refuses any write that is not exactly its whole XSAVE size
 * (xstateregs_set(): EFAULT), which on such a host is larger (2696 bytes with
 * AVX-512, about 11 KB with AMX).  UML then panics at its first process: "userspace -
 * ptrace set fp regs failed, errno = 14".
 *
 * Each such write is completed here: the host's whole current state of the process
 * is read, UML's bytes are laid over its start (the standard XSAVE layout puts the
 * legacy area, the header and AVX first), and the whole buffer is written.  The parts
 * UML does not know (AVX-512, AMX, PKRU) keep the values the process already has. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/uio.h>

typedef long (*ptrace_fn)(enum __ptrace_request, pid_t, void *, void *);

long ptrace(enum __ptrace_request req, ...)
{
	static ptrace_fn real;
	/* UML's tracing is done by one host thread: one buffer serves. */
	static unsigned char full[65536];
	struct iovec whole = { .iov_base = full, .iov_len = sizeof(full) };
	const struct iovec *iov;
	va_list ap;
	pid_t pid;
	void *addr, *data;

	va_start(ap, req);
	pid = va_arg(ap, pid_t);
	addr = va_arg(ap, void *);
	data = va_arg(ap, void *);
	va_end(ap);
	if (!real)
		real = (ptrace_fn)dlsym(RTLD_NEXT, "ptrace");
	if (req != PTRACE_SETREGSET || (long)addr != NT_X86_XSTATE || !data)
		return real(req, pid, addr, data);
	iov = data;
	/* The host's own size is what a whole read returns. */
	if (real(PTRACE_GETREGSET, pid, addr, &whole) < 0 || whole.iov_len <= iov->iov_len)
		return real(req, pid, addr, data);
	memcpy(full, iov->iov_base, iov->iov_len);
	return real(req, pid, addr, &whole);
}
