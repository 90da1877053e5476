/* bond_exec.c - the one executor: prints a plan as the shell lines it stands for
 * (-n) or applies it step by step, stopping at the first refusal with the kernel's
 * own words. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include "arp.h"
#include "dhcp.h"
#include "ethtool_opts.h"
#include "plan.h"
#include "resolv.h"
#include "sysctl6.h"
#include "sysfs_bond.h"

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

/* Duplicate address detection takes a second (one probe, RetransTimer) after a
 * random delay of up to one: bounded, for a link without a carrier. */
#define DAD_WAIT_S 5

static void put_step(FILE *fp, const struct step *s, const char *sep)
{
	switch (s->kind) {
	case STEP_HOOK:
		fputs(s->hook, fp);
		for (int i = 0; i < 2 && s->hook_args[i]; i++)
			fprintf(fp, " %s", s->hook_args[i]);
		break;
	case STEP_SROUTE_ADD:
	case STEP_SROUTE_REPLACE:
	case STEP_SROUTE_DEL: {
		char r[512];

		route_format(&s->route, s->dev, r, sizeof(r));
		fprintf(fp, "ip %sroute %s %s", s->route.family == AF_INET6 ? "-6 " : "",
			s->kind == STEP_SROUTE_ADD ? "add" :
			s->kind == STEP_SROUTE_REPLACE ? "replace" : "del", r);
		break;
	}
	case STEP_RULE_ADD:
	case STEP_RULE_DEL: {
		char r[512];

		rule_format(&s->rule, r, sizeof(r));
		fprintf(fp, "ip %srule %s %s", s->rule.family == AF_INET6 ? "-6 " : "",
			s->kind == STEP_RULE_ADD ? "add" : "del", r);
		break;
	}
	case STEP_RESOLV:
		/* One line: the file's lines joined. */
		fputs("write " RESOLV_CONF ":", fp);
		for (const char *l = s->text ? s->text : ""; *l;) {
			size_t n = strcspn(l, "\n");

			fprintf(fp, "%s%.*s", l == s->text ? " " : "; ", (int)n, l);
			l += n + (l[n] == '\n');
		}
		break;
	case STEP_RESOLV_RESTORE:
		fputs("mv " RESOLV_SAVE " " RESOLV_CONF, fp);
		break;
	case STEP_MODPROBE:
		fputs("modprobe bonding max_bonds=0", fp);
		break;
	case STEP_CREATE:
		fprintf(fp, "ip link add %s type bond", s->dev);
		for (int id = 0; id < BOPT_COUNT; id++)
			if ((s->mask >> id) & 1)
				put_ip_opt(fp, &s->opts, id);
		break;
	case STEP_DOWN:
	case STEP_UP:
		fprintf(fp, "ip link set dev %s %s", s->dev, s->kind == STEP_UP ? "up" : "down");
		break;
	case STEP_BOND_OPT:
		put_bond_opt(fp, s, sep);
		break;
	case STEP_MTU:
		fprintf(fp, "ip link set dev %s mtu %u", s->dev, s->mtu);
		break;
	case STEP_ARP:
		fprintf(fp, "ip link set dev %s arp %s", s->dev, s->mtu ? "on" : "off");
		break;
	case STEP_WAIT_CARRIER:
		fprintf(fp, "wait up to %u s for the carrier of %s", s->mtu, s->dev);
		break;
	case STEP_ARPCHECK:
		fprintf(fp, "arping -q -D -c 2 -w %g -I %s ", s->wait_ms / 1000.0,
			s->dev);
		put_ip4(fp, s->addr);
		break;
	case STEP_DHCP_START:
	case STEP_DHCP_STOP: {
		char buf[2048], *argv[64];

		if (s->kind == STEP_DHCP_STOP && !s->dhcp->release) {
			fprintf(fp, "kill $(cat /run/dhclient%s-%s.pid)", s->slave_opt ? "6" : "", s->dev);
			break;
		}
		if (dhcp_argv(s->hook, s->dev, s->dhcp, (s->kind == STEP_DHCP_START) | s->slave_opt, buf,
			      sizeof(buf), argv, 64)) {
			/* Too many DHCLIENTARGS words: the executor refuses it too. */
			fprintf(fp, "%s ... (too many words)", s->hook ? s->hook : "dhclient");
			break;
		}
		for (int i = 0; argv[i]; i++)
			fprintf(fp, "%s%s", i ? " " : "", argv[i]);
		break;
	}
	case STEP_ADDR6_ADD:
	case STEP_ADDR6_DEL:
	case STEP_WAIT_DAD: {
		char a[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET6, &s->addr6, a, sizeof(a));
		if (s->kind == STEP_WAIT_DAD)
			fprintf(fp, "wait up to %d s for the duplicate address detection of %s on %s", DAD_WAIT_S, a, s->dev);
		else
			fprintf(fp, "ip -6 addr %s %s/%u dev %s%s", s->kind == STEP_ADDR6_ADD ? "add" : "del", a,
				s->prefix, s->dev, s->kind == STEP_ADDR6_ADD ? " proto 4" : "");
		break;
	}
	case STEP_SYSCTL6: {
		char dev[IFNAMSIZ];

		/* sysctl's spelling: a '.' of the name is a '/'. */
		snprintf(dev, sizeof(dev), "%s", s->dev);
		for (char *c = dev; *c; c++)
			*c = *c == '.' ? '/' : *c;
		fprintf(fp, "sysctl -w net.ipv6.conf.%s.%s=%lld", dev, sysctl6_name(s->slave_opt),
			(long long)s->slave_val);
		break;
	}
	case STEP_ROUTE6_ADD:
	case STEP_ROUTE6_DEL: {
		char a[INET6_ADDRSTRLEN];

		fprintf(fp, "ip -6 route %s default", s->kind == STEP_ROUTE6_ADD ? "add" : "del");
		if (!IN6_IS_ADDR_UNSPECIFIED(&s->gw6))
			fprintf(fp, " via %s", inet_ntop(AF_INET6, &s->gw6, a, sizeof(a)));
		fprintf(fp, " dev %s", s->dev);
		if (s->metric)
			fprintf(fp, " metric %u", s->metric);
		if (s->kind == STEP_ROUTE6_ADD)
			fputs(" proto static", fp);
		break;
	}
	case STEP_ETHTOOL: {
		char buf[1024];

		ethtool_format(s->eth, (enum eth_group)s->mtu, s->dev, buf, sizeof(buf));
		fputs(buf, fp);
		break;
	}
	case STEP_ARP_ANNOUNCE:
		fprintf(fp, "arping -q -A -c 1 -I %s ", s->dev);
		put_ip4(fp, s->addr);
		fprintf(fp, "%sarping -q -U -c 1 -I %s ", sep, s->dev);
		put_ip4(fp, s->addr);
		break;
	case STEP_MAC:
		fprintf(fp, "ip link set dev %s address %02x:%02x:%02x:%02x:%02x:%02x", s->dev,
			s->mac[0], s->mac[1], s->mac[2], s->mac[3], s->mac[4], s->mac[5]);
		break;
	case STEP_RELEASE:
		fprintf(fp, "ip link set dev %s nomaster", s->dev);
		break;
	case STEP_ENSLAVE:
		fprintf(fp, "ip link set dev %s master %s", s->dev, s->master);
		break;
	case STEP_SLAVE_OPT:
		fprintf(fp, "ip link set dev %s type bond_slave %s %lld", s->dev,
			bond_slave_opt_table[s->slave_opt].name, (long long)s->slave_val);
		break;
	case STEP_ADDR_ADD:
	case STEP_ADDR_DEL:
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
		break;
	case STEP_ROUTE_ADD:
	case STEP_ROUTE_DEL:
		fprintf(fp, "ip route %s default via ", s->kind == STEP_ROUTE_ADD ? "add" : "del");
		put_ip4(fp, s->gw);
		fprintf(fp, " dev %s", s->dev);
		if (s->metric)
			fprintf(fp, " metric %u", s->metric);
		if (s->src.s_addr && s->kind == STEP_ROUTE_ADD) {
			fputs(" src ", fp);
			put_ip4(fp, s->src);
		}
		break;
	case STEP_DELETE:
		fprintf(fp, "ip link del dev %s", s->dev);
		break;
	case STEP_VLAN_CREATE:
		fprintf(fp, "ip link add link %s name %s type vlan id %u", s->master, s->dev,
			s->vlan_id);
		put_vlan_flags(fp, s);
		break;
	case STEP_VLAN_FLAGS:
		fprintf(fp, "ip link set dev %s type vlan", s->dev);
		put_vlan_flags(fp, s);
		break;
	case STEP_BR_CREATE:
		fprintf(fp, "ip link add %s type bridge", s->dev);
		put_br_opts(fp, BR_BRIDGE, s);
		break;
	case STEP_BR_OPT:
		fprintf(fp, "ip link set dev %s type bridge", s->dev);
		put_br_opts(fp, BR_BRIDGE, s);
		break;
	case STEP_BRPORT_OPT:
		fprintf(fp, "ip link set dev %s type bridge_slave", s->dev);
		put_br_opts(fp, BR_PORT, s);
		break;
	}
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
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp)
		return NULL;
	put_step(fp, s, "; ");
	fclose(fp);
	return buf;
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

