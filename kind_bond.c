/* kind_bond.c - bonds: BONDING_OPTS through the option table, created and changed in
 * the order the bonding driver requires, their ports (slaves) enslaved and released.
 * The planner simulates the side effects the driver applies on its own (a mode write
 * resets arp_validate, miimon and arp_interval exclude each other, delays are stored
 * as multiples of miimon), so that a second run sends nothing. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "ifcfg_parse.h"
#include "kind.h"
#include "plan.h"
#include "status.h"


static int bond_detect(const struct ifcfg_file *f, const char *name)
{
	return ifcfg_is_bond(f);
}

static int bond_load(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	struct netcfg_bond_conf *b = &dev->k.bond;
	const char *v = ifcfg_get(f, "BONDING_OPTS");

	b->opts_line = ifcfg_line(f, "BONDING_OPTS");
	dev->kind_line = b->opts_line;
	if (v && bond_opts_parse(v, f->label, b->opts_line, &b->opts, d))
		return -1;
	/* The kernel's defaults: balance-rr, no link monitoring (cloud-init writes such
	 * bonds, TYPE=Bond and nothing else). */
	if (!v || !*v)
		diag_add(d, DIAG_WARNING, f->label,
			 ifcfg_line(f, "TYPE") ? ifcfg_line(f, "TYPE") : ifcfg_line(f, "BONDING_MASTER"),
			 "no BONDING_OPTS: %s is the kernel's default bond, balance-rr without miimon or arp_interval: a failed link is never detected",
			 dev->name);
	return 0;
}

/* fail_over_mac=active: the kernel gives the bond its active slave's MAC, at every
 * failover (bond_do_fail_over_mac); a MACADDR would be undone at once. */
static int mac_follows_active(const struct netcfg_dev *m)
{
	const struct bond_opts *o = &m->k.bond.opts;

	return m->link.has_macaddr && BOND_HAS(o, BOPT_FAIL_OVER_MAC) && o->num[BOPT_FAIL_OVER_MAC] == 1;
}

/* The bond's MTU and MACADDR (not the latter where the kernel owns the MAC). */
static void bond_link(struct plan_ctx *c, const struct netcfg_dev *m, const struct klink *b,
		      int mac_lost)
{
	struct netcfg_dev own;

	if (!mac_follows_active(m)) {
		plan_link(c->p, m, b, mac_lost);
		return;
	}
	own = *m;
	own.link.has_macaddr = 0;
	plan_link(c->p, &own, b, mac_lost);
}

/* BONDING_SLAVEn (cloud-init writes them in the bond's file): a port is made by its
 * own file's MASTER, as the legacy scripts and NetworkManager read it, and cloud-init
 * writes that too.  A name listed that is no port of the bond is said at its line. */
static void listed_slaves(const struct netnode *node, const struct netnode **ports, size_t n,
			  struct diags *d)
{
	const struct ifcfg_file *f = node->dev.file;

	for (size_t i = 0; i < f->nvars; i++) {
		const char *k = f->vars[i].key, *v = f->vars[i].value;
		int found = 0;

		if (strncmp(k, "BONDING_SLAVE", 13) || !k[13] || strspn(k + 13, "0123456789") != strlen(k + 13))
			continue;
		for (size_t j = 0; j < n && !found; j++)
			found = !strcmp(ports[j]->dev.name, v);
		if (!found)
			diag_add(d, DIAG_WARNING, f->label, f->vars[i].line,
				 "%s: %s is not a port of %s: no file of it says MASTER=%s (a port is made by its own file)",
				 k, v, node->dev.name, node->dev.name);
	}
}

