/* plan.c - the generic differ: which kind plans a command, and the steps every kind
 * shares (link settings, addresses, default route), each compared with the kernel's
 * state so that a second run sends nothing. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include "dhcp.h"
#include "plan.h"

struct step *plan_push(struct plan *p, enum step_kind kind, const char *dev, const char *file,
		       int line, const char *why)
{
	struct step *s;

	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		struct step *v = realloc(p->v, cap * sizeof(*v));

		if (!v) {
			p->oom = 1;
			return NULL;
		}
		p->v = v;
		p->cap = cap;
	}
	s = &p->v[p->n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	snprintf(s->dev, sizeof(s->dev), "%s", dev);
	s->file = file;
	s->line = line;
	s->why = why;
	return s;
}

struct step *plan_push_front(struct plan *p, enum step_kind kind, const char *dev,
			     const char *file, int line, const char *why)
{
	struct step tmp;

	if (!plan_push(p, kind, dev, file, line, why))
		return NULL;
	tmp = p->v[p->n - 1];
	memmove(p->v + 1, p->v, (p->n - 1) * sizeof(*p->v));
	p->v[0] = tmp;
	return &p->v[0];
}

static const struct keth *eth_of(const struct plan_env *env, const struct klink *l)
{
	for (size_t i = 0; l && env && i < env->neth; i++)
		if (env->eth[i].ifindex == l->ifindex)
			return &env->eth[i];
	return NULL;
}

static const char *const group_name[ETH_NGROUPS] = {
	"offload features", "ring sizes", "channels", "link settings",
};

/* The features of w that x does not hold; a fixed one is said. */
static void diff_features(struct plan_ctx *c, const struct netcfg_dev *want, const struct keth *x,
			  struct netcfg_ethtool *out)
{
	const struct netcfg_ethtool *w = &want->ethtool;

	for (size_t i = 0; i < w->nfeat; i++) {
		size_t j;

		for (j = 0; x && j < x->nfeat && strcmp(x->feat[j].name, w->feat[i].name); j++)
			;
		if (!x) {
			out->feat[out->nfeat++] = w->feat[i];
		} else if (j == x->nfeat) {
			/* Not listed: off and fixed, or no feature of this kernel. */
			if (w->feat[i].on && !w->feat[i].word)
				diag_add(c->d, DIAG_WARNING, want->file->label, w->line,
					 "ETHTOOL_OPTS: -K %s on: %s has no such feature it can change; not applied",
					 w->feat[i].name, want->name);
		} else if (!x->feat[j].hw) {
			/* Fixed: an alias's members often are (tx-checksum-fcoe-crc); said
			 * only for a feature named as it is. */
			if (x->feat[j].active != w->feat[i].on && !w->feat[i].word)
				diag_add(c->d, DIAG_WARNING, want->file->label, w->line,
					 "ETHTOOL_OPTS: -K %s %s: fixed %s on %s (the driver cannot change it); not applied",
					 w->feat[i].name, w->feat[i].on ? "on" : "off",
					 x->feat[j].active ? "on" : "off", want->name);
		} else if (x->feat[j].wanted != w->feat[i].on) {
			out->feat[out->nfeat++] = w->feat[i];
		}
	}
}

void plan_ethtool(struct plan_ctx *c, const struct netcfg_dev *want, const struct klink *l)
{
	const struct netcfg_ethtool *w = &want->ethtool;
	const struct keth *x = eth_of(c->env, l);
	uint32_t delay = w->delay_us;

	for (int g = 0; g < ETH_NGROUPS; g++) {
		struct netcfg_ethtool *d;
		struct step *s;
		int any;

		if (!((w->groups >> g) & 1))
			continue;
		if (x && !((x->have >> g) & 1)) {
			diag_add(c->d, DIAG_WARNING, want->file->label, w->line,
				 "ETHTOOL_OPTS: %s cannot report its %s (%s): not applied", want->name,
				 group_name[g], strerror(x->err[g] ? x->err[g] : EOPNOTSUPP));
			continue;
		}
		if (l && !x)
			continue;	/* no ethtool state read: said by the tool */
		if (!(d = calloc(1, sizeof(*d)))) {
			c->p->oom = 1;
			return;
		}
		d->duplex = d->autoneg = -1;
		d->line = w->line;
		if (g == ETH_FEATURES) {
			diff_features(c, want, x, d);
			any = d->nfeat > 0;
		} else if (g == ETH_RINGS || g == ETH_CHANNELS) {
			int r = g == ETH_RINGS;

			for (int i = 0; i < 4; i++) {
				if (!(((r ? w->ring_has : w->ch_has) >> i) & 1) ||
				    (x && (r ? x->ring[i] : x->ch[i]) == (r ? w->ring[i] : w->ch[i])))
					continue;
				*(r ? &d->ring_has : &d->ch_has) |= 1u << i;
				*(r ? &d->ring[i] : &d->ch[i]) = r ? w->ring[i] : w->ch[i];
			}
			any = (r ? d->ring_has : d->ch_has) != 0;
		} else {
			/* Forced speed and duplex count only with autoneg off: with it on,
			 * the kernel reports what was negotiated. */
			int forced = w->autoneg == 0 || (x && x->autoneg == 0 && w->autoneg < 0);

			if (w->has_speed && (!x || (forced && x->speed != w->speed))) {
				d->has_speed = 1;
				d->speed = w->speed;
			}
			if (w->duplex >= 0 && (!x || (forced && x->duplex != w->duplex)))
				d->duplex = w->duplex;
			if (w->autoneg >= 0 && (!x || x->autoneg != w->autoneg))
				d->autoneg = w->autoneg;
			if (w->has_wol && x && !x->has_wol)
				diag_add(c->d, DIAG_WARNING, want->file->label, w->line,
					 "ETHTOOL_OPTS: -s wol: %s has no wake-on-LAN; not applied", want->name);
			else if (w->has_wol && (!x || x->wol != w->wol)) {
				d->has_wol = 1;
				d->wol = w->wol;
			}
			any = d->has_speed || d->duplex >= 0 || d->autoneg >= 0 || d->has_wol;
		}
		if (!any || !(s = plan_push(c->p, STEP_ETHTOOL, want->name, want->file->label, w->line,
					    NULL))) {
			free(d);
			continue;
		}
		d->delay_us = delay;	/* ETHTOOL_DELAY: before the first command */
		delay = 0;
		s->eth = d;
		s->mtu = (uint32_t)g;
	}
}

/* 1 if a step of kind for name is in p from start on. */
static int has_step(const struct plan *p, size_t start, enum step_kind kind, const char *name)
{
	for (size_t i = start; i < p->n; i++)
		if (p->v[i].kind == kind && !strcmp(p->v[i].dev, name))
			return 1;
	return 0;
}

/* 1: a is on l with the same prefix; 2: it is, but its duplicate address
 * detection failed. */
static int has_addr6(const struct kstate *have, const struct klink *l, const struct netcfg_addr6 *a)
{
	for (size_t i = 0; l && i < have->naddrs6; i++)
		if (have->addrs6[i].ifindex == l->ifindex && have->addrs6[i].prefix == a->prefix &&
		    !memcmp(&have->addrs6[i].addr, &a->addr, 16))
			return have->addrs6[i].flags & IFA_F_DADFAILED ? 2 : 1;
	return 0;
}

/* 1 if a route6 file of want states r (a default route of the main table). */
static int file_has_default6(const struct netcfg_dev *want, const struct kroute6 *r)
{
	for (size_t i = 0; i < want->routes.n; i++) {
		const struct netcfg_route *w = &want->routes.v[i];

		if (w->family == AF_INET6 && !w->dst_len && w->table == RT_TABLE_MAIN &&
		    w->metric == r->metric && (w->has_gw ? !memcmp(&w->gw.v6, &r->gw, 16) :
					       IN6_IS_ADDR_UNSPECIFIED(&r->gw)))
			return 1;
	}
	return 0;
}

static int wanted_gw6(const struct netcfg_dev *want)
{
	return want->ip6.init && want->ip6.has_gw && want->ip6.defroute && !netcfg_is_port(want);
}

