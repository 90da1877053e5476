/* exec.c - the one executor of a plan's step graph.  Each step kind is one row of
 * step_ops[]: the shell line it stands for, its apply, the earlier steps it needs
 * and what the kernel does beside it.  A plan is printed (-n) or applied in order;
 * a step the kernel refuses costs only the steps that need it, and every refusal is
 * said with the kernel's own words and the file's line. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include "arp.h"
#include "dhcp.h"
#include "ethtool_opts.h"
#include "plan.h"
#include "proc.h"
#include "resolv.h"
#include "sysctl6.h"
#include "sysfs_bond.h"
#include "waits.h"

static void put_ip4(FILE *fp, struct in_addr a)
{
	char buf[INET_ADDRSTRLEN];

	fputs(inet_ntop(AF_INET, &a, buf, sizeof(buf)), fp);
}

/* iproute2 spelling of one option value: lists comma-separated. */
static void put_value(FILE *fp, const struct bond_opts *o, enum bond_opt_id id)
{
	char buf[INET6_ADDRSTRLEN];

	switch (bond_opt_get(id)->type) {
	case BOT_IP4LIST:
		for (unsigned i = 0; i < o->n_arp_ip_target; i++) {
			fputs(i ? "," : "", fp);
			put_ip4(fp, o->arp_ip_target[i]);
		}
		break;
	case BOT_IP6LIST:
		for (unsigned i = 0; i < o->n_ns_ip6_target; i++)
			fprintf(fp, "%s%s", i ? "," : "",
				inet_ntop(AF_INET6, &o->ns_ip6_target[i], buf, sizeof(buf)));
		break;
	default: {
		char v[512];

		bond_opt_format(o, id, v, sizeof(v));
		fputs(v, fp);
	}
	}
}

/* " name value" as ip-link(8) spells it: a few names and 0/1 switches differ from
 * BONDING_OPTS. */
static void put_ip_opt(FILE *fp, const struct bond_opts *o, enum bond_opt_id id)
{
	const char *name = id == BOPT_PEER_NOTIF_DELAY ? "peer_notify_delay" : bond_opt_get(id)->name;

	fprintf(fp, " %s ", name);
	if (id == BOPT_USE_CARRIER || id == BOPT_ALL_SLAVES_ACTIVE || id == BOPT_TLB_DYNAMIC_LB)
		fprintf(fp, "%u", o->num[id]);
	else
		put_value(fp, o, id);
}

static int has_ip4(const struct bond_opts *o, struct in_addr a)
{
	for (unsigned i = 0; i < o->n_arp_ip_target; i++)
		if (o->arp_ip_target[i].s_addr == a.s_addr)
			return 1;
	return 0;
}

static int opt_id(uint64_t mask)
{
	return __builtin_ctzll(mask);
}

/* The shell equivalent of one option write: sysfs where the option has a file (one
 * address per write for targets, as the driver requires), ip otherwise. */
static void put_bond_opt(FILE *fp, const struct step *s, const char *sep)
{
	int id = opt_id(s->mask);
	const struct bond_opt *o = bond_opt_get(id);
	const char *first = "";

	if (!o->sysfs) {
		fprintf(fp, "ip link set dev %s type bond", s->dev);
		put_ip_opt(fp, &s->opts, id);
		return;
	}
	if (o->type == BOT_IP4LIST) {
		for (unsigned i = 0; i < s->before.n_arp_ip_target; i++)
			if (!has_ip4(&s->opts, s->before.arp_ip_target[i])) {
				fprintf(fp, "%secho -", first);
				put_ip4(fp, s->before.arp_ip_target[i]);
				fprintf(fp, " > /sys/class/net/%s/bonding/%s", s->dev, o->sysfs);
				first = sep;
			}
		for (unsigned i = 0; i < s->opts.n_arp_ip_target; i++)
			if (!has_ip4(&s->before, s->opts.arp_ip_target[i])) {
				fprintf(fp, "%secho +", first);
				put_ip4(fp, s->opts.arp_ip_target[i]);
				fprintf(fp, " > /sys/class/net/%s/bonding/%s", s->dev, o->sysfs);
				first = sep;
			}
		return;
	}
	fputs("echo ", fp);
	if (o->type == BOT_IFNAME && !*(id == BOPT_PRIMARY ? s->opts.primary : s->opts.active_slave))
		fputs("\"\"", fp);
	else
		put_value(fp, &s->opts, id);
	fprintf(fp, " > /sys/class/net/%s/bonding/%s", s->dev, o->sysfs);
}

/* " reorder_hdr off gvrp on ingress-qos-map 1:2" as ip-link(8) spells the VLAN flags
 * of the mask and the priority mappings. */
static void put_vlan_flags(FILE *fp, const struct step *s)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ 0x1, "reorder_hdr" }, { 0x2, "gvrp" }, { 0x4, "loose_binding" }, { 0x8, "mvrp" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (s->vlan_mask & names[i].bit)
			fprintf(fp, " %s %s", names[i].name, s->vlan_flags & names[i].bit ? "on" : "off");
	for (int dir = 0; dir < 2; dir++) {
		const struct vlan_qos_map *m = dir ? s->qos.eg : s->qos.in;
		unsigned n = dir ? s->qos.n_eg : s->qos.n_in;

		if (n)
			fprintf(fp, " %s-qos-map", dir ? "egress" : "ingress");
		for (unsigned i = 0; i < n; i++)
			fprintf(fp, " %u:%u", m[i].from, m[i].to);
	}
}

/* " name value ..." of the bridge or port rows in the step's mask. */
static void put_br_opts(FILE *fp, enum br_table t, const struct step *s)
{
	size_t n;
	const struct br_opt *rows = br_table(t, &n);

	for (size_t id = 0; id < n; id++) {
		char v[32];

		if (!((s->br_mask >> id) & 1))
			continue;
		br_opt_format(t, (int)id, s->br.v[id], v, sizeof(v));
		fprintf(fp, " %s %s", rows[id].ip, v);
	}
}


/* ---- each kind's shell line: what -n prints and the logs say ---- */

/* A word of a -n line, which is a shell line: as it is when the shell reads it so
 * (the kernel steps' words are names and numbers already checked), else quoted.
 * A file name or DHCLIENTARGS word must never be code. */
static void put_word(FILE *fp, const char *w)
{
	if (*w && strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=@%+,-") ==
		      strlen(w)) {
		fputs(w, fp);
		return;
	}
	fputc('\'', fp);
	for (; *w; w++)
		if (*w == '\'')
			fputs("'\\''", fp);
		else
			fputc(*w, fp);
	fputc('\'', fp);
}

static void text_hook(FILE *fp, const struct step *s, const char *sep)
{
	put_word(fp, s->hook);
	for (int i = 0; i < 2 && s->hook_args[i]; i++) {
		fputc(' ', fp);
		put_word(fp, s->hook_args[i]);
	}
}

static void text_sroute(FILE *fp, const struct step *s, const char *sep)
{
	char r[512];

	route_format(&s->route, s->dev, r, sizeof(r));
	fprintf(fp, "ip %sroute %s %s", s->route.family == AF_INET6 ? "-6 " : "",
		s->kind == STEP_SROUTE_ADD ? "add" : s->kind == STEP_SROUTE_REPLACE ? "replace" : "del", r);
}

static void text_rule(FILE *fp, const struct step *s, const char *sep)
{
	char r[512];

	rule_format(&s->rule, r, sizeof(r));
	fprintf(fp, "ip %srule %s %s", s->rule.family == AF_INET6 ? "-6 " : "",
		s->kind == STEP_RULE_ADD ? "add" : "del", r);
}

static void text_resolv(FILE *fp, const struct step *s, const char *sep)
{
	/* One line: the file's lines joined (as it is now: a DHCP client may write it
	 * before the step edits it). */
	if (!s->text) {
		fputs("edit " RESOLV_CONF " (" , fp);
		if (s->dns->search[0])
			fprintf(fp, "search %s%s", s->dns->search, s->dns->nns ? "; " : "");
		for (int i = 0; i < s->dns->nns; i++)
			fprintf(fp, "nameserver %s%s", s->dns->ns[i], i + 1 < s->dns->nns ? "; " : "");
		fputc(')', fp);
		return;
	}
	fputs("write " RESOLV_CONF ":", fp);
	for (const char *l = s->text ? s->text : ""; *l;) {
		size_t n = strcspn(l, "\n");

		fprintf(fp, "%s%.*s", l == s->text ? " " : "; ", (int)n, l);
		l += n + (l[n] == '\n');
	}
}

