/* try.c - `network try`: a change that is put back unless it is confirmed in time.
 * Before the first write, the state of every device the change can touch is kept
 * under /run/ifcfg-bond/try: as ifcfg files (snapshot.c) that the same planner puts
 * back, with the IPv6 sysctls, resolv.conf, the DHCP clients and which devices were
 * down.  A waiter, detached from the terminal and its session, is armed before the
 * change (a change that cuts the admin's SSH session off kills the shell and the run
 * with it): unless `confirm` removes the pending record by its deadline, it reverts.
 * A reboot forgets it all, which is right: the files are what boots. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "dhcp.h"
#include "kind.h"
#include "resolv.h"
#include "runstate.h"
#include "snapshot.h"
#include "sysctl6.h"
#include "sysfs_bond.h"
#include "tool.h"
#include "try.h"

/* The pending try, as its record says. */
struct pending {
	char id[32];
	long deadline;		/* seconds since the epoch */
	long seconds;
	long waiter;		/* its pid */
	long runner;		/* the run's pid while it applies, else 0 */
	char command[256];
};

static void try_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/try%s%s", runstate_dir(), *name ? "/" : "", name);
}

/* 0 and *p when a try is pending, -1 when none is. */
static int read_pending(struct pending *p)
{
	char path[4096], line[512];
	FILE *fp;
	int ok = 0;

	memset(p, 0, sizeof(*p));
	try_path(path, sizeof(path), "pending");
	if (!(fp = fopen(path, "re")))
		return -1;
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "id ", 3))
			ok = snprintf(p->id, sizeof(p->id), "%s", line + 3) > 0;
		else if (!strncmp(line, "deadline ", 9))
			p->deadline = strtol(line + 9, NULL, 10);
		else if (!strncmp(line, "seconds ", 8))
			p->seconds = strtol(line + 8, NULL, 10);
		else if (!strncmp(line, "waiter ", 7))
			p->waiter = strtol(line + 7, NULL, 10);
		else if (!strncmp(line, "runner ", 7))
			p->runner = strtol(line + 7, NULL, 10);
		else if (!strncmp(line, "command ", 8))
			snprintf(p->command, sizeof(p->command), "%.250s", line + 8);
	}
	fclose(fp);
	return ok ? 0 : -1;
}

/* A file of the try directory, written whole or not at all: open_new(), then
 * commit() renames it into place (and closes it either way). */
static FILE *open_new(const char *name)
{
	char path[4096], tmp[4200];

	try_path(path, sizeof(path), name);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	return fopen(tmp, "we");
}

static int commit(FILE *fp, const char *name)
{
	char path[4096], tmp[4200];
	int bad = ferror(fp);

	try_path(path, sizeof(path), name);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if (fclose(fp) | bad || rename(tmp, path)) {
		int err = errno ? errno : EIO;

		unlink(tmp);
		errno = err;
		return -1;
	}
	return 0;
}

static int write_file(const char *name, const char *text)
{
	FILE *fp = open_new(name);

	if (!fp)
		return -1;
	fputs(text, fp);
	return commit(fp, name);
}

int try_pending(char *command, size_t len, long *deadline)
{
	struct pending p;

	if (read_pending(&p))
		return 0;
	snprintf(command, len, "%s", p.command);
	*deadline = p.deadline;
	return 1;
}

static int write_pending(const struct pending *p)
{
	char text[512];

	snprintf(text, sizeof(text), "id %s\ndeadline %ld\nseconds %ld\nwaiter %ld\nrunner %ld\ncommand %s\n",
		 p->id, p->deadline, p->seconds, p->waiter, p->runner, p->command);
	return write_file("pending", text);
}

/* Everything in the try directory (and its network-scripts) goes. */
static void clear_dir(const char *path, int depth)
{
	DIR *d = opendir(path);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char sub[4096];

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (unlink(sub) && errno == EISDIR && depth < 2) {
			clear_dir(sub, depth + 1);
			rmdir(sub);
		}
	}
	if (d)
		closedir(d);
}

/* ---- what the change can touch ---- */

struct scope {
	int *v;
	size_t n;
};

static void add(struct scope *s, const struct klink *l)
{
	if (!l || (l->flags & IFF_LOOPBACK))
		return;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == l->ifindex)
			return;
	s->v[s->n++] = l->ifindex;
}

