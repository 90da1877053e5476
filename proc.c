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

/* The first line of path (its newline dropped) into buf; "" when unreadable. */
static void first_line(const char *path, char *buf, size_t len)
{
	FILE *fp = fopen(path, "re");

	buf[0] = '\0';
	if (fp) {
		if (!fgets(buf, (int)len, fp))
			buf[0] = '\0';
		fclose(fp);
	}
	buf[strcspn(buf, "\n")] = '\0';
}

void proc_origin(char *buf, size_t len)
{
	char cg[512], comm[64], path[64], *unit;
	const char *ssh = getenv("SSH_CONNECTION"), *tty = ttyname(0);
	size_t n = 0;

	buf[0] = '\0';
	/* cgroup v2: "0::/system.slice/network.service"; a login is a session scope. */
	first_line("/proc/self/cgroup", cg, sizeof(cg));
	if ((unit = strrchr(cg, '/')) && (strstr(unit, ".service") || strstr(unit, ".scope")))
		n += (size_t)snprintf(buf + n, len - n, "%s %s, ", strstr(unit, ".service") ? "unit" : "session",
				      unit + 1);
	if (n < len && getenv("SEQNUM") && getenv("ACTION"))
		n += (size_t)snprintf(buf + n, len - n, "udev %s event, ", getenv("ACTION"));
	if (n < len && tty)
		n += (size_t)snprintf(buf + n, len - n, "terminal %s, ", tty);
	if (n < len && ssh && *ssh)
		n += (size_t)snprintf(buf + n, len - n, "ssh from %.*s, ", (int)strcspn(ssh, " "), ssh);
	snprintf(path, sizeof(path), "/proc/%ld/comm", (long)getppid());
	first_line(path, comm, sizeof(comm));
	if (n < len)
		snprintf(buf + n, len - n, "parent %ld (%s)", (long)getppid(), comm[0] ? comm : "?");
}