static void text_resolv_restore(FILE *fp, const struct step *s, const char *sep)
{
	fputs("mv " RESOLV_SAVE " " RESOLV_CONF, fp);
}

static void text_modprobe(FILE *fp, const struct step *s, const char *sep)
{
	fputs("modprobe bonding max_bonds=0", fp);
}

static void text_create(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "ip link add %s type bond", s->dev);
	for (int id = 0; id < BOPT_COUNT; id++)
		if ((s->mask >> id) & 1)
			put_ip_opt(fp, &s->opts, id);
}

static void text_updown(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "ip link set dev %s %s", s->dev, s->kind == STEP_UP ? "up" : "down");
}

static void text_mtu(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "ip link set dev %s mtu %u", s->dev, s->mtu);
}

static void text_arp(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "ip link set dev %s arp %s", s->dev, s->mtu ? "on" : "off");
}

/* Duplicate address detection takes a second (one probe, RetransTimer) after a
 * random delay of up to one: bounded, for a link without a carrier. */

static void text_wait_carrier(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "wait up to %u s for the carrier of %s", s->mtu, s->dev);
}

static void text_arpcheck(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "arping -q -D -c 2 -w %g -I %s ", s->wait_ms / 1000.0, s->dev);
	put_ip4(fp, s->addr);
}

static void text_dhcp(FILE *fp, const struct step *s, const char *sep)
{
	char buf[2048], *argv[64];

	if (s->kind == STEP_DHCP_STOP && !s->dhcp->release) {
		fprintf(fp, "kill $(cat /run/dhclient%s-%s.pid)", s->slave_opt ? "6" : "", s->dev);
		return;
	}
	if (dhcp_argv(s->hook, s->dev, s->dhcp, (s->kind == STEP_DHCP_START) | s->slave_opt, buf,
		      sizeof(buf), argv, 64)) {
		/* Too many DHCLIENTARGS words: the executor refuses it too. */
		fprintf(fp, "%s ... (too many words)", s->hook ? s->hook : "dhclient");
		return;
	}
	for (int i = 0; argv[i]; i++) {
		if (i)
			fputc(' ', fp);
		put_word(fp, argv[i]);
	}
}

static void text_addr6(FILE *fp, const struct step *s, const char *sep)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, &s->addr6, a, sizeof(a));
	if (s->kind == STEP_WAIT_DAD)
		fprintf(fp, "wait up to %d s for the duplicate address detection of %s on %s", DAD_WAIT_S, a, s->dev);
	else
		fprintf(fp, "ip -6 addr %s %s/%u dev %s%s", s->kind == STEP_ADDR6_ADD ? "add" : "del", a,
			s->prefix, s->dev, s->kind == STEP_ADDR6_ADD ? " proto 4" : "");
}

static void text_sysctl6(FILE *fp, const struct step *s, const char *sep)
{
	char dev[IFNAMSIZ];

	/* sysctl's spelling: a '.' of the name is a '/'. */
	snprintf(dev, sizeof(dev), "%s", s->dev);
	for (char *c = dev; *c; c++)
		*c = *c == '.' ? '/' : *c;
	fprintf(fp, "sysctl -w net.ipv6.conf.%s.%s=%lld", dev, sysctl6_name(s->slave_opt),
		(long long)s->slave_val);
}

static void text_route6(FILE *fp, const struct step *s, const char *sep)
{
	char a[INET6_ADDRSTRLEN];

	fprintf(fp, "ip -6 route %s default", s->kind == STEP_ROUTE6_ADD ? "add" : "del");
	if (!IN6_IS_ADDR_UNSPECIFIED(&s->gw6))
		fprintf(fp, " via %s", inet_ntop(AF_INET6, &s->gw6, a, sizeof(a)));
	fprintf(fp, " dev %s", s->dev);
	if (s->metric)
		fprintf(fp, " metric %u", s->metric);
	if (s->kind == STEP_ROUTE6_ADD)
		fputs(" proto static", fp);
}

static void text_ethtool(FILE *fp, const struct step *s, const char *sep)
{
	char buf[1024];

	ethtool_format(s->eth, (enum eth_group)s->mtu, s->dev, buf, sizeof(buf));
	fputs(buf, fp);
}

static void text_announce(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "arping -q -A -c 1 -I %s ", s->dev);
	put_ip4(fp, s->addr);
	fprintf(fp, "%sarping -q -U -c 1 -I %s ", sep, s->dev);
	put_ip4(fp, s->addr);
}

static void text_mac(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "ip link set dev %s address %02x:%02x:%02x:%02x:%02x:%02x", s->dev,
		s->mac[0], s->mac[1], s->mac[2], s->mac[3], s->mac[4], s->mac[5]);
}

static void text_release(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "ip link set dev %s nomaster", s->dev);
}

static void text_enslave(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "ip link set dev %s master %s", s->dev, s->master);
}

static void text_slave_opt(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "ip link set dev %s type bond_slave %s %lld", s->dev,
		bond_slave_opt_table[s->slave_opt].name, (long long)s->slave_val);
}

static void text_addr(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "ip addr %s ", s->kind == STEP_ADDR_ADD ? "add" : "del");
	put_ip4(fp, s->addr);
	fprintf(fp, "/%u", s->prefix);
	if (s->brd.s_addr && s->kind == STEP_ADDR_ADD) {
		fputs(" brd ", fp);
		put_ip4(fp, s->brd);
	}
	fprintf(fp, " dev %s", s->dev);
	if (s->kind == STEP_ADDR_ADD && s->label[0])
		fprintf(fp, " label %s", s->label);
	if (s->kind == STEP_ADDR_ADD && s->scope)
		fprintf(fp, " scope %s", s->scope == RT_SCOPE_HOST ? "host" :
			s->scope == RT_SCOPE_LINK ? "link" : s->scope == RT_SCOPE_SITE ? "site" : "?");
}

static void text_route(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "ip route %s default via ", s->kind == STEP_ROUTE_ADD ? "add" : "del");
	put_ip4(fp, s->gw);
	fprintf(fp, " dev %s", s->dev);
	if (s->metric)
		fprintf(fp, " metric %u", s->metric);
	if (s->src.s_addr && s->kind == STEP_ROUTE_ADD) {
		fputs(" src ", fp);
		put_ip4(fp, s->src);
	}
}

static void text_delete(FILE *fp, const struct step *s, const char *sep)
{
	fprintf(fp, "ip link del dev %s", s->dev);
}

static void text_vlan(FILE *fp, const struct step *s, const char *sep)
{
	if (s->kind == STEP_VLAN_CREATE)
		fprintf(fp, "ip link add link %s name %s type vlan id %u", s->master, s->dev,
			s->vlan_id);
	else
		fprintf(fp, "ip link set dev %s type vlan", s->dev);
	put_vlan_flags(fp, s);
}

static void text_bridge(FILE *fp, const struct step *s, const char *sep)
{
	if (s->kind == STEP_BRPORT_OPT) {
		fprintf(fp, "ip link set dev %s type bridge_slave", s->dev);
		put_br_opts(fp, BR_PORT, s);
		return;
	}
	if (s->kind == STEP_BR_CREATE)
		fprintf(fp, "ip link add %s type bridge", s->dev);
	else
		fprintf(fp, "ip link set dev %s type bridge", s->dev);
	put_br_opts(fp, BR_BRIDGE, s);
}
/* name's ifindex now; pinned (not 0) is the one the plan read, and a device that
 * no longer holds the name is refused rather than another one addressed. */