static int has(const struct scope *s, int ifindex)
{
	for (size_t i = 0; ifindex && i < s->n; i++)
		if (s->v[i] == ifindex)
			return 1;
	return 0;
}

/* The devices of the files the command reads (all of them with -a), those this tool
 * made, and, through the kernel, their controllers, ports, lower devices and what
 * sits on them. */
static int build_scope(struct tool *t, struct scope *s)
{
	const struct kstate *ks = &t->ks;
	struct made *m;
	size_t nm = runstate_made(&m), before;

	if (!(s->v = calloc(ks->nlinks + 1, sizeof(*s->v)))) {
		free(m);
		return -1;
	}
	for (size_t i = 0; i < t->g.n; i++) {
		const struct netnode *nd = &t->g.v[i];

		if (!t->all) {
			/* ifup/ifdown NAME: the device, its controller, and the devices
			 * stacked on it (the closure adds ports and the rest). */
			const struct netnode *c = t->node->controller >= 0 ? &t->g.v[t->node->controller] : NULL;
			int in = nd == t->node || nd == c;

			for (long lo = nd->lower; !in && lo >= 0; lo = t->g.v[lo].lower)
				in = &t->g.v[lo] == t->node;
			if (!in)
				continue;
		}
		add(s, kstate_link(ks, nd->dev.name));
	}
	for (size_t i = 0; i < nm; i++) {
		const struct klink *l = kstate_link(ks, m[i].name);

		if (l && l->ifindex == m[i].ifindex)
			add(s, l);
	}
	free(m);
	do {
		before = s->n;
		for (size_t i = 0; i < ks->nlinks; i++) {
			const struct klink *l = &ks->links[i];

			if (has(s, l->ifindex)) {
				add(s, kstate_link_by_index(ks, l->master));
				if (l->link != l->ifindex)
					add(s, kstate_link_by_index(ks, l->link));
			} else if (has(s, l->master) || (l->link != l->ifindex && has(s, l->link))) {
				add(s, l);
			}
		}
	} while (s->n != before);
	return 0;
}

/* ---- saving and putting back what is not in the files ---- */

/* The IPv6 sysctls of the devices and of all and default ("DEV ID VALUE"), which
 * devices were down, and which DHCP clients ran ("DEV V6"). */
static int save_devices(const struct tool *t, const struct scope *s)
{
	FILE *s6 = open_new("sysctl6"), *down = open_new("down"), *dhcp = open_new("dhcp");
	int rc = -1;

	if (!s6 || !down || !dhcp)
		goto out;
	for (size_t i = 0; i < s->n + 2; i++) {
		const struct klink *l = i < s->n ? kstate_link_by_index(&t->ks, s->v[i]) : NULL;
		const char *dev = l ? l->name : i == s->n ? "all" : "default";
		struct ksysctl6 v;

		if (i < s->n && !l)
			continue;
		sysctl6_read(dev, &v);
		for (int id = 0; v.have && id < S6_COUNT; id++)
			fprintf(s6, "%s %d %ld\n", dev, id, v.v[id]);
		if (l && !(l->flags & IFF_UP))
			fprintf(down, "%s\n", l->name);
		for (int v6 = 0; l && v6 < 2; v6++)
			if (dhcp_running(l->name, v6))
				fprintf(dhcp, "%s %d\n", l->name, v6);
	}
	rc = commit(s6, "sysctl6") | commit(down, "down") | commit(dhcp, "dhcp");
	return rc ? -1 : 0;
out:
	if (s6)
		fclose(s6);
	if (down)
		fclose(down);
	if (dhcp)
		fclose(dhcp);
	return rc;
}

/* resolv.conf and the legacy ifup-post's copy of it, as they are (a link is another
 * program's: not ours to save or put back). */
static int save_resolv(void)
{
	static const char *const files[2][2] = { { RESOLV_CONF, "resolv.conf" }, { RESOLV_SAVE, "resolv.save" } };
	struct stat st;

	for (int i = 0; i < 2; i++) {
		char none[64], *text;

		snprintf(none, sizeof(none), "%s.none", files[i][1]);
		if (!lstat(files[i][0], &st) && S_ISLNK(st.st_mode))
			continue;
		if (!(text = resolv_read(files[i][0]))) {
			if (errno == ENOENT && !write_file(none, ""))
				continue;
			return -1;
		}
		if (write_file(files[i][1], text)) {
			free(text);
			return -1;
		}
		free(text);
	}
	return 0;
}