void plan_sysctl6(struct plan_ctx *c, const struct netcfg_dev *want, int after_up)
{
	const struct ksysctl6 *cur = c->env->s6_default;
	int mtu_reset;

	if (!want->ip6.init || netcfg_is_port(want))
		return;
	for (size_t i = 0; i < c->env->ns6; i++)
		if (!strcmp(c->env->s6[i].dev, want->name))
			cur = &c->env->s6[i];
	if (!cur || !cur->have)
		return;			/* no IPv6 here (disabled, or no such device yet) */
	/* The kernel sets a device's IPv6 MTU from its link MTU as it is made and
	 * whenever that changes: neither default's nor the value read then holds. */
	mtu_reset = cur == c->env->s6_default || has_step(c->p, 0, STEP_MTU, want->name);
	for (int id = 0; id < S6_COUNT; id++) {
		struct step *s;

		if ((id == S6_MTU) != !!after_up)
			continue;
		if (id == S6_ADDR_GEN_MODE && want->ip6.sysctl[id] == 2 && cur->v[id] != 2 && !cur->secret &&
		    !(c->env->s6_default && c->env->s6_default->secret)) {
			diag_add(c->d, DIAG_WARNING, want->file->label, want->ip6.sysctl_line[id],
				 "IPV6_ADDR_GEN_MODE=stable-privacy: no net.ipv6.conf.%s.stable_secret (nor default's), without which the kernel refuses it; not applied",
				 want->name);
			continue;
		}
		if (want->ip6.sysctl[id] < 0 ||
		    (cur->v[id] == want->ip6.sysctl[id] && !(id == S6_MTU && mtu_reset)) ||
		    !(s = plan_push(c->p, STEP_SYSCTL6, want->name, want->file->label,
				    want->ip6.sysctl_line[id],
				    want->ip6.sysctl_line[id] ? NULL : "the legacy ifup-ipv6's value")))
			continue;
		s->slave_opt = id;
		s->slave_val = want->ip6.sysctl[id];
	}
}

void plan_addrs6(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		 const struct kstate *have)
{
	const struct netcfg_ip6 *x = &want->ip6;

	for (size_t i = 0; l && i < have->nroutes6; i++) {
		const struct kroute6 *r = &have->routes6[i];
		struct step *s;

		if (r->ifindex != l->ifindex || r->proto != ROUTE_PROTO_OURS ||
		    (wanted_gw6(want) && !memcmp(&r->gw, &x->gw, 16)) || file_has_default6(want, r))
			continue;
		if ((s = plan_push(p, STEP_ROUTE6_DEL, want->name, x->gw_file ? x->gw_file : want->file->label, x->gw_line,
				   "ours, and not in the configuration"))) {
			s->gw6 = r->gw;
			s->metric = r->metric;
		}
	}
	for (size_t i = have->naddrs6; l && i-- > 0;) {
		const struct kaddr6 *a = &have->addrs6[i];
		int keep = 0;
		struct step *s;

		if (a->ifindex != l->ifindex || a->proto != ROUTE_PROTO_OURS)
			continue;
		for (size_t j = 0; x->init && j < x->naddrs; j++)
			keep |= a->prefix == x->addrs[j].prefix && !memcmp(&a->addr, &x->addrs[j].addr, 16);
		if (keep || !(s = plan_push(p, STEP_ADDR6_DEL, want->name, want->file->label, 0,
					    "ours, and not in the configuration")))
			continue;
		s->addr6 = a->addr;
		s->prefix = a->prefix;
	}
}

/* IPV6_DEFAULTGW's route, unless the kernel has it. */
static void plan_route6_default(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
				const struct kstate *have)
{
	const struct netcfg_ip6 *x = &want->ip6;
	int present = 0;
	struct step *s;

	for (size_t i = 0; l && i < have->nroutes6; i++)
		present |= have->routes6[i].ifindex == l->ifindex && !memcmp(&have->routes6[i].gw, &x->gw, 16);
	if (wanted_gw6(want) && !present &&
	    (s = plan_push(p, STEP_ROUTE6_ADD, want->name, x->gw_file ? x->gw_file : want->file->label,
			   x->gw_line, NULL)))
		s->gw6 = x->gw;
}

/* late: IPV6_DEFAULTGW's route is not planned here (its gateway is on the link only
 * through a route6-DEV route, which comes after the detection). */
static void addrs6_add(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		       const struct kstate *have, int late)
{
	const struct netcfg_ip6 *x = &want->ip6;
	size_t first = p->n;
	struct step *s;

	if (!x->init || netcfg_is_port(want))
		return;
	for (size_t j = 0; j < x->naddrs; j++) {
		int has = has_addr6(have, l, &x->addrs[j]);

		/* The address with another prefix length, not marked ours (a kernel
		 * without IFA_PROTO, before 5.18, or added by hand): IPv6 keys an
		 * address by itself, so the file's would be EEXIST.  Ours went in
		 * plan_addrs6. */
		for (size_t i = 0; l && !has && i < have->naddrs6; i++) {
			const struct kaddr6 *a = &have->addrs6[i];

			if (a->ifindex == l->ifindex && a->proto != ROUTE_PROTO_OURS &&
			    !memcmp(&a->addr, &x->addrs[j].addr, 16) &&
			    (s = plan_push(p, STEP_ADDR6_DEL, want->name, want->file->label, x->addrs[j].line,
					   "the file gives it another prefix length"))) {
				s->addr6 = a->addr;
				s->prefix = a->prefix;
			}
		}

		/* The kernel keeps a dadfailed address, unusable, and never runs the
		 * detection again: only a new address does. */
		if (has == 2 &&
		    (s = plan_push(p, STEP_ADDR6_DEL, want->name, want->file->label, x->addrs[j].line,
				   "its duplicate address detection failed: it is tried again"))) {
			s->addr6 = x->addrs[j].addr;
			s->prefix = x->addrs[j].prefix;
		}
		if (has != 1 &&
		    (s = plan_push(p, STEP_ADDR6_ADD, want->name, want->file->label, x->addrs[j].line, NULL))) {
			s->addr6 = x->addrs[j].addr;
			s->prefix = x->addrs[j].prefix;
		}
	}
	if (!late)
		plan_route6_default(p, want, l, have);
	/* Last: the kernel runs the detection of all of them at once meanwhile. */
	for (size_t i = first, n = p->n; i < n; i++)
		if (p->v[i].kind == STEP_ADDR6_ADD &&
		    (s = plan_push(p, STEP_WAIT_DAD, want->name, p->v[i].file, p->v[i].line,
				   "duplicate address detection: the address is usable once it ends"))) {
			s->addr6 = p->v[i].addr6;
			s->prefix = p->v[i].prefix;
		}
}

void plan_addrs6_add(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		     const struct kstate *have)
{
	addrs6_add(p, want, l, have, 0);
}

static int running(const struct plan_ctx *c, const char *dev, int v6)
{
	return c->env->dhcp_running && c->env->dhcp_running(dev, v6);
}

static int is_dhcpcd(const char *client)
{
	const char *b = strrchr(client, '/');

	return !strcmp(b ? b + 1 : client, "dhcpcd");
}

void plan_dhcp_up(struct plan_ctx *c, const struct netcfg_dev *want)
{
	const char *client = c->env->dhcp_client;
	int v4 = want->l3.dhcp && !running(c, want->name, 0);
	int v6 = want->ip6.init && want->dhcp.v6 && !running(c, want->name, 1);
	struct step *s;

	if (netcfg_is_port(want) || (!v4 && !v6))
		return;
	if (!client || (v6 && is_dhcpcd(client))) {
		diag_add(c->d, DIAG_ERROR, want->file->label, v4 ? want->dhcp.line : want->dhcp.v6_line,
			 !client ? "%s: no DHCP client on this host (dhclient: isc-dhcp-client, or dhcpcd)" :
			 "%s: DHCPv6 is run with dhclient -6 (isc-dhcp-client), which this host lacks",
			 v4 ? "BOOTPROTO=dhcp" : "DHCPV6C");
		c->p->refused = 1;
		return;
	}
	if (v4 && (s = plan_push(c->p, STEP_DHCP_START, want->name, want->file->label, want->dhcp.line,
				 "once it is up: the client's lease is the device's address"))) {
		s->hook = client;
		s->dhcp = &want->dhcp;
	}
	/* The legacy ifup-eth failed the ifup without a DHCPv6 lease when it asked
	 * for it (IPV6_FAILURE_FATAL) or the device had no IPv4 configuration. */
	if (v6 && (s = plan_push(c->p, STEP_DHCP_START, want->name, want->file->label, want->dhcp.v6_line,
				 "once its link-local address is usable: the client sends from it"))) {
		s->hook = client;
		s->dhcp = &want->dhcp;
		s->slave_opt = DHCP_V6;
		s->stated = want->dhcp.v6_fatal || (!want->l3.dhcp && !want->l3.naddrs);
	}
}

