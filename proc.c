/* proc.c - bounded waits for the children of a run, and process ancestry read from
 * /proc (the kernel keeps no other record of a process's parent). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include "proc.h"

unsigned proc_timeout(const char *name, unsigned def)
{
	const char *v = getenv(name);
	char *end;
	unsigned long n;

	if (!v || !*v)
		return def;
	n = strtoul(v, &end, 10);
	return *end || n < 1 || n > 86400 ? def : (unsigned)n;
}

/* Polled: a SIGCHLD handler would be the whole program's, and a child's exit within
 * the 20 ms step costs nothing measurable beside a hook or a DHCP exchange. */
static int wait_until(pid_t pid, long ms, int *status)
{
	const struct timespec step = { 0, 20 * 1000000L };

	for (long t = 0;; t += 20) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if (t >= ms)
			return 1;
		nanosleep(&step, NULL);
	}
}

int proc_wait(pid_t pid, unsigned timeout_s, int *status)
{
	int r = wait_until(pid, (long)timeout_s * 1000, status);

	if (r <= 0)
		return r;
	kill(pid, SIGTERM);
	if (wait_until(pid, 2000, status) == 1) {
		kill(pid, SIGKILL);
		if (waitpid(pid, status, 0) < 0)
			return -1;
	}
	return 1;
}

/* The parent of pid, from the fourth field of /proc/PID/stat (after the name in
 * parentheses, which may itself hold blanks and parentheses). */
static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *fp;
	long ppid = 0;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if (!(fp = fopen(path, "re")))
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if (!(p = strrchr(buf, ')')) || sscanf(p + 1, " %*c %ld", &ppid) != 1)
		return 0;
	return (pid_t)ppid;
}

int proc_is_ancestor(pid_t pid)
{
	pid_t p = getppid();

	for (int depth = 0; p > 1 && depth < 64; depth++) {
		if (p == pid)
			return 1;
		p = parent_of(p);
	}
	return 0;
}
