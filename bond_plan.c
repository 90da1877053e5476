/* bond_plan.c - the differ: compares the desired state with the kernel's and emits
 * the steps, ordered by the bonding driver's constraints, simulating the side effects
 * the driver applies on its own (a mode write resets arp_validate, miimon and
 * arp_interval exclude each other, delays are stored as multiples of miimon). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "bond_plan.h"
#include "ifcfg_parse.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000	/* <linux/if.h>; <net/if.h> lacks it */
#endif

static struct step *push(struct plan *p, enum step_kind kind, const char *dev,
			 const char *file, int line, const char *why)
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

void plan_free(struct plan *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static int mode_uses_active(uint32_t mode)
{
	return mode == BOND_MODE_AB || mode == BOND_MODE_TLB || mode == BOND_MODE_ALB;
}

/* Options the planner writes for a bond in mode: they have a netlink attribute, are
 * set per bond before or after enslaving, and the kernel accepts them in mode. */
static int applicable(const struct bond_opt *o, uint32_t mode)
{
	return o->nla && o->phase != BPH_NONE && (o->modes & BM(mode));
}

/* Values the kernel cannot take back once set to their default: only send them at
 * creation when the file asks (an all-zero ad_actor_system is refused, an empty
 * target nest needs IPv6 for ns_ip6_target, a name needs the slave to exist). */
static int sent_only_when_given(const struct bond_opt *o)
{
	return o->type == BOT_MAC || o->type == BOT_IP4LIST || o->type == BOT_IP6LIST ||
	       o->type == BOT_IFNAME;
}

/* The delays are multiples of miimon: without MII monitoring they mean nothing, and
 * the kernel refuses any write of them, even 0 (EPERM, "Unable to set up delay as
 * MII monitoring is disabled"). */
static int moot(const struct bond_opts *w, enum bond_opt_id id)
{
	return (id == BOPT_UPDELAY || id == BOPT_DOWNDELAY || id == BOPT_PEER_NOTIF_DELAY) &&
	       !w->num[BOPT_MIIMON];
}

static void copy_opt(struct bond_opts *dst, const struct bond_opts *src, enum bond_opt_id id)
{
	switch (bond_opt_get(id)->type) {
	case BOT_IFNAME:
		if (id == BOPT_PRIMARY)
			memcpy(dst->primary, src->primary, sizeof(dst->primary));
		else
			memcpy(dst->active_slave, src->active_slave, sizeof(dst->active_slave));
		break;
	case BOT_IP4LIST:
		dst->n_arp_ip_target = src->n_arp_ip_target;
		memcpy(dst->arp_ip_target, src->arp_ip_target, sizeof(dst->arp_ip_target));
		break;
	case BOT_IP6LIST:
		dst->n_ns_ip6_target = src->n_ns_ip6_target;
		memcpy(dst->ns_ip6_target, src->ns_ip6_target, sizeof(dst->ns_ip6_target));
		break;
	case BOT_MAC:
		memcpy(dst->ad_actor_system, src->ad_actor_system, 6);
		break;
	default:
		dst->num[id] = src->num[id];
	}
	dst->has |= 1ull << id;
}

/* The driver's own reactions to a write, so that later comparisons see what the
 * kernel will hold by then (bond_options.c). */
static void simulate(struct bond_opts *cur, enum bond_opt_id id, const struct bond_opts *want)
{
	uint32_t old_miimon = cur->num[BOPT_MIIMON];
	static const enum bond_opt_id delays[] = { BOPT_UPDELAY, BOPT_DOWNDELAY,
						   BOPT_PEER_NOTIF_DELAY };

	copy_opt(cur, want, id);
	switch (id) {
	case BOPT_MODE:
		/* Values the mode write changes, or changes on some kernel versions only
		 * (miimon forced to 100 in 802.3ad/tlb/alb): unknown, so written again. */
		cur->has &= ~((1ull << BOPT_ARP_VALIDATE) | (1ull << BOPT_ARP_INTERVAL) |
			      (1ull << BOPT_MIIMON) | (1ull << BOPT_TLB_DYNAMIC_LB) |
			      (1ull << BOPT_BROADCAST_NEIGH));
		break;
	case BOPT_MIIMON:
		if (want->num[id]) {
			cur->num[BOPT_ARP_INTERVAL] = 0;
			cur->num[BOPT_ARP_VALIDATE] = 0;
		}
		for (size_t i = 0; i < sizeof(delays) / sizeof(*delays); i++)
			cur->num[delays[i]] = old_miimon && want->num[id] ?
				cur->num[delays[i]] / old_miimon * want->num[id] : 0;
		break;
	case BOPT_ARP_INTERVAL:
		if (want->num[id]) {
			cur->num[BOPT_MIIMON] = 0;
			for (size_t i = 0; i < sizeof(delays) / sizeof(*delays); i++)
				cur->num[delays[i]] = 0;
		}
		break;
	default:
		break;
	}
}

/* The kernel stores delays as multiples of miimon and reads them back rounded down:
 * compare with what it will hold, or a second run would never match. */
static void normalise_want(struct bond_opts *w)
{
	static const enum bond_opt_id delays[] = { BOPT_UPDELAY, BOPT_DOWNDELAY,
						   BOPT_PEER_NOTIF_DELAY };
	uint32_t m = w->num[BOPT_MIIMON];

	for (size_t i = 0; i < sizeof(delays) / sizeof(*delays); i++)
		w->num[delays[i]] = m ? w->num[delays[i]] / m * m : 0;
}

/* The kernel omits empty target lists and an unattached primary: absent means empty. */
static void normalise_have(struct bond_opts *h)
{
	h->has |= (1ull << BOPT_ARP_IP_TARGET) | (1ull << BOPT_NS_IP6_TARGET) |
		  (1ull << BOPT_PRIMARY) | (1ull << BOPT_ACTIVE_SLAVE);
}

static const char *const why_empty =
	"mode and fail_over_mac change only while the bond has no slaves";
static const char *const why_down = "the kernel changes this only while the bond is down";
static const char *const why_slave_down = "the kernel enslaves only a device that is down";

static void push_opt(struct plan *p, const char *bond, enum bond_opt_id id,
		     const struct bond_opts *want, const struct bond_opts *cur, const char *file,
		     int line, const char *why)
{
	struct step *s = push(p, STEP_BOND_OPT, bond, file, line, why);

	if (!s)
		return;
	s->mask = 1ull << id;
	s->opts = *want;
	s->before = *cur;
}

static int find_name(const struct netcfg_bond *b, const char *name)
{
	for (size_t i = 0; i < b->nslaves; i++)
		if (!strcmp(b->slaves[i].name, name))
			return (int)i;
	return -1;
}

/* Slave options: explicit values, else the kernel's defaults; only those the kernel
 * accepts in this mode and reports (a kernel without the attribute cannot compare). */
static void plan_slave_opts(struct plan *p, const struct netcfg_dev *s, const struct klink *l,
			    uint32_t mode, int fresh)
{
	for (int i = 0; i < BSOPT_COUNT; i++) {
		const struct bond_slave_opt *so = &bond_slave_opt_table[i];
		int given = (s->slave_has >> i) & 1;
		int64_t want = given ? s->slave_opt[i] : so->def;
		int64_t have = so->def;
		struct step *st;

		if (!(so->modes & BM(mode)))
			continue;
		if (!fresh) {
			if (!l || !((l->slave.has >> i) & 1)) {
				if (!given)
					continue;
			} else {
				have = l->slave.opt[i];
			}
		}
		if (want == have)
			continue;
		st = push(p, STEP_SLAVE_OPT, s->name, s->file->label,
			  given ? s->slave_line[i] : s->master_line, NULL);
		if (st) {
			st->slave_opt = i;
			st->slave_val = want;
		}
	}
}

static void plan_addrs(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		       const struct kstate *have)
{
	/* Addresses the file does not list go first, so a changed prefix is re-added.
	 * With BOOTPROTO=dhcp they are the DHCP client's: only the static ones are ours. */
	for (size_t i = 0; l && !want->dhcp && i < have->naddrs; i++) {
		const struct kaddr *a = &have->addrs[i];
		int keep = 0;
		struct step *s;

		if (a->ifindex != l->ifindex)
			continue;
		for (size_t j = 0; j < want->naddrs; j++)
			keep |= want->addrs[j].addr.s_addr == a->addr.s_addr &&
				want->addrs[j].prefix == a->prefix;
		if (keep)
			continue;
		s = push(p, STEP_ADDR_DEL, want->name, want->file->label, 0,
			 "not in the configuration");
		if (s) {
			s->addr = a->addr;
			s->prefix = a->prefix;
		}
	}
	for (size_t j = 0; j < want->naddrs; j++) {
		int found = 0;
		struct step *s;

		for (size_t i = 0; l && i < have->naddrs; i++)
			found |= have->addrs[i].ifindex == l->ifindex &&
				 have->addrs[i].addr.s_addr == want->addrs[j].addr.s_addr &&
				 have->addrs[i].prefix == want->addrs[j].prefix;
		if (found)
			continue;
		s = push(p, STEP_ADDR_ADD, want->name, want->file->label, want->addrs[j].line, NULL);
		if (s) {
			s->addr = want->addrs[j].addr;
			s->prefix = want->addrs[j].prefix;
		}
	}
}

/* A slave's IPv4 addresses: the kernel keeps them through the enslave, and the host
 * would then answer for them on one slave only.  The bond carries the addresses. */
static void plan_slave_addrs(struct plan *p, const struct netcfg_dev *s, const struct klink *l,
			     const struct kstate *have)
{
	for (size_t i = 0; i < have->naddrs; i++) {
		struct step *st;

		if (have->addrs[i].ifindex != l->ifindex)
			continue;
		st = push(p, STEP_ADDR_DEL, s->name, s->file->label, s->master_line,
			  "a bond slave has no address of its own");
		if (st) {
			st->addr = have->addrs[i].addr;
			st->prefix = have->addrs[i].prefix;
		}
	}
}

/* The default route another device holds at metric 0: the kernel keeps one per
 * metric, and adding a second fails with EEXIST. */
static const struct kroute *default_elsewhere(const struct kstate *have, const struct klink *l)
{
	for (size_t i = 0; i < have->nroutes; i++)
		if (have->routes[i].metric == 0 && (!l || have->routes[i].ifindex != l->ifindex))
			return &have->routes[i];
	return NULL;
}

/* flushed: the plan takes l down first, and the kernel drops its routes then. */
static void plan_routes(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
			const struct kstate *have, int flushed, struct diags *d)
{
	const struct kroute *other;
	int wanted = want->has_gateway && want->defroute, present = 0;
	struct step *s;

	for (size_t i = 0; l && !flushed && i < have->nroutes; i++) {
		const struct kroute *r = &have->routes[i];

		if (r->ifindex != l->ifindex)
			continue;
		if (wanted && r->gw.s_addr == want->gateway.s_addr) {
			present = 1;
			continue;
		}
		if (want->dhcp)		/* the DHCP client's default route */
			continue;
		s = push(p, STEP_ROUTE_DEL, want->name, want->file->label, want->gateway_line,
			 "not in the configuration");
		if (s)
			s->gw = r->gw;
	}
	if (wanted && !present && (other = default_elsewhere(have, l))) {
		/* Not replaced: two files that both claim the default route would take it
		 * from each other on every ifup and reload. */
		const struct klink *via = kstate_link_by_index(have, other->ifindex);
		char gw[INET_ADDRSTRLEN];

		diag_add(d, DIAG_WARNING, want->file->label, want->gateway_line,
			 "GATEWAY: the default route is%s%s dev %s already; not replaced (set DEFROUTE=no in one of the files)",
			 other->gw.s_addr ? " via " : "",
			 other->gw.s_addr ? inet_ntop(AF_INET, &other->gw, gw, sizeof(gw)) : "",
			 via ? via->name : "?");
	} else if (wanted && !present) {
		s = push(p, STEP_ROUTE_ADD, want->name, want->file->label, want->gateway_line, NULL);
		if (s)
			s->gw = want->gateway;
	}
}

/* mac_lost: the plan releases every slave of this bond first, and the kernel gives a
 * bond whose last slave leaves a random MAC, whatever it was set to. */
static void plan_link(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		      int mac_lost)
{
	struct step *s;

	if (want->mtu && (!l || l->mtu != want->mtu)) {
		s = push(p, STEP_MTU, want->name, want->file->label, want->mtu_line, NULL);
		if (s)
			s->mtu = want->mtu;
	}
	if (want->has_macaddr && (!l || mac_lost || memcmp(l->addr, want->macaddr, 6))) {
		s = push(p, STEP_MAC, want->name, want->file->label, want->macaddr_line,
			 !l ? "before the first slave, which then takes this address" :
			 mac_lost ? "again: the kernel gave the emptied bond a random MAC" : NULL);
		if (s)
			memcpy(s->mac, want->macaddr, 6);
	}
}

/* 1 if bond b wears slave l's own (permanent) MAC. */
static int wears_mac(const struct klink *b, const struct klink *l)
{
	return b->has_bond && !b->bond.num[BOPT_FAIL_OVER_MAC] && l->has_slave &&
	       !memcmp(b->addr, l->slave.perm_hwaddr, 6);
}

/* A bond keeps the MAC of its first slave.  Releasing that slave while others stay
 * would give two devices one address, and the kernel says so ("the permanent HWaddr
 * of slave ... is still in use by bond").  Handing the bond a remaining slave's own
 * MAC first avoids both; the kernel announces the change with a gratuitous ARP.
 * With fail_over_mac the slaves keep their own MACs and there is nothing to do. */
static void plan_mac_handoff(struct plan *p, const struct klink *l, const struct klink *b,
			     const struct kstate *have, const char *file, int line)
{
	const struct klink *to = NULL;
	struct step *s;

	if (!wears_mac(b, l))
		return;
	/* The slave that will carry the traffic: the one made active above, if any. */
	if (p->n && p->v[p->n - 1].kind == STEP_BOND_OPT)
		to = kstate_link(have, p->v[p->n - 1].opts.active_slave);
	for (size_t i = 0; !to && i < have->nlinks; i++)
		if (have->links[i].master == b->ifindex && have->links[i].ifindex != l->ifindex &&
		    have->links[i].has_slave)
			to = &have->links[i];
	if (!to || !to->has_slave)
		return;
	s = push(p, STEP_MAC, b->name, file, line,
		 "the bond uses this slave's own MAC: take another slave's before the release");
	if (s)
		memcpy(s->mac, to->slave.perm_hwaddr, 6);
}

int plan_ifup_bond(const struct netcfg_bond *want, const struct kstate *have,
		   const struct plan_env *env, const char *only_slave, struct plan *p,
		   struct diags *d)
{
	const struct netcfg_dev *m = &want->master;
	const char *file = m->file->label;
	const struct klink *b = kstate_link(have, m->name);
	struct bond_opts w = m->opts, cur = b && b->has_bond ? b->bond : m->opts;
	uint32_t mode;
	int up = 0, need_empty = 0, need_down = 0, enslaved = 0, fresh = !b;
	int line = m->opts_line;
	/* Effects of the plan's own steps on what the dump showed: a bond taken down
	 * loses its IPv4 routes (the kernel flushes them), one emptied of slaves gets a
	 * random MAC. */
	int routes_flushed = 0, members = 0, released = 0;

	bond_opts_fill_defaults(&w);
	normalise_want(&w);
	mode = w.num[BOPT_MODE];
	if (b && strcmp(b->kind, "bond")) {
		diag_add(d, DIAG_ERROR, file, 0, "%s exists and is not a bond (kind '%s')",
			 m->name, b->kind);
		return -1;
	}
	if (b && !b->has_bond) {
		diag_add(d, DIAG_ERROR, file, 0,
			 "the kernel reports no bond options for %s (no netlink bond support?)",
			 m->name);
		return -1;
	}
	/* A slave-only ifup leaves a running bond's options alone; its MTU and MACADDR
	 * still hold (a bond whose last slave left has a random MAC, and the joining
	 * slave would give it its own). */
	if (only_slave && b && (b->flags & IFF_UP)) {
		plan_link(p, m, b, 0);
		goto slaves;
	}

	if (!b) {
		struct step *s;

		if (!env->module_loaded)
			push(p, STEP_MODPROBE, m->name, file, line,
			     "max_bonds=0: loading it must not create a bond0 of its own");
		s = push(p, STEP_CREATE, m->name, file, line, NULL);
		if (!s)
			goto out;
		for (int id = 0; id < BOPT_COUNT; id++) {
			const struct bond_opt *o = bond_opt_get(id);

			if (applicable(o, mode) && o->phase != BPH_AFTER_ENSLAVE && !moot(&w, id) &&
			    (BOND_HAS(&m->opts, id) || !sent_only_when_given(o)))
				s->mask |= 1ull << id;
		}
		s->opts = w;
		cur = w;
	} else {
		cur = b->bond;
		normalise_have(&cur);
		up = !!(b->flags & IFF_UP);
		for (int id = 0; id < BOPT_COUNT; id++) {
			const struct bond_opt *o = bond_opt_get(id);

			if (!applicable(o, mode) || moot(&w, id) || !BOND_HAS(&cur, id) ||
			    bond_opt_equal(&w, &cur, id))
				continue;
			need_empty |= o->phase == BPH_NOSLAVES;
			need_down |= o->phase == BPH_IFDOWN || id == BOPT_MODE;
		}
		for (size_t i = 0; i < have->nlinks; i++)
			members += have->links[i].master == b->ifindex;
		if (need_empty) {
			/* The slave whose MAC the bond wears goes last: released while
			 * others stay, the kernel warns of a duplicate address. */
			for (int last = 0; last < 2; last++)
				for (size_t i = 0; i < have->nlinks; i++)
					if (have->links[i].master == b->ifindex &&
					    wears_mac(b, &have->links[i]) == last) {
						push(p, STEP_RELEASE, have->links[i].name, file, line,
						     why_empty);
						released++;
					}
		} else if (!only_slave) {
			for (size_t i = 0; i < have->nlinks; i++)
				if (have->links[i].master == b->ifindex &&
				    find_name(want, have->links[i].name) < 0) {
					plan_mac_handoff(p, &have->links[i], b, have, file, 0);
					push(p, STEP_RELEASE, have->links[i].name, file, 0,
					     "not configured: no ifcfg file with this MASTER and SLAVE=yes");
					released++;
				}
		}
		if (need_down && up) {
			push(p, STEP_DOWN, m->name, file, line, why_down);
			up = 0;
			routes_flushed = 1;
		}
		for (int id = 0; id < BOPT_COUNT; id++) {
			const struct bond_opt *o = bond_opt_get(id);

			if (!applicable(o, mode) || o->phase == BPH_AFTER_ENSLAVE || moot(&w, id))
				continue;
			/* Not reported by this kernel: an attribute it does not know is dropped
			 * silently on the way in (bonding-options.md 5.3), so sending it would
			 * change nothing and repeat on every run. */
			if (!BOND_HAS(&b->bond, id) && !(o->flags & BOF_COND_REPORT)) {
				if (m->opts.line[id])
					diag_add(d, DIAG_WARNING, file, m->opts.line[id],
						 "BONDING_OPTS: %s: not supported by this kernel (Linux %s or later); ignored",
						 o->name, o->since);
				continue;
			}
			if (!BOND_HAS(&cur, id) && !BOND_HAS(&m->opts, id) &&
			    !(id == BOPT_MIIMON || id == BOPT_ARP_INTERVAL ||
			      id == BOPT_ARP_VALIDATE || id == BOPT_TLB_DYNAMIC_LB))
				continue;
			if (BOND_HAS(&cur, id) && bond_opt_equal(&w, &cur, id))
				continue;
			push_opt(p, m->name, id, &w, &cur, file, line,
				 o->phase == BPH_NOSLAVES ? why_empty :
				 o->phase == BPH_IFDOWN ? why_down : NULL);
			simulate(&cur, id, &w);
		}
	}
	plan_link(p, m, b, members && released == members);

slaves:
	for (size_t i = 0; i < want->nslaves; i++) {
		const struct netcfg_dev *s = &want->slaves[i];
		const struct klink *l = kstate_link(have, s->name);
		int member = b && l && l->master == b->ifindex && !need_empty;

		if (only_slave && strcmp(s->name, only_slave))
			continue;
		if (!l) {
			diag_add(d, DIAG_WARNING, s->file->label, s->master_line,
				 "%s: no such device; not enslaved", s->name);
			continue;
		}
		if (!member) {
			if (l->master && (!b || l->master != b->ifindex))
				diag_add(d, DIAG_WARNING, s->file->label, s->master_line,
					 "%s moves to %s from %s", s->name, m->name,
					 kstate_link_by_index(have, l->master) ?
					 kstate_link_by_index(have, l->master)->name : "another master");
			if ((l->flags & IFF_UP) && !(l->master && b && l->master == b->ifindex))
				push(p, STEP_DOWN, s->name, s->file->label, s->master_line,
				     why_slave_down);
			plan_slave_addrs(p, s, l, have);
			struct step *st = push(p, STEP_ENSLAVE, s->name, s->file->label,
					       s->master_line, NULL);
			if (st)
				snprintf(st->master, sizeof(st->master), "%s", m->name);
			enslaved = 1;
		} else {
			plan_slave_addrs(p, s, l, have);
			/* Taken down by hand: still a member, but the bond counts its link
			 * as failed until it is up again. */
			if (!(l->flags & IFF_UP))
				push(p, STEP_UP, s->name, s->file->label, s->master_line,
				     "enslaved but down");
		}
		plan_slave_opts(p, s, member ? l : NULL, mode, !member);
	}

	/* primary names an enslaved device; the kernel attaches it from then on. */
	if (applicable(bond_opt_get(BOPT_PRIMARY), mode) &&
	    strcmp(w.primary, b && !need_empty ? b->bond.primary : "") &&
	    (!only_slave || !strcmp(w.primary, only_slave) || fresh)) {
		if (!*w.primary || kstate_link(have, w.primary))
			push_opt(p, m->name, BOPT_PRIMARY, &w, &cur, file, line,
				 "after enslaving: the kernel needs the device to be a slave");
	}
	if (only_slave && b && (b->flags & IFF_UP))
		goto out;

	plan_addrs(p, m, b, have);
	if (!up)
		push(p, STEP_UP, m->name, file, 0, NULL);
	/* active_slave is state, not configuration: assert it only when slaves joined. */
	if (BOND_HAS(&m->opts, BOPT_ACTIVE_SLAVE) && enslaved &&
	    applicable(bond_opt_get(BOPT_ACTIVE_SLAVE), mode))
		push_opt(p, m->name, BOPT_ACTIVE_SLAVE, &w, &cur, file,
			 m->opts.line[BOPT_ACTIVE_SLAVE],
			 "after the bond is up: the kernel needs a current active slave");
	plan_routes(p, m, b, have, routes_flushed, d);
out:
	if (p->oom) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	return 0;
}

int plan_ifdown_bond(const struct netcfg_dev *want, const struct kstate *have,
		     struct plan *p, struct diags *d)
{
	const struct klink *b = kstate_link(have, want->name);
	const char *file = want->file->label;

	if (!b)
		return 0;
	if (strcmp(b->kind, "bond")) {
		diag_add(d, DIAG_ERROR, file, 0, "%s exists and is not a bond (kind '%s')",
			 want->name, b->kind);
		return -1;
	}
	for (size_t i = 0; i < have->nroutes; i++)
		if (have->routes[i].ifindex == b->ifindex) {
			struct step *s = push(p, STEP_ROUTE_DEL, want->name, file,
					      want->gateway_line, NULL);
			if (s)
				s->gw = have->routes[i].gw;
		}
	for (size_t i = 0; i < have->naddrs; i++)
		if (have->addrs[i].ifindex == b->ifindex) {
			struct step *s = push(p, STEP_ADDR_DEL, want->name, file, 0, NULL);
			if (s) {
				s->addr = have->addrs[i].addr;
				s->prefix = have->addrs[i].prefix;
			}
		}
	push(p, STEP_DELETE, want->name, file, 0,
	     "releases every slave at once: one-by-one release would warn that the "
	     "first slave's permanent address is still in use by the bond");
	if (p->oom) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	return 0;
}

/* A slave that can carry the traffic now: enslaved, up, carrier, MII up. */
static int healthy(const struct klink *l, int master, int except)
{
	return l->master == master && l->ifindex != except && (l->flags & IFF_UP) &&
	       (l->flags & IFF_LOWER_UP) && l->has_slave && l->slave.mii_status == 0;
}

int plan_ifdown_slave(const struct netcfg_dev *slave, const struct kstate *have,
		      struct plan *p, struct diags *d)
{
	const struct klink *l = kstate_link(have, slave->name);
	const struct klink *b = l ? kstate_link_by_index(have, l->master) : NULL;
	const char *file = slave->file->label;

	if (!l || !l->master || !b)
		return 0;
	if (b->has_bond && mode_uses_active(b->bond.num[BOPT_MODE]) &&
	    !strcmp(b->bond.active_slave, l->name)) {
		const struct klink *to = NULL, *pri = kstate_link(have, b->bond.primary);
		struct step *s;

		if (pri && healthy(pri, b->ifindex, l->ifindex))
			to = pri;
		for (size_t i = 0; !to && i < have->nlinks; i++)
			if (healthy(&have->links[i], b->ifindex, l->ifindex) &&
			    (!to || ifcfg_natcmp(have->links[i].name, to->name) < 0))
				to = &have->links[i];
		if (to) {
			s = push(p, STEP_BOND_OPT, b->name, file, slave->master_line,
				 "move the traffic to a healthy slave before the release");
			if (s) {
				s->mask = 1ull << BOPT_ACTIVE_SLAVE;
				s->opts = b->bond;
				s->before = b->bond;
				snprintf(s->opts.active_slave, sizeof(s->opts.active_slave), "%s",
					 to->name);
			}
		} else {
			diag_add(d, DIAG_WARNING, file, slave->master_line,
				 "%s carries %s's traffic and no other slave is healthy", l->name,
				 b->name);
		}
	}
	plan_mac_handoff(p, l, b, have, file, slave->master_line);
	push(p, STEP_RELEASE, l->name, file, slave->master_line, NULL);
	if (p->oom) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	return 0;
}

int plan_ifup_plain(const struct netcfg_dev *want, const struct kstate *have, struct plan *p,
		    struct diags *d)
{
	const struct klink *l = kstate_link(have, want->name);

	if (!l && want->role == ROLE_VLAN) {
		struct step *s;

		/* The legacy order: what a VLAN is stacked on comes up first (the service
		 * starts bonds before VLANs); here it must already exist. */
		if (!kstate_link(have, want->physdev)) {
			diag_add(d, DIAG_ERROR, want->file->label, want->vlan_line,
				 "%s: its lower device %s does not exist (bring %s up first)",
				 want->name, want->physdev, want->physdev);
			return -1;
		}
		s = push(p, STEP_VLAN_CREATE, want->name, want->file->label, want->vlan_line, NULL);
		if (s) {
			snprintf(s->master, sizeof(s->master), "%s", want->physdev);
			s->vlan_id = want->vlan_id;
		}
	} else if (!l) {
		diag_add(d, DIAG_ERROR, want->file->label, 0, "%s: no such device", want->name);
		return -1;
	} else if (want->role == ROLE_VLAN && strcmp(l->kind, "vlan")) {
		diag_add(d, DIAG_ERROR, want->file->label, want->vlan_line,
			 "%s exists and is not a VLAN (kind '%s')", want->name, l->kind[0] ? l->kind : "none");
		return -1;
	}
	if (l && l->master)
		push(p, STEP_RELEASE, want->name, want->file->label, 0,
		     "the configuration has no MASTER");
	plan_link(p, want, l, 0);
	plan_addrs(p, want, l, have);
	if (!l || !(l->flags & IFF_UP) || l->master)
		push(p, STEP_UP, want->name, want->file->label, 0, NULL);
	plan_routes(p, want, l, have, 0, d);
	if (p->oom) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	return 0;
}

int plan_ifdown_plain(const struct netcfg_dev *want, const struct kstate *have,
		      struct plan *p, struct diags *d)
{
	const struct klink *l = kstate_link(have, want->name);
	struct netcfg_dev none = *want;

	if (!l)
		return 0;
	if (want->role == ROLE_VLAN && !strcmp(l->kind, "vlan")) {
		/* As the legacy ifdown-vlan: the VLAN goes, its addresses and routes with it. */
		push(p, STEP_DELETE, want->name, want->file->label, want->vlan_line, NULL);
		goto out;
	}
	none.naddrs = 0;
	none.has_gateway = 0;
	none.dhcp = 0;		/* down means every address goes, the DHCP client's too */
	plan_routes(p, &none, l, have, 0, d);
	plan_addrs(p, &none, l, have);
	if (l->flags & IFF_UP)
		push(p, STEP_DOWN, want->name, want->file->label, 0, NULL);
out:
	if (p->oom) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	return 0;
}