void plan_dhcp_down(struct plan_ctx *c, const struct netcfg_dev *want)
{
	struct step *s;

	/* Whatever the file says now: a client left from when it said BOOTPROTO=dhcp
	 * would keep its lease (the legacy ifdown-eth stopped what the pid file named). */
	for (int v6 = 0; v6 < 2; v6++) {
		int stated = v6 ? want->dhcp.v6 : want->l3.dhcp;

		if (!running(c, want->name, v6))
			continue;
		if ((s = plan_push(c->p, STEP_DHCP_STOP, want->name, want->file->label,
				   !stated ? 0 : v6 ? want->dhcp.v6_line : want->dhcp.line,
				   !stated ? "a DHCP client runs for it, from when the file said so" :
				   want->dhcp.release ? "DHCPRELEASE: the server gets the address back" : NULL))) {
			s->hook = c->env->dhcp_client ? c->env->dhcp_client : "/sbin/dhclient";
			s->dhcp = &want->dhcp;
			s->slave_opt = v6 ? DHCP_V6 : 0;
		}
	}
}

void plan_linkdelay(struct plan *p, const struct netcfg_dev *want)
{
	struct step *s;

	if (want->link.linkdelay &&
	    (s = plan_push(p, STEP_WAIT_CARRIER, want->name, want->file->label,
			   want->link.linkdelay_line, "before its routes and the next device")))
		s->mtu = want->link.linkdelay;
}

int plan_changes(const struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].kind != STEP_HOOK)
			return 1;
	return 0;
}

void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].text);
		free(p->v[i].saved);
		free(p->v[i].eth);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static void pin(struct plan *p, const struct kstate *have);

/* 1 if the kernel has a's address on l. */
static int has_addr(const struct kstate *have, const struct klink *l, const struct netcfg_addr *a)
{
	for (size_t i = 0; l && i < have->naddrs; i++)
		if (have->addrs[i].ifindex == l->ifindex && have->addrs[i].addr.s_addr == a->addr.s_addr &&
		    have->addrs[i].prefix == a->prefix)
			return 1;
	return 0;
}

static void add_addr(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		     const struct netcfg_addr *a, const char *file, const char *label, int phase);

int plan_alias(const struct netnode *node, const struct netcfg_alias *al, int up,
	       const struct kstate *have, struct plan *p, struct diags *d)
{
	const struct netcfg_dev *want = &node->dev;
	const struct klink *l = kstate_link(have, want->name);
	struct step *s;

	if (up && (!l || !(l->flags & IFF_UP))) {
		diag_add(d, DIAG_ERROR, al->file, 0, "%s: %s is not up (ifup %s first)", al->label,
			 want->name, want->name);
		return -1;
	}
	if (up) {
		for (int phase = 0; phase < 3 && !has_addr(have, l, &al->a); phase++)
			add_addr(p, want, l, &al->a, al->file, al->label, phase);
	} else if (has_addr(have, l, &al->a) &&
		   (s = plan_push(p, STEP_ADDR_DEL, want->name, al->file, al->a.line, NULL))) {
		s->addr = al->a.addr;
		s->prefix = al->a.prefix;
	}
	if (p->oom) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	pin(p, have);
	return 0;
}

/* The loopback device's 127.0.0.1/8: the kernel adds it as lo comes up
 * (inetdev_event, NETDEV_UP), with no broadcast address.  It is the kernel's, never
 * ours to remove, and a file's 127.0.0.1/8 is that one (the legacy ifup-eth found it
 * there and added nothing). */
static int loopback_own(const struct netcfg_dev *want, struct in_addr a, unsigned prefix)
{
	return want->kind == &kind_loopback && a.s_addr == htonl(INADDR_LOOPBACK) &&
	       prefix == 8;
}

void plan_addrs(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		const struct kstate *have, struct diags *d)
{
	/* Addresses the file does not list go first, so a changed prefix is re-added.
	 * With BOOTPROTO=dhcp they are the DHCP client's: only the static ones are ours. */
	/* From the last: the kernel lists a subnet's primary address before its
	 * secondaries, and deleting the primary deletes them with it (unless
	 * promote_secondaries), so deleting them afterwards would fail. */
	for (size_t i = have->naddrs; l && !want->l3.dhcp && i-- > 0;) {
		const struct kaddr *a = &have->addrs[i];
		int keep = 0;
		struct step *s;

		if (a->ifindex != l->ifindex || loopback_own(want, a->addr, a->prefix))
			continue;
		for (size_t j = 0; j < want->l3.naddrs; j++)
			keep |= want->l3.addrs[j].addr.s_addr == a->addr.s_addr &&
				want->l3.addrs[j].prefix == a->prefix;
		/* An alias's, ONPARENT or not: its ifup DEV:N added it. */
		for (size_t j = 0; j < want->naliases; j++)
			keep |= want->aliases[j].a.addr.s_addr == a->addr.s_addr &&
				want->aliases[j].a.prefix == a->prefix;
		if (keep)
			continue;
		s = plan_push(p, STEP_ADDR_DEL, want->name, want->file->label, 0,
			 "not in the configuration");
		if (s) {
			s->addr = a->addr;
			s->prefix = a->prefix;
		}
	}
}

/* The route steps from start on that put back what the view lost from have: said. */
void plan_explain_readds(struct plan *p, size_t start, const struct klink *l,
			 const struct kstate *have, const struct kstate *view)
{
	if (!l || view == have)
		return;
	for (size_t j = start; j < p->n; j++) {
		struct step *s = &p->v[j];
		int was = 0;

		if (s->kind == STEP_ROUTE_ADD)
			for (size_t i = 0; i < have->nroutes && !was; i++)
				was = have->routes[i].ifindex == l->ifindex &&
				      have->routes[i].gw.s_addr == s->gw.s_addr &&
				      have->routes[i].metric == s->metric;
		else if ((s->kind == STEP_SROUTE_ADD || s->kind == STEP_SROUTE_REPLACE) &&
			 s->route.family == AF_INET)
			for (size_t i = 0; i < have->nfib && !was; i++)
				was = have->fib[i].ifindex == l->ifindex &&
				      route_same_key(&have->fib[i].r, &s->route);
		else if (s->kind == STEP_ADDR_ADD)
			for (size_t i = 0; i < have->naddrs && !was; i++)
				was = have->addrs[i].ifindex == l->ifindex &&
				      have->addrs[i].addr.s_addr == s->addr.s_addr &&
				      have->addrs[i].prefix == s->prefix;
		if (was)
			s->why = s->kind == STEP_ADDR_ADD ?
				 "again: the kernel deletes a primary address's secondaries with it" :
				 "again: the kernel drops the routes of a deleted address (the last one: all of them)";
	}
}

/* ARPCHECK and ARPUPDATE mean something on a device with ARP: not lo, not ARP=no. */
static int arp_applies(const struct netcfg_dev *want, const struct klink *l)
{
	if (!strcmp(want->name, "lo"))
		return 0;
	return want->link.arp >= 0 ? want->link.arp : !l || !(l->flags & IFF_NOARP);
}

/* The steps of one address to add (a file's, or an alias's with label): phase 0 its
 * probe, 1 the address, 2 its announcement. */
static void add_addr(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		     const struct netcfg_addr *a, const char *file, const char *label, int phase)
{
	struct step *s;

	if (phase == 0 && a->arpcheck && want->l3.arp_wait_ms && arp_applies(want, l) &&
	    (s = plan_push(p, STEP_ARPCHECK, want->name, file, a->line,
			   "ARPCHECK: before adding it, as the legacy ifup-eth"))) {
		s->addr = a->addr;
		s->wait_ms = want->l3.arp_wait_ms;
		s->stated = a->arpcheck_line || want->l3.arp_wait_line;
	} else if (phase == 1 && (s = plan_push(p, STEP_ADDR_ADD, want->name, file, a->line, NULL))) {
		s->addr = a->addr;
		s->prefix = a->prefix;
		s->brd = a->brd;
		s->scope = want->l3.scope;
		snprintf(s->label, sizeof(s->label), "%s", label ? label : "");
	} else if (phase == 2 && a->arpupdate && arp_applies(want, l) &&
		   (s = plan_push(p, STEP_ARP_ANNOUNCE, want->name, file, a->line,
				  "ARPUPDATE: the neighbours learn the new address"))) {
		s->addr = a->addr;
	}
}

