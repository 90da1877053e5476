/* tool.c - the front half and back half shared by ifup-bond and ifdown-bond. */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include "dhcp.h"
#include "proc.h"
#include "runstate.h"
#include "try.h"
#include "sysctl6.h"
#include "sysfs_bond.h"
#include "kind.h"
#include "tool.h"

#define DEFAULT_DIR "/etc/sysconfig/network-scripts"

static void usage(FILE *fp, const char *prog)
{
	int up = !strcmp(prog, "ifup-bond");

	fprintf(fp, "usage: %s [-n] [-v] [--try SECONDS] [-c DIR] NAME\n"
		    "       %s -a|--all [-n] [-v] [--try SECONDS] [-c DIR]%s\n%s%s%s", prog, prog,
		up ? " [--reload]" : "", up ? "       " : "", up ? prog : "",
		up ? " --hotplug [-v] [-c DIR] NAME\n" : "");
	fprintf(fp, "       %s --confirm | --revert\n", prog);
	fprintf(fp, "       %s --help | --version\n", prog);
}

/* --help: the usage and what each option does, on stdout. */
static void help(const char *prog)
{
	int up = !strcmp(prog, "ifup-bond");

	usage(stdout, prog);
	printf("\n%s the ifcfg configuration of NAME (a bond with its slaves, a slave, a VLAN,\n"
	       "a bridge, a bridge port or a plain device): only what differs from the kernel.\n\n"
	       "  -n             print the plan as shell lines, change nothing\n"
	       "  -v             print each step as it is applied\n"
	       "  -c DIR         the ifcfg directory (default %s)\n"
	       "  -a, --all      every ONBOOT device, in start order%s\n",
	       up ? "Applies" : "Undoes", DEFAULT_DIR, up ? "" : " reversed");
	if (up)
		printf("      --reload   with -a: reconcile without taking anything down\n"
		       "      --hotplug  NAME appeared: only if its file is ONBOOT\n");
	printf("      --try S    keep the state before and put it back unless confirmed\n"
	       "                 within S seconds (the change applied as without it)\n"
	       "      --confirm  keep the pending try's change\n"
	       "      --revert   put the pending try's state back now\n");
	printf("  -h, --help     this text\n"
	       "      --version  the version\n\n"
	       "Exit status: 0 done, 1 usage or configuration error (nothing changed),\n"
	       "2 the kernel refused a step.  See %s(8).\n", prog);
}

/* The devices a command reads: NAME and, for a bond or one of its ports, the bond and
 * every port.  Only their findings count: an unrelated broken file must not stop ifup
 * of a healthy bond (`bondctl check` reports everything). */
struct scope {
	const struct netnode **v;
	size_t n;
};

static int in_scope(const struct scope *s, const char *label)
{
	for (size_t i = 0; label && i < s->n; i++)
		if (!strcmp(s->v[i]->dev.file->label, label))
			return 1;
	return 0;
}

/* 1 if label is a copy (not read) of the file of a device in scope, or names one
 * of them as its controller or lower device. */
static int copy_in_scope(const struct ifcfg_dir *cfg, const struct scope *s, const char *label)
{
	for (size_t i = 0; label && i < cfg->ncopies; i++) {
		const struct ifcfg_file *f = cfg->copies[i];
		const char *rel[] = { f->device, ifcfg_get(f, "MASTER"), ifcfg_get(f, "BRIDGE"),
				      ifcfg_get(f, "PHYSDEV") };

		for (size_t j = 0; !strcmp(f->label, label) && j < s->n; j++)
			for (size_t k = 0; k < sizeof(rel) / sizeof(*rel); k++)
				if (rel[k] && !strcmp(s->v[j]->dev.name, rel[k]))
					return 1;
	}
	return 0;
}

static void scope_add(struct scope *s, const struct netnode *nd)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == nd)
			return;
	s->v[s->n++] = nd;
}

/* NAME; its controller and the controller's ports; its own ports (a bond that is
 * a bridge port has both). */
static int build_scope(struct tool *t, const struct netnode *node, struct scope *s)
{
	const struct netnode **up = NULL, **own = NULL;
	size_t nup = 0, nown = 0;

	if (node->controller >= 0)
		nup = netgraph_ports(&t->g, &t->g.v[node->controller], &up);
	nown = netgraph_ports(&t->g, node, &own);
	s->v = calloc(nup + nown + 2, sizeof(*s->v));
	/* netgraph_ports() leaves the array NULL only when out of memory. */
	if (!s->v || (node->controller >= 0 && !up) || !own) {
		free(up);
		free(own);
		return -1;
	}
	s->n = 0;
	scope_add(s, node);
	if (node->controller >= 0)
		scope_add(s, &t->g.v[node->controller]);
	for (size_t i = 0; i < nup; i++)
		scope_add(s, up[i]);
	for (size_t i = 0; i < nown; i++)
		scope_add(s, own[i]);
	free(up);
	free(own);
	return 0;
}

/* NAME as a bond slave: its bond must be configured, and be a bond.  (A bridge
 * port's bridge is checked by the graph.) */
static int check_controller(const struct tool *t, const struct netnode *node, struct diags *d)
{
	const struct netcfg_dev *dev = &node->dev;
	const char *m = dev->port.controller;

	if (!netcfg_is_port_of(dev, &kind_bond)) {
		if (dev->master[0] && !kind_bond.refuses_port(dev->kind) && !netcfg_is_port(dev))
			diag_add(d, DIAG_WARNING, dev->file->label, dev->master_line,
				 "MASTER=%s without SLAVE=yes: configured as a device of its own",
				 dev->master);
		return 0;
	}
	if (node->controller < 0) {
		diag_add(d, DIAG_ERROR, dev->file->label, dev->port.line,
			 "MASTER=%s: no configuration for %s in %s (no ifcfg-%s, no file with DEVICE=%s)",
			 m, m, t->dir, m, m);
		return -1;
	}
	if (t->g.v[node->controller].dev.kind != &kind_bond) {
		diag_add(d, DIAG_ERROR, t->g.v[node->controller].dev.file->label, 0,
			 "%s is not a bond (no BONDING_OPTS, TYPE=Bond or BONDING_MASTER=yes)", m);
		return -1;
	}
	return 0;
}

/* A refused line of a file outside the scope that would have put its file in it (a
 * MASTER= with a NUL byte, for a bond): the file is then not part of the device, which
 * must not go unsaid.  A warning: the rest of the device still comes up. */
static const char *refused_relation(const struct tool *t, const struct scope *s,
				    const struct diag *v)
{
	static const struct {
		const char *key;
		const struct kind_ops *kind;	/* of a device in scope; NULL: any */
	} rel[] = { { "MASTER", &kind_bond }, { "BRIDGE", &kind_bridge }, { "PHYSDEV", NULL } };

	for (size_t i = 0; i < t->cfg.n; i++) {
		const struct ifcfg_file *f = t->cfg.files[i];

		if (strcmp(f->label, v->file))
			continue;
		for (size_t j = 0; j < f->nrefused; j++)
			for (size_t k = 0; f->refused[j].line == v->line && k < sizeof(rel) / sizeof(*rel); k++)
				for (size_t m = 0; !strcmp(f->refused[j].key, rel[k].key) && m < s->n; m++)
					if (!rel[k].kind || s->v[m]->dev.kind == rel[k].kind)
						return rel[k].key;
	}
	return NULL;
}

/* The refused lines of /etc/sysconfig/network: not applied, and said (the rest of
 * the file and the devices still count). */
static void global_refused(const struct tool *t, struct diags *out)
{
	for (size_t i = 0; t->cfg.global && i < t->scan.n; i++)
		if (t->scan.v[i].file && !strcmp(t->scan.v[i].file, t->cfg.global->label))
			diag_add(out, DIAG_WARNING, t->scan.v[i].file, t->scan.v[i].line,
				 "%s: the line is not applied", t->scan.v[i].msg ? t->scan.v[i].msg : "");
}

/* A port's run (ifup eth0, a hotplug) says its own file's warnings and everyone's
 * errors: its controller's and the other ports' warnings are their own run's to say
 * (the bond's ifup, the service), not again for each port. */
static int own_say(const struct netnode *node, const char *file, enum diag_sev sev)
{
	return sev != DIAG_WARNING || node->controller < 0 || !file ||
	       !strcmp(file, node->dev.file->label);
}