static void restore_resolv(const char *prog)
{
	static const char *const files[2][2] = { { RESOLV_CONF, "resolv.conf" }, { RESOLV_SAVE, "resolv.save" } };

	for (int i = 0; i < 2; i++) {
		char path[4000], none[4096], *want, *cur;

		try_path(path, sizeof(path), files[i][1]);
		snprintf(none, sizeof(none), "%s.none", path);
		if (!access(none, F_OK)) {
			if (!unlink(files[i][0]))
				syslog(LOG_INFO, "try: %s removed, as it was", files[i][0]);
			continue;
		}
		if (!(want = resolv_read(path)))
			continue;	/* a link, left alone */
		cur = resolv_read(files[i][0]);
		if ((!cur || strcmp(cur, want)) && resolv_write(files[i][0], want, RESOLV_CONF))
			fprintf(stderr, "%s: putting back %s: %s\n", prog, files[i][0], strerror(errno));
		else if (!cur || strcmp(cur, want))
			syslog(LOG_INFO, "try: %s put back", files[i][0]);
		free(cur);
		free(want);
	}
}

/* The steps that put back what the ifcfg files of the snapshot do not hold: down
 * what was down, the DHCP clients the change started stopped, the IPv6 sysctls.
 * Planned against t's state (t reads the snapshot's directory). */
static void plan_extras(struct tool *t, struct plan *p)
{
	char path[4096], line[256];
	FILE *fp;

	try_path(path, sizeof(path), "down");
	for (fp = fopen(path, "re"); fp && fgets(line, sizeof(line), fp);) {
		const struct klink *l;
		const struct netnode *nd;

		line[strcspn(line, "\n")] = '\0';
		if (!(l = kstate_link(&t->ks, line)) || !(l->flags & IFF_UP))
			continue;
		/* A NIC: its addresses and routes go too; a bond, VLAN or bridge that was
		 * down stays, down. */
		nd = netgraph_find(&t->g, line);
		if (nd && nd->dev.kind == &kind_ether)
			plan_down(&t->g, nd, &t->ks, t->env, p, &t->d);
		else
			plan_push(p, STEP_DOWN, line, NULL, 0, "down before the try");
	}
	if (fp)
		fclose(fp);
	try_path(path, sizeof(path), "sysctl6");
	for (fp = fopen(path, "re"); fp && fgets(line, sizeof(line), fp);) {
		char dev[IFNAMSIZ];
		int id;
		long v;
		struct ksysctl6 cur;
		struct step *s;

		if (sscanf(line, "%15s %d %ld", dev, &id, &v) != 3 || id < 0 || id >= S6_COUNT)
			continue;
		sysctl6_read(dev, &cur);
		if (!cur.have || cur.v[id] == v ||
		    !(s = plan_push(p, STEP_SYSCTL6, dev, NULL, 0, "as before the try")))
			continue;
		s->slave_opt = id;
		s->slave_val = v;
	}
	if (fp)
		fclose(fp);
}

/* The DHCP clients that run now for the devices of the snapshot and did not before:
 * stopped (the snapshot's files start those that did). */
static void stop_new_clients(struct tool *t, const char *prog)
{
	char path[4096], line[64];
	const char *client = dhcp_client_find();
	static const struct netcfg_dhcp none;

	try_path(path, sizeof(path), "dhcp");
	for (size_t i = 0; client && i < t->g.n; i++)
		for (int v6 = 0; v6 < 2; v6++) {
			const char *dev = t->g.v[i].dev.name;
			char want[64];
			int was = 0;
			FILE *fp;
			struct kerr e = { 0 };

			if (!dhcp_running(dev, v6))
				continue;
			snprintf(want, sizeof(want), "%s %d\n", dev, v6);
			for (fp = fopen(path, "re"); fp && fgets(line, sizeof(line), fp) && !was;)
				was = !strcmp(line, want);
			if (fp)
				fclose(fp);
			if (was)
				continue;
			if (dhcp_run(client, dev, &none, v6 ? DHCP_V6 : 0, &e))
				fprintf(stderr, "%s: stopping the DHCP client of %s: %s\n", prog, dev, e.msg);
			else
				syslog(LOG_INFO, "try: the DHCP client of %s stopped", dev);
		}
}

/* ---- the commands ---- */