static int ifindex_of(struct knl *k, const char *name, int pinned, struct kerr *e)
{
	struct klink l;

	if (knl_get_link(k, name, &l, e)) {
		if (pinned && e->err == ENODEV)
			snprintf(e->msg, sizeof(e->msg),
				 "%s (ifindex %d when read) was renamed or removed during the run",
				 name, pinned);
		return -1;
	}
	if (pinned && l.ifindex != pinned) {
		e->err = ESTALE;
		snprintf(e->msg, sizeof(e->msg),
			 "%s is another device than the one read (ifindex %d when read, %d now): "
			 "renamed during the run; not touched", name, pinned, l.ifindex);
		return -1;
	}
	return l.ifindex;
}

int plan_ifindex(struct knl *k, const char *name, int pinned, struct kerr *e)
{
	return ifindex_of(k, name, pinned, e);
}

static int write_atomic(const char *path, const char *text, struct kerr *e)
{
	if (!resolv_write(path, text, RESOLV_CONF))
		return 0;
	e->err = errno;
	snprintf(e->msg, sizeof(e->msg), "%s", path);
	return -1;
}

/* The legacy ifup-post: the old file saved once (ifdown of the device puts it
 * back), then the new one. */
static int apply_resolv(const struct step *s, struct kerr *e)
{
	if (s->kind == STEP_RESOLV_RESTORE) {
		if (rename(RESOLV_SAVE, RESOLV_CONF)) {
			e->err = errno;
			snprintf(e->msg, sizeof(e->msg), "%s", RESOLV_SAVE);
			return -1;
		}
		return 0;
	}
	char *cur = resolv_read(RESOLV_CONF), *text = s->text;
	int rc = 0;

	/* After a DHCP client: its file, with the device's keys. */
	if (s->dns) {
		if (!cur && errno != ENOENT) {
			e->err = errno;
			snprintf(e->msg, sizeof(e->msg), "%s", RESOLV_CONF);
			return -1;
		}
		if (!(text = resolv_update(cur ? cur : "", s->dns))) {
			free(cur);
			return 0;	/* it already says it */
		}
	}
	/* The save only from a file read whole: an empty or partial one would be
	 * put back by ifdown. */
	if ((s->saved || cur) && access(RESOLV_SAVE, F_OK))
		rc = write_atomic(RESOLV_SAVE, s->saved ? s->saved : cur, e);
	free(cur);
	if (!rc)
		rc = write_atomic(RESOLV_CONF, text ? text : "", e);
	if (text != s->text)
		free(text);
	return rc;
}

static int apply_bond_opt(struct knl *k, int ifindex, const struct step *s, struct kerr *e)
{
	struct bond_opts o = s->opts;
	int id = opt_id(s->mask);

	if (bond_opt_get(id)->type == BOT_IFNAME) {
		const char *name = id == BOPT_PRIMARY ? o.primary : o.active_slave;
		int idx = 0;

		if (*name && (idx = ifindex_of(k, name, 0, e)) < 0)
			return -1;
		o.num[id] = (uint32_t)idx;
	}
	return knl_bond_change(k, ifindex, &o, s->mask, e);
}

/* What an errno means for a bond option when the kernel sent no text of its own
 * (older kernels, sysfs): bond_opt_check_deps() and the per-option setters. */
static const char *option_errno_meaning(int err)
{
	switch (err) {
	case EACCES:
		return "the option is not supported in the bond's mode";
	case ENOTEMPTY:
		return "the bond has slaves";
	case EBUSY:
		return "the bond is up";
	case EPERM:
		return "refused in the bond's current state (e.g. delays need miimon)";
	case ENODEV:
		return "no such interface";
	default:
		return NULL;
	}
}

/* The same for per-slave options (bond_option_queue_id_set() and friends). */
static const char *slave_errno_meaning(int err)
{
	switch (err) {
	case EPERM:
	case EINVAL:
		return "the value is out of range for this bond (queue_id: at most the bond's "
		       "number of transmit queues, 16 unless tx_queues says otherwise, and unique "
		       "among its slaves)";
	case EACCES:
		return "the option is not supported in the bond's mode";
	default:
		return NULL;
	}
}

/* One ETHTOOL_OPTS group: the legacy scripts ran ethtool and went on whatever it
 * said, and a NIC setting the driver refuses must not keep the network down, so a
 * refusal is a warning with the kernel's words. */
static void apply_ethtool(struct knl *k, const struct step *s, const char *prog, const char *text)
{
	struct kerr e = { 0 };
	int idx;

	if (s->eth->delay_us) {
		struct timespec t = { s->eth->delay_us / 1000000, (long)(s->eth->delay_us % 1000000) * 1000 };

		nanosleep(&t, NULL);
	}
	if ((idx = ifindex_of(k, s->dev, s->ifindex, &e)) >= 0 &&
	    !knl_ethtool_set(k, idx, (int)s->mtu, s->eth, &e))
		return;
	fprintf(stderr, "%s: warning: %s: refused: %s%s%s (from %s:%d); going on\n", prog, text,
		strerror(e.err), e.msg[0] ? ": " : "", e.msg, s->file, s->line);
	syslog(LOG_WARNING, "refused: %s: %s%s%s", text, strerror(e.err), e.msg[0] ? ": " : "", e.msg);
}

/* A local hook, as the legacy scripts run it: in the configuration directory, with
 * our stdin, stdout and stderr.  Its failure is said, never fatal (the legacy
 * scripts ignore it).  No shell: the hook is executed as it is. */
static void run_hook(const struct step *s, const char *prog, const char *text)
{
	char *argv[4] = { (char *)s->hook, (char *)s->hook_args[0], (char *)s->hook_args[1], NULL };
	unsigned limit = proc_timeout("IFCFG_BOND_HOOK_TIMEOUT", PROC_HOOK_TIMEOUT);
	char held[48];
	int status = 0, r;
	pid_t self = getpid(), pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		/* An ifup run by the hook must not wait for the lock this run holds, but
		 * only while the hook runs: "RUN:HOOK", both its ancestors (tool.c); a
		 * job the hook leaves behind is not the hook's any longer. */
		snprintf(held, sizeof(held), "%ld:%ld", (long)self, (long)getpid());
		if ((s->hook_dir && chdir(s->hook_dir)) || setenv("IFCFG_BOND_LOCK_HELD", held, 1))
			_exit(126);
		execv(s->hook, argv);
		_exit(127);
	}
	if (pid < 0 || (r = proc_wait(pid, limit, &status)) < 0) {
		fprintf(stderr, "%s: warning: %s: cannot run it: %s\n", prog, text, strerror(errno));
		return;
	}
	/* The run holds the lock while it waits: a hook that hangs is stopped. */
	if (r == 1) {
		fprintf(stderr, "%s: warning: %s: killed after %u s (IFCFG_BOND_HOOK_TIMEOUT; a local hook: not fatal)\n",
			prog, text, limit);
		syslog(LOG_WARNING, "%s: killed after %u s", text, limit);
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	if (WIFEXITED(status))
		fprintf(stderr, "%s: warning: %s: exit status %d (a local hook: not fatal)\n", prog,
			text, WEXITSTATUS(status));
	else
		fprintf(stderr, "%s: warning: %s: killed by signal %d (a local hook: not fatal)\n",
			prog, text, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	syslog(LOG_WARNING, "%s: failed (status %d)", text, status);
}

/* 1 if a step before i stopped the DHCP client of step i's device. */
static int dhcp_stopped(const struct plan *p, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (p->v[j].kind == STEP_DHCP_STOP && !strcmp(p->v[j].dev, p->v[i].dev))
			return 1;
	return 0;
}


/* ---- applying one step ---- */

static char *step_text(const struct step *s);

struct exec {
	const struct plan *p;
	struct knl *k;
	const char *prog;
	unsigned char *state;		/* enum step_state, per step */
	size_t *cause;			/* SKIPPED: the step it needed that was not applied */
};

/* The step's device now, by the ifindex the plan read. */
static int dev_index(struct exec *x, const struct step *s, struct kerr *e)
{
	return ifindex_of(x->k, s->dev, s->ifindex, e);
}

static int apply_modprobe(struct exec *x, size_t i, struct kerr *e)
{
	return sysfs_bond_load_module(e);
}

static int apply_create(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];

	return knl_bond_create(x->k, s->dev, &s->opts, s->mask, e);
}