static void append_said(struct diags *out, const struct diags *in, const struct netnode *node)
{
	for (size_t i = 0; i < in->n; i++)
		if (own_say(node, in->v[i].file, in->v[i].sev))
			diag_add(out, in->v[i].sev, in->v[i].file, in->v[i].line, "%s",
				 in->v[i].msg ? in->v[i].msg : "out of memory");
}

/* The findings of the files a command on node reads (the refused lines of scan among
 * them) into t->d.  0, or -1 when one of them has an error. */
static int node_config(struct tool *t, const struct netnode *node, const struct diags *scan)
{
	struct scope s = { 0 };
	const char *key;
	int rc = 0;

	if (build_scope(t, node, &s)) {
		diag_add(&t->d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	/* Refused lines first (the service says the global file's once), then each
	 * file's findings, then those against the graph. */
	if (!t->all)
		global_refused(t, &t->d);
	for (size_t i = 0; i < scan->n; i++)
		if (!scan->v[i].file || ((in_scope(&s, scan->v[i].file) ||
					  copy_in_scope(&t->cfg, &s, scan->v[i].file)) &&
					 own_say(node, scan->v[i].file, scan->v[i].sev)))
			diag_add(&t->d, scan->v[i].sev, scan->v[i].file, scan->v[i].line, "%s",
				 scan->v[i].msg ? scan->v[i].msg : "");
		else if (!in_scope(&s, scan->v[i].file) &&
			 !copy_in_scope(&t->cfg, &s, scan->v[i].file) &&
			 (key = refused_relation(t, &s, &scan->v[i])))
			diag_add(&t->d, DIAG_WARNING, scan->v[i].file, scan->v[i].line,
				 "%s: %s: the line is refused, so %s is not part of %s", key,
				 scan->v[i].msg ? scan->v[i].msg : "", scan->v[i].file, node->dev.name);
	for (size_t i = 0; i < s.n; i++) {
		append_said(&t->d, &s.v[i]->load, node);
		rc |= !s.v[i]->ok;
	}
	rc |= check_controller(t, node, &t->d);
	for (size_t i = 0; i < s.n; i++)
		append_said(&t->d, &s.v[i]->rel, node);
	free(s.v);
	t->nconfig = t->d.n;
	return rc || t->d.errors ? -1 : 0;
}

static int load_config(struct tool *t)
{
	int rc;

	if (ifcfg_dir_scan(t->dir, &t->cfg, &t->scan)) {
		diags_print(&t->scan, stderr, t->prog, DIAG_STYLE_TOOL);
		return -1;
	}
	if (t->all)
		return netgraph_load(&t->cfg, &t->g, &t->d);
	/* DEV:N, an alias: its parent's graph, and the alias in it. */
	if (strchr(ifcfg_dev_name(t->name), ':') && !t->hotplug) {
		char parent[IFNAMSIZ];
		const char *a = ifcfg_dev_name(t->name);

		snprintf(parent, sizeof(parent), "%.*s", (int)strcspn(a, ":"), a);
		if (netgraph_load(&t->cfg, &t->g, &t->d))
			return -1;
		if (!(t->node = netgraph_find(&t->g, parent)) ||
		    !(t->alias = netcfg_alias_find(&t->node->dev, a))) {
			diag_add(&t->d, DIAG_ERROR, NULL, 0,
				 "configuration for %s not found in %s (no ifcfg-%s, or no ifcfg-%s for it)",
				 a, t->dir, a, parent);
			return -1;
		}
		return node_config(t, t->node, &t->scan);
	}
	if (!ifcfg_dir_find(&t->cfg, t->name)) {
		/* A NIC without a file is not ours to configure. */
		if (t->hotplug)
			return 1;
		/* The legacy scripts' words, and where we looked; first why the file of
		 * that name was refused, if it was. */
		const char *n = ifcfg_dev_name(t->name);

		for (size_t i = 0; i < t->scan.n; i++)
			if (t->scan.v[i].file && !strncmp(t->scan.v[i].file, "ifcfg-", 6) &&
			    !strcmp(t->scan.v[i].file + 6, n))
				diag_add(&t->d, t->scan.v[i].sev, t->scan.v[i].file, t->scan.v[i].line,
					 "%s", t->scan.v[i].msg ? t->scan.v[i].msg : "");

		diag_add(&t->d, DIAG_ERROR, NULL, 0,
			 "configuration for %s not found in %s (no ifcfg-%s, no file with DEVICE=%s)",
			 n, t->dir, n, n);
		return -1;
	}
	if (netgraph_load(&t->cfg, &t->g, &t->d) || !(t->node = netgraph_find(&t->g, t->name)))
		return -1;
	rc = node_config(t, t->node, &t->scan);
	return rc;
}

/* Set once a run that may change something has said who started it: what it says
 * on standard error goes to the log too. */
static int logging;

/* "PROG: message" on standard error, and at priority pri in the log. */
static void say(const struct tool *t, int pri, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(const struct tool *t, int pri, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", t->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (logging) {
		va_start(ap, fmt);
		vsyslog(pri, fmt, ap);
		va_end(ap);
	}
}

/* One run at a time, whatever the devices: a plan touches a bond, its slaves and
 * what sits on it, and the second run must read the state the first one left.  The
 * lock is an flock() on a file under /run (IFCFG_BOND_LOCK), held until exit. */
#define LOCK_WAIT_TENTHS 600

static const char *lock_path(void)
{
	const char *path = getenv("IFCFG_BOND_LOCK");

	return path && *path ? path : "/run/ifcfg-bond.lock";
}

/* 0 taken, -1 (said) not to be had; without wait, 1 when another run holds it. */
static int take_lock(struct tool *t, int wait)
{
	const char *path = lock_path(), *held = getenv("IFCFG_BOND_LOCK_HELD");
	long run = 0, hook = 0;
	int fd, end = 0;

	if (t->lock > 0)
		return 0;

	/* Run from a local hook of a run that holds the lock and waits for the hook:
	 * waiting for it would be waiting for ourselves.  "RUN:HOOK", and both must be
	 * our ancestors: a job the hook left behind, or anything else that inherited
	 * the variable, takes the lock as any run. */
	if (held && sscanf(held, "%ld:%ld%n", &run, &hook, &end) == 2 && !held[end] &&
	    run > 1 && hook > 1 && proc_is_ancestor((pid_t)hook) && proc_is_ancestor((pid_t)run))
		return 0;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		say(t, LOG_ERR, "cannot open the lock %s: %s", path, strerror(errno));
		return -1;
	}
	for (int i = 0; flock(fd, LOCK_EX | LOCK_NB); i++) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			say(t, LOG_ERR, "cannot lock %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (!wait) {
			close(fd);
			return 1;
		}
		if (i == 0)
			fprintf(stderr, "%s: waiting for another run to finish (lock %s)\n", t->prog, path);
		if (i == LOCK_WAIT_TENTHS) {
			say(t, LOG_ERR, "another run has held %s for %d s: giving up, nothing changed",
			    path, LOCK_WAIT_TENTHS / 10);
			close(fd);
			return -1;
		}
		usleep(100000);
	}
	t->lock = fd;
	return 0;
}

int tool_lock(const char *prog)
{
	struct tool t = { .prog = prog };

	return take_lock(&t, 1) ? -1 : t.lock;
}

static int nm_running(void);
static void find_hooks(struct tool *t);

/* --hotplug (the udev rule, for a network device that appeared): only a device the
 * boot would have started, its bond too for a bond slave, and not one that
 * NetworkManager owns while it runs or whose file says HOTPLUG=no. */
static int hotplug_wanted(const struct tool *t)
{
	const struct netnode *nd = t->node;

	if (!nd->dev.onboot || !nd->dev.hotplug || (nd->dev.nm_controlled && nm_running()))
		return 0;
	if (netcfg_is_port_of(&nd->dev, &kind_bond) && nd->controller >= 0 &&
	    !t->g.v[nd->controller].dev.onboot)
		return 0;
	return 1;
}

/* net.ipv4.conf.all.promote_secondaries, which no netlink message carries (a
 * device's own is in its link's IFLA_AF_SPEC). */
static int read_promote_all(void)
{
	FILE *fp = fopen("/proc/sys/net/ipv4/conf/all/promote_secondaries", "r");
	int v = 0;

	if (fp) {
		if (fscanf(fp, "%d", &v) != 1)
			v = 0;
		fclose(fp);
	}
	return v != 0;
}

void tool_env(struct tool *t, struct plan_env *env)
{
	env->eth = t->eth;
	env->neth = t->neth;
	env->s6 = t->s6;
	env->ns6 = t->ns6;
	env->s6_default = &t->s6_default;
	env->dhcp_client = dhcp_client_find();
	env->dhcp_running = dhcp_running;
	env->promote_all = read_promote_all();
	t->env = env;
}