/* BONDING_OPTS against the ports the directory gives the bond (primary must be one). */
static int bond_validate(const struct netgraph *g, const struct netnode *node, struct diags *d)
{
	const struct netnode **ports = NULL;
	size_t n = netgraph_ports(g, node, &ports);
	const char **names = calloc(n ? n : 1, sizeof(*names));
	size_t k = 0;
	int rc;

	if (!names || (!ports && g->n)) {
		free(names);
		free(ports);
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	/* Ports whose own file failed are not counted (they fail the bond anyway). */
	for (size_t i = 0; i < n; i++)
		if (ports[i]->ok)
			names[k++] = ports[i]->dev.name;
	rc = bond_opts_validate(&node->dev.k.bond.opts, names, k, node->dev.file->label,
				node->dev.k.bond.opts_line, d);
	listed_slaves(node, ports, n, d);
	if (mac_follows_active(&node->dev))
		diag_add(d, DIAG_WARNING, node->dev.file->label, node->dev.link.macaddr_line,
			 "MACADDR: not applied: with fail_over_mac=active the bond takes its active slave's MAC, and the kernel sets it again at each failover");
	free(names);
	free(ports);
	return rc;
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
	struct step *s = plan_push(p, STEP_BOND_OPT, bond, file, line, why);

	if (!s)
		return;
	s->mask = 1ull << id;
	s->opts = *want;
	s->before = *cur;
}

/* Slave options: explicit values, else the kernel's defaults; only those the kernel
 * accepts in this mode and reports (a kernel without the attribute cannot compare). */
static void plan_port_opts(struct plan *p, const struct netcfg_dev *s, const struct klink *l,
			    uint32_t mode, int fresh)
{
	for (int i = 0; i < BSOPT_COUNT; i++) {
		const struct bond_slave_opt *so = &bond_slave_opt_table[i];
		int given = (s->port.has >> i) & 1;
		int64_t want = given ? s->port.opt[i] : so->def;
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
		st = plan_push(p, STEP_SLAVE_OPT, s->name, s->file->label,
			  given ? s->port.opt_line[i] : s->port.line, NULL);
		if (st) {
			st->slave_opt = i;
			st->slave_val = want;
		}
	}
}

/* 1 if bond b wears slave l's own (permanent) MAC. */
static int wears_mac(const struct klink *b, const struct klink *l)
{
	return b->has_bond && !b->bond.num[BOPT_FAIL_OVER_MAC] && l->has_slave &&
	       !memcmp(b->addr, l->slave.perm_hwaddr, 6);
}

/* One ifup of a bond (or of one of its ports) being planned: what the phases share. */
struct bond_ctx {
	struct plan_ctx *c;
	const struct netnode *node;
	const struct netcfg_dev *m;		/* the bond as configured */
	const struct netnode **ports;		/* its ports, natural order */
	size_t nports;
	const char *only;			/* ifup of this port only, or NULL */
	const char *file;
	int line;				/* the BONDING_OPTS line */
	const struct klink *b;			/* the bond in the kernel, or NULL */
	struct bond_opts w, cur;		/* wanted (defaults filled), and held by then */
	uint32_t mode;
	int up, need_empty, need_down, enslaved, fresh;
	/* Effects of the plan's own steps on what the dump showed: a bond taken down
	 * loses its IPv4 routes (the kernel flushes them), one emptied of slaves gets a
	 * random MAC. */
	int routes_flushed, members, released;
	/* The state once the plan's address deletions are applied (plan_view),
	 * for what is planned after them from step l3_start on. */
	struct kstate v;
	const struct kstate *view;
	size_t l3_start;
};

static int configured_port(const struct bond_ctx *x, const char *name)
{
	for (size_t i = 0; i < x->nports; i++)
		if (!strcmp(x->ports[i]->dev.name, name))
			return 1;
	return 0;
}

static int bond_check_kernel(struct bond_ctx *x)
{
	const struct klink *b = x->b;

	if (b && strcmp(b->kind, "bond")) {
		diag_add(x->c->d, DIAG_ERROR, x->file, 0, "%s exists and is not a bond (kind '%s')",
			 x->m->name, b->kind);
		return -1;
	}
	if (b && !b->has_bond) {
		diag_add(x->c->d, DIAG_ERROR, x->file, 0,
			 "the kernel reports no bond options for %s (no netlink bond support?)",
			 x->m->name);
		return -1;
	}
	return 0;
}

/* A new bond: the module first, then one message with every option that can be
 * given before the first slave. */
static void bond_create(struct bond_ctx *x)
{
	struct plan *p = x->c->p;
	struct step *s;

	if (!x->c->env->module_loaded)
		plan_push(p, STEP_MODPROBE, x->m->name, x->file, x->line,
			  "max_bonds=0: loading it must not create a bond0 of its own");
	s = plan_push(p, STEP_CREATE, x->m->name, x->file, x->line, NULL);
	if (!s)
		return;
	for (int id = 0; id < BOPT_COUNT; id++) {
		const struct bond_opt *o = bond_opt_get(id);

		if (applicable(o, x->mode) && o->phase != BPH_AFTER_ENSLAVE && !moot(&x->w, id) &&
		    (BOND_HAS(&x->m->k.bond.opts, id) || !sent_only_when_given(o)))
			s->mask |= 1ull << id;
	}
	s->opts = x->w;
	x->cur = x->w;
}

/* Which changes need the bond empty or down. */
static void bond_needs(struct bond_ctx *x)
{
	for (int id = 0; id < BOPT_COUNT; id++) {
		const struct bond_opt *o = bond_opt_get(id);

		if (!applicable(o, x->mode) || moot(&x->w, id) || !BOND_HAS(&x->cur, id) ||
		    bond_opt_equal(&x->w, &x->cur, id))
			continue;
		x->need_empty |= o->phase == BPH_NOSLAVES;
		x->need_down |= o->phase == BPH_IFDOWN || id == BOPT_MODE;
	}
}

/* Releases: every slave for a change that needs an empty bond, else the ones no
 * file configures (not for a port-only ifup). */
static void bond_release(struct bond_ctx *x)
{
	const struct kstate *have = x->c->have;
	const struct klink *b = x->b;
	struct plan *p = x->c->p;

	for (size_t i = 0; i < have->nlinks; i++)
		x->members += have->links[i].master == b->ifindex;
	if (x->need_empty) {
		/* The slave whose MAC the bond wears goes last: released while others
		 * stay, the kernel warns of a duplicate address. */
		for (int last = 0; last < 2; last++)
			for (size_t i = 0; i < have->nlinks; i++)
				if (have->links[i].master == b->ifindex &&
				    wears_mac(b, &have->links[i]) == last) {
					plan_push(p, STEP_RELEASE, have->links[i].name, x->file,
						  x->line, why_empty);
					x->released++;
				}
	} else if (!x->only) {
		for (size_t i = 0; i < have->nlinks; i++) {
			const struct netnode *nd;

			if (have->links[i].master != b->ifindex || configured_port(x, have->links[i].name))
				continue;
			/* A typo in the port's own file (MASTER=bond1, no such bond) must
			 * not move it: it stays, said (the service fails on that file). */
			nd = netgraph_find(x->c->g, have->links[i].name);
			if (nd && netcfg_is_port_of(&nd->dev, &kind_bond) && nd->controller < 0) {
				diag_add(x->c->d, DIAG_WARNING, nd->dev.file->label, nd->dev.port.line,
					 "%s stays in %s: MASTER=%s names no configured bond (an error in a port's file does not move it)",
					 nd->dev.name, x->m->name, nd->dev.port.controller);
				continue;
			}
			plan_push(p, STEP_RELEASE, have->links[i].name, x->file, 0,
				  "not configured: no ifcfg file with this MASTER and SLAVE=yes");
			x->released++;
		}
	}
}

/* The option writes of a live bond, in table order, each simulated. */
static void bond_options(struct bond_ctx *x)
{
	const struct bond_opts *given = &x->m->k.bond.opts;
	const struct klink *b = x->b;

	for (int id = 0; id < BOPT_COUNT; id++) {
		const struct bond_opt *o = bond_opt_get(id);

		if (!applicable(o, x->mode) || o->phase == BPH_AFTER_ENSLAVE || moot(&x->w, id))
			continue;
		/* Not reported by this kernel: an attribute it does not know is dropped
		 * silently on the way in (bonding-options.md 5.3), so sending it would
		 * change nothing and repeat on every run. */
		if (!BOND_HAS(&b->bond, id) && !(o->flags & BOF_COND_REPORT)) {
			if (given->line[id])
				diag_add(x->c->d, DIAG_WARNING, x->file, given->line[id],
					 "BONDING_OPTS: %s: not supported by this kernel (Linux %s or later); ignored",
					 o->name, o->since);
			continue;
		}
		/* Values the kernel did not report are written only when the file gives
		 * them, or when a mode write may have changed them (simulate()). */
		if (!BOND_HAS(&x->cur, id) && !BOND_HAS(given, id) &&
		    !(id == BOPT_MIIMON || id == BOPT_ARP_INTERVAL ||
		      id == BOPT_ARP_VALIDATE || id == BOPT_TLB_DYNAMIC_LB))
			continue;
		if (BOND_HAS(&x->cur, id) && bond_opt_equal(&x->w, &x->cur, id))
			continue;
		push_opt(x->c->p, x->m->name, id, &x->w, &x->cur, x->file, x->line,
			 o->phase == BPH_NOSLAVES ? why_empty :
			 o->phase == BPH_IFDOWN ? why_down : NULL);
		simulate(&x->cur, id, &x->w);
	}
}

/* A live bond: releases, down, option writes. */
static void bond_change(struct bond_ctx *x)
{
	x->cur = x->b->bond;
	normalise_have(&x->cur);
	x->up = !!(x->b->flags & IFF_UP);
	bond_needs(x);
	bond_release(x);
	if (x->need_down && x->up) {
		plan_push(x->c->p, STEP_DOWN, x->m->name, x->file, x->line, why_down);
		x->up = 0;
		x->routes_flushed = 1;
	}
	bond_options(x);
}

/* Each configured port (or the one port of a port-only ifup): down, addresses off,
 * enslaved, options; a member taken down by hand is brought up. */
/* 1 if the plan so far changes the bond's MTU. */
static int bond_mtu_changes(const struct bond_ctx *x)
{
	for (size_t i = 0; i < x->c->p->n; i++)
		if (x->c->p->v[i].kind == STEP_MTU && !strcmp(x->c->p->v[i].dev, x->m->name))
			return 1;
	return 0;
}

static void bond_ports(struct bond_ctx *x)
{
	const struct kstate *have = x->c->have;
	const struct klink *b = x->b;
	struct plan *p = x->c->p;

	for (size_t i = 0; i < x->nports; i++) {
		const struct netcfg_dev *s = &x->ports[i]->dev;
		const struct klink *l;
		int member;

		if (x->only && strcmp(s->name, x->only))
			continue;
		if (!(l = plan_port_link(x->c, x->ports[i], "not enslaved")))
			continue;
		plan_ethtool(x->c, s, l);
		member = b && l->master == b->ifindex && !x->need_empty;
		if (!member) {
			struct step *st;

			if (l->master && (!b || l->master != b->ifindex))
				diag_add(x->c->d, DIAG_WARNING, s->file->label, s->port.line,
					 "%s moves to %s from %s", s->name, x->m->name,
					 kstate_link_by_index(have, l->master) ?
					 kstate_link_by_index(have, l->master)->name : "another master");
			if ((l->flags & IFF_UP) && !(l->master && b && l->master == b->ifindex))
				plan_push(p, STEP_DOWN, s->name, s->file->label, s->port.line,
					  why_slave_down);
			plan_port_addrs(p, s, l, have, "a bond slave has no address of its own");
			st = plan_push(p, STEP_ENSLAVE, s->name, s->file->label, s->port.line, NULL);
			if (st)
				snprintf(st->master, sizeof(st->master), "%s", x->m->name);
			x->enslaved = 1;
		} else {
			plan_port_addrs(p, s, l, have, "a bond slave has no address of its own");
			/* The kernel gives a slave its bond's MTU as it joins and with every
			 * change of the bond's; one changed by hand is put back (unless the
			 * bond's own changes now, which sets every slave's). */
			if (l->mtu != b->mtu && !bond_mtu_changes(x)) {
				struct step *st = plan_push(p, STEP_MTU, s->name, s->file->label,
							    s->port.line, "a slave has its bond's MTU");

				if (st)
					st->mtu = b->mtu;
			}
			/* Taken down by hand: still a member, but the bond counts its link
			 * as failed until it is up again. */
			if (!(l->flags & IFF_UP))
				plan_push(p, STEP_UP, s->name, s->file->label, s->port.line,
					  "enslaved but down");
		}
		plan_port_opts(p, s, member ? l : NULL, x->mode, !member);
	}
}

/* primary names an enslaved device; the kernel attaches it from then on. */
static void bond_primary(struct bond_ctx *x)
{
	const struct klink *b = x->b;

	if (applicable(bond_opt_get(BOPT_PRIMARY), x->mode) &&
	    strcmp(x->w.primary, b && !x->need_empty ? b->bond.primary : "") &&
	    (!x->only || !strcmp(x->w.primary, x->only) || x->fresh)) {
		if (!*x->w.primary || kstate_link(x->c->have, x->w.primary))
			push_opt(x->c->p, x->m->name, BOPT_PRIMARY, &x->w, &x->cur, x->file,
				 x->line, "after enslaving: the kernel needs the device to be a slave");
	}
}

/* The bond's own L3 and state once its slaves are in: addresses, up, the active
 * slave the file names, the default route. */
static void bond_finish(struct bond_ctx *x)
{
	const struct bond_opts *given = &x->m->k.bond.opts;
	int port = netcfg_is_port(x->m);

	/* A bond that is a bridge port carries no addresses: it joins its bridge. */
	if (port) {
		plan_attach(x->c, x->node, x->b, x->up);
	} else {
		/* The ARP monitor sends from its first tick, as the bond comes up, and
		 * needs a route to its targets through the bond's addresses: without
		 * them the kernel warns and, validating, takes the slaves down.  Those
		 * addresses go before the bond is up, so the link cannot be probed for
		 * them (ARPCHECK). */
		int arpmon = x->w.num[BOPT_ARP_INTERVAL] && !x->up;
		size_t start = x->c->p->n;

		plan_addrs(x->c->p, x->m, x->b, x->c->have, x->c->d);
		/* From here on, the state as the deletions leave it. */
		if (!(x->view = plan_view(x->c->p, start, x->b, x->c->have,
						   x->c->env->promote_all, &x->v))) {
			x->c->p->oom = 1;
			return;
		}
		x->l3_start = x->c->p->n;
		/* A bond the plan takes down has lost its IPv6 addresses and routes
		 * (keep_addr_on_down is 0 by default): none to delete, all to add. */
		plan_addrs6(x->c->p, x->m, x->routes_flushed ? NULL : x->b, x->view);
		plan_sysctl6(x->c, x->m, 0);
		if (arpmon)
			plan_addrs_add(x->c->p, x->m, x->b, x->view, ADDS_ADD,
				       "the bond's ARP monitor needs its addresses as it comes up", x->c->d);
		if (!x->up) {
			plan_push(x->c->p, STEP_UP, x->m->name, x->file, 0, NULL);
			plan_linkdelay(x->c->p, x->m);
		}
		plan_sysctl6(x->c, x->m, 1);
		plan_addrs_add(x->c->p, x->m, x->b, x->view, arpmon ? ADDS_ANNOUNCE : ADDS_ALL,
			       NULL, x->c->d);
		plan_dhcp_up(x->c, x->m);
	}
	/* active_slave is state, not configuration: assert it only when slaves joined. */
	if (BOND_HAS(given, BOPT_ACTIVE_SLAVE) && x->enslaved &&
	    applicable(bond_opt_get(BOPT_ACTIVE_SLAVE), x->mode))
		push_opt(x->c->p, x->m->name, BOPT_ACTIVE_SLAVE, &x->w, &x->cur, x->file,
			 given->line[BOPT_ACTIVE_SLAVE],
			 "after the bond is up: the kernel needs a current active slave");
	if (!port) {
		plan_l3_after_up(x->c->p, x->m, x->b, x->view, x->routes_flushed, x->c->g, x->c->d);
		plan_explain_readds(x->c->p, x->l3_start, x->b, x->c->have, x->view);
		plan_view_free(&x->v);
	}
}

/* ifup of bond ctrl, or of its port only (only != NULL): the bond is brought up when
 * it is not, and then only that port is enslaved; the other ports are left alone. */
static int bond_plan_up(struct plan_ctx *c, const struct netnode *ctrl, const char *only)
{
	struct bond_ctx x = {
		.c = c,
		.node = ctrl,
		.m = &ctrl->dev,
		.only = only,
		.file = ctrl->dev.file->label,
		.line = ctrl->dev.k.bond.opts_line,
		.b = kstate_link(c->have, ctrl->dev.name),
	};
	int rc = -1;

	x.nports = netgraph_ports(c->g, ctrl, &x.ports);
	if (!x.ports && c->g->n) {
		c->p->oom = 1;
		return plan_done(c);
	}
	x.fresh = !x.b;
	x.w = x.m->k.bond.opts;
	bond_opts_fill_defaults(&x.w);
	normalise_want(&x.w);
	x.mode = x.w.num[BOPT_MODE];
	x.cur = x.b && x.b->has_bond ? x.b->bond : x.m->k.bond.opts;
	if (bond_check_kernel(&x))
		goto out_free;
	if (only && x.b && (x.b->flags & IFF_UP)) {
		/* A port-only ifup leaves a running bond's options alone; its MTU and
		 * MACADDR still hold (a bond whose last slave left has a random MAC, and
		 * the joining slave would give it its own). */
		bond_link(c, x.m, x.b, 0);
		bond_ports(&x);
		bond_primary(&x);
	} else {
		if (!x.b)
			bond_create(&x);
		else
			bond_change(&x);
		bond_link(c, x.m, x.b, x.members && x.released == x.members);
		plan_ethtool(c, x.m, x.b);
		/* A bridge port comes up before its slaves join, as the legacy
		 * ifup-eth brought a bond up: the carrier they give a running bond
		 * is an urgent linkwatch event, handled at once, where a bond that
		 * is down waits for linkwatch's next full pass, up to a second; and
		 * the bridge enables its port only when linkwatch has the bond
		 * operationally up, its address and announcement waiting with it.
		 * It joins the bridge once it has its slaves (bond_finish).  Not an
		 * 802.3ad bond: its ports, joining a running bond one by one, would
		 * each start LACP alone, and the aggregator settle only later (the
		 * slaves' state still changing seconds after); all joined before it
		 * comes up, they negotiate once. */
		if (netcfg_is_port(x.m) && !x.up && x.mode != BOND_MODE_8023AD) {
			plan_push(c->p, STEP_UP, x.m->name, x.file, x.m->port.line, NULL);
			x.up = 1;
		}
		bond_ports(&x);
		bond_primary(&x);
		bond_finish(&x);
	}
	rc = plan_done(c);
out_free:
	free(x.ports);
	return rc;
}

static int bond_up(struct plan_ctx *c, const struct netnode *node)
{
	return bond_plan_up(c, node, NULL);
}

static int bond_port_up(struct plan_ctx *c, const struct netnode *ctrl,
			const struct netnode *port)
{
	return bond_plan_up(c, ctrl, port->dev.name);
}

/* ifdown of a bond: addresses and routes, then the bond (the kernel releases the
 * slaves).  Nothing when the bond does not exist. */
static int bond_down(struct plan_ctx *c, const struct netnode *node)
{
	const struct netcfg_dev *want = &node->dev;
	const struct kstate *have = c->have;
	struct plan *p = c->p;
	const struct klink *b = kstate_link(have, want->name);
	const char *file = want->file->label;

	if (!b)
		return 0;
	if (strcmp(b->kind, "bond")) {
		diag_add(c->d, DIAG_ERROR, file, 0, "%s exists and is not a bond (kind '%s')",
			 want->name, b->kind);
		return -1;
	}
	plan_dhcp_down(c, want);
	for (size_t i = 0; i < have->nroutes; i++)
		if (have->routes[i].ifindex == b->ifindex) {
			struct step *s = plan_push(p, STEP_ROUTE_DEL, want->name, file,
					      want->l3.gateway_line, NULL);
			if (s) {
				s->gw = have->routes[i].gw;
				s->metric = have->routes[i].metric;
			}
		}
	/* Secondaries first: deleting a primary takes them with it (plan_addrs). */
	for (size_t i = have->naddrs; i-- > 0;)
		if (have->addrs[i].ifindex == b->ifindex) {
			struct step *s = plan_push(p, STEP_ADDR_DEL, want->name, file, 0, NULL);
			if (s) {
				s->addr = have->addrs[i].addr;
				s->prefix = have->addrs[i].prefix;
			}
		}
	plan_push(p, STEP_DELETE, want->name, file, 0,
	     "releases every slave at once: one-by-one release would warn that the "
	     "first slave's permanent address is still in use by the bond");
	return plan_done(c);
}

/* A slave that can carry the traffic now: enslaved, up, carrier, MII up. */
static int healthy(const struct klink *l, int master, int except)
{
	return l->master == master && l->ifindex != except && (l->flags & IFF_UP) &&
	       (l->flags & IFF_LOWER_UP) && l->has_slave && l->slave.mii_status == 0;
}

/* ifdown of one port: hand the active role to a healthy slave first, then release. */
static int bond_port_down(struct plan_ctx *c, const struct netnode *ctrl,
			  const struct netnode *port)
{
	const struct netcfg_dev *slave = &port->dev;
	const struct kstate *have = c->have;
	struct plan *p = c->p;
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
			s = plan_push(p, STEP_BOND_OPT, b->name, file, slave->port.line,
				 "move the traffic to a healthy slave before the release");
			if (s) {
				s->mask = 1ull << BOPT_ACTIVE_SLAVE;
				s->opts = b->bond;
				s->before = b->bond;
				snprintf(s->opts.active_slave, sizeof(s->opts.active_slave), "%s",
					 to->name);
			}
		} else {
			diag_add(c->d, DIAG_WARNING, file, slave->port.line,
				 "%s carries %s's traffic and no other slave is healthy", l->name,
				 b->name);
		}
	}
	/* A bare release, as the legacy ifdown and NetworkManager do, even of the slave
	 * whose MAC the bond wears: the bond keeps its MAC, so no peer loses it (the
	 * kernel warns that the released slave, which it leaves down, has the same
	 * one).  Handing the bond another slave's MAC first would need every peer to
	 * learn it: with arp_notify 0 nothing is announced, and a router kept the old
	 * one for 37 s; in 802.3ad the new system ID renegotiates LACP (0.6-0.8 s). */
	plan_push(p, STEP_RELEASE, l->name, file, slave->port.line, NULL);
	return plan_done(c);
}


