/* dhcp.c - the DHCP client as the legacy scripts run it.  ifup-eth: DHCLIENTARGS
 * dhclient [-1] -q [-cf /etc/dhcp/dhclient-DEV.conf] -lf LEASES -pf
 * /run/dhclient-DEV.pid DEV, which returns once it has a lease (and stays, renewing
 * it) or has given up; the name to send (RHEL's -H or -F) goes in a configuration of
 * ours.  ifdown-eth: dhclient -r with DHCPRELEASE, else the client is killed.
 * Without dhclient, dhcpcd the same way. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "dhcp.h"
#include "proc.h"

static int is_dhcpcd(const char *client)
{
	const char *b = strrchr(client, '/');

	return !strcmp(b ? b + 1 : client, "dhcpcd");
}

const char *dhcp_client_find(void)
{
	static const char *const paths[] = {
		"/sbin/dhclient", "/usr/sbin/dhclient", "/sbin/dhcpcd", "/usr/sbin/dhcpcd",
	};
	const char *env = getenv("IFCFG_BOND_DHCP_CLIENT");

	if (env)
		return *env && !access(env, X_OK) ? env : NULL;
	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++)
		if (!access(paths[i], X_OK))
			return paths[i];
	return NULL;
}

/* The pid a pid file names, if that process runs and is named comm; else 0. */
static long live_pid(const char *path, const char *comm)
{
	char buf[64], name[32] = "";
	long pid = 0;
	FILE *fp = fopen(path, "r");

	if (!fp)
		return 0;
	if (fscanf(fp, "%ld", &pid) != 1)
		pid = 0;
	fclose(fp);
	if (pid <= 0)
		return 0;
	snprintf(buf, sizeof(buf), "/proc/%ld/comm", pid);
	if (!(fp = fopen(buf, "r")))
		return 0;
	if (!fgets(name, sizeof(name), fp))
		name[0] = '\0';
	fclose(fp);
	name[strcspn(name, "\n")] = '\0';
	return !strcmp(name, comm) ? pid : 0;
}

static void pid_path(const char *dev, int dhcpcd, int which, char *buf, size_t len)
{
	/* dhcpcd 9 (with -4), then its older places; which 2: dhclient -6's. */
	if (!dhcpcd)
		snprintf(buf, len, which == 2 ? "/run/dhclient6-%s.pid" : "/run/dhclient-%s.pid", dev);
	else if (which == 0)
		snprintf(buf, len, "/run/dhcpcd/%s-4.pid", dev);
	else
		snprintf(buf, len, "/run/dhcpcd-%s-4.pid", dev);
}

/* The client's pid for dev, 0 if none runs. */
static long client_pid(const char *dev, int *dhcpcd)
{
	char path[128];
	long pid;

	pid_path(dev, 0, 0, path, sizeof(path));
	if ((pid = live_pid(path, "dhclient"))) {
		*dhcpcd = 0;
		return pid;
	}
	for (int w = 0; w < 2; w++) {
		pid_path(dev, 1, w, path, sizeof(path));
		if ((pid = live_pid(path, "dhcpcd"))) {
			*dhcpcd = 1;
			return pid;
		}
	}
	return 0;
}

static long client6_pid(const char *dev)
{
	char path[128];

	pid_path(dev, 0, 2, path, sizeof(path));
	return live_pid(path, "dhclient");
}

int dhcp_running(const char *dev, int v6)
{
	int dhcpcd;

	return v6 ? client6_pid(dev) != 0 : client_pid(dev, &dhcpcd) != 0;
}

/* RHEL's lease directory, else Debian's. */
static const char *lease_dir(void)
{
	struct stat st;

	return !stat("/var/lib/dhclient", &st) || stat("/var/lib/dhcp", &st) ? "/var/lib/dhclient"
									       : "/var/lib/dhcp";
}

/* The name the file asks to send: DHCP_FQDN, else DHCP_HOSTNAME (its host part),
 * unless DHCP_SEND_HOSTNAME=no; NULL: the client's own configuration decides (as
 * Debian's dhclient.conf, which sends the host's name). *fqdn says which. */
static const char *name_to_send(const struct netcfg_dhcp *x, int *fqdn)
{
	*fqdn = x->fqdn[0] != '\0';
	if (!x->send_hostname)
		return NULL;
	return x->fqdn[0] ? x->fqdn : x->hostname[0] ? x->hostname : NULL;
}