static int apply_br_create(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];

	return knl_bridge_create(x->k, s->dev, &s->br, s->br_mask, e);
}

static int apply_vlan_create(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];
	int lower = ifindex_of(x->k, s->master, s->master_ifindex, e);

	return lower < 0 ? -1 : knl_vlan_create(x->k, s->dev, lower, (uint16_t)s->vlan_id, s->vlan_flags,
						 s->vlan_mask, &s->qos, e);
}

/* The rows that set one thing of an existing device. */
static int apply_link(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];
	int idx = dev_index(x, s, e), master;

	if (idx < 0)
		return -1;
	switch (s->kind) {
	case STEP_DOWN:
	case STEP_UP:
		return knl_link_set_up(x->k, idx, s->kind == STEP_UP, e);
	case STEP_BOND_OPT:
		return apply_bond_opt(x->k, idx, s, e);
	case STEP_MTU:
		return knl_link_set_mtu(x->k, idx, s->mtu, e);
	case STEP_ARP:
		return knl_link_set_arp(x->k, idx, (int)s->mtu, e);
	case STEP_MAC:
		return knl_link_set_mac(x->k, idx, s->mac, e);
	case STEP_RELEASE:
		return knl_link_set_master(x->k, idx, 0, e);
	case STEP_ENSLAVE:
		if ((master = ifindex_of(x->k, s->master, s->master_ifindex, e)) < 0)
			return -1;
		return knl_link_set_master(x->k, idx, master, e);
	case STEP_SLAVE_OPT: {
		int64_t v[BSOPT_COUNT] = { 0 };

		v[s->slave_opt] = s->slave_val;
		return knl_slave_change(x->k, idx, 1u << s->slave_opt, v, e);
	}
	case STEP_DELETE:
		return knl_link_delete(x->k, idx, e);
	case STEP_VLAN_FLAGS:
		return knl_vlan_change(x->k, idx, s->vlan_flags, s->vlan_mask, &s->qos, e);
	case STEP_BR_OPT:
		return knl_bridge_change(x->k, idx, &s->br, s->br_mask, e);
	case STEP_BRPORT_OPT:
		return knl_brport_change(x->k, idx, &s->br, s->br_mask, e);
	default:
		e->err = EINVAL;
		return -1;
	}
}

/* A deletion the kernel finds nothing to delete for, after the device's DHCP
 * client was stopped: its release took the address and routes already. */
static int released_already(struct exec *x, size_t i, const struct kerr *e)
{
	return (e->err == EADDRNOTAVAIL || e->err == ESRCH) && dhcp_stopped(x->p, i);
}

static int apply_addr(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];
	int idx = dev_index(x, s, e);

	if (idx < 0)
		return -1;
	if (!knl_addr(x->k, s->kind == STEP_ADDR_ADD, idx, s->addr, s->prefix, s->brd, s->scope, s->label, e))
		return 0;
	return s->kind == STEP_ADDR_DEL && released_already(x, i, e) ? 0 : -1;
}

static int apply_route(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];
	int idx = dev_index(x, s, e);

	if (idx < 0)
		return -1;
	if (!knl_route_default(x->k, s->kind == STEP_ROUTE_ADD, idx, s->gw, s->metric, s->src, e))
		return 0;
	return s->kind == STEP_ROUTE_DEL && released_already(x, i, e) ? 0 : -1;
}

static int apply_sroute(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];
	struct netcfg_route r = s->route;
	int idx = dev_index(x, s, e);

	if (idx < 0)
		return -1;
	/* Made by the plan: its ifindex is known now. */
	if (r.metric_ifindex) {
		r.metric += (uint32_t)idx;
		r.metric_ifindex = 0;
	}
	return knl_route(x->k, s->kind == STEP_SROUTE_ADD ? 'a' : s->kind == STEP_SROUTE_REPLACE ? 'r' : 'd',
			 idx, &r, e);
}

static int apply_addr6(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];
	int idx = dev_index(x, s, e);

	return idx < 0 ? -1 : knl_addr6(x->k, s->kind == STEP_ADDR6_ADD, idx, &s->addr6, s->prefix, e);
}

static int apply_route6(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];
	int idx = dev_index(x, s, e);

	return idx < 0 ? -1 : knl_route6_default(x->k, s->kind == STEP_ROUTE6_ADD, idx, &s->gw6, s->metric, e);
}

/* A rule names no device of ours: nothing to look up or pin. */
static int apply_rule(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];

	return knl_rule(x->k, s->kind == STEP_RULE_ADD, &s->rule, e);
}

static int apply_resolv_row(struct exec *x, size_t i, struct kerr *e)
{
	return apply_resolv(&x->p->v[i], e);
}

/* The legacy scripts ran sysctl -e and went on: said, not fatal.  net.ipv6.conf.all
 * and default are no device. */
static int apply_sysctl6(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];

	if (sysctl6_write(s->dev, s->slave_opt, (long)s->slave_val, e)) {
		char *text = step_text(s);

		fprintf(stderr, "%s: warning: %s: refused: %s (%s; from %s:%d); going on\n", x->prog,
			text ? text : "?", strerror(e->err), e->msg, s->file, s->line);
		free(text);
	}
	return 0;
}

static int apply_dhcp_stop(struct exec *x, size_t i, struct kerr *e)
{
	const struct step *s = &x->p->v[i];

	if (dhcp_run(s->hook, s->dev, s->dhcp, s->slave_opt, e)) {
		char *text = step_text(s);

		fprintf(stderr, "%s: warning: %s: %s%s%s; going on\n", x->prog, text ? text : "?",
			e->msg, e->err ? ": " : "", e->err ? strerror(e->err) : "");
		free(text);
	}
	return 0;
}

static int apply_hook(struct exec *x, size_t i, struct kerr *e)
{
	char *text = step_text(&x->p->v[i]);

	run_hook(&x->p->v[i], x->prog, text ? text : x->p->v[i].hook);
	free(text);
	return 0;
}

static int apply_ethtool_row(struct exec *x, size_t i, struct kerr *e)
{
	char *text = step_text(&x->p->v[i]);

	apply_ethtool(x->k, &x->p->v[i], x->prog, text ? text : "ethtool");
	free(text);
	return 0;
}

/* ---- how a refusal is said: the kernel's words, or the step's own ---- */

static void say_kernel(const char *prog, const struct step *s, const struct kerr *e)
{
	const char *meaning = e->msg[0] ? NULL :
			      s->kind == STEP_BOND_OPT ? option_errno_meaning(e->err) :
			      s->kind == STEP_SLAVE_OPT ? slave_errno_meaning(e->err) : NULL;

	fprintf(stderr, "%s: kernel: %s%s%s\n", prog, strerror(e->err), e->msg[0] || meaning ? ": " : "",
		e->msg[0] ? e->msg : meaning ? meaning : "");
}

/* Our own finding, whole in the message (no lease, another host's address). */
static void say_own(const char *prog, const struct step *s, const struct kerr *e)
{
	if ((s->kind == STEP_ARPCHECK || s->kind == STEP_WAIT_DAD) && e->err != EADDRINUSE) {
		if (s->kind == STEP_WAIT_DAD)
			say_kernel(prog, s, e);
		else
			fprintf(stderr, "%s: %s: %s\n", prog, e->msg, strerror(e->err));
		return;
	}
	fprintf(stderr, "%s: %s\n", prog, e->msg);
}

/* A file: its path with the error. */
static void say_path(const char *prog, const struct step *s, const struct kerr *e)
{
	fprintf(stderr, "%s: %s: %s\n", prog, e->msg, strerror(e->err));
}

/* ---- what a step needs: the earlier steps without which it cannot be made ---- */

struct needs {
	size_t v[PLAN_MAX_NEEDS];
	size_t n;
};

static void need(struct needs *d, long j)
{
	if (j < 0 || d->n == PLAN_MAX_NEEDS)
		return;
	for (size_t k = 0; k < d->n; k++)
		if (d->v[k] == (size_t)j)
			return;
	d->v[d->n++] = (size_t)j;
}

