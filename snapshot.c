/* snapshot.c - the kernel's state of some devices written as ifcfg files, so that
 * `try` can put it back with the same planner that applied the change: every
 * attribute the planner compares is stated (a file that leaves MTU out would leave a
 * changed MTU changed).  Only what is ours is written as ours: the kernel's own
 * routes, a router's and a DHCP client's are the kernel's business. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include "snapshot.h"

/* The files of one device, open for writing. */
struct out {
	const char *dir;
	FILE *cfg, *route[2], *rule[2];
	struct kerr *e;
};

static FILE *open_file(struct out *o, const char *kind, const char *name)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s-%s", o->dir, kind, name);
	if (!(fp = fopen(path, "we"))) {
		o->e->err = errno;
		snprintf(o->e->msg, sizeof(o->e->msg), "%.200s", path);
	}
	return fp;
}

/* The route (v6: route6) or rule file of name, opened on first use. */
static FILE *side(struct out *o, int rule, int v6, const char *name)
{
	FILE **fp = rule ? &o->rule[v6] : &o->route[v6];

	if (!*fp)
		*fp = open_file(o, rule ? (v6 ? "rule6" : "rule") : (v6 ? "route6" : "route"), name);
	return *fp;
}

static int is_zeroconf4(const struct netcfg_route *r)
{
	return r->family == AF_INET && r->dst.v4.s_addr == htonl(0xa9fe0000) && r->dst_len == 16 && !r->has_gw;
}

/* The options that differ from the defaults of the bond's mode, which the planner
 * brings back for every option a file leaves out. */
static void bond_keys(FILE *fp, const struct klink *l)
{
	struct bond_opts def = { .has = 1ull << BOPT_MODE };
	uint32_t mode = l->bond.num[BOPT_MODE];
	const char *sep = "";

	def.num[BOPT_MODE] = mode;
	bond_opts_fill_defaults(&def);
	fputs("TYPE=Bond\nBONDING_MASTER=yes\nBONDING_OPTS=\"", fp);
	for (int id = 0; id < BOPT_COUNT; id++) {
		char v[512];

		/* The active slave is state, not configuration; an unset primary or
		 * an empty target list is no word at all. */
		if (id == BOPT_ACTIVE_SLAVE || !BOND_HAS(&l->bond, id) || !(bond_opt_get(id)->modes & BM(mode)) ||
		    (id != BOPT_MODE && BOND_HAS(&def, id) && bond_opt_equal(&l->bond, &def, id)))
			continue;
		bond_opt_format(&l->bond, id, v, sizeof(v));
		if (!v[0])
			continue;
		fprintf(fp, "%s%s=%s", sep, bond_opt_get(id)->name, v);
		sep = " ";
	}
	fputs("\"\n", fp);
}

static void br_keys(FILE *fp, enum br_table t, const struct br_vals *v)
{
	size_t n;
	const struct br_opt *rows = br_table(t, &n);
	const char *sep = "";

	if (!v->has)
		return;
	fputs("BRIDGING_OPTS=\"", fp);
	for (size_t id = 0; id < n; id++) {
		char val[64];

		if (!((v->has >> id) & 1))
			continue;
		br_opt_format_sysfs(t, (int)id, v->v[id], val, sizeof(val));
		fprintf(fp, "%s%s=%s", sep, rows[id].name, val);
		sep = " ";
	}
	fputs("\"\n", fp);
}

static void vlan_map(FILE *fp, const char *key, const struct vlan_qos_map *m, unsigned n)
{
	if (!n)
		return;
	fprintf(fp, "%s=\"", key);
	for (unsigned i = 0; i < n; i++)
		fprintf(fp, "%s%u:%u", i ? "," : "", m[i].from, m[i].to);
	fputs("\"\n", fp);
}

static void vlan_keys(FILE *fp, const struct kstate *ks, const struct klink *l)
{
	const struct klink *lower = kstate_link_by_index(ks, l->link);

	fprintf(fp, "TYPE=Vlan\nVLAN=yes\nPHYSDEV=%s\nVLAN_ID=%u\n", lower ? lower->name : "", l->vlan_id);
	fprintf(fp, "REORDER_HDR=%s\nGVRP=%s\nMVRP=%s\n", l->vlan_flags & 0x1 ? "yes" : "no",
		l->vlan_flags & 0x2 ? "yes" : "no", l->vlan_flags & 0x8 ? "yes" : "no");
	vlan_map(fp, "VLAN_INGRESS_PRIORITY_MAP", l->vlan_qos.in, l->vlan_qos.n_in);
	vlan_map(fp, "VLAN_EGRESS_PRIORITY_MAP", l->vlan_qos.eg, l->vlan_qos.n_eg);
}