/* A bond this run created: the kernel drops attributes it does not know without a
 * word, so what it reports back tells which asked-for options it lacks
 * (bonding-options.md 5.3).  A warning, as the legacy scripts' failed writes were. */
static void bond_after_create(struct knl *k, const struct netnode *node, struct diags *d)
{
	const struct netcfg_dev *m = &node->dev;
	struct kerr e = { 0 };
	struct klink l;

	if (knl_get_link(k, m->name, &l, &e) || !l.has_bond)
		return;
	for (int id = 0; id < BOPT_COUNT; id++) {
		const struct bond_opt *o = bond_opt_get(id);

		if (m->k.bond.opts.line[id] && o->nla && !(o->flags & BOF_COND_REPORT) &&
		    !BOND_HAS(&l.bond, id))
			diag_add(d, DIAG_WARNING, m->file->label, m->k.bond.opts.line[id],
				 "BONDING_OPTS: %s: not supported by this kernel (Linux %s or later); ignored",
				 o->name, o->since);
	}
}

/* The kernel refuses nested bonds ("Cannot enslave bond to itself", "Device type
 * (master device) cannot be enslaved"); loopback would lose 127.0.0.1 first. */
static const char *bond_refuses_port(const struct kind_ops *port)
{
	if (port == &kind_bond)
		return "a bond cannot be the slave of another bond";
	if (port == &kind_bridge)
		return "a bridge cannot be a bond slave";
	if (port == &kind_loopback)
		return "the loopback device cannot be a bond slave";
	return NULL;
}