/* The configuration dhclient reads for dev: its own file, else the host's. */
static const char *base_conf(const char *dev, char *buf, size_t len)
{
	struct stat st;

	for (int i = 0; i < 2; i++) {
		snprintf(buf, len, i ? "/etc/dhclient-%s.conf" : "/etc/dhcp/dhclient-%s.conf", dev);
		if (!stat(buf, &st) && st.st_size > 0)
			return buf;
	}
	return NULL;
}

/* With a name to send, dhclient reads a configuration of ours: the one it would
 * read, then the send statement (upstream dhclient has no -H; RHEL's -H says the
 * same).  Written at start, in /run. */
#define OUR_CONF "/run/ifcfg-bond/dhclient-%s.conf"

static int write_conf(const char *dev, const struct netcfg_dhcp *x, struct kerr *e)
{
	char path[128], base[128], tmp[160], line[512];
	const char *b = base_conf(dev, base, sizeof(base)), *name;
	FILE *in, *out;
	int fqdn, ok, fd;

	if (!(name = name_to_send(x, &fqdn)))
		return 0;
	if (!b && !access("/etc/dhcp/dhclient.conf", R_OK))
		b = "/etc/dhcp/dhclient.conf";
	mkdir("/run/ifcfg-bond", 0755);
	snprintf(path, sizeof(path), OUR_CONF, dev);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	/* 0600 whatever the umask: the file it copies may hold a client identifier
	 * (/etc/dhcp/dhclient-DEV.conf is often 0600). */
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0 ||
	    !(out = fdopen(fd, "w"))) {
		e->err = errno;
		snprintf(e->msg, sizeof(e->msg), "%s", tmp);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (b && (in = fopen(b, "r"))) {
		while (fgets(line, sizeof(line), in))
			fputs(line, out);
		fclose(in);
	}
	fprintf(out, "\n# ifcfg-bond: %s of the device's ifcfg file\nsend %s \"%s\";\n",
		fqdn ? "DHCP_FQDN" : "DHCP_HOSTNAME", fqdn ? "fqdn.fqdn" : "host-name", name);
	ok = !ferror(out);
	if (fclose(out) || !ok || rename(tmp, path)) {
		e->err = errno ? errno : EIO;
		snprintf(e->msg, sizeof(e->msg), "%s", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

const char *dhcp_script_path(void)
{
	static char path[512];
	const char *dir = getenv("IFCFG_BOND_LIBEXEC");

	snprintf(path, sizeof(path), "%s/dhclient-script", dir && *dir ? dir : IFCFG_BOND_LIBEXECDIR);
	return path;
}

/* argv under construction: the strings in buf. */
struct args {
	char *buf, **argv;
	size_t len, max, n, o;
};

static int arg(struct args *a, const char *s)
{
	size_t l = strlen(s) + 1;

	if (a->n + 2 > a->max || a->o + l > a->len)
		return -1;
	memcpy(a->buf + a->o, s, l);
	a->argv[a->n++] = a->buf + a->o;
	a->argv[a->n] = NULL;
	a->o += l;
	return 0;
}

#define ARG(s) do { if (arg(&A, (s))) return -1; } while (0)

/* Words split at blanks, as the legacy scripts' unquoted variables were. */
static int words(struct args *a, const char *s)
{
	char copy[512], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", s);
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		if (arg(a, w))
			return -1;
	return 0;
}

/* -lf LEASES -pf PIDFILE DEV, dhclient's (ver "") or dhclient -6's (ver "6"). */
static int files(struct args *a, const char *dev, const char *ver)
{
	char lf[256], pf[128];

	snprintf(lf, sizeof(lf), "%s/dhclient%s-%s.leases", lease_dir(), ver, dev);
	snprintf(pf, sizeof(pf), "/run/dhclient%s-%s.pid", ver, dev);
	return arg(a, "-lf") || arg(a, lf) || arg(a, "-pf") || arg(a, pf) || arg(a, dev);
}

/* 1 if DHCPV6C_OPTIONS has -S (a word of its own, as the legacy scripts split it). */
static int stateless(const char *options)
{
	char copy[512], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", options);
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		if (!strcmp(w, "-S"))
			return 1;
	return 0;
}

/* dhclient -6 as the legacy ifup-eth ran it: -6 [-1] DHCPV6C_OPTIONS -lf LEASES6
 * -pf /run/dhclient6-DEV.pid DEV; -r to release. */
static int argv6(const char *client, const char *dev, const struct netcfg_dhcp *x, int start,
		 char *buf, size_t len, char **argv, size_t max)
{
	struct args A = { buf, argv, len, max, 0, 0 };

	ARG(client);
	ARG("-6");
	if (start) {
		/* Stateless (-S: the options only, no address): -1 would exit once they
		 * came, so nothing would refresh them and every ifup would ask again;
		 * -nw goes to the background at once and keeps them current
		 * (information-refresh-time), and ifdown stops it. */
		if (stateless(x->v6_options))
			ARG("-nw");
		else if (!x->v6_persistent)
			ARG("-1");
		if (words(&A, x->v6_options))
			return -1;
	} else {
		ARG("-r");
	}
	return files(&A, dev, "6");
}

int dhcp_argv(const char *client, const char *dev, const struct netcfg_dhcp *x, int start,
	      char *buf, size_t len, char **argv, size_t max)
{
	int dhcpcd = is_dhcpcd(client);

	if (start & DHCP_V6)
		return argv6(client, dev, x, start & 1, buf, len, argv, max);
	struct args A = { buf, argv, len, max, 0, 0 };
	const char *hname;
	char num[32];
	int fqdn;

	ARG(client);
	if (dhcpcd) {
		/* -w: back once it has an address, as dhclient; -t 0: forever. */
		if (start) {
			ARG("-4");
			ARG("-w");
			ARG("-q");
			if (x->persistent) {
				ARG("-t");
				ARG("0");
			}
			if ((hname = name_to_send(x, &fqdn))) {
				ARG("-h");
				ARG(hname);
			}
			if (x->no_default)
				ARG("-G");	/* --nogateway */
			if (x->metric) {
				snprintf(num, sizeof(num), "%u", x->metric);
				ARG("-m");
				ARG(num);
			}
		} else {
			ARG("-4");
			ARG(x->release ? "-k" : "-x");
		}
		ARG(dev);
	} else {
		char path[512];

		if (start) {
			/* DHCLIENTARGS first, as the legacy ifup-eth put them. */
			if (words(&A, x->args))
				return -1;
			if (!x->persistent)
				ARG("-1");
			ARG("-q");
			/* The lease's routes: the script reads IF_METRIC (Debian's) and
			 * METRIC (RHEL's) from its environment; without a default route,
			 * ours runs the system's without the lease's routers. */
			if (x->metric) {
				snprintf(num, sizeof(num), "IF_METRIC=%u", x->metric);
				ARG("-e");
				ARG(num);
				snprintf(num, sizeof(num), "METRIC=%u", x->metric);
				ARG("-e");
				ARG(num);
			}
			if (x->no_default) {
				ARG("-sf");
				ARG(dhcp_script_path());
			}
			if (name_to_send(x, &fqdn))
				snprintf(path, sizeof(path), OUR_CONF, dev);
			if (name_to_send(x, &fqdn) || base_conf(dev, path, sizeof(path))) {
				ARG("-cf");
				ARG(path);
			}
		} else {
			ARG("-r");
		}
		return files(&A, dev, "");
	}
	return 0;
}

/* SIGTERM, then up to 3 s for it to go. */
static int stop_pid(long pid, struct kerr *e)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };

	if (kill((pid_t)pid, SIGTERM) && errno != ESRCH) {
		e->err = errno;
		snprintf(e->msg, sizeof(e->msg), "cannot signal the DHCP client (pid %ld)", pid);
		return -1;
	}
	for (int i = 0; i < 150 && !kill((pid_t)pid, 0); i++)
		nanosleep(&tick, NULL);
	/* 3 s is long past a clean exit: a client stuck there would keep the
	 * addresses the plan is about to delete, and renew them. */
	if (!kill((pid_t)pid, 0) && !kill((pid_t)pid, SIGKILL))
		for (int i = 0; i < 50 && !kill((pid_t)pid, 0); i++)
			nanosleep(&tick, NULL);
	return 0;
}

/* Builds client's command for dev and starts it: 0 with *child, or -1 with e. */
static int spawn(const char *client, const char *dev, const struct netcfg_dhcp *x, int start,
		 int v6, pid_t *child, struct kerr *e)
{
	char buf[2048], *argv[64];

	if (!client || dhcp_argv(client, dev, x, start | (v6 ? DHCP_V6 : 0), buf, sizeof(buf), argv, 64)) {
		e->err = client ? E2BIG : ENOENT;
		snprintf(e->msg, sizeof(e->msg), "%s", client ? "DHCLIENTARGS: too many words" :
			 "no DHCP client (dhclient or dhcpcd)");
		return -1;
	}
	if (start && !is_dhcpcd(client)) {
		mkdir(lease_dir(), 0755);
		if (!v6 && write_conf(dev, x, e))
			return -1;
	}
	fflush(stdout);
	fflush(stderr);
	if ((*child = fork()) < 0) {
		e->err = errno;
		snprintf(e->msg, sizeof(e->msg), "cannot start %s", client);
		return -1;
	}
	if (*child == 0) {
		/* The daemon it becomes must not hold our output open: a caller that
		 * reads it (a pipe, $(...)) would wait for the client to exit.  It logs
		 * to syslog. */
		int null = open("/dev/null", O_RDWR);

		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
			if (null > 2)
				close(null);	/* not a fourth descriptor of the daemon's */
		}
		execv(argv[0], argv);
		_exit(127);
	}
	return 0;
}