static int creates_dev(const struct step *s)
{
	return s->kind == STEP_CREATE || s->kind == STEP_BR_CREATE || s->kind == STEP_VLAN_CREATE;
}

/* The last step before i of kind for dev (any kind: kind < 0), or -1. */
static long last(const struct plan *p, size_t i, int kind, const char *dev)
{
	while (i-- > 0)
		if ((kind < 0 ? creates_dev(&p->v[i]) : p->v[i].kind == (enum step_kind)kind) &&
		    (!dev || !strcmp(p->v[i].dev, dev)))
			return (long)i;
	return -1;
}

/* The step that makes dev, when the plan makes it. */
static long creator(const struct plan *p, size_t i, const char *dev)
{
	return last(p, i, -1, dev);
}

/* The step that brings dev up (or makes it). */
static long up_of(const struct plan *p, size_t i, const char *dev)
{
	long j = last(p, i, STEP_UP, dev);

	return j >= 0 ? j : creator(p, i, dev);
}

/* The step before i that puts gw on dev's link: an address of its subnet, or a
 * route without a gateway that covers it (a route-DEV host route); -1 when the
 * plan adds none (it is on the link already, or the kernel refuses). */
static long reach(const struct plan *p, size_t i, const char *dev, int family, const union netcfg_ip *gw)
{
	while (i-- > 0) {
		const struct step *s = &p->v[i];
		union netcfg_ip a;

		if (strcmp(s->dev, dev))
			continue;
		if (family == AF_INET && s->kind == STEP_ADDR_ADD) {
			a.v4 = s->addr;
			if (ip_covers(AF_INET, &a, s->prefix, gw))
				return (long)i;
		}
		if (family == AF_INET6 && s->kind == STEP_ADDR6_ADD) {
			a.v6 = s->addr6;
			if (ip_covers(AF_INET6, &a, s->prefix, gw))
				return (long)i;
		}
		if ((s->kind == STEP_SROUTE_ADD || s->kind == STEP_SROUTE_REPLACE) &&
		    s->route.family == family && route_reaches(&s->route, gw))
			return (long)i;
	}
	return -1;
}

/* The step before i that gives the host the source address src (any device): an
 * IPv6 one once its detection is over. */
static long local(const struct plan *p, size_t i, int family, const union netcfg_ip *src)
{
	while (i-- > 0) {
		const struct step *s = &p->v[i];

		if (family == AF_INET && s->kind == STEP_ADDR_ADD && s->addr.s_addr == src->v4.s_addr)
			return (long)i;
		if (family == AF_INET6 && (s->kind == STEP_WAIT_DAD || s->kind == STEP_ADDR6_ADD) &&
		    !memcmp(&s->addr6, &src->v6, 16))
			return (long)i;
	}
	return -1;
}

/* The step before i of kind for the same device and address. */
static long same_addr(const struct plan *p, size_t i, enum step_kind kind)
{
	const struct step *s = &p->v[i];

	while (i-- > 0) {
		const struct step *t = &p->v[i];

		if (t->kind == kind && !strcmp(t->dev, s->dev) &&
		    (kind == STEP_ADDR6_ADD ? !memcmp(&t->addr6, &s->addr6, 16) : t->addr.s_addr == s->addr.s_addr))
			return (long)i;
	}
	return -1;
}

/* Most steps need only their device to exist. */
static void needs_dev(struct needs *d, const struct plan *p, size_t i)
{
	need(d, creator(p, i, p->v[i].dev));
}

static void needs_up(struct needs *d, const struct plan *p, size_t i)
{
	need(d, up_of(p, i, p->v[i].dev));
}

static void needs_create(struct needs *d, const struct plan *p, size_t i)
{
	need(d, last(p, i, STEP_MODPROBE, NULL));
}

static void needs_lower(struct needs *d, const struct plan *p, size_t i)
{
	need(d, creator(p, i, p->v[i].master));
}

/* A VLAN's MTU above its lower device's needs the lower's own MTU first (master
 * names the lower device on a VLAN's MTU step). */
static void needs_mtu(struct needs *d, const struct plan *p, size_t i)
{
	needs_dev(d, p, i);
	if (p->v[i].master[0])
		need(d, last(p, i, STEP_MTU, p->v[i].master));
}

static void needs_enslave(struct needs *d, const struct plan *p, size_t i)
{
	needs_dev(d, p, i);
	need(d, creator(p, i, p->v[i].master));
}

/* A port option needs the port in its controller. */
static void needs_port(struct needs *d, const struct plan *p, size_t i)
{
	long j = last(p, i, STEP_ENSLAVE, p->v[i].dev);

	need(d, j >= 0 ? j : creator(p, i, p->v[i].dev));
}

static void needs_addr(struct needs *d, const struct plan *p, size_t i)
{
	needs_dev(d, p, i);
	need(d, same_addr(p, i, STEP_ARPCHECK));
}

static void needs_announce(struct needs *d, const struct plan *p, size_t i)
{
	need(d, same_addr(p, i, STEP_ADDR_ADD));
}

static void needs_dad(struct needs *d, const struct plan *p, size_t i)
{
	need(d, same_addr(p, i, STEP_ADDR6_ADD));
}

/* A route needs its device up, its gateway on the link and its source address. */
static void needs_route(struct needs *d, const struct plan *p, size_t i)
{
	const struct step *s = &p->v[i];
	union netcfg_ip ip;

	needs_up(d, p, i);
	switch (s->kind) {
	case STEP_ROUTE_ADD:
		ip.v4 = s->gw;
		need(d, reach(p, i, s->dev, AF_INET, &ip));
		if (s->src.s_addr) {
			ip.v4 = s->src;
			need(d, local(p, i, AF_INET, &ip));
		}
		break;
	case STEP_ROUTE6_ADD:
		ip.v6 = s->gw6;
		if (!IN6_IS_ADDR_LINKLOCAL(&s->gw6) && !IN6_IS_ADDR_UNSPECIFIED(&s->gw6))
			need(d, reach(p, i, s->dev, AF_INET6, &ip));
		break;
	default:
		if (s->route.has_gw && !(s->route.family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&s->route.gw.v6)))
			need(d, reach(p, i, s->dev, s->route.family, &s->route.gw));
		if (s->route.has_src)
			need(d, local(p, i, s->route.family, &s->route.src));
	}
}

/* ---- what the kernel does beside a step, without a word ---- */

static void view_del(struct kstate *v, size_t i)
{
	struct kaddr a = v->addrs[i];

	memmove(&v->addrs[i], &v->addrs[i + 1], (v->naddrs - i - 1) * sizeof(*v->addrs));
	v->naddrs--;
	kstate_addr_gone(v, a.ifindex, a.addr);
}

/* A primary address takes its subnet's secondaries unless promote_secondaries
 * (__inet_del_ifa); every address the routes that use it, the last one all the
 * device's IPv4 routes (kstate_addr_gone). */
static void kernel_addr_del(const struct step *s, const struct klink *l, int promote_all,
			    struct kstate *view)
{
	union netcfg_ip net, sec;
	struct kaddr pri;
	size_t i;

	for (i = 0; i < view->naddrs; i++)
		if (view->addrs[i].ifindex == l->ifindex && view->addrs[i].addr.s_addr == s->addr.s_addr &&
		    view->addrs[i].prefix == s->prefix)
			break;
	if (i == view->naddrs)
		return;
	pri = view->addrs[i];
	net.v4 = pri.addr;
	if (!(pri.flags & IFA_F_SECONDARY) && !promote_all && !l->promote_secondaries) {
		for (size_t k = view->naddrs; k-- > 0;) {
			sec.v4 = view->addrs[k].addr;
			if (view->addrs[k].ifindex == l->ifindex && (view->addrs[k].flags & IFA_F_SECONDARY) &&
			    view->addrs[k].prefix == pri.prefix && ip_covers(AF_INET, &net, pri.prefix, &sec))
				view_del(view, k);
		}
		for (i = 0; view->addrs[i].addr.s_addr != pri.addr.s_addr || view->addrs[i].ifindex != pri.ifindex; i++)
			;
	}
	view_del(view, i);
}