/* Addresses, default routes, ours routes: a device that carries IP (not a port). */
static int l3_keys(struct out *o, const struct kstate *ks, const struct klink *l,
		   const struct snapshot_env *env)
{
	FILE *fp = o->cfg;
	char a[INET6_ADDRSTRLEN];
	const struct kroute *gw = NULL;
	int n = 0, zeroconf = 0, v6 = 0;

	fprintf(fp, "BOOTPROTO=%s\n", env->dhcp_running && env->dhcp_running(l->name, 0) ? "dhcp" : "none");
	/* The addresses go back as they were: not probed (they were ours a moment
	 * ago), the neighbours told. */
	for (size_t i = 0; i < ks->naddrs; i++) {
		const struct kaddr *x = &ks->addrs[i];

		if (x->ifindex != l->ifindex)
			continue;
		fprintf(fp, "IPADDR%d=%s\nPREFIX%d=%u\nARPCHECK%d=no\n", n, inet_ntop(AF_INET, &x->addr, a, sizeof(a)),
			n, x->prefix, n);
		n++;
	}
	for (size_t i = 0; i < ks->nroutes && !gw; i++)
		if (ks->routes[i].ifindex == l->ifindex)
			gw = &ks->routes[i];
	if (gw) {
		fprintf(fp, "GATEWAY=%s\n", inet_ntop(AF_INET, &gw->gw, a, sizeof(a)));
		if (gw->metric)
			fprintf(fp, "METRIC=%u\n", gw->metric);
		if (gw->src.s_addr)
			fprintf(fp, "SRCADDR=%s\n", inet_ntop(AF_INET, &gw->src, a, sizeof(a)));
	} else {
		fputs("DEFROUTE=no\n", fp);
	}
	for (size_t i = 0; i < ks->nfib; i++) {
		const struct kfib *f = &ks->fib[i];
		char r[512];

		if (f->ifindex != l->ifindex || f->r.proto != ROUTE_PROTO_OURS)
			continue;
		if (is_zeroconf4(&f->r)) {
			zeroconf = 1;
			continue;
		}
		if (f->r.family == AF_INET && gw && !f->r.dst_len && f->r.table == RT_TABLE_MAIN &&
		    f->r.has_gw && f->r.gw.v4.s_addr == gw->gw.s_addr && f->r.metric == gw->metric)
			continue;	/* GATEWAY's */
		/* IPv6's default route of ours is IPV6_DEFAULTGW's (below). */
		if (f->r.family == AF_INET6 && !f->r.dst_len && f->r.table == RT_TABLE_MAIN)
			continue;
		route_format(&f->r, l->name, r, sizeof(r));
		if (!side(o, 0, f->r.family == AF_INET6, l->name))
			return -1;
		fprintf(side(o, 0, f->r.family == AF_INET6, l->name), "%s\n", r);
	}
	if (!zeroconf)
		fputs("NOZEROCONF=yes\n", fp);
	/* IPv6: ours only; the sysctls as they are (try puts them back itself). */
	for (size_t i = 0; i < ks->naddrs6; i++) {
		const struct kaddr6 *x = &ks->addrs6[i];

		if (x->ifindex != l->ifindex || x->proto != ROUTE_PROTO_OURS)
			continue;
		fprintf(fp, "%s%s/%u", v6 ? " " : "IPV6INIT=yes\nIPV6_SET_SYSCTLS=no\nIPV6ADDR=",
			inet_ntop(AF_INET6, &x->addr, a, sizeof(a)), x->prefix);
		if (!v6++)
			fputs("\nIPV6ADDR_SECONDARIES=\"", fp);
	}
	if (v6)
		fputs("\"\n", fp);
	for (size_t i = 0; i < ks->nroutes6; i++) {
		const struct kroute6 *r = &ks->routes6[i];

		if (r->ifindex != l->ifindex || r->proto != ROUTE_PROTO_OURS || IN6_IS_ADDR_UNSPECIFIED(&r->gw))
			continue;
		if (!v6++)
			fputs("IPV6INIT=yes\nIPV6_SET_SYSCTLS=no\n", fp);
		fprintf(fp, "IPV6_DEFAULTGW=%s\n", inet_ntop(AF_INET6, &r->gw, a, sizeof(a)));
		if (r->metric && r->metric != 1024)
			fprintf(fp, "IPV6_ROUTE_METRIC=%u\n", r->metric);
		break;
	}
	if (env->dhcp_running && env->dhcp_running(l->name, 1)) {
		if (!v6++)
			fputs("IPV6INIT=yes\nIPV6_SET_SYSCTLS=no\n", fp);
		fputs("DHCPV6C=yes\n", fp);
	}
	return 0;
}