/* The client's exit status (killed: after killed_s seconds): 0, or -1 with e. */
static int outcome(const char *client, const char *dev, int start, int v6, int status,
		   unsigned killed_s, struct kerr *e)
{
	if (killed_s) {
		e->err = ETIMEDOUT;
		snprintf(e->msg, sizeof(e->msg), "%s%s on %s: killed after %u s (IFCFG_BOND_DHCP_TIMEOUT)",
			 client, v6 ? " -6" : "", dev, killed_s);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	e->err = start ? EAGAIN : EIO;
	snprintf(e->msg, sizeof(e->msg), "%s%s %s %s (%s %d; its messages are in syslog)", client,
		 v6 ? " -6" : "", start ? "got no lease on" : "could not release the lease of", dev,
		 WIFEXITED(status) ? "exit status" : "signal",
		 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return -1;
}

unsigned dhcp_timeout(void)
{
	return proc_timeout("IFCFG_BOND_DHCP_TIMEOUT", PROC_DHCP_TIMEOUT);
}

int dhcp_spawn(const char *client, const char *dev, const struct netcfg_dhcp *x, int v6, pid_t *child,
	       struct kerr *e)
{
	return spawn(client, dev, x, 1, v6, child, e);
}

int dhcp_outcome(const char *client, const char *dev, int v6, int status, unsigned killed_s,
		 struct kerr *e)
{
	return outcome(client, dev, 1, v6, status, killed_s, e);
}

int dhcp_run(const char *client, const char *dev, const struct netcfg_dhcp *x, int start,
	     struct kerr *e)
{
	int status = 0, dhcpcd = 0, v6 = (start & DHCP_V6) != 0, r;
	unsigned limit = dhcp_timeout();
	long pid;
	pid_t child;

	start &= 1;
	pid = start ? 0 : v6 ? client6_pid(dev) : client_pid(dev, &dhcpcd);
	if (!start && !x->release) {
		/* As the legacy ifdown-eth: the client is killed (the plan deletes the
		 * addresses after), and its pid file goes. */
		char path[128];

		if (pid && stop_pid(pid, e))
			return -1;
		/* dhcpcd removes its own; dhclient leaves its behind. */
		if (!dhcpcd) {
			pid_path(dev, 0, v6 ? 2 : 0, path, sizeof(path));
			unlink(path);
		}
		return 0;
	}
	/* A release goes through the client that holds the lease. */
	if (!start && pid && dhcpcd && (!client || !is_dhcpcd(client)))
		client = !access("/usr/sbin/dhcpcd", X_OK) ? "/usr/sbin/dhcpcd" : "/sbin/dhcpcd";
	else if (!start && pid && !dhcpcd && (!client || is_dhcpcd(client)))
		client = !access("/usr/sbin/dhclient", X_OK) ? "/usr/sbin/dhclient" : "/sbin/dhclient";
	if (spawn(client, dev, x, start, v6, &child, e))
		return -1;
	/* dhclient -1 gives up by itself (its "timeout", 60 s by default); a client
	 * that does not must not hold the run lock for ever. */
	if ((r = proc_wait(child, limit, &status)) < 0) {
		e->err = errno;
		snprintf(e->msg, sizeof(e->msg), "waiting for %s", client);
		return -1;
	}
	if (outcome(client, dev, start, v6, status, r == 1 ? limit : 0, e))
		return -1;
	if (!start && pid)
		stop_pid(pid, e);	/* dhcpcd -k leaves it to exit by itself */
	return 0;
}
