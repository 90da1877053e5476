/* proc.h - the processes a run starts and waits for (local hooks, DHCP clients):
 * bounded waits, so that no child holds the run lock for ever, and who is whose. */
#ifndef PROC_H
#define PROC_H

#include <stddef.h>
#include <sys/types.h>

/* Default bounds, in seconds (ifup-bond(8), ENVIRONMENT). */
#define PROC_HOOK_TIMEOUT 120	/* a local hook: the legacy scripts had none */
#define PROC_DHCP_TIMEOUT 120	/* dhclient -1: its own "timeout" is 60 s */

/* The bound in environment variable name (whole seconds, 1 to 86400), else def. */
unsigned proc_timeout(const char *name, unsigned def);
/* Waits for child pid at most timeout_s seconds; past it, SIGTERM, then SIGKILL
 * 2 s later.  0 when it exited by itself (*status set), 1 when it was killed,
 * -1 with errno when it cannot be waited for. */
int proc_wait(pid_t pid, unsigned timeout_s, int *status);
/* 1 if pid is an ancestor of this process (its parent, the parent's parent...). */
int proc_is_ancestor(pid_t pid);

/* Where this run comes from, for the log: its systemd unit (from its cgroup), or
 * udev's event, or its terminal (and the SSH client), and its parent process:
 * "unit network.service, parent 1 (systemd)". */
void proc_origin(char *buf, size_t len);

#endif