void plan_addrs_add(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		    const struct kstate *have, unsigned phases, const char *nocheck,
		    struct diags *d)
{
	char *found = calloc(want->l3.naddrs + 1, 1);

	if (!found) {
		p->oom = 1;
		return;
	}
	for (size_t j = 0; j < want->l3.naddrs; j++) {
		const struct netcfg_addr *w = &want->l3.addrs[j];

		/* Present, or the kernel's as lo comes up: its broadcast is not said. */
		if (loopback_own(want, w->addr, w->prefix) && (!l || !(l->flags & IFF_UP))) {
			found[j] = 1;
			continue;
		}
		for (size_t i = 0; l && i < have->naddrs && !found[j]; i++) {
			const struct kaddr *a = &have->addrs[i];

			if (a->ifindex != l->ifindex || a->addr.s_addr != w->addr.s_addr ||
			    a->prefix != w->prefix)
				continue;
			found[j] = 1;
			if (!(phases & ADDS_ADD))
				break;
			/* The kernel changes neither on a live address (NLM_F_REPLACE keeps
			 * them): only deleting and adding it would, which drops what routes
			 * through it.  A stated one is said; a computed one is left. */
			if (w->brd_line && a->brd.s_addr != w->brd.s_addr &&
			    !loopback_own(want, w->addr, w->prefix))
				diag_add(d, DIAG_WARNING, want->file->label, w->brd_line,
					 "BROADCAST: not applied to the live address %s/%u (the kernel changes it only when the address is added again: ifdown and ifup %s)",
					 inet_ntoa(w->addr), w->prefix, want->name);
			if (want->l3.scope_line && a->scope != want->l3.scope)
				diag_add(d, DIAG_WARNING, want->file->label, want->l3.scope_line,
					 "SCOPE: not applied to the live address %s/%u (the kernel changes it only when the address is added again: ifdown and ifup %s)",
					 inet_ntoa(w->addr), w->prefix, want->name);
		}
	}
	/* All probes first, so that they share one window; then the addresses (the
	 * aliases that come up with the device, ONPARENT, after its own); then the
	 * announcements. */
	for (size_t j = 0; j < want->l3.naddrs && nocheck && !(phases & ADDS_CHECK); j++)
		if (!found[j] && want->l3.addrs[j].arpcheck && want->l3.addrs[j].arpcheck_line)
			diag_add(d, DIAG_WARNING, want->file->label, want->l3.addrs[j].arpcheck_line,
				 "ARPCHECK: not made for %s: %s", inet_ntoa(want->l3.addrs[j].addr), nocheck);
	for (int phase = 0; phase < 3; phase++) {
		if (!(phases & (1u << phase)))
			continue;
		for (size_t j = 0; j < want->l3.naddrs; j++)
			if (!found[j])
				add_addr(p, want, l, &want->l3.addrs[j], want->file->label, NULL, phase);
		for (size_t j = 0; j < want->naliases; j++) {
			const struct netcfg_alias *al = &want->aliases[j];

			if (al->onparent && !has_addr(have, l, &al->a))
				add_addr(p, want, l, &al->a, al->file, al->label, phase);
		}
	}
	free(found);
}

/* A slave's IPv4 addresses: the kernel keeps them through the enslave, and the host
 * would then answer for them on one slave only.  The bond carries the addresses. */
void plan_port_addrs(struct plan *p, const struct netcfg_dev *s, const struct klink *l,
		     const struct kstate *have, const char *why)
{
	for (size_t i = 0; i < have->naddrs; i++) {
		struct step *st;

		if (have->addrs[i].ifindex != l->ifindex)
			continue;
		st = plan_push(p, STEP_ADDR_DEL, s->name, s->file->label, s->port.line, why);
		if (st) {
			st->addr = have->addrs[i].addr;
			st->prefix = have->addrs[i].prefix;
		}
	}
}

/* The default route another device holds at metric 0: the kernel keeps one per
 * metric, and adding a second fails with EEXIST. */
static const struct kroute *default_elsewhere(const struct kstate *have, const struct klink *l,
					      uint32_t metric)
{
	for (size_t i = 0; i < have->nroutes; i++)
		if (have->routes[i].metric == metric && (!l || have->routes[i].ifindex != l->ifindex))
			return &have->routes[i];
	return NULL;
}

/* The file that gave want its GATEWAY: its own, or /etc/sysconfig/network. */
static const char *gw_file(const struct netcfg_dev *want)
{
	return want->l3.gateway_file ? want->l3.gateway_file : want->file->label;
}

/* 1 if want's route files have r (a default route of the main table through want). */
static int file_has_default(const struct netcfg_dev *want, const struct kroute *r)
{
	for (size_t i = 0; i < want->routes.n; i++) {
		const struct netcfg_route *w = &want->routes.v[i];

		if (w->family == AF_INET && !w->dst_len && w->table == RT_TABLE_MAIN && w->has_gw &&
		    w->gw.v4.s_addr == r->gw.s_addr && w->metric == r->metric)
			return 1;
	}
	return 0;
}

void plan_routes(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
			const struct kstate *have, int flushed, struct diags *d)
{
	const struct kroute *other;
	int wanted = want->l3.has_gateway && want->l3.defroute, present = 0;
	struct step *s;

	for (size_t i = 0; l && !flushed && i < have->nroutes; i++) {
		const struct kroute *r = &have->routes[i];

		if (r->ifindex != l->ifindex)
			continue;
		if (wanted && r->gw.s_addr == want->l3.gateway.s_addr && r->metric == want->l3.metric &&
		    r->src.s_addr == want->l3.srcaddr.s_addr) {
			present = 1;
			continue;
		}
		if (want->l3.dhcp)		/* the DHCP client's default route */
			continue;
		if (file_has_default(want, r))	/* a route file's (plan_l3_after_up) */
			continue;
		s = plan_push(p, STEP_ROUTE_DEL, want->name, gw_file(want), want->l3.gateway_line,
			 "not in the configuration");
		if (s) {
			s->gw = r->gw;
			s->metric = r->metric;
		}
	}
	if (wanted && !present && (other = default_elsewhere(have, l, want->l3.metric))) {
		/* Not replaced: two files that both claim the default route would take it
		 * from each other on every ifup and reload. */
		const struct klink *via = kstate_link_by_index(have, other->ifindex);
		char gw[INET_ADDRSTRLEN];

		diag_add(d, DIAG_WARNING, gw_file(want), want->l3.gateway_line,
			 "GATEWAY: the default route is%s%s dev %s already; not replaced (set DEFROUTE=no in one of the files)",
			 other->gw.s_addr ? " via " : "",
			 other->gw.s_addr ? inet_ntop(AF_INET, &other->gw, gw, sizeof(gw)) : "",
			 via ? via->name : "?");
	} else if (wanted && !present) {
		s = plan_push(p, STEP_ROUTE_ADD, want->name, gw_file(want), want->l3.gateway_line, NULL);
		if (s) {
			s->gw = want->l3.gateway;
			s->metric = want->l3.metric;
			s->src = want->l3.srcaddr;
		}
	}
}

/* 1 if a route file of the directory has r's key (a route without a device). */
static int any_file_has(const struct netgraph *g, const struct netcfg_route *r)
{
	for (size_t i = 0; i < g->n; i++)
		for (size_t j = 0; j < g->v[i].dev.routes.n; j++)
			if (route_same_key(&g->v[i].dev.routes.v[j], r))
				return 1;
	return 0;
}

/* The route the legacy ifup-eth adds through every device but lo unless NOZEROCONF:
 * 169.254.0.0/16, scope link, at metric 1000 + ifindex so that each device's is a
 * route of its own (the kernel keys a route by table, prefix, tos and metric). */
static struct netcfg_route zeroconf_route(const struct netcfg_dev *want, const struct klink *l)
{
	struct netcfg_route r = {
		.family = AF_INET, .dst_len = 16, .type = RTN_UNICAST, .scope = RT_SCOPE_LINK, .has_scope = 1,
		.proto = ROUTE_PROTO_OURS, .table = RT_TABLE_MAIN, .metric = 1000,
		.line = want->l3.zeroconf_line,
		.file = want->l3.zeroconf_file ? want->l3.zeroconf_file : want->file->label,
	};