/* ---- bondctl status ---- */

enum { MODE_AB = 1, MODE_8023AD = 4, MODE_TLB = 5, MODE_ALB = 6 };

static int port_listed(const struct st_dev *d, const char *name)
{
	for (size_t i = 0; i < d->nports; i++)
		if (!strcmp(d->ports[i].name, name))
			return 1;
	return 0;
}

static int add_port(struct st_ctx *c, const char *name, const struct klink *l)
{
	struct st_dev *d = c->d;
	struct st_port *v = realloc(d->ports, (d->nports + 1) * sizeof(*v));

	if (!v)
		return -1;
	d->ports = v;
	v = &v[d->nports++];
	memset(v, 0, sizeof(*v));
	snprintf(v->name, sizeof(v->name), "%s", name);
	v->l = l;
	v->f = st_port_facts(c->f, name);
	return 0;
}

/* The kernel's ports (in ifindex order, as the dump), then the configured ones it
 * lacks. */
static void st_bond_ports(struct st_ctx *c, const struct netnode *nd)
{
	size_t i = (size_t)(nd - c->g->v);

	for (size_t k = 0; k < c->ks->nlinks; k++)
		if (c->ks->links[k].master == c->d->l->ifindex && c->ks->links[k].has_slave &&
		    add_port(c, c->ks->links[k].name, &c->ks->links[k]))
			return;
	for (size_t k = c->g->port_first[i]; k < c->g->port_first[i + 1]; k++) {
		const struct netnode *p = &c->g->v[c->g->port[k]];
		const struct klink *l = kstate_link(c->ks, p->dev.name);

		if (port_listed(c->d, p->dev.name))
			continue;
		if (!l)
			st_add(c, ST_WARNING, "port-absent", p->dev.name, p->dev.file->label, 0,
			       "check that the NIC exists (ip link) and its file's HWADDR",
			       "%s is not in the kernel, so it is no port of %s", p->dev.name, nd->dev.name);
		/* One that is there and not a port is a difference (its enslaving). */
		if (add_port(c, p->dev.name, l && l->master == c->d->l->ifindex ? l : NULL))
			return;
	}
}

