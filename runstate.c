/* runstate.c - the tool's records under /run/ifcfg-bond: one line per device it made
 * ("IFINDEX NAME KIND"), so that a reload takes down what it made once its file is
 * gone, and never a device it did not make.  Only runs that hold the run lock
 * write it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "runstate.h"

const char *runstate_dir(void)
{
	const char *d = getenv("IFCFG_BOND_RUNDIR");

	return d && *d ? d : "/run/ifcfg-bond";
}

static void made_path(char *buf, size_t len)
{
	snprintf(buf, len, "%s/made", runstate_dir());
}

size_t runstate_made(struct made **out)
{
	char path[4096], line[128];
	struct made *v = NULL, m;
	size_t n = 0;
	FILE *fp;

	*out = NULL;
	made_path(path, sizeof(path));
	if (!(fp = fopen(path, "re")))
		return 0;
	while (fgets(line, sizeof(line), fp)) {
		struct made *w;

		memset(&m, 0, sizeof(m));
		/* A line that is not ours to read is skipped, not believed. */
		if (sscanf(line, "%d %15s %15s", &m.ifindex, m.name, m.kind) != 3 || m.ifindex <= 0)
			continue;
		if (!(w = realloc(v, (n + 1) * sizeof(*v))))
			break;
		v = w;
		v[n++] = m;
	}
	fclose(fp);
	*out = v;
	return n;
}

int runstate_set_made(const char *name, int ifindex, const char *kind)
{
	char path[4096], tmp[4200];
	struct made *v;
	size_t n = runstate_made(&v);
	FILE *fp;
	int err;

	if (mkdir(runstate_dir(), 0755) && errno != EEXIST) {
		free(v);
		return -1;
	}
	made_path(path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
	if (!(fp = fopen(tmp, "we"))) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name))
			fprintf(fp, "%d %s %s\n", v[i].ifindex, v[i].name, v[i].kind);
	if (ifindex > 0)
		fprintf(fp, "%d %s %s\n", ifindex, name, kind && *kind ? kind : "-");
	free(v);
	if (fflush(fp) || fsync(fileno(fp))) {
		err = errno;
		fclose(fp);
		unlink(tmp);
		errno = err;
		return -1;
	}
	if (fclose(fp) || rename(tmp, path)) {
		err = errno;
		unlink(tmp);
		errno = err;
		return -1;
	}
	return 0;
}