/* path becomes text, whole or not at all: a temporary file in its directory, then
 * rename(); the mode of the file it replaces, 0644 for a new one. */
static int write_atomic(const char *path, const char *text, struct kerr *e)
{
	char tmp[64];
	struct stat st;
	size_t len = strlen(text);
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.ifcfg-bond.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		goto fail;
	if (fchmod(fd, stat(path, &st) ? 0644 : st.st_mode & 07777) ||
	    write(fd, text, len) != (ssize_t)len || fsync(fd)) {
		int err = errno;

		close(fd);
		unlink(tmp);
		errno = err;
		goto fail;
	}
	if (close(fd) || rename(tmp, path)) {
		int err = errno;

		unlink(tmp);
		errno = err;
		goto fail;
	}
	return 0;
fail:
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
	if (access(RESOLV_SAVE, F_OK)) {
		char *old = resolv_read(RESOLV_CONF);
		int rc = old ? write_atomic(RESOLV_SAVE, old, e) : 0;

		free(old);
		if (rc)
			return -1;
	}
	return write_atomic(RESOLV_CONF, s->text ? s->text : "", e);
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

/* How long an ARP exchange waits for the device's carrier: a bond's comes within a
 * miimon interval or two of its slaves'; without one, nothing would be heard. */
#define ARP_CARRIER_MS 1000

/* l once the device has a carrier (at most ARP_CARRIER_MS): 1, 0 without one, -1
 * with e. */
static int arp_carrier(struct knl *k, const struct step *s, struct klink *l, struct kerr *e)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	int idx = ifindex_of(k, s->dev, s->ifindex, e);

	if (idx < 0)
		return -1;
	for (int t = 0;; t += 20) {
		if (knl_get_link(k, s->dev, l, e))
			return -1;
		if (l->flags & IFF_LOWER_UP)
			return 1;
		if (t >= ARP_CARRIER_MS)
			return 0;
		nanosleep(&tick, NULL);
	}
}