static int nm_owns(const struct netnode *nd);

int tool_plan(struct tool *t, const struct netnode *nd, const struct kstate *have, struct plan *p,
	      struct diags *d)
{
	int rc;

	if (t->alias && nd == t->node)
		return plan_alias(nd, t->alias, !t->down, have, p, d);
	if (t->down)
		return plan_down(&t->g, nd, have, t->env, p, d);
	rc = plan_up(&t->g, nd, have, t->env, p, d);
	/* ifup NAME brings back what an ifdown of it took; the service brings up
	 * each ONBOOT device itself. */
	if (rc == 0 && !t->all)
		rc = plan_up_stacked(&t->g, nd, have, t->env, p, d, nm_owns);
	return rc;
}

/* The ethtool state of every existing device whose file has ETHTOOL_OPTS, for the
 * planner (only those: a request each group).  A device whose state cannot be read
 * gets an entry with every group's errno, which the planner says. */
static void read_ethtool(struct tool *t)
{
	for (size_t i = 0; i < t->g.n; i++) {
		const struct netcfg_dev *dev = &t->g.v[i].dev;
		const struct klink *l;
		struct kerr e = { 0 };
		struct keth *v;

		if (!dev->ethtool.groups || !(l = kstate_link(&t->ks, dev->name)))
			continue;
		if (!(v = realloc(t->eth, (t->neth + 1) * sizeof(*v))))
			return;
		t->eth = v;
		v = &t->eth[t->neth++];
		if (knl_ethtool_read(t->k, l->ifindex, dev->ethtool.groups, v, &e))
			for (int g = 0; g < ETH_NGROUPS; g++)
				v->err[g] = e.err;
	}
}

/* The IPv6 sysctls of the devices with IPv6 configuration that exist, and the
 * template of new ones. */
static void read_sysctl6(struct tool *t)
{
	sysctl6_read("default", &t->s6_default);
	for (size_t i = 0; i < t->g.n; i++) {
		const struct netcfg_dev *dev = &t->g.v[i].dev;
		struct ksysctl6 *v;

		if (!dev->ip6.init || netcfg_is_port(dev) || !kstate_link(&t->ks, dev->name))
			continue;
		if (!(v = realloc(t->s6, (t->ns6 + 1) * sizeof(*v))))
			return;
		t->s6 = v;
		sysctl6_read(dev->name, &t->s6[t->ns6++]);
	}
}


/* Once per run, in the log: who (uid), from where (unit, udev, terminal, parent)
 * and the command line. */
static void log_origin(const struct tool *t, int argc, char **argv)
{
	const struct passwd *pw = getpwuid(getuid());
	char cmd[512] = "", from[512];
	size_t n = 0;

	for (int i = 0; i < argc && n < sizeof(cmd); i++)
		n += (size_t)snprintf(cmd + n, sizeof(cmd) - n, "%s%s", i ? " " : "", argv[i]);
	proc_origin(from, sizeof(from));
	openlog(t->prog, LOG_PID, LOG_DAEMON);
	syslog(LOG_NOTICE, "started by uid %u (%s), %s: %s", (unsigned)getuid(), pw ? pw->pw_name : "?",
	       from, cmd);
}