static int mii_up(const struct st_port *p)
{
	return p->l && p->l->has_slave && p->l->slave.mii_status == 0;
}

static void bond_lacp(struct st_ctx *c, const struct netnode *nd, size_t up)
{
	const struct klink *l = c->d->l;
	static const uint8_t zero[6];
	uint32_t speed = 0, min = l->bond.num[BOPT_MIN_LINKS];
	size_t inagg = 0;
	int mixed = 0;

	if (!up)
		return;
	if (!l->has_ad_info || !memcmp(l->ad_partner_mac, zero, 6)) {
		st_add(c, ST_WARNING, "no-lacp-partner", NULL, NULL, 0,
		       "configure the switch ports as one LACP group (port-channel), or use another mode",
		       "no LACP partner answers on any port of %s (partner MAC 00:00:00:00:00:00)",
		       nd->dev.name);
		return;
	}
	for (size_t i = 0; i < c->d->nports; i++) {
		const struct st_port *p = &c->d->ports[i];

		if (!mii_up(p))
			continue;
		if (p->f && p->f->speed) {
			mixed |= speed && p->f->speed != speed;
			speed = p->f->speed;
		}
		if (p->f && p->f->has_partner_mac && !memcmp(p->f->partner_mac, zero, 6))
			st_add(c, ST_WARNING, "port-no-lacp-partner", p->name, NULL, 0,
			       "check the switch port's LACP configuration and that it is cabled to the same switch group",
			       "%s has no LACP partner (partner MAC 00:00:00:00:00:00)", p->name);
		else if (p->l->slave.ad_aggregator_id != l->ad_aggregator)
			st_add(c, ST_WARNING, "port-not-aggregated", p->name, NULL, 0,
			       "the switch puts it in another LACP group, or its speed or duplex differs",
			       "%s is in aggregator %u, not the active aggregator %u: it carries no traffic",
			       p->name, p->l->slave.ad_aggregator_id, l->ad_aggregator);
		else
			inagg++;
	}
	if (mixed)
		st_add(c, ST_WARNING, "speed-mismatch", NULL, NULL, 0,
		       "give every port the same speed: 802.3ad aggregates only ports of one speed",
		       "the ports of %s run at different speeds", nd->dev.name);
	if (min && inagg < min)
		st_add(c, ST_CRITICAL, "below-min-links", NULL, nd->dev.file->label,
		       nd->dev.k.bond.opts.line[BOPT_MIN_LINKS],
		       "bring more ports into the aggregator, or lower min_links",
		       "%zu port%s in the active aggregator, fewer than min_links %u: the bond has no carrier",
		       inagg, inagg == 1 ? "" : "s", min);
}