/* dhclient -6 binds to the link-local address, which must have finished its
 * detection first: up to DAD_WAIT_S; then it goes on (and dhclient says). */
static int wait_link_local(struct knl *k, int idx, struct kerr *e)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };

	for (int t = 0; t <= DAD_WAIT_S * 10; t++) {
		struct kaddr6 *v;
		size_t n;
		int ready = 0;

		if (knl_addrs6(k, idx, &v, &n, e))
			return -1;
		for (size_t i = 0; i < n; i++)
			ready |= IN6_IS_ADDR_LINKLOCAL(&v[i].addr) && !(v[i].flags & IFA_F_TENTATIVE);
		free(v);
		if (ready)
			return 0;
		nanosleep(&tick, NULL);
	}
	return 0;
}

/* The address's detection over: 0; dadfailed: -1 with the kernel's verdict; still
 * tentative at the bound (no carrier, so no probe went out): a warning, 0. */
static int wait_dad(struct knl *k, int idx, const struct step *s, struct kerr *e)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, &s->addr6, a, sizeof(a));
	for (int t = 0; t <= DAD_WAIT_S * 10; t++) {
		struct kaddr6 *v;
		size_t n;
		uint32_t flags = 0;
		int found = 0;

		if (knl_addrs6(k, idx, &v, &n, e))
			return -1;
		for (size_t i = 0; i < n; i++)
			if (!memcmp(&v[i].addr, &s->addr6, 16)) {
				found = 1;
				flags = v[i].flags;
			}
		free(v);
		if (!found) {
			e->err = ENOENT;
			snprintf(e->msg, sizeof(e->msg), "%s is gone from %s", a, s->dev);
			return -1;
		}
		if (flags & IFA_F_DADFAILED) {
			e->err = EADDRINUSE;
			snprintf(e->msg, sizeof(e->msg),
				 "%s: duplicate address detection failed (dadfailed): another host on %s's link has it",
				 a, s->dev);
			return -1;
		}
		if (!(flags & IFA_F_TENTATIVE))
			return 0;
		nanosleep(&tick, NULL);
	}
	fprintf(stderr, "ifup-bond: warning: %s: %s still tentative after %d s (no carrier?): going on\n",
		s->dev, a, DAD_WAIT_S);
	return 0;
}