static int write_dev(struct out *o, const struct kstate *ks, const struct klink *l,
		     const struct snapshot_env *env)
{
	const struct klink *m = l->master ? kstate_link_by_index(ks, l->master) : NULL;
	int bond_port = m && !strcmp(m->kind, "bond");
	FILE *fp;

	if (!(fp = o->cfg = open_file(o, "ifcfg", l->name)))
		return -1;
	fprintf(fp, "# the state before a try, put back unless it is confirmed\nDEVICE=%s\nONBOOT=%s\nNM_CONTROLLED=no\n",
		l->name, l->flags & IFF_UP ? "yes" : "no");
	if (l->has_bond)
		bond_keys(fp, l);
	else if (!strcmp(l->kind, "bridge"))
		fputs("TYPE=Bridge\n", fp), br_keys(fp, BR_BRIDGE, &l->bridge);
	else if (l->has_vlan)
		vlan_keys(fp, ks, l);
	else
		fputs("TYPE=Ethernet\n", fp);
	if (bond_port) {
		fprintf(fp, "MASTER=%s\nSLAVE=yes\n", m->name);
		for (int i = 0; l->has_slave && i < BSOPT_COUNT; i++)
			if ((l->slave.has >> i) & 1)
				fprintf(fp, "%s=%lld\n", bond_slave_opt_table[i].key, (long long)l->slave.opt[i]);
		return 0;	/* the bond's MTU, MAC and addresses */
	}
	fprintf(fp, "MTU=%u\n", l->mtu);
	if (l->flags & IFF_NOARP)
		fputs("ARP=no\n", fp);
	/* A bond's MAC is what its peers know it by; a NIC's, a VLAN's and a bridge's
	 * follow from their hardware and lower devices. */
	if (l->has_bond && l->addr_len == 6)
		fprintf(fp, "MACADDR=%02x:%02x:%02x:%02x:%02x:%02x\n", l->addr[0], l->addr[1], l->addr[2],
			l->addr[3], l->addr[4], l->addr[5]);
	if (m && !strcmp(m->kind, "bridge")) {
		fprintf(fp, "BRIDGE=%s\n", m->name);
		if (l->has_brport) {
			/* A port's options beside its own kind's BRIDGING_OPTS would be two
			 * keys: only a plain port says them. */
			if (!l->has_bond && strcmp(l->kind, "bridge"))
				br_keys(fp, BR_PORT, &l->brport);
		}
		return 0;
	}
	return l3_keys(o, ks, l, env);
}

static int close_all(struct out *o)
{
	FILE **v[] = { &o->cfg, &o->route[0], &o->route[1], &o->rule[0], &o->rule[1] };
	int rc = 0;

	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
		if (*v[i] && (ferror(*v[i]) | fclose(*v[i])) && !rc) {
			o->e->err = errno ? errno : EIO;
			snprintf(o->e->msg, sizeof(o->e->msg), "%.200s", o->dir);
			rc = -1;
		}
		*v[i] = NULL;
	}
	return rc;
}

int snapshot_write(const char *dir, const struct kstate *ks, const int *ifindexes, size_t n,
		   const struct snapshot_env *env, struct kerr *e)
{
	struct out o = { .dir = dir, .e = e };
	const char *first = NULL;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		const struct klink *l = kstate_link_by_index(ks, ifindexes[i]);

		if (!l)
			continue;
		if (!first && !l->master)
			first = l->name;
		rc = write_dev(&o, ks, l, env);
		rc |= close_all(&o);
	}
	/* Rules name no device: ours go with the first device that carries IP. */
	for (size_t i = 0; first && !rc && i < ks->nrules; i++) {
		const struct netcfg_rule *r = &ks->rules[i];
		char text[512];
		FILE *fp;

		if (r->proto != ROUTE_PROTO_OURS)
			continue;
		if (!(fp = side(&o, 1, r->family == AF_INET6, first))) {
			rc = -1;
			break;
		}
		rule_format(r, text, sizeof(text));
		fprintf(fp, "%s\n", text);
	}
	rc |= close_all(&o);
	return rc ? -1 : 0;
}