int tool_start(struct tool *t, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "reload", no_argument, NULL, 'R' },
		{ "hotplug", no_argument, NULL, 'H' },
		{ "try", required_argument, NULL, 'T' },
		{ "confirm", no_argument, NULL, 'C' },
		{ "revert", no_argument, NULL, 'B' },
		{ "revert-at", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	t->dir = DEFAULT_DIR;
	optind = 0;	/* a revert parses its own command line in the same process */
	while ((c = getopt_long(argc, argv, "anvc:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			t->all = 1;
			break;
		case 'R':
			t->reload = 1;
			break;
		case 'H':
			t->hotplug = 1;
			break;
		case 'T': {
			char *end;

			t->try_s = strtol(optarg, &end, 10);
			if (*end || t->try_s < 1 || t->try_s > 86400) {
				fprintf(stderr, "%s: --try %s: not a number of seconds from 1 to 86400\n", t->prog, optarg);
				return EXIT_CONFIG;
			}
			break;
		}
		case 'C':
			return try_confirm(t->prog);
		case 'B':
			return try_revert(t->prog, NULL, "asked for");
		case 'W':
			return try_wait(t->prog, optarg);
		case 'n':
			t->dry_run = 1;
			break;
		case 'v':
			t->verbose = 1;
			break;
		case 'c':
			t->dir = optarg;
			break;
		case 'h':
			help(t->prog);
			return EXIT_OK;
		case 'V':
			printf("%s (ifcfg-bond) %s\n", t->prog, IFCFG_BOND_VERSION);
			return EXIT_OK;
		default:
			usage(stderr, t->prog);
			return EXIT_CONFIG;
		}
	}
	if (optind + !t->all != argc || (t->reload && (!t->all || t->down)) ||
	    (t->hotplug && (t->all || t->down || t->try_s))) {
		usage(stderr, t->prog);
		return EXIT_CONFIG;
	}
	t->name = t->all ? NULL : argv[optind];
	/* A run that may change something says who started it, and from here on logs
	 * every error and warning it prints (a dry run changes nothing: monitoring
	 * may run one every minute). */
	if (!t->dry_run) {
		log_origin(t, argc, argv);
		diags_syslog(1);
		logging = 1;
	}
	return tool_begin(t);
}

int tool_begin(struct tool *t)
{
	struct kerr e = { 0 };
	int rc = load_config(t);

	if (rc > 0 || (rc == 0 && t->hotplug && !hotplug_wanted(t))) {
		diags_free(&t->d);
		return tool_finish(t, 0);
	}
	if (rc) {
		diags_print(&t->d, stderr, t->prog, DIAG_STYLE_TOOL);
		diags_free(&t->d);
		return tool_finish(t, EXIT_CONFIG);
	}
	/* A device that appeared is never lost to a run that holds the lock for long
	 * (DHCP, hooks, probes) nor kept waiting in udev's event: it is queued first,
	 * and the run that holds the lock configures it as it ends (tool_drain). */
	if (t->hotplug && !t->dry_run) {
		if (runstate_queue(t->name, t->dir))
			fprintf(stderr, "%s: %s: cannot queue the event in %s/hotplug: %s\n",
				t->prog, t->name, runstate_dir(), strerror(errno));
		else if ((rc = take_lock(t, 0)) > 0) {
			fprintf(stderr, "%s: %s: another run holds %s: queued, that run configures it as it ends\n",
				t->prog, t->name, lock_path());
			diags_free(&t->d);
			return tool_finish(t, 0);
		} else if (rc == 0)
			runstate_unqueue(t->name);
	}
	if (!t->dry_run && take_lock(t, 1)) {
		diags_free(&t->d);
		return tool_finish(t, EXIT_KERNEL);
	}
	/* One dump; from then on the kernel's notifications keep the state current. */
	if (knl_open(&t->k, &e) || kstate_read(t->k, &t->ks, &e) || knl_track(t->k, &t->ks, &e)) {
		say(t, LOG_ERR, "reading the kernel's state: %s%s%s", strerror(e.err), e.msg[0] ? ": " : "",
		    e.msg);
		diags_print(&t->d, stderr, t->prog, DIAG_STYLE_TOOL);
		diags_free(&t->d);
		return tool_finish(t, EXIT_KERNEL);
	}
	plan_resolve_hwaddr(&t->g, &t->ks);
	find_hooks(t);
	read_ethtool(t);
	read_sysctl6(t);
	return -1;
}

/* What the kinds have to say about the devices this run created (a bond reports
 * back which asked-for options the kernel lacks). */
static void after_create(struct tool *t)
{
	struct diags d = { 0 };

	for (size_t i = 0; i < t->plan.n; i++) {
		const struct netnode *nd;

		if (t->plan.v[i].kind != STEP_CREATE ||
		    !(nd = netgraph_find(&t->g, t->plan.v[i].dev)) || !nd->dev.kind->after_create)
			continue;
		nd->dev.kind->after_create(t->k, nd, &d);
	}
	diags_print(&d, stderr, t->prog, DIAG_STYLE_TOOL);
	diags_free(&d);
}

/* The legacy local hooks, run only when present and executable (no process
 * otherwise): before and after the device's own steps. */
enum { HOOK_UP_PRE, HOOK_UP, HOOK_DOWN_PRE, HOOK_DOWN };

static void find_hooks(struct tool *t)
{
	static const char *const names[] = { "ifup-pre-local", "ifup-local", "ifdown-pre-local",
					     "ifdown-local" };
	const char *dir = getenv("IFCFG_BOND_HOOKS");

	for (int i = 0; i < 4; i++) {
		snprintf(t->hook_path[i], sizeof(t->hook_path[i]), "%s/%s",
			 dir && *dir ? dir : "/sbin", names[i]);
		t->hook[i] = access(t->hook_path[i], X_OK) ? NULL : t->hook_path[i];
	}
}

/* resolv.conf, as the legacy ifup-post writes it and ifdown-post puts it back. */
static void add_resolv(struct tool *t, const struct netnode *nd)
{
	const struct netcfg_dns *dns = &nd->dev.dns;
	const char *label = nd->dev.file->label;
	struct step *s;
	struct stat st;
	char *cur, *text, target[256];
	ssize_t n;
	int dhcp = 0;

	if (!dns->apply || netcfg_is_port(&nd->dev))
		return;
	/* A link is another program's file (systemd-resolved's stub, NetworkManager's):
	 * written through, it would be overwritten; replaced (by ours or by a stale
	 * .save), the program is cut off. */
	if (t->down) {
		if ((dns->nns || nd->dev.l3.dhcp) && !access(RESOLV_SAVE, F_OK) &&
		    (lstat(RESOLV_CONF, &st) || !S_ISLNK(st.st_mode)))
			plan_push(&t->plan, STEP_RESOLV_RESTORE, nd->dev.name, label, dns->line,
				  "the file as it was before the first change");
		return;
	}
	if (!dns->nns && !dns->search[0])
		return;
	if (!lstat(RESOLV_CONF, &st) && S_ISLNK(st.st_mode)) {
		n = readlink(RESOLV_CONF, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		diag_add(&t->d, DIAG_WARNING, label, dns->line,
			 "DNS: " RESOLV_CONF " not written: it is a link to %s, another program's file",
			 target);
		return;
	}
	if (!(cur = resolv_read(RESOLV_CONF))) {
		if (errno != ENOENT) {
			diag_add(&t->d, DIAG_WARNING, label, dns->line,
				 "DNS: " RESOLV_CONF " not written: it cannot be read: %s", strerror(errno));
			return;
		}
		cur = strdup("");
	}
	text = cur ? resolv_update(cur, dns) : NULL;
	/* A DHCP client started by this plan writes the file (dhclient-script) after the
	 * plan was made: the file's keys are applied to what it wrote, as the legacy
	 * ifup-post edited the client's file. */
	for (size_t i = 0; i < t->plan.n && !dhcp; i++)
		dhcp = t->plan.v[i].kind == STEP_DHCP_START && !strcmp(t->plan.v[i].dev, nd->dev.name);
	if ((text || dhcp) &&
	    (s = plan_push(&t->plan, STEP_RESOLV, nd->dev.name, label, dns->line,
			   dhcp ? "on the DHCP client's file, once it has written it" : NULL))) {
		s->text = text;
		s->dns = dhcp ? dns : NULL;
		s->saved = dhcp ? cur : NULL;
		cur = s->saved ? NULL : cur;
	} else {
		free(text);
	}
	free(cur);
}

/* What nd's plan does outside the kernel, as the legacy ifup-post and ifdown-post:
 * resolv.conf, and the local hooks around it all with the legacy arguments:
 * ifup-pre-local gets the file's name (run in the directory, as the legacy scripts
 * ran everything) and "boot" from the service's start; the others the device's
 * name. */
static void add_host_steps(struct tool *t, const struct netnode *nd)
{
	const char *pre = t->hook[t->down ? HOOK_DOWN_PRE : HOOK_UP_PRE];
	const char *post = t->hook[t->down ? HOOK_DOWN : HOOK_UP];
	struct step *s;

	if (pre && (s = plan_push_front(&t->plan, STEP_HOOK, nd->dev.name, NULL, 0, NULL))) {
		s->hook = pre;
		s->hook_args[0] = t->down ? nd->dev.name : nd->dev.file->label;
		s->hook_args[1] = !t->down && t->all && !t->reload ? "boot" : NULL;
		s->hook_dir = t->dir;
	}
	add_resolv(t, nd);
	if (post && (s = plan_push(&t->plan, STEP_HOOK, nd->dev.name, NULL, 0, NULL))) {
		s->hook = post;
		s->hook_args[0] = nd->dev.name;
		s->hook_dir = t->dir;
	}
}

/* After a refusal: the steps not applied, for the service's console (t->not_applied,
 * a line each). */
static void note_not_applied(struct tool *t, const unsigned char *state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	free(t->not_applied);
	t->not_applied = NULL;
	if (!state || !(fp = open_memstream(&buf, &len)))
		return;
	for (size_t i = 0; i < t->plan.n; i++) {
		const struct step *s = &t->plan.v[i];
		char *text;

		if (state[i] != STEP_REFUSED && state[i] != STEP_SKIPPED)
			continue;
		text = plan_step_text(s);
		fprintf(fp, "    not applied: %s", text ? text : "?");
		if (s->file)
			fprintf(fp, " (%s%s%.0d%s)", s->file, s->line ? ":" : "", s->line,
				state[i] == STEP_REFUSED ? ", refused" : "");
		else if (state[i] == STEP_REFUSED)
			fputs(" (refused)", fp);
		fputc('\n', fp);
		free(text);
	}
	fclose(fp);
	t->not_applied = buf;
}

/* 1 if the kernel has l on a device the plan deletes, through lower devices. */
static int on_deleted(const struct tool *t, const struct klink *l)
{
	for (int depth = 0; l && l->link && l->link != l->ifindex && depth < 8; depth++) {
		const struct klink *lo = kstate_link_by_index(&t->ks, l->link);

		for (size_t i = 0; lo && i < t->plan.n; i++)
			if (t->plan.v[i].kind == STEP_DELETE && !strcmp(t->plan.v[i].dev, lo->name))
				return 1;
		l = lo;
	}
	return 0;
}

/* ifdown NAME: the devices that go with it, said before (and in -n, as a comment):
 * those stacked on it that the plan takes down, and those the kernel deletes with
 * a device the plan deletes (a VLAN with its lower device) that no step names. */
static void say_going(struct tool *t)
{
	const char *name = t->node->dev.name;
	char *buf = NULL;
	size_t len = 0, n = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return;
	for (size_t i = 0; i < t->plan.n; i++) {
		const struct step *s = &t->plan.v[i];
		int seen = 0;

		if ((s->kind != STEP_DELETE && s->kind != STEP_DOWN) || !strcmp(s->dev, name) ||
		    !kstate_link(&t->ks, s->dev))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = (t->plan.v[j].kind == STEP_DELETE || t->plan.v[j].kind == STEP_DOWN) &&
			       !strcmp(t->plan.v[j].dev, s->dev);
		/* A bond's slaves are released and left down: they do not "go". */
		if (!seen && s->kind == STEP_DELETE)
			fprintf(fp, "%s%s", n++ ? " " : "", s->dev);
	}
	for (size_t i = 0; i < t->ks.nlinks; i++) {
		const struct klink *l = &t->ks.links[i];
		int named = 0;

		for (size_t j = 0; j < t->plan.n && !named; j++)
			named = !strcmp(t->plan.v[j].dev, l->name);
		if (!named && on_deleted(t, l))
			fprintf(fp, "%s%s", n++ ? " " : "", l->name);
	}
	fclose(fp);
	if (n)
		printf("%s%s: %s: %s go%s with it\n", t->dry_run ? "# " : "", t->prog, name, buf, n > 1 ? "" : "es");
	free(buf);
}

/* What the run did, for its verification: whether anything reached the kernel, and
 * the lines of the steps it left out. */
static void note_run(struct tool *t, const unsigned char *state)
{
	for (size_t i = 0; state && i < t->plan.n; i++) {
		const struct step *s = &t->plan.v[i];
		const struct klink *l;
		struct left *v;

		t->applied |= state[i] == STEP_DONE && s->kind != STEP_HOOK;
		/* What this tool made, so that a reload can take it down once its file
		 * is gone (and nothing it did not make). */
		if (state[i] == STEP_DONE && (s->kind == STEP_CREATE || s->kind == STEP_VLAN_CREATE ||
					      s->kind == STEP_BR_CREATE) && (l = kstate_link(&t->ks, s->dev)) &&
		    runstate_set_made(s->dev, l->ifindex, l->kind))
			fprintf(stderr, "%s: warning: cannot record that this run made %s (%s/made): %s\n",
				t->prog, s->dev, runstate_dir(), strerror(errno));
		if (state[i] == STEP_DONE && s->kind == STEP_DELETE)
			runstate_set_made(s->dev, 0, NULL);
		if (state[i] != STEP_REFUSED && state[i] != STEP_SKIPPED)
			continue;
		if (!(v = realloc(t->left, (t->nleft + 1) * sizeof(*v))))
			return;
		t->left = v;
		v[t->nleft].file = s->file;
		v[t->nleft].line = s->line;
		v[t->nleft++].text = s->line ? NULL : plan_step_text(s);
	}
}

/* 1 if the run left out step s (or another step of its line): said already. */
static int left_out(const struct tool *t, const struct step *s)
{
	char *text = s->line ? NULL : plan_step_text(s);
	int found = 0;

	for (size_t i = 0; i < t->nleft && !found; i++)
		found = s->line ? t->left[i].line == s->line && s->file && t->left[i].file &&
				  !strcmp(t->left[i].file, s->file)
				: t->left[i].text && text && !strcmp(t->left[i].text, text);
	free(text);
	return found;
}

/* After the run: the kernel's state read once more (one dump), and the n devices
 * planned again as the run planned them.  A step the planner would still make,
 * but for those the run left out, is a difference: the kernel accepted a step and
 * then did otherwise, or something undid it.  Each is said with the device, the
 * attribute, the kernel's value and the file's line.  0, or EXIT_KERNEL. */
static int verify(struct tool *t, const struct netnode *const *v, size_t n)
{
	struct kstate now = { 0 };
	struct kerr e = { 0 };
	int bad = 0;

	if (kstate_read(t->k, &now, &e)) {
		say(t, LOG_ERR, "reading the kernel's state to verify the run: %s%s%s", strerror(e.err),
		    e.msg[0] ? ": " : "", e.msg);
		return EXIT_KERNEL;
	}
	for (size_t k = 0; k < n; k++) {
		struct plan p = { 0 };
		struct diags d = { 0 };

		if (!tool_plan(t, v[k], &now, &p, &d))
			for (size_t i = 0; i < p.n; i++) {
				const struct step *s = &p.v[i];
				char attr[64], val[128], *text;

				if (!plan_step_observed(s, &now, attr, val, sizeof(val)) || left_out(t, s))
					continue;
				text = plan_step_text(s);
				fprintf(stderr, "%s: %s%s%.0d%safter the run, on %s, %s: %s; %s would still be needed\n",
					t->prog, s->file ? s->file : "", s->file && s->line ? ":" : "", s->line,
					s->file ? ": " : "", s->dev, attr, val, text ? text : "?");
				syslog(LOG_ERR, "after the run, on %s, %s: %s; %s would still be needed", s->dev, attr,
				       val, text ? text : "?");
				free(text);
				bad++;
			}
		plan_free(&p);
		diags_free(&d);
	}
	kstate_free(&now);
	return bad ? EXIT_KERNEL : 0;
}

/* -n: 1 if text (taken) was printed before in this run over the directory (a
 * device that two others need is in both their plans while nothing is applied);
 * else it is remembered, and 0. */
static int dry_seen(struct tool *t, char *text)
{
	char **v;

	for (size_t k = 0; text && k < t->nprinted; k++)
		if (!strcmp(t->printed[k], text)) {
			free(text);
			return 1;
		}
	if (!text || !t->all || !(v = realloc(t->printed, (t->nprinted + 1) * sizeof(*v)))) {
		free(text);
		return 0;
	}
	t->printed = v;
	v[t->nprinted++] = text;
	return 0;
}

static void dry_line(const struct step *s)
{
	char *line = plan_step_line(s);

	fputs(line ? line : "?\n", stdout);
	free(line);
}

/* -n: one step printed, each line once.  The same write is the same step,
 * whichever device's plan (and provenance) it comes with. */
static void dry_step(struct tool *t, const struct step *s)
{
	if (!dry_seen(t, plan_step_text(s)))
		dry_line(s);
}

/* -n: the plan printed from step from; what would change the kernel is remembered
 * for the exit code.  In the service (t->hold) it stops at a wait that the run
 * would hold at, as the run does: the index of that wait, else p->n. */
static size_t dry_print(struct tool *t, const struct plan *p, size_t from)
{
	if (!from)
		t->pending |= plan_changes(p);
	for (size_t i = from; i < p->n; i++) {
		if (t->hold && plan_step_holds(&p->v[i]))
			return i;
		dry_step(t, &p->v[i]);
	}
	return p->n;
}

/* run_plan's: the device's run waits, and goes on later (the service's rounds). */
#define EXIT_HELD (-2)

/* The rest of the run of t->plan once t->run has looked at every step: what it
 * left out and made, recorded.  Returns the exit code. */
static int run_done(struct tool *t)
{
	unsigned char *state = NULL;
	int rc = 0;

	if (t->plan.n && (!t->run || plan_run_end(t->run, &state))) {
		rc = EXIT_KERNEL;
		note_not_applied(t, state);
	} else {
		after_create(t);
	}
	t->run = NULL;
	note_run(t, state);
	free(state);
	return rc;
}

/* Prints the findings, then prints (-n) or applies the plan for name; empties the
 * plan and the findings.  rc is the planner's result.  Returns the exit code, or
 * EXIT_HELD when t->hold and the run waits: t->run and t->plan are then the
 * caller's, to end with run_done. */
static int run_plan(struct tool *t, int rc, const char *name)
{
	/* Errors that cost only their line: the rest is applied, the exit code is
	 * still a configuration error's. */
	int lines = rc == 0 && t->d.line_errors;

	t->line_errors = lines;
	if (rc == 0) {
		/* Taking a device down does not need its file's warnings (bondctl check
		 * shows them); the planner's own findings still matter. */
		if (t->down) {
			struct diags tail = { .v = t->d.v + t->nconfig, .n = t->d.n - t->nconfig };

			diags_print(&tail, stderr, t->prog, DIAG_STYLE_TOOL);
		} else {
			diags_print(&t->d, stderr, t->prog, DIAG_STYLE_TOOL);
		}
		/* Held, the plan moves to the heap: the run points at it while the
		 * next device's is made in t->plan. */
		struct plan *own = t->hold ? malloc(sizeof(*own)) : NULL;

		if (own)
			*own = t->plan;
		if (t->dry_run) {
			if ((t->held_at = dry_print(t, &t->plan, 0)) < t->plan.n && own)
				goto held;
		} else {
			if (!plan_changes(&t->plan) && t->verbose && name)
				printf("%s: %s: nothing to change\n", t->prog, name);
			if (t->plan.n && (t->run = plan_run_new(own ? own : &t->plan, t->k, t->prog, t->verbose)) &&
			    plan_run_go(t->run, own != NULL) == 1)
				goto held;
			rc = run_done(t);
		}
		free(own);
		goto out;
held:
		t->held = own;
		t->plan = (struct plan){ 0 };
		diags_free(&t->d);
		t->nconfig = 0;
		return EXIT_HELD;
	} else if (rc < 0) {
		/* The planner refused: its reasons are in d. */
		diags_print(&t->d, stderr, t->prog, DIAG_STYLE_TOOL);
		rc = EXIT_CONFIG;
	}
out:
	plan_free(&t->plan);
	diags_free(&t->d);
	t->nconfig = 0;
	return lines && rc == 0 ? EXIT_CONFIG : rc;
}

int tool_finish(struct tool *t, int rc)
{
	int planned;

	free(t->eth);
	t->eth = NULL;
	free(t->s6);
	t->s6 = NULL;
	/* A plan was made (the kernel's state was read): the device's hooks go with it. */
	if (rc == 0 && t->k && t->node && !t->alias)
		add_host_steps(t, t->node);
	planned = rc == 0 && t->k && t->node;
	if (planned && t->down && !t->all && !t->alias)
		say_going(t);
	rc = run_plan(t, rc, t->name);
	if (planned && t->applied && !t->dry_run && !t->all) {
		int r = verify(t, &t->node, 1);

		rc = r > rc ? r : rc;
	}
	kstate_free(&t->ks);
	if (t->k)
		knl_close(t->k);
	netgraph_free(&t->g);
	ifcfg_dir_free(&t->cfg);
	diags_free(&t->scan);
	if (t->lock > 0) {
		close(t->lock);
		t->lock = 0;
		t->had_lock = 1;
	}
	free(t->not_applied);
	t->not_applied = NULL;
	for (size_t i = 0; i < t->nprinted; i++)
		free(t->printed[i]);
	free(t->printed);
	t->printed = NULL;
	t->nprinted = 0;
	for (size_t i = 0; i < t->nleft; i++)
		free(t->left[i].text);
	free(t->left);
	t->left = NULL;
	t->nleft = 0;
	return rc;
}

static void tool_drain(void)
{
	char name[IFNAMSIZ], dir[4096];

	for (;;) {
		struct tool h = { .prog = "ifup-bond", .hotplug = 1, .name = name, .dir = dir };
		struct plan_env env = { .module_loaded = sysfs_bond_module_loaded() };
		int rc;

		/* Busy: the run that holds it drains at its end.  Taken: nothing queued
		 * after this can be missed, as its queuer found the lock held. */
		if (take_lock(&h, 0))
			return;
		if (!runstate_dequeue(name, sizeof(name), dir, sizeof(dir))) {
			close(h.lock);
			return;
		}
		if ((rc = tool_begin(&h)) >= 0)
			continue;
		tool_env(&h, &env);
		tool_finish(&h, tool_plan(&h, h.node, &h.ks, &h.plan, &h.d));
	}
}

int tool_main(struct tool *t, struct plan_env *env, int argc, char **argv)
{
	int rc = tool_start(t, argc, argv);

	if (rc < 0) {
		tool_env(t, env);
		/* --try: the state before is kept, and put back unless confirmed (try.c). */
		if (t->try_s && (rc = try_begin(t, argv)) >= 0)
			rc = tool_finish(t, rc);
		else if (t->all)
			rc = tool_service(t, env);
		else
			rc = tool_finish(t, tool_plan(t, t->node, &t->ks, &t->plan, &t->d));
	}
	if (t->had_lock)
		tool_drain();	/* NICs that appeared while this run held the lock */
	/* -n writes nothing: 2 can only mean something would change; a state that
	 * could not be read is 3. */
	if (t->dry_run && rc == EXIT_KERNEL)
		rc = EXIT_UNREAD;
	else if (t->dry_run && rc == EXIT_OK && t->pending)
		rc = EXIT_PENDING;
	return t->try_id[0] ? try_end(t->prog, t->try_id, t->try_s, rc) : rc;
}

/* ---- the whole directory: `network start`, `stop` and `reload` ---- */

/* A device NetworkManager manages while it runs. */
static int nm_owns(const struct netnode *nd)
{
	return nd->dev.nm_controlled && nm_running();
}

/* NetworkManager runs when its pid file names a live process. */
int tool_nm_running(void)
{
	return nm_running();
}

static int nm_running(void)
{
	const char *pidfile = getenv("NM_PIDFILE");
	char path[64];
	FILE *fp = fopen(pidfile ? pidfile : "/run/NetworkManager/NetworkManager.pid", "r");
	long pid = 0;

	if (!fp)
		return 0;
	if (fscanf(fp, "%ld", &pid) != 1)
		pid = 0;
	fclose(fp);
	snprintf(path, sizeof(path), "/proc/%ld", pid);
	return pid > 0 && access(path, F_OK) == 0;
}

/* The legacy console line, in the legacy column; after [FAILED], what of the device
 * was not applied (the steps a refusal cost). */
enum { CON_FAILED, CON_OK, CON_WARNING };

/* The line, malloc'd; NULL in -n, which prints what would change, nothing else
 * (its output is the drift), or out of memory. */
static char *console_line(struct tool *t, const char *verb, const struct netnode *nd, const char *name,
			  int ok)
{
	char what[IFNAMSIZ + 64], *buf = NULL;
	size_t len = 0;
	FILE *fp;

	if (t->dry_run || !(fp = open_memstream(&buf, &len))) {
		free(t->not_applied);
		t->not_applied = NULL;
		return NULL;
	}
	if ((nd && nd->dev.kind == &kind_loopback) || (!nd && !strcmp(name, "lo")))
		snprintf(what, sizeof(what), "%s loopback interface:", verb);
	else
		snprintf(what, sizeof(what), "%s interface %s:", verb, name);
	t->ncon++;
	if (!ok && t->nfailed++ < 16) {
		size_t n = strlen(t->failed_devs);

		snprintf(t->failed_devs + n, sizeof(t->failed_devs) - n, "%s%s", n ? " " : "", name);
	}
	/* [WARNING]: the legacy initscripts' echo_warning. */
	fprintf(fp, "%-60s%s\n", what, ok == CON_WARNING ? "[WARNING]" : ok ? "[  OK  ]" : "[FAILED]");
	if (!ok && t->not_applied)
		fputs(t->not_applied, fp);
	free(t->not_applied);
	t->not_applied = NULL;
	fclose(fp);
	return buf;
}

static void console(struct tool *t, const char *verb, const struct netnode *nd, const char *name,
		    int ok)
{
	char *line = console_line(t, verb, nd, name, ok);

	if (line)
		fputs(line, stdout);
	free(line);
	fflush(stdout);
}

/* The service's console lines, in start order whichever device's run ends first:
 * line k is printed once every line before it is (a device whose run is held
 * leaves its place open). */
struct conq {
	char **line;
	unsigned char *set;
	size_t n, shown;
};

static void conq_put(struct conq *q, size_t k, char *line)
{
	q->line[k] = line;
	q->set[k] = 1;
	for (; q->shown < q->n && q->set[q->shown]; q->shown++) {
		if (q->line[q->shown])
			fputs(q->line[q->shown], stdout);
		free(q->line[q->shown]);
		q->line[q->shown] = NULL;
	}
	fflush(stdout);
}

/* A device of the service whose run waits (run_plan's EXIT_HELD). */
struct held {
	size_t k;			/* its place in the start order */
	const struct netnode *nd;
	const char *name;
	struct plan *plan;
	struct plan_run *run;		/* NULL in -n */
	size_t at;			/* -n: the wait it is at */
	int lines;			/* t->line_errors of its run */
};

/* -n: the waits the held runs are at, as the run makes them: one step (a shell's
 * "a & b & wait") when there are several. */
static void dry_waits(struct tool *t, const struct held *h, size_t n)
{
	const struct step *w[256];
	size_t count = 0;

	for (size_t j = 0; j < n; j++)
		for (size_t i = 0; h[j].plan && i < plan_wait_batch(h[j].plan, h[j].at); i++) {
			const struct step *s = &h[j].plan->v[h[j].at + i];

			if (!dry_seen(t, plan_step_text(s)) && count < sizeof(w) / sizeof(*w))
				w[count++] = s;
		}
	if (count == 1) {
		dry_line(w[0]);
		return;
	}
	for (size_t m = 0; m < count; m++) {
		char *text = plan_step_text(w[m]);

		printf("%s%s", m ? " & " : "", text ? text : "?");
		free(text);
	}
	if (count)
		printf(" & wait\t# the %zu waits at once\n", count);
}

/* The held devices' runs, in rounds: each in start order once its wait is over
 * (every other wait advancing meanwhile), applied on to its next wait or its end.
 * So the waits of the whole directory take the time of the longest, and what
 * each run says comes in start order.  Returns the exit code. */
static int resume_held(struct tool *t, struct held *h, size_t n, struct conq *q, const char *verb)
{
	struct plan_run **runs = calloc(n ? n : 1, sizeof(*runs));
	size_t left = n;
	int rc = 0;

	while (left && runs) {
		if (t->dry_run)
			dry_waits(t, h, n);
		for (size_t j = 0; j < n; j++) {
			int r;

			if (!h[j].plan)
				continue;
			if (t->dry_run) {
				h[j].at = dry_print(t, h[j].plan, h[j].at + plan_wait_batch(h[j].plan, h[j].at));
				if (h[j].at < h[j].plan->n)
					continue;
				t->plan = *h[j].plan;
				r = 0;
			} else {
				for (;;) {
					size_t m = 0;
					int busy = plan_run_poll(h[j].run);

					for (size_t o = 0; o < n; o++)
						if (h[o].run && (o == j ? busy : plan_run_poll(h[o].run)))
							runs[m++] = h[o].run;
					if (!busy)
						break;
					plan_runs_sleep(runs, m);
				}
				t->plan = *h[j].plan;
				t->run = h[j].run;
				if (plan_run_go(t->run, 1) == 1) {
					t->plan = (struct plan){ 0 };
					continue;	/* at its next wait: the next round's */
				}
				r = run_done(t);
			}
			plan_free(&t->plan);
			free(h[j].plan);
			h[j].plan = NULL;
			h[j].run = NULL;
			left--;
			if (h[j].lines && r == 0)
				r = EXIT_CONFIG;
			conq_put(q, h[j].k, console_line(t, verb, h[j].nd, h[j].name, r == 0));
			rc = r > rc ? r : rc;
		}
	}
	free(runs);
	return runs ? rc : EXIT_KERNEL;
}

/* A NIC (a kind the tool cannot create) that the kernel does not have yet: at boot
 * NICs appear late, and the udev rule configures it when it does. */
static int not_present(const struct tool *t, const struct netnode *nd)
{
	return nd->loaded && !nd->dev.kind->info_kind && nd->dev.kind != &kind_loopback &&
	       nd->dev.name[0] && !kstate_link(&t->ks, nd->dev.name);
}

/* The device's lower device or controller that failed in this run, or NULL. */
static const struct netnode *failed_dep(const struct tool *t, const struct netnode *nd,
					const char *failed)
{
	if (nd->lower >= 0 && failed[nd->lower])
		return &t->g.v[nd->lower];
	if (nd->controller >= 0 && failed[nd->controller])
		return &t->g.v[nd->controller];
	return NULL;
}

/* A device deleted behind the tool's back (or by a stop that was killed) leaves its
 * rule-file rules, which name no device (a blackhole would drop traffic for ever):
 * the stop still deletes them. */
static int rules_left(const struct tool *t, const struct netnode *nd)
{
	for (size_t j = 0; j < nd->dev.rules.n; j++)
		for (size_t i = 0; i < t->ks.nrules; i++)
			if (rule_same(&nd->dev.rules.v[j], &t->ks.rules[i]))
				return 1;
	return 0;
}

/* One device of the service: its findings, its plan, applied.  Returns the exit
 * code. */
static int service_one(struct tool *t, const struct plan_env *env, const struct netnode *nd)
{
	struct kerr e = { 0 };
	int rc = node_config(t, nd, &t->scan), changed;

	if (rc == 0)
		rc = tool_plan(t, nd, &t->ks, &t->plan, &t->d);
	if (rc == 0)
		add_host_steps(t, nd);
	/* Hooks too: what they change (an ifup of their own) is read before the next
	 * device is planned. */
	changed = rc == 0 && t->plan.n && !t->dry_run;
	fflush(stdout);
	rc = run_plan(t, rc, nd->dev.name);
	/* The notifications kept t->ks current; a new dump only if some were lost. */
	if (changed) {
		if (knl_refresh(t->k, &e)) {
			say(t, LOG_ERR, "reading the kernel's state: %s%s%s", strerror(e.err),
			    e.msg[0] ? ": " : "", e.msg);
			return rc == EXIT_HELD ? rc : EXIT_KERNEL;	/* a held run still ends */
		}
	}
	return rc;
}

/* The loopback device without a file: up at the start, down at the end (its
 * 127.0.0.1/8 comes and goes with it). */
static int loopback(struct tool *t, const char *verb)
{
	const struct klink *l = kstate_link(&t->ks, "lo");
	int rc = 0;

	/* The legacy service prints its line whether or not anything changed. */
	if (netgraph_find(&t->g, "lo") || !l)
		return 0;
	if (!!(l->flags & IFF_UP) == !t->down) {
		if (t->verbose)
			printf("%s: lo: nothing to change\n", t->prog);
	} else if (t->dry_run) {
		printf("ip link set dev lo %s\n", t->down ? "down" : "up");
		t->pending = 1;
	} else {
		struct plan p = { 0 };

		plan_push(&p, t->down ? STEP_DOWN : STEP_UP, "lo", NULL, 0, NULL);
		rc = p.oom || plan_apply(&p, t->k, t->prog, t->verbose, NULL) ? EXIT_KERNEL : 0;
		plan_free(&p);
	}
	console(t, verb, NULL, "lo", rc == 0);
	return rc;
}

/* 1 if the directory scan refused a file named ifcfg-name (it is not gone: broken). */
static int file_refused(const struct tool *t, const char *name)
{
	for (size_t i = 0; i < t->scan.n; i++)
		if (t->scan.v[i].file && !strncmp(t->scan.v[i].file, "ifcfg-", 6) &&
		    !strcmp(t->scan.v[i].file + 6, name))
			return 1;
	return 0;
}

/* reload: a device this tool made (runstate) whose file is gone is deleted, the
 * last made first (what is stacked on another was made after it).  One it did not
 * make, one whose name now belongs to another device (ifindex), or one whose file
 * is there but broken, stays.  Returns the exit code. */
static int remove_gone(struct tool *t)
{
	struct made *m;
	size_t n = runstate_made(&m);
	int rc = 0;

	for (size_t i = n; i-- > 0;) {
		const struct klink *l = kstate_link(&t->ks, m[i].name);
		struct plan p = { 0 };
		struct step *s;
		int r = 0;

		if (netgraph_find(&t->g, m[i].name) || file_refused(t, m[i].name))
			continue;
		if (!l || l->ifindex != m[i].ifindex) {
			if (!t->dry_run)
				runstate_set_made(m[i].name, 0, NULL);	/* gone already */
			continue;
		}
		if (!(s = plan_push(&p, STEP_DELETE, m[i].name, NULL, 0,
				    "its file is gone, and ifcfg-bond made it"))) {
			rc = EXIT_KERNEL;
			continue;
		}
		s->ifindex = l->ifindex;
		if (t->dry_run) {
			dry_print(t, &p, 0);
		} else {
			r = plan_apply(&p, t->k, t->prog, t->verbose, NULL) ? EXIT_KERNEL : 0;
			if (!r)
				runstate_set_made(m[i].name, 0, NULL);
			t->applied |= !r;
			console(t, "Removing", NULL, m[i].name, r == 0);
		}
		rc = r > rc ? r : rc;
		plan_free(&p);
	}
	free(m);
	return rc;
}

/* /etc/sysconfig/network's IPV6FORWARDING and IPV6_AUTOCONF for "all" and "default",
 * before the devices, as the legacy init.ipv6-global (IPv6 forwards only with
 * all.forwarding set; default's is what a new device starts with).  Then the
 * devices' values are read again: writing all's sets every device's. */
static int global_sysctl6(struct tool *t)
{
	static const char *const which[] = { "all", "default" };
	static const int ids[] = { S6_FORWARDING, S6_ACCEPT_RA, S6_ACCEPT_REDIRECTS };
	long v[S6_COUNT];
	int line[S6_COUNT], rc = 0;
	struct plan p = { 0 };

	if (!netcfg_global_sysctl6(&t->cfg, v, line))
		return 0;
	for (size_t w = 0; w < 2; w++) {
		struct ksysctl6 cur;

		sysctl6_read(which[w], &cur);
		for (size_t i = 0; cur.have && i < sizeof(ids) / sizeof(*ids); i++) {
			struct step *s;

			if (cur.v[ids[i]] == v[ids[i]] ||
			    !(s = plan_push(&p, STEP_SYSCTL6, which[w], t->cfg.global->label, line[ids[i]],
					    "the legacy init.ipv6-global's")))
				continue;
			s->slave_opt = ids[i];
			s->slave_val = v[ids[i]];
		}
	}
	if (p.oom) {
		rc = EXIT_KERNEL;
	} else if (p.n && t->dry_run) {
		dry_print(t, &p, 0);
	} else if (p.n) {
		rc = plan_apply(&p, t->k, t->prog, t->verbose, NULL) ? EXIT_KERNEL : 0;
		/* In place: the planner's environment points at them. */
		sysctl6_read("default", &t->s6_default);
		for (size_t i = 0; i < t->ns6; i++) {
			char dev[IFNAMSIZ];

			memcpy(dev, t->s6[i].dev, sizeof(dev));
			sysctl6_read(dev, &t->s6[i]);
		}
	}
	plan_free(&p);
	return rc;
}

/* A device the service starts and stops itself, NetworkManager aside: ONBOOT, and
 * not a bond's slave (it comes up with its bond). */
static int service_device(const struct netnode *nd)
{
	return nd->dev.onboot && !netcfg_is_port_of(&nd->dev, &kind_bond);
}

/* start (not stop, not reload) while NetworkManager runs: the devices it manages
 * because their files do not say NM_CONTROLLED, in one line.  Both would configure
 * them otherwise; an admin who expects this service to must be told once. */
static void nm_warning(const struct tool *t)
{
	size_t n = 0;

	for (size_t k = 0; k < t->g.norder; k++) {
		const struct netnode *nd = &t->g.v[t->g.order[k]];

		if (!service_device(nd) || !nd->dev.nm_controlled ||
		    ifcfg_get(nd->dev.file, "NM_CONTROLLED"))
			continue;
		if (!n++)
			fprintf(stderr, "%s: warning: NetworkManager runs and manages", t->prog);
		fprintf(stderr, " %s", nd->dev.name);
	}
	if (n)
		fprintf(stderr, ", whose file%s no NM_CONTROLLED: left to it (NM_CONTROLLED=no gives a device to this service, =yes silences this)\n",
			n > 1 ? "s set" : " sets");
}

int tool_service(struct tool *t, const struct plan_env *env)
{
	const char *verb = t->down ? "Shutting down" : t->reload ? "Reloading" : "Bringing up";
	const struct netnode **ran;
	size_t nran = 0;
	char *failed;
	int nm = nm_running(), rc = 0;
	struct diags g = { 0 };
	struct conq q = { .n = t->g.norder };
	struct held *held;
	size_t nheld = 0;

	/* As the legacy service: nothing at all, LSB's "not configured". */
	if (!netcfg_networking(&t->cfg)) {
		fprintf(stderr, "%s: networking is disabled (NETWORKING=no in %s): nothing done\n",
			t->prog, t->cfg.global->label);
		return tool_finish(t, EXIT_DISABLED);
	}
	failed = calloc(t->g.n ? t->g.n : 1, 1);
	ran = calloc(t->g.n ? t->g.n : 1, sizeof(*ran));
	held = calloc(t->g.n ? t->g.n : 1, sizeof(*held));
	q.line = calloc(q.n + 1, sizeof(*q.line));
	q.set = calloc(q.n + 1, 1);
	if (!failed || !ran || !held || !q.line || !q.set) {
		free(failed);
		free(ran);
		free(held);
		free(q.line);
		free(q.set);
		fprintf(stderr, "%s: out of memory\n", t->prog);
		return tool_finish(t, EXIT_KERNEL);
	}
	/* /etc/sysconfig/network's findings, once for the whole start. */
	if (!t->down) {
		global_refused(t, &g);
		netcfg_warn_global(&t->cfg, &g, 0);
	}
	diags_print(&g, stderr, t->prog, DIAG_STYLE_TOOL);
	diags_free(&g);
	if (nm && !t->down && !t->reload)
		nm_warning(t);
	/* The waits of every device at once (resume_held). */
	t->hold = 1;
	if (!t->down)
		rc = loopback(t, verb);
	if (!t->down) {
		int r = global_sysctl6(t);

		rc = r > rc ? r : rc;
	}
	/* Before the devices: a file renamed keeps its VLAN id, which the old device
	 * still holds. */
	if (t->reload) {
		int r = remove_gone(t);

		rc = r > rc ? r : rc;
	}
	for (size_t k = 0; k < t->g.norder; k++) {
		size_t i = t->g.order[t->down ? t->g.norder - 1 - k : k];
		const struct netnode *nd = &t->g.v[i], *dep;
		const char *name = nd->dev.name[0] ? nd->dev.name : nd->dev.file->label;
		int r;

		/* NetworkManager's devices are its own while it runs. */
		if (!service_device(nd) || (nm && nd->dev.nm_controlled) ||
		    (t->down && nd->loaded && !kstate_link(&t->ks, nd->dev.name) && !rules_left(t, nd))) {
			conq_put(&q, k, NULL);
			continue;
		}
		/* One rule for what is configured and not present yet: a warning, the
		 * service goes on and does not fail; the NIC, and what needs it, come
		 * up when it appears (hotplug).  (ifup of it alone is an error: what
		 * was asked cannot be done now.) */
		if (!t->down && not_present(t, nd)) {
			say(t, LOG_WARNING, "%s: warning: not present yet: %s", name,
			    nd->dev.hotplug ? "configured when it appears (the udev rule runs ifup-bond --hotplug)"
					    : "HOTPLUG=no: ifup it once it is there");
			conq_put(&q, k, console_line(t, verb, nd, name, CON_WARNING));
			failed[i] = 2;
			continue;
		}
		if (!t->down && (dep = failed_dep(t, nd, failed)) && failed[netgraph_index(&t->g, dep)] == 2) {
			say(t, LOG_WARNING, "%s: warning: not started yet: it needs %s, which is not present yet; it comes up with it",
			    name, dep->dev.name);
			conq_put(&q, k, console_line(t, verb, nd, name, CON_WARNING));
			failed[i] = 2;
			continue;
		}
		if (!t->down && (dep = failed_dep(t, nd, failed))) {
			say(t, LOG_ERR, "%s: not started: it needs %s, which failed", name,
			    dep->dev.name[0] ? dep->dev.name : dep->dev.file->label);
			conq_put(&q, k, console_line(t, verb, nd, name, 0));
			failed[i] = 1;
			rc = rc ? rc : EXIT_CONFIG;
			continue;
		}
		/* The held waits go on meanwhile (a carrier come, a probe window
		 * begun), so that the last device's is the only one left to await.
		 * (Before a device that runs only: a bond's ports are skipped by the
		 * hundred.) */
		for (size_t j = 0; j < nheld; j++)
			if (held[j].run)
				plan_run_poll(held[j].run);
		r = service_one(t, env, nd);
		if (r != EXIT_CONFIG)
			ran[nran++] = nd;
		if (r == EXIT_HELD) {
			/* Its run waits: the next devices go on meanwhile (what is
			 * stacked on it needs the device, not what its wait is for). */
			held[nheld++] = (struct held){ .k = k, .nd = nd, .name = name, .plan = t->held,
						       .run = t->run, .at = t->held_at,
						       .lines = t->line_errors };
			t->held = NULL;
			t->run = NULL;
			continue;
		}

		conq_put(&q, k, console_line(t, verb, nd, name, r == 0));
		if (r) {
			/* A refused step, or a bad line of a side file, costs only what
			 * needs it: the devices stacked on this one still come up when it
			 * exists. */
			failed[i] = (r != EXIT_KERNEL && !t->line_errors) || t->down ||
				    !kstate_link(&t->ks, nd->dev.name);
			rc = r > rc ? r : rc;
		}
	}
	if (nheld) {
		int r = resume_held(t, held, nheld, &q, verb);

		rc = r > rc ? r : rc;
	}
	free(held);
	free(q.line);
	free(q.set);
	/* A bond port whose MASTER names no configured bond has no console line of its
	 * own (its bond's run keeps it where it is): said here, and the start fails. */
	for (size_t i = 0; !t->down && i < t->g.n; i++) {
		const struct netnode *nd = &t->g.v[i];

		struct diags d = { 0 };

		if (!nd->dev.onboot || !netcfg_is_port_of(&nd->dev, &kind_bond) || nd->controller >= 0 ||
		    (nm && nd->dev.nm_controlled))
			continue;
		check_controller(t, nd, &d);
		diags_print(&d, stderr, t->prog, DIAG_STYLE_TOOL);
		diags_free(&d);
		rc = rc ? rc : EXIT_CONFIG;
	}
	/* Devices on a cycle have no place in the order: each fails with the reason. */
	for (size_t i = 0; i < t->g.n; i++) {
		const struct netnode *nd = &t->g.v[i];
		int placed = 0;

		for (size_t k = 0; k < t->g.norder && !placed; k++)
			placed = t->g.order[k] == i;
		if (placed || !nd->dev.onboot)
			continue;
		diags_print(&nd->rel, stderr, t->prog, DIAG_STYLE_TOOL);
		console(t, verb, nd, nd->dev.name, 0);
		rc = rc ? rc : EXIT_CONFIG;
	}
	/* Once every device has run: what one did to another is in the state too. */
	if (t->applied && !t->dry_run) {
		int r = verify(t, ran, nran);

		rc = r > rc ? r : rc;
	}
	if (t->down) {
		int r = loopback(t, verb);

		rc = r > rc ? r : rc;
	}
	/* The last line, which is what systemctl status shows of a long start: the
	 * devices that failed, by name (their reasons are above, and in the log). */
	if (t->nfailed)
		say(t, LOG_ERR, "%u of %u devices failed: %s%s", t->nfailed, t->ncon, t->failed_devs,
		    t->nfailed > 16 ? " ..." : "");
	free(failed);
	free(ran);
	return tool_finish(t, rc);
}