	r.dst.v4.s_addr = htonl(0xa9fe0000);	/* 169.254.0.0 */
	if (l)
		r.metric += (uint32_t)l->ifindex;
	else
		r.metric_ifindex = 1;
	return r;
}

/* 1 if r is a zeroconf route as zeroconf_route() makes them. */
static int is_zeroconf(const struct netcfg_route *r)
{
	return r->family == AF_INET && r->dst.v4.s_addr == htonl(0xa9fe0000) && r->dst_len == 16 && !r->has_gw &&
	       r->scope == RT_SCOPE_LINK && r->metric >= 1000;
}

/* The next route of rs to add, in the files' order, except that a route whose
 * gateway only a later route puts on the link waits for it (the kernel refuses a
 * gateway it cannot reach); present[j] is set for those added or in the kernel.
 * rs->n when none is left. */
static size_t next_route(const struct netcfg_dev *want, const struct netcfg_routes *rs,
			 const char *present)
{
	size_t first = rs->n;

	for (size_t j = 0; j < rs->n; j++) {
		const struct netcfg_route *r = &rs->v[j];
		int waits = 0;

		if (present[j])
			continue;
		if (first == rs->n)
			first = j;
		for (size_t k = 0; r->has_gw && !netcfg_on_link(want, r->family, &r->gw, 0) && k < rs->n && !waits; k++)
			waits = k != j && !present[k] && rs->v[k].family == r->family &&
				route_reaches(&rs->v[k], &r->gw);
		if (!waits)
			return j;
	}
	return first;	/* a cycle (or nothing left): in order */
}

/* The static routes of one family (the zeroconf route is IPv4's). */
static void plan_static_routes_of(struct plan *p, const struct netcfg_dev *want,
				  const struct klink *l, const struct kstate *have, int flushed,
				  const struct netgraph *g, int family)
{
	struct netcfg_routes all = { calloc(want->routes.n + 1, sizeof(*all.v)), 0 };
	const struct netcfg_routes *rs = &all;
	char *present = calloc(want->routes.n + 1, 1), *differs = calloc(want->routes.n + 1, 1);
	size_t nfile;
	struct step *s;

	if (!present || !differs || !all.v) {
		free(present);
		free(differs);
		free(all.v);
		p->oom = 1;
		return;
	}
	for (size_t i = 0; i < want->routes.n; i++)
		if (want->routes.v[i].family == family)
			all.v[all.n++] = want->routes.v[i];
	nfile = all.n;
	if (want->l3.zeroconf && family == AF_INET)
		all.v[all.n++] = zeroconf_route(want, l);
	for (size_t i = 0; l && !flushed && i < have->nfib; i++) {
		const struct kfib *f = &have->fib[i];
		size_t j;

		if (f->r.family != family)
			continue;

		/* A blackhole, unreachable, prohibit or throw route has no device: it is
		 * the file's when its key is, and never deleted as ours. */
		if (f->ifindex != l->ifindex && f->ifindex)
			continue;
		for (j = 0; j < rs->n && !route_same_key(&rs->v[j], &f->r); j++)
			;
		/* IPv6 default routes of the main table not in a file are IPV6_DEFAULTGW's
		 * (plan_addrs6), or not ours. */
		if (j == rs->n && f->r.family == AF_INET6 && !f->r.dst_len && f->r.table == RT_TABLE_MAIN)
			continue;
		if (j == rs->n && !f->ifindex) {
			if (g && f->r.proto == ROUTE_PROTO_OURS && !any_file_has(g, &f->r) &&
			    !want->routes_partial &&
			    (s = plan_push(p, STEP_SROUTE_DEL, want->name, want->file->label, 0,
					   "in no route file any longer")))
				s->route = f->r;
			continue;
		}
		if (j < rs->n) {
			/* One that differs is replaced with the adds, in their order. */
			if (route_same(&rs->v[j], &f->r))
				present[j] = 1;
			else
				differs[j] = 1;
		} else if (f->r.proto == ROUTE_PROTO_OURS && (!want->routes_partial || is_zeroconf(&f->r)) &&
			   (s = plan_push(p, STEP_SROUTE_DEL, want->name, want->file->label, 0,
					  is_zeroconf(&f->r) ? "the zeroconf route: NOZEROCONF is set" :
					  "in no route file any longer"))) {
			s->route = f->r;
		}
	}
	for (size_t j; (j = next_route(want, rs, present)) < rs->n;) {
		const char *why = NULL;
		enum step_kind k = STEP_SROUTE_ADD;

		present[j] = 2;
		if (differs[j]) {
			if ((s = plan_push(p, STEP_SROUTE_REPLACE, want->name, rs->v[j].file, rs->v[j].line,
					   "the kernel's differs")))
				s->route = rs->v[j];
			continue;
		}
		/* Through another device now: as the legacy ifup-routes, replaced (IPv4;
		 * IPv6 keeps routes through two devices side by side). */
		for (size_t i = 0; rs->v[j].family == AF_INET && i < have->nfib; i++)
			if (route_same_key(&rs->v[j], &have->fib[i].r) &&
			    (!l || have->fib[i].ifindex != l->ifindex || flushed)) {
				k = STEP_SROUTE_REPLACE;
				why = "replaces the route of another device";
			}
		if ((s = plan_push(p, k, want->name, rs->v[j].file, rs->v[j].line,
				   why ? why : j >= nfile ?
				   "the zeroconf route, as the legacy ifup-eth adds it" : NULL)))
			s->route = rs->v[j];
	}
	free(present);
	free(differs);
	free(all.v);
}

void plan_l3_after_up(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		      const struct kstate *have, int flushed, const struct netgraph *g,
		      struct diags *d)
{
	union netcfg_ip gw4 = { .v4 = want->l3.gateway }, gw6 = { .v6 = want->ip6.gw };
	/* A default gateway on the link only through a route of the route files (a
	 * host route to it): its route after theirs, or the kernel refuses it. */
	int late4 = want->l3.has_gateway && !netcfg_on_link(want, AF_INET, &gw4, 0);
	int late6 = wanted_gw6(want) && !netcfg_on_link(want, AF_INET6, &gw6, 0);

	if (!late4)
		plan_routes(p, want, l, have, flushed, d);
	plan_static_routes_of(p, want, l, have, flushed, g, AF_INET);
	if (late4)
		plan_routes(p, want, l, have, flushed, d);
	addrs6_add(p, want, flushed ? NULL : l, have, late6);
	/* IPv6's once its addresses are usable: a gateway is on-link through their
	 * prefix route, and a src must not be tentative (the kernel's "Invalid source
	 * address"). */
	plan_static_routes_of(p, want, l, have, flushed, g, AF_INET6);
	if (late6)
		plan_route6_default(p, want, flushed ? NULL : l, have);
}

void plan_link(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		      int mac_lost)
{
	struct step *s;

	if (want->link.mtu && (!l || l->mtu != want->link.mtu)) {
		s = plan_push(p, STEP_MTU, want->name, want->file->label, want->link.mtu_line, NULL);
		if (s) {
			s->mtu = want->link.mtu;
			/* A VLAN's: after its lower device's own (plan_needs). */
			snprintf(s->master, sizeof(s->master), "%s", want->lower.name);
		}
	}
	/* As the legacy ifup-eth, before the link comes up. */
	if (want->link.arp >= 0 && (l ? (!(l->flags & IFF_NOARP)) != want->link.arp : !want->link.arp) &&
	    (s = plan_push(p, STEP_ARP, want->name, want->file->label, want->link.arp_line, NULL)))
		s->mtu = (uint32_t)want->link.arp;
	if (want->link.has_macaddr && (!l || mac_lost || memcmp(l->addr, want->link.macaddr, 6))) {
		s = plan_push(p, STEP_MAC, want->name, want->file->label, want->link.macaddr_line,
			 !l ? "before the first slave, which then takes this address" :
			 mac_lost ? "again: the kernel gave the emptied bond a random MAC" : NULL);
		if (s)
			memcpy(s->mac, want->link.macaddr, 6);
	}
}

int plan_creates(const struct plan *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if ((p->v[i].kind == STEP_CREATE || p->v[i].kind == STEP_VLAN_CREATE ||
		     p->v[i].kind == STEP_BR_CREATE) && !strcmp(p->v[i].dev, name))
			return 1;
	return 0;
}