/* The waiter: detached from the terminal, the session and every descriptor, it runs
 * `PROG --revert-at ID` (this same program). */
static long spawn_waiter(const char *prog, const char *id)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int fds[2], st;
	long pid = -1;
	pid_t c;

	if (n <= 0 || pipe(fds))
		return -1;
	self[n] = '\0';
	fflush(stdout);
	fflush(stderr);
	if ((c = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (c == 0) {
		pid_t g;
		int null;

		setsid();
		signal(SIGHUP, SIG_IGN);
		if ((g = fork()) != 0) {
			long v = g;

			if (write(fds[1], &v, sizeof(v)) < 0)
				_exit(1);
			_exit(0);
		}
		/* A fork that is no session leader cannot get a terminal back. */
		if ((null = open("/dev/null", O_RDWR)) < 0 || chdir("/"))
			_exit(1);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
		execl(self, prog, "--revert-at", id, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	if (read(fds[0], &pid, sizeof(pid)) != sizeof(pid))
		pid = -1;
	close(fds[0]);
	waitpid(c, &st, 0);
	return pid;
}

int try_begin(struct tool *t, char *const *argv)
{
	struct pending p = { 0 };
	struct scope s = { 0 };
	struct snapshot_env env = { dhcp_running };
	struct kerr e = { 0 };
	char dir[4096];
	size_t len = 0;

	if (t->dry_run)
		return -1;
	if (!read_pending(&p)) {
		fprintf(stderr, "%s: a try is pending (%s): it is put back at the latest in %ld s unless confirmed; confirm it (service network confirm) or put it back now (%s --revert) first\n",
			t->prog, p.command, p.deadline - (long)time(NULL), t->prog);
		return EXIT_CONFIG;
	}
	/* The change may cut the admin's session off: its SIGHUP must not stop the
	 * run half way, nor the terminal's going away its output. */
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	try_path(dir, sizeof(dir), "network-scripts");
	if ((mkdir(runstate_dir(), 0755) && errno != EEXIST)) {
		fprintf(stderr, "%s: try: %s: %s\n", t->prog, runstate_dir(), strerror(errno));
		return EXIT_KERNEL;
	}
	try_path(dir, sizeof(dir), "");
	if (mkdir(dir, 0700) && errno != EEXIST)
		goto fail;
	clear_dir(dir, 0);
	try_path(dir, sizeof(dir), "network-scripts");
	if (mkdir(dir, 0700) || build_scope(t, &s) ||
	    snapshot_write(dir, &t->ks, s.v, s.n, &env, &e) ||
	    write_file("network", "# the state before a try (its global settings are not put back)\nNETWORKING=yes\n") ||
	    save_devices(t, &s) || save_resolv())
		goto fail;
	free(s.v);
	snprintf(p.id, sizeof(p.id), "%lx%lx", (long)time(NULL), (long)getpid());
	p.seconds = t->try_s;
	/* Armed before the change: a run that dies half way is put back at once (the
	 * waiter watches the runner), one that ends by try_end(), which sets the
	 * deadline; this one bounds a run that hangs. */
	p.deadline = (long)time(NULL) + t->try_s + 300;
	p.runner = (long)getpid();
	for (size_t i = 0; argv[i] && len < sizeof(p.command) - 1; i++)
		len += (size_t)snprintf(p.command + len, sizeof(p.command) - len, "%s%s", i ? " " : "", argv[i]);
	if (write_pending(&p) || (p.waiter = spawn_waiter(t->prog, p.id)) < 0 || write_pending(&p))
		goto fail;
	snprintf(t->try_id, sizeof(t->try_id), "%s", p.id);
	syslog(LOG_NOTICE, "try: %s: the state before it kept in %s", p.command, runstate_dir());
	return -1;
fail:
	fprintf(stderr, "%s: try: keeping the state before the change in %s: %s%s%s; nothing changed\n", t->prog,
		runstate_dir(), strerror(e.err ? e.err : errno), e.msg[0] ? ": " : "", e.msg);
	free(s.v);
	try_path(dir, sizeof(dir), "pending");
	unlink(dir);
	return EXIT_KERNEL;
}

int try_end(const char *prog, const char *id, long seconds, int rc)
{
	struct pending p;
	char at[16];
	struct tm tm;
	time_t when;

	if (read_pending(&p) || strcmp(p.id, id))
		return rc;	/* confirmed or put back meanwhile */
	if (rc) {
		/* A refused step or a difference: put back at once. */
		fprintf(stderr, "%s: try: the change did not apply as the files say: putting back the state before it\n",
			prog);
		int r = try_revert(prog, id, "the change did not apply as its files say");

		return rc > r ? rc : r;
	}
	p.deadline = (long)time(NULL) + seconds;
	p.runner = 0;
	if (write_pending(&p)) {
		fprintf(stderr, "%s: try: %s/try/pending: %s\n", prog, runstate_dir(), strerror(errno));
		return EXIT_KERNEL;
	}
	when = (time_t)p.deadline;
	localtime_r(&when, &tm);
	strftime(at, sizeof(at), "%H:%M:%S", &tm);
	printf("%s: try: applied; the state before is put back at %s (in %ld s) unless confirmed: service network confirm\n",
	       prog, at, seconds);
	return rc;
}

int try_wait(const char *prog, const char *id)
{
	struct pending p;

	openlog(prog, LOG_PID, LOG_DAEMON);
	for (;;) {
		if (read_pending(&p) || strcmp(p.id, id))
			return 0;	/* confirmed, or another try's */
		if ((long)time(NULL) >= p.deadline)
			break;
		/* The run died before its end (its pid gone, or another program's). */
		if (p.runner > 0 && kill((pid_t)p.runner, 0) && errno == ESRCH)
			return try_revert(prog, id, "the run that applied it died before its end");
		sleep(1);
	}
	return try_revert(prog, id, "not confirmed in time");
}

int try_revert(const char *prog, const char *id, const char *why)
{
	struct pending p;
	char dir[4096], path[4096];
	char *argv[] = { (char *)prog, "-a", "--reload", "-c", dir, NULL };
	/* A reload, whichever helper armed it. */
	struct tool t = { .prog = "ifup-bond" };
	struct plan_env env = { .module_loaded = sysfs_bond_module_loaded() };
	int rc;

	if (read_pending(&p) || (id && strcmp(p.id, id))) {
		if (!id)
			fprintf(stderr, "%s: no try is pending\n", prog);
		return id ? 0 : EXIT_CONFIG;
	}
	try_path(dir, sizeof(dir), "network-scripts");
	openlog(prog, LOG_PID, LOG_DAEMON);
	syslog(LOG_WARNING, "try: %s: putting back the state before it (%s)", p.command, why);
	rc = tool_start(&t, 5, argv);
	if (rc >= 0)
		return rc;
	/* Still pending once the lock is ours: not confirmed meanwhile. */
	if (read_pending(&p) || (id && strcmp(p.id, id))) {
		tool_finish(&t, 0);
		return 0;
	}
	tool_env(&t, &env);
	{
		struct plan x = { 0 };

		plan_extras(&t, &x);
		if (x.n && plan_apply(&x, t.k, prog, t.verbose, NULL))
			rc = EXIT_KERNEL;
		plan_free(&x);
	}
	stop_new_clients(&t, prog);
	restore_resolv(prog);
	{
		int r = tool_service(&t, &env);

		rc = rc > r ? rc : r;
	}
	try_path(path, sizeof(path), "pending");
	unlink(path);
	if (p.waiter > 0 && p.waiter != getpid())
		kill((pid_t)p.waiter, SIGTERM);
	syslog(rc > 0 ? LOG_ERR : LOG_NOTICE, "try: %s: %s", p.command,
	       rc > 0 ? "put back, with errors (above)" : "put back");
	return rc > 0 ? rc : 0;
}

int try_confirm(const char *prog)
{
	struct pending p;
	char path[4096];
	int fd = tool_lock(prog);

	if (fd < 0)
		return EXIT_KERNEL;
	if (read_pending(&p)) {
		fprintf(stderr, "%s: no try is pending: nothing to confirm\n", prog);
		close(fd);
		return EXIT_CONFIG;
	}
	try_path(path, sizeof(path), "pending");
	unlink(path);
	if (p.waiter > 0)
		kill((pid_t)p.waiter, SIGTERM);
	openlog(prog, LOG_PID, LOG_DAEMON);
	syslog(LOG_NOTICE, "try: %s: confirmed", p.command);
	printf("%s: try confirmed: %s is kept\n", prog, p.command);
	close(fd);
	return EXIT_OK;
}