/* The primary, up but not active, where primary_reselect would have taken it back
 * (always; better, when it is not slower): the bond's monitoring missed an event. */
static void st_bond_primary(struct st_ctx *c, const struct netnode *nd)
{
	const struct klink *l = c->d->l;
	const struct st_port *pri = NULL, *act = NULL;
	uint32_t reselect = l->bond.num[BOPT_PRIMARY_RESELECT];

	if (!l->bond.primary[0] || !l->bond.active_slave[0] ||
	    !strcmp(l->bond.primary, l->bond.active_slave))
		return;
	for (size_t i = 0; i < c->d->nports; i++) {
		if (!strcmp(c->d->ports[i].name, l->bond.primary))
			pri = &c->d->ports[i];
		if (!strcmp(c->d->ports[i].name, l->bond.active_slave))
			act = &c->d->ports[i];
	}
	if (!pri || !mii_up(pri) || reselect == 2 /* failure: the active one stays */ ||
	    (reselect == 1 && pri->f && act && act->f && pri->f->speed < act->f->speed))
		return;
	st_add(c, ST_WARNING, "primary-not-active", pri->name, nd->dev.file->label,
	       nd->dev.k.bond.opts.line[BOPT_PRIMARY],
	       "check the bond's monitoring (miimon or arp_interval); ip link set dev BOND type bond active_slave PRIMARY makes it active now",
	       "the primary %s is up but %s is active, although primary_reselect=%s would take it back",
	       pri->name, l->bond.active_slave, reselect == 1 ? "better" : "always");
}

