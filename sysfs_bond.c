/* sysfs_bond.c - the bonding driver outside rtnetlink: module presence and loading. */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysfs_bond.h"

extern char **environ;

int sysfs_bond_module_loaded(void)
{
	struct stat st;

	return stat("/sys/module/bonding", &st) == 0;
}

int sysfs_bond_load_module(struct kerr *e)
{
	/* Without max_bonds=0 the module creates bond0 when it loads (its default is 1),
	 * and the kernel's own autoload on RTM_NEWLINK would do the same. */
	char *const argv[] = { "modprobe", "bonding", "max_bonds=0", NULL };
	char path[256] = "/sbin/modprobe";
	FILE *fp;
	pid_t pid;
	int st, rc;

	memset(e, 0, sizeof(*e));
	/* The modprobe the kernel itself runs for autoloading, never one found through
	 * $PATH (root's PATH is not ours to trust). */
	if ((fp = fopen("/proc/sys/kernel/modprobe", "r"))) {
		if (!fgets(path, sizeof(path), fp) || path[0] != '/')
			snprintf(path, sizeof(path), "/sbin/modprobe");
		path[strcspn(path, "\n")] = '\0';
		fclose(fp);
	}
	rc = posix_spawn(&pid, path, NULL, NULL, argv, environ);
	if (rc) {
		e->err = rc;
		snprintf(e->msg, sizeof(e->msg), "cannot run %s", path);
		return -1;
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			e->err = errno;
			return -1;
		}
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		e->err = ENOENT;
		snprintf(e->msg, sizeof(e->msg), "modprobe bonding failed (status %d)",
			 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return -1;
	}
	return 0;
}