/* The controller a port joins by itself (a bridge), or NULL. */
static const struct netnode *attach_ctrl(const struct plan_ctx *c, const struct netnode *node)
{
	const struct netnode *ctrl = node->controller >= 0 ? &c->g->v[node->controller] : NULL;

	return ctrl && ctrl->dev.kind == node->dev.port.ctrl_kind && ctrl->dev.kind->plan_attach ?
	       ctrl : NULL;
}

void plan_attach(struct plan_ctx *c, const struct netnode *node, const struct klink *l, int up)
{
	const struct netnode *ctrl = attach_ctrl(c, node);

	if (ctrl)
		ctrl->dev.kind->plan_attach(c, ctrl, node, l, up);
}

/* Not a bond slave (a NIC, a VLAN, a bridge): a bridge port joins its bridge; any
 * other device is released from a leftover enslavement first. */
void plan_standalone_up(struct plan_ctx *c, const struct netnode *node, const struct klink *l)
{
	const struct netcfg_dev *want = &node->dev;
	const struct kstate *view;
	struct kstate v;
	size_t start;

	if (attach_ctrl(c, node)) {
		plan_link(c->p, want, l, 0);
		plan_ethtool(c, want, l);
		plan_attach(c, node, l, l && (l->flags & IFF_UP));
		return;
	}
	if (l && l->master)
		plan_push(c->p, STEP_RELEASE, want->name, want->file->label, 0,
			  "the configuration has no MASTER");

	plan_link(c->p, want, l, 0);
	plan_ethtool(c, want, l);
	start = c->p->n;
	plan_addrs(c->p, want, l, c->have, c->d);
	/* From here on, the state as the deletions leave it. */
	if (!(view = plan_view(c->p, start, l, c->have, c->env->promote_all, &v))) {
		c->p->oom = 1;
		return;
	}
	start = c->p->n;
	plan_addrs6(c->p, want, l, view);
	plan_sysctl6(c, want, 0);
	if (!l || !(l->flags & IFF_UP) || l->master) {
		plan_push(c->p, STEP_UP, want->name, want->file->label, 0, NULL);
		plan_linkdelay(c->p, want);
	}
	plan_sysctl6(c, want, 1);
	plan_addrs_add(c->p, want, l, view, ADDS_ALL, NULL, c->d);
	plan_dhcp_up(c, want);
	plan_l3_after_up(c->p, want, l, view, 0, c->g, c->d);
	plan_explain_readds(c->p, start, l, c->have, view);
	plan_view_free(&v);
}

void plan_standalone_down(struct plan_ctx *c, const struct netnode *node,
			  const struct klink *l)
{
	const struct netcfg_dev *want = &node->dev;
	/* Down means every address goes, a DHCP client's too: plan against a copy that
	 * wants none (its l3 only: the rest is not read). */
	struct netcfg_dev *none = malloc(sizeof(*none));

	if (!none) {
		c->p->oom = 1;
		return;
	}
	/* As the legacy ifdown-eth: "ip link set dev PORT nomaster down". */
	if (attach_ctrl(c, node) && l->master)
		plan_push(c->p, STEP_RELEASE, want->name, want->file->label, want->port.line, NULL);
	plan_dhcp_down(c, want);
	memcpy(none, want, sizeof(*none));
	memset(&none->l3, 0, sizeof(none->l3));
	memset(&none->routes, 0, sizeof(none->routes));
	none->naliases = 0;
	none->l3.defroute = want->l3.defroute;
	none->l3.gateway_line = want->l3.gateway_line;
	none->l3.gateway_file = want->l3.gateway_file;
	plan_routes(c->p, none, l, c->have, 0, c->d);
	memset(&none->ip6, 0, sizeof(none->ip6));
	plan_addrs6(c->p, none, l, c->have);
	plan_addrs(c->p, none, l, c->have, c->d);
	/* ifdown of lo takes the kernel's own address too, as the legacy ifdown
	 * flushed it (plan_addrs leaves it to ifup); it comes back with lo. */
	for (size_t i = 0; want->kind == &kind_loopback && i < c->have->naddrs; i++) {
		const struct kaddr *a = &c->have->addrs[i];
		struct step *s;

		if (a->ifindex == l->ifindex && loopback_own(want, a->addr, a->prefix) &&
		    (s = plan_push(c->p, STEP_ADDR_DEL, want->name, want->file->label, 0,
				   "down: the legacy ifdown flushed lo"))) {
			s->addr = a->addr;
			s->prefix = a->prefix;
		}
	}
	if (l->flags & IFF_UP)
		plan_push(c->p, STEP_DOWN, want->name, want->file->label, 0, NULL);
	free(none);
}

int plan_done(struct plan_ctx *c)
{
	if (c->p->oom) {
		diag_add(c->d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	return c->p->refused ? -1 : 0;
}

/* A port's controller, and its kind's port operations. */
static const struct netnode *controller_of(const struct netgraph *g, const struct netnode *node)
{
	return node->controller >= 0 ? &g->v[node->controller] : NULL;
}

/* The configured devices stacked on node through lower devices, transitively, in
 * start order (which puts a lower device first, so one pass finds them all).  *out
 * is malloc'd; returns the count, 0 with *out NULL when out of memory. */
static size_t stacked_on(const struct netgraph *g, const struct netnode *node,
			 const struct netnode ***out)
{
	char *in = calloc(g->n ? g->n : 1, 1);
	size_t n = 0;

	*out = calloc(g->n ? g->n : 1, sizeof(**out));
	if (!in || !*out) {
		free(in);
		free(*out);
		*out = NULL;
		return 0;
	}
	in[netgraph_index(g, node)] = 1;
	for (size_t k = 0; k < g->norder; k++) {
		size_t i = g->order[k];

		if (g->v[i].lower >= 0 && in[g->v[i].lower]) {
			in[i] = 1;
			(*out)[n++] = &g->v[i];
		}
	}
	free(in);
	return n;
}

/* Gives the steps from start on a reason when they have none of their own: each
 * of them (all), or the first. */
static void explain(struct plan *p, size_t start, const char *why, int all)
{
	for (size_t i = start; i < p->n; i++)
		if (!p->v[i].why) {
			p->v[i].why = why;
			if (!all)
				return;
		}
}

/* The device and what its file needs: its own ports and its controller loaded. */
static int ready(const struct netgraph *g, const struct netnode *node)
{
	if (!node->ok || (node->controller >= 0 && !g->v[node->controller].ok))
		return 0;
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].controller == (long)netgraph_index(g, node) && !g->v[i].ok)
			return 0;
	return 1;
}

/* 1 if the kernel has ctrl below l: through lower devices (IFLA_LINK) and ports
 * (IFLA_MASTER), transitively. */
static int below_in_kernel(const struct kstate *have, const struct klink *l,
			   const struct klink *ctrl)
{
	char *seen = calloc(have->nlinks ? have->nlinks : 1, 1);
	size_t *stack = calloc(have->nlinks ? have->nlinks : 1, sizeof(size_t));
	size_t n = 0;
	int found = 0;

	if (!seen || !stack)
		goto out;
	stack[n++] = (size_t)(l - have->links);
	seen[stack[0]] = 1;
	while (n && !found) {
		const struct klink *u = &have->links[stack[--n]];

		found = u == ctrl;
		for (size_t i = 0; i < have->nlinks; i++)
			if (!seen[i] && ((u->link && u->link != u->ifindex &&
					  have->links[i].ifindex == u->link) ||
					 have->links[i].master == u->ifindex)) {
				seen[i] = 1;
				stack[n++] = i;
			}
	}
out:
	free(seen);
	free(stack);
	return found;
}

/* What the kernel would refuse, or what is not ours to take, when port joins ctrl,
 * as far as the kernel's state shows: planned now, because by the time the kernel
 * refuses, the port has been taken down and lost its addresses.  0, or -1 with an
 * error at the port's line. */