/* ---- what the kernel has where a step would still be needed (verification) ---- */

/* The device's attribute that step s sets, and the kernel's value of it in ks. */
static void seen_link(const struct step *s, const struct kstate *ks, char *attr, char *val,
		      size_t len)
{
	const struct klink *l = kstate_link(ks, s->dev), *m;

	snprintf(attr, len, "state");
	if (!l) {
		snprintf(val, len, "absent");
		return;
	}
	switch (s->kind) {
	case STEP_MTU:
		snprintf(attr, len, "MTU");
		snprintf(val, len, "%u", l->mtu);
		break;
	case STEP_MAC:
		snprintf(attr, len, "MAC address");
		snprintf(val, len, "%02x:%02x:%02x:%02x:%02x:%02x", l->addr[0], l->addr[1], l->addr[2],
			 l->addr[3], l->addr[4], l->addr[5]);
		break;
	case STEP_ARP:
		snprintf(attr, len, "ARP");
		snprintf(val, len, "%s", l->flags & IFF_NOARP ? "off" : "on");
		break;
	case STEP_UP:
	case STEP_DOWN:
		snprintf(val, len, "%s", l->flags & IFF_UP ? "up" : "down");
		break;
	case STEP_ENSLAVE:
	case STEP_RELEASE:
		m = kstate_link_by_index(ks, l->master);
		snprintf(attr, len, "master");
		snprintf(val, len, "%s", m ? m->name : "none");
		break;
	case STEP_BOND_OPT:
		snprintf(attr, len, "%s", bond_opt_get(opt_id(s->mask))->name);
		if (l->has_bond)
			bond_opt_format(&l->bond, opt_id(s->mask), val, len);
		else
			snprintf(val, len, "not a bond");
		break;
	case STEP_SLAVE_OPT:
		snprintf(attr, len, "%s", bond_slave_opt_table[s->slave_opt].name);
		if (l->has_slave && ((l->slave.has >> s->slave_opt) & 1))
			snprintf(val, len, "%lld", (long long)l->slave.opt[s->slave_opt]);
		else
			snprintf(val, len, "unknown");
		break;
	case STEP_DELETE:
		snprintf(val, len, "present (kind %s)", l->kind[0] ? l->kind : "none");
		break;
	case STEP_CREATE:
	case STEP_BR_CREATE:
	case STEP_VLAN_CREATE:
		snprintf(attr, len, "kind");
		snprintf(val, len, "%s", l->kind[0] ? l->kind : "none");
		break;
	default:
		snprintf(attr, len, "settings");
		snprintf(val, len, "others");
	}
}

/* What an address, route or rule step would add (or delete) is not (or still) in
 * the kernel. */
static void seen_object(const struct step *s, const struct kstate *ks, char *attr, char *val,
			size_t len)
{
	int add = s->kind == STEP_ADDR_ADD || s->kind == STEP_ADDR6_ADD || s->kind == STEP_ROUTE_ADD ||
		  s->kind == STEP_ROUTE6_ADD || s->kind == STEP_SROUTE_ADD || s->kind == STEP_RULE_ADD;
	int addr = s->kind == STEP_ADDR_ADD || s->kind == STEP_ADDR_DEL || s->kind == STEP_ADDR6_ADD ||
		   s->kind == STEP_ADDR6_DEL;

	char a[INET6_ADDRSTRLEN];

	if (s->kind == STEP_ADDR_ADD || s->kind == STEP_ADDR_DEL)
		snprintf(attr, len, "address %s/%u", inet_ntop(AF_INET, &s->addr, a, sizeof(a)), s->prefix);
	else if (addr)
		snprintf(attr, len, "address %s/%u", inet_ntop(AF_INET6, &s->addr6, a, sizeof(a)), s->prefix);
	else
		snprintf(attr, len, "%s", s->kind == STEP_RULE_ADD || s->kind == STEP_RULE_DEL ? "the rule" : "the route");
	snprintf(val, len, "%s", s->kind == STEP_SROUTE_REPLACE ? "another of this key" : add ? "absent" : "present");
}

/* ---- the rows ---- */

enum {
	OPS_WAIT = 1,		/* it waits (waits.c): applied through a pwait */
	OPS_BATCH = 2,		/* a device's consecutive ones are one wait (one ARP
				 * exchange: plan_addrs_add puts them together) */
	OPS_HOLD = 4,		/* it always lasts (a window, a client): -n shows it
				 * among the waits the service makes at once; the
				 * service holds any wait that does not end at once
				 * (plan_run_go) */
};

struct step_ops {
	/* The shell line it stands for; sep joins the lines of one step. */
	void (*text)(FILE *fp, const struct step *s, const char *sep);
	/* Applies step i: 0, or -1 with e (a refusal).  What the legacy scripts
	 * only warned about is said here and is no refusal. */
	int (*apply)(struct exec *x, size_t i, struct kerr *e);
	/* The earlier steps it cannot be made without. */
	void (*needs)(struct needs *d, const struct plan *p, size_t i);
	/* How a refusal is said after its step. */
	void (*say)(const char *prog, const struct step *s, const struct kerr *e);
	/* What the kernel does beside it to the state (plan_view), or NULL. */
	void (*kernel_does)(const struct step *s, const struct klink *l, int promote_all,
			    struct kstate *view);
	/* The kernel's value of what it sets, when a run is verified; NULL for what a
	 * run does not verify (a wait, a probe, a hook, a DHCP client, and what the
	 * legacy scripts only warned about: ETHTOOL_OPTS, the IPv6 sysctls). */
	void (*observed)(const struct step *s, const struct kstate *ks, char *attr, char *val,
			 size_t len);
	unsigned flags;
};

