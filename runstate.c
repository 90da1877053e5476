/* runstate.c - the tool's records under /run/ifcfg-bond: one line per device it made
 * ("IFINDEX NAME KIND"), so that a reload takes down what it made once its file is
 * gone, and never a device it did not make.  Only runs that hold the run lock
 * write it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

/* path becomes text (len bytes), whole or not at all (a temporary file renamed over
 * it, synced first).  0, or -1 with errno. */
static int replace_file(const char *path, const char *text, size_t len)
{
	char tmp[4200];
	FILE *fp;
	int err;

	if (mkdir(runstate_dir(), 0755) && errno != EEXIST)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
	if (!(fp = fopen(tmp, "we")))
		return -1;
	if ((len && fwrite(text, 1, len, fp) != len) || fflush(fp) || fsync(fileno(fp))) {
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

int runstate_set_made(const char *name, int ifindex, const char *kind)
{
	char path[4096], *text = NULL;
	size_t len = 0;
	struct made *v;
	size_t n = runstate_made(&v);
	FILE *fp = open_memstream(&text, &len);
	int rc;

	if (!fp) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name))
			fprintf(fp, "%d %s %s\n", v[i].ifindex, v[i].name, v[i].kind);
	if (ifindex > 0)
		fprintf(fp, "%d %s %s\n", ifindex, name, kind && *kind ? kind : "-");
	free(v);
	if (fclose(fp)) {
		free(text);
		return -1;
	}
	made_path(path, sizeof(path));
	rc = replace_file(path, text, len);
	free(text);
	return rc;
}

size_t runstate_failures(struct port_count **out)
{
	char path[4096], line[128];
	struct port_count *v = NULL, c;
	size_t n = 0;
	FILE *fp;

	*out = NULL;
	snprintf(path, sizeof(path), "%s/link-failures", runstate_dir());
	if (!(fp = fopen(path, "re")))
		return 0;
	while (fgets(line, sizeof(line), fp)) {
		struct port_count *w;

		memset(&c, 0, sizeof(c));
		if (sscanf(line, "%15s %u", c.name, &c.n) != 2)
			continue;
		if (!(w = realloc(v, (n + 1) * sizeof(*v))))
			break;
		v = w;
		v[n++] = c;
	}
	fclose(fp);
	*out = v;
	return n;
}

int runstate_set_failures(const struct port_count *v, size_t n)
{
	char path[4096], *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int rc;

	if (!fp)
		return -1;
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "%s %u\n", v[i].name, v[i].n);
	if (fclose(fp)) {
		free(text);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/link-failures", runstate_dir());
	rc = replace_file(path, text, len);
	free(text);
	return rc;
}

/* A device name as a file name: never a path. */
static int queue_path(char *buf, size_t len, const char *name)
{
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..") ||
	    strlen(name) >= IFNAMSIZ) {
		errno = EINVAL;
		return -1;
	}
	snprintf(buf, len, "%s/hotplug/%s", runstate_dir(), name);
	return 0;
}

int runstate_queue(const char *name, const char *dir)
{
	char path[4096], tmp[4200];
	size_t len = strlen(dir);
	int fd, err;

	if (queue_path(path, sizeof(path), name))
		return -1;
	if (mkdir(runstate_dir(), 0755) && errno != EEXIST)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/hotplug", runstate_dir());
	if (mkdir(tmp, 0700) && errno != EEXIST)
		return -1;
	/* Whole or not at all: the reader takes what it finds as the directory. */
	snprintf(tmp, sizeof(tmp), "%s/hotplug/.%s.%ld", runstate_dir(), name, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		return -1;
	if (write(fd, dir, len) != (ssize_t)len || close(fd) || rename(tmp, path)) {
		err = errno;
		unlink(tmp);
		errno = err;
		return -1;
	}
	return 0;
}

void runstate_unqueue(const char *name)
{
	char path[4096];

	if (!queue_path(path, sizeof(path), name))
		unlink(path);
}

int runstate_dequeue(char *name, size_t nlen, char *dir, size_t dlen)
{
	char path[4096];
	struct dirent *e;
	DIR *d;
	int got = 0;

	snprintf(path, sizeof(path), "%s/hotplug", runstate_dir());
	if (!(d = opendir(path)))
		return 0;
	while (!got && (e = readdir(d))) {
		ssize_t n;
		int fd;

		if (e->d_name[0] == '.' || queue_path(path, sizeof(path), e->d_name))
			continue;
		if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) < 0)
			continue;
		n = read(fd, dir, dlen - 1);
		close(fd);
		/* Taken off first: an event that cannot be run is not run for ever. */
		if (unlink(path) || n <= 0)
			continue;
		dir[n] = 0;
		snprintf(name, nlen, "%s", e->d_name);
		got = 1;
	}
	closedir(d);
	return got;
}