static int apply_one(struct knl *k, const struct step *s, struct kerr *e)
{
	int idx = 0, master;

	if (s->kind == STEP_MODPROBE)
		return sysfs_bond_load_module(e);
	if (s->kind == STEP_DHCP_START) {
		struct klink l;

		/* Its first DISCOVER would be lost without a carrier (a bond gets its
		 * own a miimon interval after it is up), and retried only seconds
		 * later. */
		if (arp_carrier(k, s, &l, e) < 0 || (s->slave_opt && wait_link_local(k, l.ifindex, e)))
			return -1;
		return dhcp_run(s->hook, s->dev, s->dhcp, 1 | s->slave_opt, e);
	}
	if (s->kind == STEP_RESOLV || s->kind == STEP_RESOLV_RESTORE)
		return apply_resolv(s, e);
	/* net.ipv6.conf.all and default are no device. */
	if (s->kind == STEP_SYSCTL6 && (!strcmp(s->dev, "all") || !strcmp(s->dev, "default")))
		return sysctl6_write(s->dev, s->slave_opt, (long)s->slave_val, e);
	/* A rule names no device of ours: nothing to look up or pin. */
	if (s->kind == STEP_RULE_ADD || s->kind == STEP_RULE_DEL)
		return knl_rule(k, s->kind == STEP_RULE_ADD, &s->rule, e);
	if (s->kind == STEP_CREATE)
		return knl_bond_create(k, s->dev, &s->opts, s->mask, e);
	if (s->kind == STEP_BR_CREATE)
		return knl_bridge_create(k, s->dev, &s->br, s->br_mask, e);
	if (s->kind == STEP_VLAN_CREATE) {
		if ((master = ifindex_of(k, s->master, s->master_ifindex, e)) < 0)
			return -1;
		return knl_vlan_create(k, s->dev, master, (uint16_t)s->vlan_id, s->vlan_flags,
				       s->vlan_mask, &s->qos, e);
	}
	if ((idx = ifindex_of(k, s->dev, s->ifindex, e)) < 0)
		return -1;
	switch (s->kind) {
	case STEP_DOWN:
	case STEP_UP:
		return knl_link_set_up(k, idx, s->kind == STEP_UP, e);
	case STEP_BOND_OPT:
		return apply_bond_opt(k, idx, s, e);
	case STEP_MTU:
		return knl_link_set_mtu(k, idx, s->mtu, e);
	case STEP_ARP:
		return knl_link_set_arp(k, idx, (int)s->mtu, e);
	case STEP_MAC:
		return knl_link_set_mac(k, idx, s->mac, e);
	case STEP_RELEASE:
		return knl_link_set_master(k, idx, 0, e);
	case STEP_ENSLAVE:
		if ((master = ifindex_of(k, s->master, s->master_ifindex, e)) < 0)
			return -1;
		return knl_link_set_master(k, idx, master, e);
	case STEP_SLAVE_OPT: {
		int64_t v[BSOPT_COUNT] = { 0 };

		v[s->slave_opt] = s->slave_val;
		return knl_slave_change(k, idx, 1u << s->slave_opt, v, e);
	}
	case STEP_ADDR_ADD:
	case STEP_ADDR_DEL:
		return knl_addr(k, s->kind == STEP_ADDR_ADD, idx, s->addr, s->prefix, s->brd, s->scope,
				s->label, e);
	case STEP_ROUTE_ADD:
	case STEP_ROUTE_DEL:
		return knl_route_default(k, s->kind == STEP_ROUTE_ADD, idx, s->gw, s->metric, s->src, e);
	case STEP_DELETE:
		return knl_link_delete(k, idx, e);
	case STEP_SROUTE_ADD:
	case STEP_SROUTE_REPLACE:
	case STEP_SROUTE_DEL: {
		struct netcfg_route r = s->route;

		/* Made by the plan: its ifindex is known now. */
		if (r.metric_ifindex) {
			r.metric += (uint32_t)idx;
			r.metric_ifindex = 0;
		}
		return knl_route(k, s->kind == STEP_SROUTE_ADD ? 'a' : s->kind == STEP_SROUTE_REPLACE ? 'r' : 'd',
				 idx, &r, e);
	}
	case STEP_ADDR6_ADD:
	case STEP_ADDR6_DEL:
		return knl_addr6(k, s->kind == STEP_ADDR6_ADD, idx, &s->addr6, s->prefix, e);
	case STEP_ROUTE6_ADD:
	case STEP_ROUTE6_DEL:
		return knl_route6_default(k, s->kind == STEP_ROUTE6_ADD, idx, &s->gw6, s->metric, e);
	case STEP_WAIT_DAD:
		return wait_dad(k, idx, s, e);
	case STEP_SYSCTL6:
		return sysctl6_write(s->dev, s->slave_opt, (long)s->slave_val, e);
	case STEP_VLAN_FLAGS:
		return knl_vlan_change(k, idx, s->vlan_flags, s->vlan_mask, &s->qos, e);
	case STEP_BR_OPT:
		return knl_bridge_change(k, idx, &s->br, s->br_mask, e);
	case STEP_BRPORT_OPT:
		return knl_brport_change(k, idx, &s->br, s->br_mask, e);
	default:
		e->err = EINVAL;
		return -1;
	}
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

/* LINKDELAY: the carrier, polled every 100 ms for up to s->mtu seconds.  No
 * carrier by then is a warning, not a failure: the legacy scripts slept and went
 * on. */
static void wait_carrier(struct knl *k, const struct step *s, const char *prog)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	struct klink l;
	struct kerr e;

	for (unsigned i = 0; i <= s->mtu * 10; i++) {
		if (!knl_get_link(k, s->dev, &l, &e) && (l.flags & IFF_LOWER_UP))
			return;
		if (i < s->mtu * 10)
			nanosleep(&tick, NULL);
	}
	fprintf(stderr, "%s: warning: %s: no carrier after %u s (LINKDELAY): going on without it\n",
		prog, s->dev, s->mtu);
}