static void bond_health(struct st_ctx *c, const struct netnode *nd)
{
	const struct klink *l = c->d->l;
	uint32_t mode = l->bond.num[BOPT_MODE];
	size_t up = 0;
	char a[INET_ADDRSTRLEN];

	st_bond_ports(c, nd);
	for (size_t i = 0; i < c->d->nports; i++) {
		const struct st_port *p = &c->d->ports[i];

		if (!p->l)
			continue;
		if (mii_up(p))
			up++;
		else
			st_add(c, ST_WARNING, "port-down", p->name, NULL, 0,
			       "check its cable and its switch port", "%s has no link (MII status %s)",
			       p->name, p->l->slave.mii_status == 2 ? "down" : "changing");
		if (p->f && p->f->has_prev && p->l->slave.link_failure_count > p->f->prev_failures)
			st_add(c, ST_WARNING, "link-failures", p->name, NULL, 0,
			       "a flapping link: check the cable, the transceiver and the switch port's log",
			       "%s's link failed %u time%s since the last status", p->name,
			       p->l->slave.link_failure_count - p->f->prev_failures,
			       p->l->slave.link_failure_count - p->f->prev_failures == 1 ? "" : "s");
	}
	if (!up || !(l->flags & IFF_LOWER_UP)) {
		if (l->bond.num[BOPT_ARP_INTERVAL] && l->bond.n_arp_ip_target && c->d->nports)
			st_add(c, ST_CRITICAL, "arp-targets-silent", NULL, nd->dev.file->label,
			       nd->dev.k.bond.opts.line[BOPT_ARP_IP_TARGET],
			       "check that the targets answer ARP on this network, or monitor with miimon",
			       "none of %s's ARP targets (%s%s) answers on any port: no traffic passes",
			       nd->dev.name, inet_ntop(AF_INET, &l->bond.arp_ip_target[0], a, sizeof(a)),
			       l->bond.n_arp_ip_target > 1 ? ", ..." : "");
		else if (up && mode == MODE_8023AD && l->bond.num[BOPT_MIN_LINKS])
			;	/* bond_lacp says why: min_links */
		else
			st_add(c, ST_CRITICAL, "no-active-port", NULL, NULL, 0,
			       "check the ports' cables and switch ports",
			       "%s has no working port: no traffic passes", nd->dev.name);
	} else if ((mode == MODE_AB || mode == MODE_TLB || mode == MODE_ALB) && !l->bond.active_slave[0]) {
		st_add(c, ST_CRITICAL, "no-active-port", NULL, NULL, 0,
		       "check the bond's monitoring and its ports", "%s has no active port", nd->dev.name);
	}
	if (mode == MODE_8023AD)
		bond_lacp(c, nd, up);
	if (mode == MODE_AB || mode == MODE_TLB || mode == MODE_ALB)
		st_bond_primary(c, nd);
}

const struct kind_ops kind_bond = {
	.name = "bond",
	.role = "bond",
	.rank = 1,
	.info_kind = "bond",
	.port_key = "MASTER",
	.refuses_port = bond_refuses_port,
	.detect = bond_detect,
	.load = bond_load,
	.validate = bond_validate,
	.plan_up = bond_up,
	.plan_down = bond_down,
	.plan_port_up = bond_port_up,
	.plan_port_down = bond_port_down,
	.after_create = bond_after_create,
	.health = bond_health,
};