static int join_refused(struct plan_ctx *c, const struct netnode *ctrl,
			const struct netnode *port)
{
	const struct netcfg_dev *want = &port->dev;
	const struct klink *l = kstate_link(c->have, want->name);
	const struct klink *b = kstate_link(c->have, ctrl->dev.name), *m;
	const struct kind_ops *k;
	const char *why, *key = ctrl->dev.kind->port_key;

	if (!l || (b && l->master == b->ifindex))
		return 0;	/* absent (a warning later), or a member already */
	k = kind_of_link(l);
	if (k != want->kind && (why = ctrl->dev.kind->refuses_port(k))) {
		diag_add(c->d, DIAG_ERROR, want->file->label, want->port.line,
			 "%s=%s: %s is a %s in the kernel: %s", key, ctrl->dev.name, want->name,
			 k->name, why);
		return -1;
	}
	if (b && below_in_kernel(c->have, l, b)) {
		diag_add(c->d, DIAG_ERROR, want->file->label, want->port.line,
			 "%s=%s: %s sits on %s in the kernel, so it cannot be its port: the kernel refuses a device that would be its own upper device",
			 key, ctrl->dev.name, want->name, ctrl->dev.name);
		return -1;
	}
	/* The kernel would move it without a word; a controller that no file
	 * configures is someone else's (a hand-made bond, libvirt, Open vSwitch). */
	if (l->master && (m = kstate_link_by_index(c->have, l->master)) &&
	    !netgraph_find(c->g, m->name)) {
		diag_add(c->d, DIAG_ERROR, want->file->label, want->port.line,
			 "%s=%s: %s is a port of %s, which no ifcfg file configures: not taken from it (ip link set dev %s nomaster releases it)",
			 key, ctrl->dev.name, want->name, m->name, want->name);
		return -1;
	}
	return 0;
}

/* The joins an ifup of node plans: node to its controller, its ports to node. */
static int joins_refused(struct plan_ctx *c, const struct netnode *node)
{
	const struct netnode *ctrl = controller_of(c->g, node), **ports = NULL;
	size_t n;
	int rc = 0;

	if (ctrl && ctrl->dev.kind == node->dev.port.ctrl_kind && ctrl->dev.kind->refuses_port)
		rc |= join_refused(c, ctrl, node);
	if (!node->dev.kind->refuses_port)
		return rc;
	n = netgraph_ports(c->g, node, &ports);
	if (!ports && c->g->n) {
		c->p->oom = 1;
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (ports[i]->dev.port.ctrl_kind == node->dev.kind)
			rc |= join_refused(c, node, ports[i]);
	free(ports);
	return rc;
}

static void fmt_mac(const uint8_t m[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* The legacy interlock: a file with HWADDR is for the NIC with that MAC, and after a
 * NIC swap or a renaming by the firmware the device of that name is another NIC.
 * 0 when l is the file's NIC (or the file names none); else 1, with why in buf. */
static int wrong_nic(const struct netcfg_dev *want, const struct klink *l, char *buf, size_t len)
{
	const uint8_t *mac = l ? klink_hwaddr(l) : NULL;
	char has[18], wanted[18];

	if (!want->link.has_hwaddr || !mac || !memcmp(mac, want->link.hwaddr, 6))
		return 0;
	fmt_mac(mac, has);
	fmt_mac(want->link.hwaddr, wanted);
	snprintf(buf, len, "HWADDR: %s is the NIC %s, not %s: another NIC than the one this file configures",
		 want->name, has, wanted);
	return 1;
}

const struct klink *plan_port_link(struct plan_ctx *c, const struct netnode *port,
				   const char *not_done)
{
	const struct netcfg_dev *s = &port->dev;
	const struct klink *l = kstate_link(c->have, s->name);
	char why[160];

	if (!l) {
		diag_add(c->d, DIAG_WARNING, s->file->label, s->port.line, "%s: no such device; %s",
			 s->name, not_done);
		return NULL;
	}
	if (wrong_nic(s, l, why, sizeof(why))) {
		diag_add(c->d, DIAG_WARNING, s->file->label, s->link.hwaddr_line, "%s; %s", why,
			 not_done);
		return NULL;
	}
	return l;
}

/* HWADDR without DEVICE: the file is for the NIC with that MAC, whatever the kernel
 * named it (the legacy ifup looks the device up by its address).  Only a NIC, not a
 * VLAN, bond or bridge that shares its address, and only one; a name another file
 * configures stays with that file. */
void plan_resolve_hwaddr(struct netgraph *g, const struct kstate *have)
{
	for (size_t i = 0; i < g->n; i++) {
		struct netcfg_dev *dev = &g->v[i].dev;
		const struct klink *found = NULL;
		const struct netnode *other;
		size_t n = 0;

		if (!dev->link.has_hwaddr || !dev->link.hwaddr_names || dev->kind != &kind_ether)
			continue;
		for (size_t j = 0; j < have->nlinks; j++) {
			const struct klink *l = &have->links[j];
			const uint8_t *mac = klink_hwaddr(l);

			if (mac && !memcmp(mac, dev->link.hwaddr, 6) && kind_of_link(l) == &kind_ether &&
			    (!l->link || l->link == l->ifindex)) {
				found = l;
				n++;
			}
		}
		if (n != 1 || !strcmp(found->name, dev->name))
			continue;
		other = netgraph_find(g, found->name);
		if (other && other != &g->v[i])
			continue;
		strcpy(dev->name, found->name);
	}
}

static int up_one(struct plan_ctx *c, const struct netnode *node)
{
	const struct netnode *ctrl = controller_of(c->g, node);
	char why[160];

	/* Not even taken down: it is not ours. */
	if (wrong_nic(&node->dev, kstate_link(c->have, node->dev.name), why, sizeof(why))) {
		diag_add(c->d, DIAG_ERROR, node->dev.file->label, node->dev.link.hwaddr_line,
			 "%s; not brought up", why);
		return -1;
	}
	if (joins_refused(c, node))
		return -1;
	if (ctrl && ctrl->dev.kind == node->dev.port.ctrl_kind && ctrl->dev.kind->plan_port_up)
		return ctrl->dev.kind->plan_port_up(c, ctrl, node);
	return node->dev.kind->plan_up(c, node);
}

static int down_one(struct plan_ctx *c, const struct netnode *node)
{
	const struct netnode *ctrl = controller_of(c->g, node);
	char why[160];

	if (wrong_nic(&node->dev, kstate_link(c->have, node->dev.name), why, sizeof(why))) {
		diag_add(c->d, DIAG_ERROR, node->dev.file->label, node->dev.link.hwaddr_line,
			 "%s; not taken down", why);
		return -1;
	}

	if (ctrl && ctrl->dev.kind == node->dev.port.ctrl_kind && ctrl->dev.kind->plan_port_down)
		return ctrl->dev.kind->plan_port_down(c, ctrl, node);
	return node->dev.kind->plan_down(c, node);
}

/* 1 if the device of ifindex is one of the n in up (they go down together). */
static int goes_down(const struct kstate *view, int ifindex, const struct netnode **up, size_t n)
{
	const struct klink *l = kstate_link_by_index(view, ifindex);

	for (size_t i = 0; l && i < n; i++)
		if (!strcmp(l->name, up[i]->dev.name))
			return 1;
	return 0;
}

/* The plan took node down on its way (a bond mode change): the kernel takes the
 * VLANs on it down with it and up again after it, but drops their routes.  Each
 * configured device stacked on node that exists is planned up again against the
 * state it will be in: down, without routes. */
static int restore_stacked(struct plan_ctx *c, const struct netnode *node)
{
	const struct kstate *have = c->have;
	const struct netnode **up = NULL;
	size_t n = stacked_on(c->g, node, &up), nr = 0;
	struct kstate view = *have;
	struct plan_ctx c2 = *c;
	int rc = 0;

	view.links = malloc((have->nlinks ? have->nlinks : 1) * sizeof(*view.links));
	view.routes = malloc((have->nroutes ? have->nroutes : 1) * sizeof(*view.routes));
	if (!up || !view.links || !view.routes) {
		c->p->oom = 1;
		goto out;
	}
	memcpy(view.links, have->links, have->nlinks * sizeof(*view.links));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < view.nlinks; j++)
			if (!strcmp(view.links[j].name, up[i]->dev.name))
				view.links[j].flags &= ~(unsigned)IFF_UP;
	for (size_t j = 0; j < have->nroutes; j++)
		if (!goes_down(&view, have->routes[j].ifindex, up, n))
			view.routes[nr++] = have->routes[j];
	view.nroutes = nr;
	/* Their routes of any table go with them too. */
	view.fib = malloc((have->nfib ? have->nfib : 1) * sizeof(*view.fib));
	nr = 0;
	for (size_t j = 0; view.fib && j < have->nfib; j++)
		if (!goes_down(&view, have->fib[j].ifindex, up, n))
			view.fib[nr++] = have->fib[j];
	view.nfib = nr;
	if (!view.fib) {
		c->p->oom = 1;
		goto out;
	}
	c2.have = &view;
	for (size_t i = 0; i < n && !rc; i++) {
		size_t start = c->p->n;

		if (!kstate_link(have, up[i]->dev.name))
			continue;
		if (!ready(c->g, up[i])) {
			diag_add(c->d, DIAG_WARNING, up[i]->dev.file->label, up[i]->dev.lower.line,
				 "%s goes down with %s and is not restored: its configuration has errors (see bondctl check)",
				 up[i]->dev.name, node->dev.name);
			continue;
		}
		rc = up_one(&c2, up[i]);
		explain(c->p, start, "again: the kernel took it down with its lower device", 1);
	}
out:
	free(up);
	free(view.links);
	free(view.routes);
	if (view.fib != have->fib)
		free(view.fib);
	return plan_done(c) || rc ? -1 : 0;
}

static int up_plan(const struct netgraph *g, const struct netnode *node, const struct kstate *have,
		   const struct plan_env *env, struct plan *p, struct diags *d)
{
	struct plan_ctx c = { .g = g, .have = have, .env = env, .p = p, .d = d };
	size_t start;
	int rc;

	/* What node needs below it first: its configured lower device, when that is
	 * missing or down (the legacy service would have started it earlier). */
	if (node->lower >= 0) {
		const struct netnode *lo = &g->v[node->lower];
		const struct klink *l = kstate_link(have, lo->dev.name);

		if (!plan_creates(p, lo->dev.name) && !has_step(p, 0, STEP_UP, lo->dev.name) &&
		    (!l || !(l->flags & IFF_UP))) {
			if (!ready(g, lo)) {
				diag_add(d, DIAG_ERROR, node->dev.file->label, node->dev.lower.line,
					 "%s: its lower device %s is not up and cannot be brought up: its configuration has errors (see bondctl check)",
					 node->dev.name, lo->dev.name);
				return -1;
			}
			start = p->n;
			if ((rc = up_plan(g, lo, have, env, p, d)))
				return rc;
			explain(p, start, "first: the lower device of the device brought up", 0);
		}
	}
	start = p->n;
	if ((rc = up_one(&c, node)))
		return rc;
	if (has_step(p, start, STEP_DOWN, node->dev.name))
		return restore_stacked(&c, node);
	return 0;
}

static int down_plan(const struct netgraph *g, const struct netnode *node,
		     const struct kstate *have, const struct plan_env *env, struct plan *p,
		     struct diags *d)
{
	static const struct plan_env none;
	struct plan_ctx c = { .g = g, .have = have, .env = env ? env : &none, .p = p, .d = d };

	/* What is stacked on the device goes first, the topmost first (a bond slave
	 * is only released, so what sits on it stays). */
	if (!netcfg_is_port_of(&node->dev, &kind_bond)) {
		const struct netnode **up = NULL;
		size_t n = stacked_on(g, node, &up);

		if (!up)
			return plan_done(&c);
		for (size_t i = n; i-- > 0;) {
			size_t start = p->n;

			if (!kstate_link(have, up[i]->dev.name) || !up[i]->ok)
				continue;
			if (down_one(&c, up[i])) {
				free(up);
				return -1;
			}
			explain(p, start, "first: it is stacked on the device taken down", 0);
		}
		free(up);
	}
	return down_one(&c, node);
}

/* 1 if step s makes a new device of its name. */
static int creates(const struct step *s)
{
	return s->kind == STEP_CREATE || s->kind == STEP_BR_CREATE || s->kind == STEP_VLAN_CREATE;
}

/* 1 if after step s its name is no longer the device the plan read: later steps
 * address a device the plan could not read. */
static int remakes(const struct step *s)
{
	return creates(s) || s->kind == STEP_DELETE;
}

/* The ifindex name had when the plan was made, if step i addresses that device. */
static int pinned(const struct plan *p, size_t i, const char *name, const struct kstate *have)
{
	const struct klink *l;

	for (size_t j = 0; j < i; j++)
		if (remakes(&p->v[j]) && !strcmp(p->v[j].dev, name))
			return 0;
	return (l = kstate_link(have, name)) ? l->ifindex : 0;
}

/* Each step's devices by the ifindex they had when read: a name is looked up
 * again when its step runs, and a device renamed meanwhile (udev at boot) must
 * not let another one, which took the name, be enslaved or addressed in its place. */
static void pin(struct plan *p, const struct kstate *have)
{
	for (size_t i = 0; i < p->n; i++) {
		struct step *s = &p->v[i];

		s->ifindex = creates(s) ? 0 : pinned(p, i, s->dev, have);
		s->master_ifindex = s->master[0] ? pinned(p, i, s->master, have) : 0;
	}
}

/* 1 if a rule file of the directory has the kernel's rule k. */
static int any_file_has_rule(const struct netgraph *g, const struct netcfg_rule *k)
{
	for (size_t i = 0; i < g->n; i++)
		for (size_t j = 0; j < g->v[i].dev.rules.n; j++)
			if (rule_same(&g->v[i].dev.rules.v[j], k))
				return 1;
	return 0;
}

/* The device's rule-DEV rules, as the legacy ifup-routes adds them and ifdown-routes
 * deletes them: up, those the kernel lacks added, and ours (protocol static) that
 * no rule file has any longer deleted; down, the device's deleted.  A rule names no
 * device to belong to: the file does. */
static void plan_rules(struct plan *p, const struct netgraph *g, const struct netcfg_dev *want,
		       const struct kstate *have, int down)
{
	const struct netcfg_rules *rs = &want->rules;
	struct step *s;

	for (size_t j = 0; j < rs->n; j++) {
		const struct netcfg_rule *k = NULL;

		for (size_t i = 0; i < have->nrules && !k; i++)
			if (rule_same(&rs->v[j], &have->rules[i]))
				k = &have->rules[i];
		if (down && k && (s = plan_push(p, STEP_RULE_DEL, want->name, rs->v[j].file,
						rs->v[j].line, NULL)))
			s->rule = *k;
		if (!down && !k && (s = plan_push(p, STEP_RULE_ADD, want->name, rs->v[j].file,
						  rs->v[j].line, NULL)))
			s->rule = rs->v[j];
	}
	/* A bad line of a rule file may be one of these: none is deleted then. */
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].dev.rules_partial)
			return;
	for (size_t i = 0; !down && i < have->nrules; i++)
		if (have->rules[i].proto == ROUTE_PROTO_OURS && !any_file_has_rule(g, &have->rules[i]) &&
		    (s = plan_push(p, STEP_RULE_DEL, want->name, want->file->label, 0,
				   "in no rule file any longer")))
			s->rule = have->rules[i];
}