/* The steps of kind from i on for the same device (plan_addrs_add puts them
 * together): they share one carrier wait, and ARPCHECK's probes one window. */
static size_t arp_batch(const struct plan *p, size_t i)
{
	size_t n = 1;

	while (i + n < p->n && p->v[i + n].kind == p->v[i].kind && !strcmp(p->v[i + n].dev, p->v[i].dev))
		n++;
	return n;
}

/* The n ARPCHECK or ARP_ANNOUNCE steps from i.  ARPCHECK: 0, or -1 with e and *bad
 * the step whose address another host holds (or that failed).  An announcement
 * that cannot be made is a warning (the legacy scripts ignore arping's failure). */
static int apply_arp(struct knl *k, const struct plan *p, size_t i, size_t n, const char *prog,
		     size_t *bad, struct kerr *e)
{
	const struct step *s = &p->v[i];
	struct arp_probe *v = calloc(n, sizeof(*v));
	int stated = 0, rc = -1, c;
	char a[INET_ADDRSTRLEN];
	struct klink l;

	*bad = i;
	if (!v) {
		e->err = ENOMEM;
		snprintf(e->msg, sizeof(e->msg), "ARP");
		return -1;
	}
	for (size_t j = 0; j < n; j++) {
		v[j].addr = p->v[i + j].addr;
		stated |= p->v[i + j].stated;
	}
	if ((c = arp_carrier(k, s, &l, e)) < 0)
		goto out;
	rc = 0;
	if (!c) {
		/* Nobody would hear it: the address goes on unchecked (or unannounced).
		 * Said when the file asked for the check by name. */
		if (s->kind == STEP_ARPCHECK && stated)
			fprintf(stderr, "%s: warning: %s: no carrier after %d ms: ARPCHECK of %s%s not made\n",
				prog, s->dev, ARP_CARRIER_MS, inet_ntop(AF_INET, &v[0].addr, a, sizeof(a)),
				n > 1 ? " and the others" : "");
		goto out;
	}
	if (s->kind == STEP_ARP_ANNOUNCE) {
		for (size_t j = 0; j < n; j++)
			if (arp_announce(l.ifindex, l.addr, v[j].addr, e))
				fprintf(stderr, "%s: warning: %s: ARPUPDATE of %s: %s: %s\n", prog, s->dev,
					inet_ntop(AF_INET, &v[j].addr, a, sizeof(a)), e->msg, strerror(e->err));
		goto out;
	}
	if ((rc = arp_probe(l.ifindex, l.addr, v, n, s->wait_ms, e)))
		goto out;
	for (size_t j = 0; j < n; j++) {
		const uint8_t *m = v[j].holder;
		const struct step *t = &p->v[i + j];
		char what[160];

		if (!v[j].taken)
			continue;
		snprintf(what, sizeof(what),
			 "%s is in use on %s's link: %02x:%02x:%02x:%02x:%02x:%02x answers for it (ARPCHECK)",
			 inet_ntop(AF_INET, &v[j].addr, a, sizeof(a)), s->dev, m[0], m[1], m[2], m[3],
			 m[4], m[5]);
		/* The first is the refusal; the others are said, so that all are fixed. */
		if (rc) {
			fprintf(stderr, "%s: %s:%d: %s too\n", prog, t->file, t->line, what);
			continue;
		}
		*bad = i + j;
		e->err = EADDRINUSE;
		snprintf(e->msg, sizeof(e->msg), "%s; not added", what);
		rc = -1;
	}
out:
	free(v);
	return rc;
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
	char self[24];
	int status = 0;
	pid_t pid;

	/* An ifup from the hook must not wait for the lock this run holds (tool.c). */
	snprintf(self, sizeof(self), "%ld", (long)getpid());
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		if ((s->hook_dir && chdir(s->hook_dir)) || setenv("IFCFG_BOND_LOCK_HELD", self, 1))
			_exit(126);
		execv(s->hook, argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "%s: warning: %s: cannot run it: %s\n", prog, text, strerror(errno));
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

int plan_apply(const struct plan *p, struct knl *k, const char *prog, int verbose)
{
	/* Every change is logged (facility daemon), as admins expect of network scripts. */
	openlog(prog, LOG_PID, LOG_DAEMON);
	for (size_t i = 0; i < p->n; i++) {
		const struct step *s = &p->v[i];
		struct kerr e = { 0 };
		char *text = step_text(s);
		int failed;

		if (verbose)
			printf("%s: %s\n", prog, text ? text : "?");
		if (s->kind == STEP_DHCP_START && (s->slave_opt ? !s->stated : !s->dhcp->fatal)) {
			/* IPV4_FAILURE_FATAL=no: the device stays up without a lease. */
			if (apply_one(k, s, &e))
				fprintf(stderr, "%s: warning: %s (%s: going on)\n", prog, e.msg,
					s->slave_opt ? "IPV6_FAILURE_FATAL is not yes" : "IPV4_FAILURE_FATAL=no");
			syslog(LOG_INFO, "%s", text ? text : "?");
			free(text);
			continue;
		}
		if (s->kind == STEP_SYSCTL6) {
			/* The legacy scripts ran sysctl -e and went on: said, not fatal. */
			if (apply_one(k, s, &e))
				fprintf(stderr, "%s: warning: %s: refused: %s (%s; from %s:%d); going on\n", prog,
					text ? text : "?", strerror(e.err), e.msg, s->file, s->line);
			syslog(LOG_INFO, "%s", text ? text : "?");
			free(text);
			continue;
		}
		if (s->kind == STEP_HOOK || s->kind == STEP_WAIT_CARRIER || s->kind == STEP_ETHTOOL ||
		    s->kind == STEP_DHCP_STOP) {
			syslog(LOG_INFO, "%s", text ? text : "?");
			if (s->kind == STEP_DHCP_STOP && dhcp_run(s->hook, s->dev, s->dhcp, s->slave_opt, &e))
				fprintf(stderr, "%s: warning: %s: %s%s%s; going on\n", prog, text ? text : "?",
					e.msg, e.err ? ": " : "", e.err ? strerror(e.err) : "");
			else if (s->kind == STEP_HOOK)
				run_hook(s, prog, text ? text : s->hook);
			else if (s->kind == STEP_ETHTOOL)
				apply_ethtool(k, s, prog, text ? text : "ethtool");
			else
				wait_carrier(k, s, prog);
			free(text);
			continue;
		}
		if (s->kind == STEP_ARPCHECK || s->kind == STEP_ARP_ANNOUNCE) {
			size_t n = arp_batch(p, i), bad;

			for (size_t j = 1; verbose && j < n; j++) {
				char *t = step_text(&p->v[i + j]);

				printf("%s: %s\n", prog, t ? t : "?");
				free(t);
			}
			failed = apply_arp(k, p, i, n, prog, &bad, &e) != 0;
			if (failed && bad != i) {
				i = bad;
				s = &p->v[i];
				free(text);
				text = step_text(s);
			} else if (!failed) {
				i += n - 1;
			}
		} else {
			failed = apply_one(k, s, &e) != 0;
			/* A released lease: the client's script took its address and
			 * routes already. */
			if (failed && (s->kind == STEP_ADDR_DEL || s->kind == STEP_ROUTE_DEL) &&
			    (e.err == EADDRNOTAVAIL || e.err == ESRCH) && dhcp_stopped(p, i))
				failed = 0;
		}
		if (failed) {
			const char *meaning = e.msg[0] ? NULL :
					      s->kind == STEP_BOND_OPT ? option_errno_meaning(e.err) :
					      s->kind == STEP_SLAVE_OPT ? slave_errno_meaning(e.err) : NULL;

			fprintf(stderr, "%s: step %zu of %zu refused: %s\n", prog, i + 1, p->n,
				text ? text : "?");
			syslog(LOG_ERR, "refused: %s: %s%s%s", text ? text : "?", strerror(e.err),
			       e.msg[0] ? ": " : "", e.msg);
			if (s->kind == STEP_DHCP_START)
				fprintf(stderr, "%s: %s\n", prog, e.msg);
			else if (s->kind == STEP_RESOLV || s->kind == STEP_RESOLV_RESTORE ||
			    (s->kind == STEP_ARPCHECK && e.err != EADDRINUSE))
				fprintf(stderr, "%s: %s: %s\n", prog, e.msg, strerror(e.err));
			else if (s->kind == STEP_ARPCHECK || (s->kind == STEP_WAIT_DAD && e.err == EADDRINUSE))
				fprintf(stderr, "%s: %s\n", prog, e.msg);
			else
				fprintf(stderr, "%s: kernel: %s%s%s\n", prog, strerror(e.err),
					e.msg[0] || meaning ? ": " : "",
					e.msg[0] ? e.msg : meaning ? meaning : "");
			if (s->file)
				fprintf(stderr, "%s: (from %s%s%.0d)\n", prog, s->file,
					s->line ? ":" : "", s->line);
			for (size_t j = 0; j < i; j++) {
				char *t = step_text(&p->v[j]);

				fprintf(stderr, "%s: %s %s\n", prog, j ? "            " : "already done:",
					t ? t : "?");
				free(t);
			}
			if (!i)
				fprintf(stderr, "%s: nothing was changed\n", prog);
			free(text);
			closelog();
			return -1;
		}
		syslog(LOG_INFO, "%s", text ? text : "?");
		free(text);
	}
	closelog();
	return 0;
}