#define LINK .apply = apply_link, .say = say_kernel, .observed = seen_link
static const struct step_ops step_ops[] = {
	[STEP_MODPROBE] = { .text = text_modprobe, .apply = apply_modprobe, .say = say_kernel },
	[STEP_CREATE] = { .text = text_create, .apply = apply_create, .needs = needs_create,
			  .say = say_kernel, .observed = seen_link },
	[STEP_DOWN] = { .text = text_updown, .needs = needs_dev, LINK },
	[STEP_BOND_OPT] = { .text = put_bond_opt, .needs = needs_dev, LINK },
	[STEP_MTU] = { .text = text_mtu, .needs = needs_mtu, LINK },
	[STEP_MAC] = { .text = text_mac, .needs = needs_dev, LINK },
	[STEP_ARP] = { .text = text_arp, .needs = needs_dev, LINK },
	[STEP_WAIT_CARRIER] = { .text = text_wait_carrier, .needs = needs_up, .say = say_kernel,
				.flags = OPS_WAIT | OPS_HOLD },
	[STEP_RELEASE] = { .text = text_release, .needs = needs_dev, LINK },
	[STEP_ENSLAVE] = { .text = text_enslave, .needs = needs_enslave, LINK },
	[STEP_SLAVE_OPT] = { .text = text_slave_opt, .needs = needs_port, LINK },
	[STEP_ADDR_DEL] = { .text = text_addr, .apply = apply_addr, .needs = needs_dev, .say = say_kernel,
			    .kernel_does = kernel_addr_del, .observed = seen_object },
	[STEP_ADDR_ADD] = { .text = text_addr, .apply = apply_addr, .needs = needs_addr, .say = say_kernel,
			    .observed = seen_object },
	[STEP_UP] = { .text = text_updown, .needs = needs_dev, LINK },
	[STEP_ROUTE_DEL] = { .text = text_route, .apply = apply_route, .needs = needs_dev, .say = say_kernel,
			     .observed = seen_object },
	[STEP_ROUTE_ADD] = { .text = text_route, .apply = apply_route, .needs = needs_route,
			     .say = say_kernel, .observed = seen_object },
	[STEP_DELETE] = { .text = text_delete, .needs = needs_dev, LINK },
	[STEP_VLAN_CREATE] = { .text = text_vlan, .apply = apply_vlan_create, .needs = needs_lower,
			       .say = say_kernel, .observed = seen_link },
	[STEP_VLAN_FLAGS] = { .text = text_vlan, .needs = needs_dev, LINK },
	[STEP_BR_CREATE] = { .text = text_bridge, .apply = apply_br_create, .say = say_kernel,
			     .observed = seen_link },
	[STEP_BR_OPT] = { .text = text_bridge, .needs = needs_dev, LINK },
	[STEP_BRPORT_OPT] = { .text = text_bridge, .needs = needs_port, LINK },
	[STEP_HOOK] = { .text = text_hook, .apply = apply_hook, .say = say_kernel },
	[STEP_SROUTE_ADD] = { .text = text_sroute, .apply = apply_sroute, .needs = needs_route,
			      .say = say_kernel, .observed = seen_object },
	[STEP_SROUTE_REPLACE] = { .text = text_sroute, .apply = apply_sroute, .needs = needs_route,
				  .say = say_kernel, .observed = seen_object },
	[STEP_SROUTE_DEL] = { .text = text_sroute, .apply = apply_sroute, .needs = needs_dev,
			      .say = say_kernel, .observed = seen_object },
	[STEP_RULE_ADD] = { .text = text_rule, .apply = apply_rule, .say = say_kernel,
			    .observed = seen_object },
	[STEP_RULE_DEL] = { .text = text_rule, .apply = apply_rule, .say = say_kernel,
			    .observed = seen_object },
	[STEP_RESOLV] = { .text = text_resolv, .apply = apply_resolv_row, .say = say_path },
	[STEP_RESOLV_RESTORE] = { .text = text_resolv_restore, .apply = apply_resolv_row, .say = say_path },
	[STEP_ARPCHECK] = { .text = text_arpcheck, .needs = needs_up, .say = say_own,
			    .flags = OPS_WAIT | OPS_BATCH | OPS_HOLD },
	[STEP_ARP_ANNOUNCE] = { .text = text_announce, .needs = needs_announce, .say = say_own,
				.flags = OPS_WAIT | OPS_BATCH },
	[STEP_DHCP_START] = { .text = text_dhcp, .needs = needs_up, .say = say_own,
			      .flags = OPS_WAIT | OPS_HOLD },
	[STEP_DHCP_STOP] = { .text = text_dhcp, .apply = apply_dhcp_stop, .say = say_own },
	[STEP_ADDR6_ADD] = { .text = text_addr6, .apply = apply_addr6, .needs = needs_dev, .say = say_kernel,
			     .observed = seen_object },
	[STEP_ADDR6_DEL] = { .text = text_addr6, .apply = apply_addr6, .needs = needs_dev, .say = say_kernel,
			     .observed = seen_object },
	[STEP_ROUTE6_ADD] = { .text = text_route6, .apply = apply_route6, .needs = needs_route,
			      .say = say_kernel, .observed = seen_object },
	[STEP_ROUTE6_DEL] = { .text = text_route6, .apply = apply_route6, .needs = needs_dev,
			      .say = say_kernel, .observed = seen_object },
	[STEP_WAIT_DAD] = { .text = text_addr6, .needs = needs_dad, .say = say_own,
			    .flags = OPS_WAIT | OPS_HOLD },
	[STEP_SYSCTL6] = { .text = text_sysctl6, .apply = apply_sysctl6, .needs = needs_dev,
			   .say = say_kernel },
	[STEP_ETHTOOL] = { .text = text_ethtool, .apply = apply_ethtool_row, .needs = needs_dev,
			   .say = say_kernel },
};
#undef LINK

_Static_assert(sizeof(step_ops) / sizeof(*step_ops) == STEP_ETHTOOL + 1, "a row per step kind");

static void put_step(FILE *fp, const struct step *s, const char *sep)
{
	step_ops[s->kind].text(fp, s, sep);
}

static void put_origin(FILE *fp, const struct step *s)
{
	if (!s->file && !s->why)
		return;
	fputs("\t# ", fp);
	if (s->file && s->line)
		fprintf(fp, "%s:%d", s->file, s->line);
	else if (s->file)
		fputs(s->file, fp);
	if (s->why)
		fprintf(fp, "%s%s", s->file ? ": " : "", s->why);
}

/* Step s printed as plan_print does (line: 1, with its provenance) or as one line
 * joined with "; ", malloc'd; NULL out of memory. */
static char *step_string(const struct step *s, int line)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return NULL;
	put_step(fp, s, line ? "\n" : "; ");
	if (line) {
		put_origin(fp, s);
		fputc('\n', fp);
	}
	fclose(fp);
	return buf;
}

char *plan_step_line(const struct step *s)
{
	return step_string(s, 1);
}

void plan_print(const struct plan *p, FILE *fp)
{
	for (size_t i = 0; i < p->n; i++) {
		put_step(fp, &p->v[i], "\n");
		put_origin(fp, &p->v[i]);
		fputc('\n', fp);
	}
}

static char *step_text(const struct step *s)
{
	return step_string(s, 0);
}

char *plan_step_text(const struct step *s)
{
	return step_text(s);
}

int plan_step_observed(const struct step *s, const struct kstate *ks, char *attr, char *val, size_t len)
{
	if (!step_ops[s->kind].observed)
		return 0;
	step_ops[s->kind].observed(s, ks, attr, val, len);
	return 1;
}

size_t plan_needs(const struct plan *p, size_t i, size_t out[PLAN_MAX_NEEDS])
{
	struct needs d = { .n = 0 };

	if (step_ops[p->v[i].kind].needs)
		step_ops[p->v[i].kind].needs(&d, p, i);
	memcpy(out, d.v, d.n * sizeof(*out));
	return d.n;
}

const struct kstate *plan_view(const struct plan *p, size_t start, const struct klink *l,
			       const struct kstate *have, int promote_all, struct kstate *view)
{
	int any = 0;

	memset(view, 0, sizeof(*view));
	for (size_t j = start; l && j < p->n && !any; j++)
		any = step_ops[p->v[j].kind].kernel_does && !strcmp(p->v[j].dev, l->name);
	if (!any)
		return have;
	*view = *have;
	view->addrs = malloc((have->naddrs + 1) * sizeof(*view->addrs));
	view->routes = malloc((have->nroutes + 1) * sizeof(*view->routes));
	view->fib = malloc((have->nfib + 1) * sizeof(*view->fib));
	if (!view->addrs || !view->routes || !view->fib) {
		plan_view_free(view);
		return NULL;
	}
	/* (An empty array may be NULL, which memcpy must not be given.) */
	if (have->naddrs)
		memcpy(view->addrs, have->addrs, have->naddrs * sizeof(*view->addrs));
	if (have->nroutes)
		memcpy(view->routes, have->routes, have->nroutes * sizeof(*view->routes));
	if (have->nfib)
		memcpy(view->fib, have->fib, have->nfib * sizeof(*view->fib));
	for (size_t j = start; j < p->n; j++)
		if (step_ops[p->v[j].kind].kernel_does && !strcmp(p->v[j].dev, l->name))
			step_ops[p->v[j].kind].kernel_does(&p->v[j], l, promote_all, view);
	return view;
}

void plan_view_free(struct kstate *view)
{
	free(view->addrs);
	free(view->routes);
	free(view->fib);
	view->addrs = NULL;
	view->routes = NULL;
	view->fib = NULL;
}

/* ---- the executor ---- */

/* The step j of x's plan that i needs and that was not applied, or -1. */
static long blocked(const struct exec *x, size_t i)
{
	size_t v[PLAN_MAX_NEEDS], n = plan_needs(x->p, i, v);

	for (size_t k = 0; k < n; k++)
		if (x->state[v[k]] == STEP_REFUSED || x->state[v[k]] == STEP_SKIPPED)
			return (long)v[k];
	return -1;
}

static void refused(struct exec *x, size_t i, const struct kerr *e)
{
	const struct step *s = &x->p->v[i];
	char *text = step_text(s);

	x->state[i] = STEP_REFUSED;
	if (s->file)
		fprintf(stderr, "%s: %s%s%.0d: refused: %s\n", x->prog, s->file, s->line ? ":" : "", s->line,
			text ? text : "?");
	else
		fprintf(stderr, "%s: refused: %s\n", x->prog, text ? text : "?");
	step_ops[s->kind].say(x->prog, s, e);
	syslog(LOG_ERR, "refused: %s: %s%s%s%s%s%.0d", text ? text : "?", strerror(e->err),
	       e->msg[0] ? ": " : "", e->msg, s->file ? " (from " : "", s->file ? s->file : "", s->line);
	free(text);
}