int plan_up(const struct netgraph *g, const struct netnode *node, const struct kstate *have,
	    const struct plan_env *env, struct plan *p, struct diags *d)
{
	int rc = up_plan(g, node, have, env, p, d);

	if (rc == 0 && !netcfg_is_port(&node->dev))
		plan_rules(p, g, &node->dev, have, 0);

	if (rc == 0)
		pin(p, have);
	return rc;
}

int plan_up_stacked(const struct netgraph *g, const struct netnode *node, const struct kstate *have,
		    const struct plan_env *env, struct plan *p, struct diags *d,
		    int (*skip)(const struct netnode *))
{
	const struct netnode **up = NULL;
	size_t n = stacked_on(g, node, &up);
	int rc = 0;

	if (!up) {
		p->oom = 1;
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		const struct netnode *nd = up[i];
		size_t start = p->n;

		/* Gone with it (the kernel deletes a VLAN with its lower device), or
		 * never made; one that exists is its own (ifup of it). */
		if (!nd->dev.onboot || kstate_link(have, nd->dev.name) || plan_creates(p, nd->dev.name) ||
		    !ready(g, nd) || (skip && skip(nd)))
			continue;
		rc = plan_up(g, nd, have, env, p, d);
		explain(p, start, "ONBOOT and stacked on the device brought up, which it needs", 0);
	}
	free(up);
	return rc;
}

int plan_down(const struct netgraph *g, const struct netnode *node, const struct kstate *have,
	      const struct plan_env *env, struct plan *p, struct diags *d)
{
	int rc = down_plan(g, node, have, env, p, d);

	if (rc == 0 && !netcfg_is_port(&node->dev))
		plan_rules(p, g, &node->dev, have, 1);

	if (rc == 0)
		pin(p, have);
	return rc;
}