size_t plan_wait_batch(const struct plan *p, size_t i)
{
	size_t n = 1;

	if (!(step_ops[p->v[i].kind].flags & OPS_WAIT))
		return 0;
	while ((step_ops[p->v[i].kind].flags & OPS_BATCH) && i + n < p->n &&
	       p->v[i + n].kind == p->v[i].kind && !strcmp(p->v[i + n].dev, p->v[i].dev))
		n++;
	return n;
}

int plan_step_holds(const struct step *s)
{
	return (step_ops[s->kind].flags & OPS_HOLD) != 0;
}

struct plan_run {
	struct exec x;
	int verbose;
	size_t next;			/* the first step not looked at yet */
	struct pwait w;			/* the wait it is at ... */
	int waiting;			/* ... while this is set */
};

struct plan_run *plan_run_new(const struct plan *p, struct knl *k, const char *prog, int verbose)
{
	struct plan_run *r = calloc(1, sizeof(*r));

	if (r) {
		r->x = (struct exec){ .p = p, .k = k, .prog = prog };
		r->x.state = calloc(p->n + 1, 1);
		r->x.cause = calloc(p->n + 1, sizeof(*r->x.cause));
		r->verbose = verbose;
		r->w.fd = -1;
	}
	if (!r || !r->x.state || !r->x.cause) {
		fprintf(stderr, "%s: out of memory; nothing was changed\n", prog);
		if (r) {
			free(r->x.state);
			free(r->x.cause);
		}
		free(r);
		return NULL;
	}
	/* Every change is logged (facility daemon), as admins expect of network scripts;
	 * the log stays open for what the run says after (its verification). */
	openlog(prog, LOG_PID, LOG_DAEMON);
	return r;
}

/* The wait is over: each of its steps done or refused. */
static void wait_over(struct plan_run *r)
{
	struct exec *x = &r->x;
	const char *line = r->w.said;

	while (line && *line) {
		size_t n = strcspn(line, "\n");

		fprintf(stderr, "%s: %.*s\n", x->prog, (int)n, line);
		line += n + (line[n] != '\0');
	}
	for (size_t j = 0; j < r->w.n; j++) {
		size_t i = r->w.i + j;

		if (r->w.err[j].err) {
			refused(x, i, &r->w.err[j]);
		} else {
			char *text = step_text(&x->p->v[i]);

			x->state[i] = STEP_DONE;
			syslog(LOG_INFO, "%s", text ? text : "?");
			free(text);
		}
	}
	r->next = r->w.i + r->w.n;
	pwait_free(&r->w);
	r->waiting = 0;
}

/* Steps i .. i+n-1, one wait, started: 0, or -1 when none of them can be made
 * (refused). */
static int wait_begin(struct plan_run *r, size_t i, size_t n)
{
	struct kerr e = { 0 };

	for (size_t j = 0; r->verbose && j < n; j++) {
		char *t = step_text(&r->x.p->v[i + j]);

		printf("%s: %s\n", r->x.prog, t ? t : "?");
		free(t);
	}
	if (pwait_start(&r->w, r->x.k, r->x.p, i, n, r->x.prog, &e)) {
		for (size_t j = i; j < i + n; j++)
			refused(&r->x, j, &e);
		r->next = i + n;
		return -1;
	}
	r->waiting = 1;
	return 0;
}

int plan_run_poll(struct plan_run *r)
{
	return r->waiting && pwait_poll(&r->w, r->x.k);
}

void plan_runs_sleep(struct plan_run *const *v, size_t n)
{
	struct pwait *w[256];
	size_t m = 0;

	for (size_t i = 0; i < n && m < sizeof(w) / sizeof(*w); i++)
		if (v[i]->waiting)
			w[m++] = &v[i]->w;
	pwait_sleep(w, m);
}

/* The wait r is at, awaited here, and its steps recorded. */
static void wait_through(struct plan_run *r)
{
	struct plan_run *self = r;

	while (plan_run_poll(r))
		plan_runs_sleep(&self, 1);
	wait_over(r);
}

int plan_run_go(struct plan_run *r, int hold)
{
	const struct plan *p = r->x.p;
	struct exec *x = &r->x;

	if (r->waiting)
		wait_through(r);
	while (r->next < p->n) {
		size_t i = r->next;
		const struct step *s = &p->v[i];
		const struct step_ops *o = &step_ops[s->kind];
		long b = blocked(x, i);
		struct kerr e = { 0 };
		char *text, attr[64], val[128], was[220];

		if (x->state[i]) {
			r->next++;
			continue;
		}
		if (b >= 0) {
			x->state[i] = STEP_SKIPPED;
			x->cause[i] = (size_t)b;
			r->next++;
			continue;
		}
		if (o->flags & OPS_WAIT) {
			if (wait_begin(r, i, plan_wait_batch(p, i)))
				continue;
			/* Polled once at once, so that the probes go out now; held if
			 * that did not end it.  Not only the waits that always last: an
			 * announcement on a bridge awaits the port that a later
			 * device's run adds. */
			if (hold && plan_run_poll(r))
				return 1;
			wait_through(r);
			continue;
		}
		text = step_text(s);
		/* The value it replaces, for the log: the kernel's before the step. */
		was[0] = '\0';
		if (knl_tracked(x->k) && plan_step_observed(s, knl_tracked(x->k), attr, val, sizeof(val)))
			snprintf(was, sizeof(was), " (was: %s %s)", attr, val);
		if (r->verbose)
			printf("%s: %s\n", x->prog, text ? text : "?");
		if (o->apply(x, i, &e)) {
			refused(x, i, &e);
		} else {
			x->state[i] = STEP_DONE;
			syslog(LOG_INFO, "%s%s", text ? text : "?", was);
		}
		free(text);
		r->next++;
	}
	return 0;
}

int plan_run_end(struct plan_run *r, unsigned char **state)
{
	const struct plan *p = r->x.p;
	struct exec *x = &r->x;
	size_t nref = 0, nskip = 0;

	if (r->waiting)
		plan_run_go(r, 0);	/* a caller that gives up still ends the wait */
	/* What was not applied because of a refusal, each with what it needed. */
	for (size_t i = 0; i < p->n; i++) {
		const struct step *s = &p->v[i];
		char *text, *need;

		nref += x->state[i] == STEP_REFUSED;
		if (x->state[i] != STEP_SKIPPED)
			continue;
		nskip++;
		text = step_text(s);
		need = step_text(&p->v[x->cause[i]]);
		if (s->file)
			fprintf(stderr, "%s: %s%s%.0d: not applied: %s (it needs %s, which was %s)\n", x->prog,
				s->file, s->line ? ":" : "", s->line, text ? text : "?", need ? need : "?",
				x->state[x->cause[i]] == STEP_REFUSED ? "refused" : "not applied");
		else
			fprintf(stderr, "%s: not applied: %s (it needs %s, which was %s)\n", x->prog,
				text ? text : "?", need ? need : "?",
				x->state[x->cause[i]] == STEP_REFUSED ? "refused" : "not applied");
		syslog(LOG_ERR, "not applied: %s", text ? text : "?");
		free(text);
		free(need);
	}
	if (nref)
		fprintf(stderr, "%s: %zu of %zu steps applied; %zu refused%s%.0zu%s\n", x->prog,
			p->n - nref - nskip, p->n, nref, nskip ? ", " : "", nskip,
			nskip ? " not applied because of it" : "");
	free(x->cause);
	if (state)
		*state = x->state;
	else
		free(x->state);
	free(r);
	return nref ? -1 : 0;
}

int plan_apply(const struct plan *p, struct knl *k, const char *prog, int verbose,
	       unsigned char **state)
{
	struct plan_run *r = plan_run_new(p, k, prog, verbose);

	if (!r)
		return -1;
	plan_run_go(r, 0);
	return plan_run_end(r, state);
}
