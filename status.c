/* status.c - `bondctl status`: each configured device compared with the kernel by
 * the planner (a step it would make is a difference), and its health (the generic
 * findings here, a kind's own through kind_ops.health); printed for people, as JSON,
 * for Prometheus and for Nagios. */
#define _GNU_SOURCE	/* vasprintf */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "kind.h"
#include "status.h"

static const char *const sev_word[] = { "ok", "warning", "critical", "unknown" };

/* Room for one more of n (the lists are short: a realloc each). */
static int grow(void **v, size_t n, size_t size)
{
	void *p = realloc(*v, (n + 1) * size);

	if (!p)
		return -1;
	*v = p;
	return 0;
}

static char *vfmt(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static char *vfmt(const char *fmt, va_list ap)
{
	char *s = NULL;

	return vasprintf(&s, fmt, ap) < 0 ? NULL : s;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
	va_list ap;
	char *s;

	va_start(ap, f);
	s = vfmt(f, ap);
	va_end(ap);
	return s;
}

/* An item with text (owned) and todo (owned); NULL when out of memory. */
static struct st_item *push(struct status *st, struct st_dev *d, enum st_sev sev, const char *code,
			    const char *dev, const char *file, int line, char *text, char *todo)
{
	struct st_item *it;

	if (!text || grow((void **)&d->v, d->n, sizeof(*d->v))) {
		free(text);
		free(todo);
		st->oom = 1;
		return NULL;
	}
	it = &d->v[d->n++];
	memset(it, 0, sizeof(*it));
	it->sev = sev;
	it->code = code;
	snprintf(it->dev, sizeof(it->dev), "%s", dev ? dev : d->name);
	it->file = file ? strdup(file) : NULL;
	it->line = line;
	if (file && !it->file)
		st->oom = 1;
	it->text = text;
	it->todo = todo;
	if (sev > d->sev)
		d->sev = sev;
	return it;
}

void st_add(struct st_ctx *c, enum st_sev sev, const char *code, const char *dev, const char *file,
	    int line, const char *todo, const char *f, ...)
{
	va_list ap;
	char *text;

	va_start(ap, f);
	text = vfmt(f, ap);
	va_end(ap);
	push(c->st, c->d, sev, code, dev, file, line, text, todo ? strdup(todo) : NULL);
}

const struct st_port_facts *st_port_facts(const struct st_facts *f, const char *name)
{
	for (size_t i = 0; f && i < f->nports; i++)
		if (!strcmp(f->ports[i].name, name))
			return &f->ports[i];
	return NULL;
}

/* ---- the comparison: the planner's steps are the differences ---- */

/* Steps that come with another (a probe, an announcement, a wait) say nothing of
 * their own; a hook is no kernel state. */
static int companion(enum step_kind k)
{
	return k == STEP_HOOK || k == STEP_ARPCHECK || k == STEP_ARP_ANNOUNCE || k == STEP_WAIT_DAD ||
	       k == STEP_WAIT_CARRIER || k == STEP_MODPROBE;
}

/* What the kernel has that no file states: the planner takes it away. */
static int unstated(enum step_kind k)
{
	return k == STEP_ADDR_DEL || k == STEP_ADDR6_DEL || k == STEP_ROUTE_DEL || k == STEP_ROUTE6_DEL ||
	       k == STEP_SROUTE_DEL || k == STEP_RULE_DEL || k == STEP_RELEASE;
}

static void compare(struct st_ctx *c, const struct netnode *nd, const struct plan_env *env,
		    struct plan *p)
{
	struct diags d = { 0 };

	if (plan_up(c->g, nd, c->ks, env, p, &d)) {
		for (size_t i = 0; i < d.n; i++)
			if (d.v[i].sev == DIAG_ERROR)
				st_add(c, ST_CRITICAL, "file-error", NULL, d.v[i].file, d.v[i].line,
				       "correct the file (bondctl check lists every finding)", "%s",
				       d.v[i].msg ? d.v[i].msg : "out of memory");
		diags_free(&d);
		return;
	}
	diags_free(&d);
	c->d->checked = 1;
	c->d->in_sync = 1;
	for (size_t i = 0; i < p->n; i++) {
		const struct step *s = &p->v[i];
		char attr[64], val[128];
		struct st_item *it;

		if (companion(s->kind))
			continue;
		if (!plan_step_observed(s, c->ks, attr, val, sizeof(val))) {
			/* Not a kernel attribute the planner reads back (a DHCP client,
			 * ETHTOOL_OPTS, an IPv6 sysctl): the step says it. */
			snprintf(attr, sizeof(attr), "%s", s->kind == STEP_DHCP_START ? "DHCP client" :
				 s->kind == STEP_ETHTOOL ? "ethtool settings" :
				 s->kind == STEP_SYSCTL6 ? "IPv6 setting" : "state");
			snprintf(val, sizeof(val), "%s", s->kind == STEP_DHCP_START ? "not running" : "differs");
		}
		it = push(c->st, c->d, ST_WARNING, "drift", s->dev, s->file, s->line, strdup(attr),
			  plan_step_text(s));
		if (!it)
			continue;
		it->kernel = strdup(val);
		it->unstated = unstated(s->kind);
		c->d->in_sync = 0;
		c->st->ndrift++;
	}
}

/* Addresses on the device that no file states and the planner leaves (SLAAC, a
 * DHCP lease, one added by hand where the files leave the device to others):
 * shown as such, not as a difference. */
static int stated6(const struct netcfg_dev *dev, const struct kaddr6 *a)
{
	for (size_t i = 0; i < dev->ip6.naddrs; i++)
		if (!memcmp(&dev->ip6.addrs[i].addr, &a->addr, sizeof(a->addr)))
			return 1;
	return 0;
}

static int stated4(const struct netcfg_dev *dev, const struct kaddr *a)
{
	for (size_t i = 0; i < dev->l3.naddrs; i++)
		if (dev->l3.addrs[i].addr.s_addr == a->addr.s_addr)
			return 1;
	for (size_t i = 0; i < dev->naliases; i++)
		if (dev->aliases[i].a.addr.s_addr == a->addr.s_addr)
			return 1;
	return 0;
}

static int deleted(const struct plan *p, const char *dev, int v6, const void *addr)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].dev, dev) &&
		    (v6 ? p->v[i].kind == STEP_ADDR6_DEL && !memcmp(&p->v[i].addr6, addr, 16)
			: p->v[i].kind == STEP_ADDR_DEL && !memcmp(&p->v[i].addr, addr, 4)))
			return 1;
	return 0;
}

static void others(struct st_ctx *c, const struct netnode *nd, const struct plan *p)
{
	struct st_dev *d = c->d;

	for (size_t i = 0; i < c->ks->naddrs6; i++) {
		const struct kaddr6 *a = &c->ks->addrs6[i];

		if (a->ifindex != d->l->ifindex || a->scope != 0 /* RT_SCOPE_UNIVERSE */ ||
		    stated6(&nd->dev, a) || deleted(p, d->name, 1, &a->addr))
			continue;
		if (grow((void **)&d->other6, d->nother6, sizeof(*a))) {
			c->st->oom = 1;
			return;
		}
		d->other6[d->nother6++] = *a;
	}
	for (size_t i = 0; i < c->ks->naddrs; i++) {
		const struct kaddr *a = &c->ks->addrs[i];

		if (a->ifindex != d->l->ifindex || stated4(&nd->dev, a) || deleted(p, d->name, 0, &a->addr))
			continue;
		if (grow((void **)&d->other4, d->nother4, sizeof(*a))) {
			c->st->oom = 1;
			return;
		}
		d->other4[d->nother4++] = *a;
	}
}

/* ---- health ---- */

static const char *link_state(const struct klink *l)
{
	if (!l)
		return "absent";
	if (!(l->flags & IFF_UP))
		return "down";
	return l->flags & IFF_LOWER_UP ? "up" : "no carrier";
}

static void dev_status(struct st_ctx *c, const struct netnode *nd, const struct plan_env *env)
{
	struct st_dev *d = c->d;
	struct plan p = { 0 };

	d->nd = nd;
	d->l = kstate_link(c->ks, nd->dev.name);
	d->state = link_state(d->l);
	if (!nd->ok) {
		const struct diags *v[] = { c->scan, &nd->load, &nd->rel };

		for (size_t k = 0; k < 3; k++)
			for (size_t i = 0; v[k] && i < v[k]->n; i++)
				if (v[k]->v[i].sev != DIAG_WARNING &&
				    (k || (v[k]->v[i].file && !strcmp(v[k]->v[i].file, nd->dev.file->label))))
					st_add(c, ST_CRITICAL, "file-error", NULL, v[k]->v[i].file, v[k]->v[i].line,
					       "correct the file: ifup refuses the device until then", "%s",
					       v[k]->v[i].msg ? v[k]->v[i].msg : "out of memory");
		return;
	}
	if (c->f && c->f->nm_running && nd->dev.nm_controlled) {
		d->state = "NetworkManager's";
		return;
	}
	if (!d->l || !(d->l->flags & IFF_UP)) {
		/* ONBOOT=no: down is what the files ask of a boot. */
		if (nd->dev.onboot)
			push(c->st, d, ST_CRITICAL, d->l ? "down" : "absent", NULL, nd->dev.file->label, 0,
			     fmt("%s is %s, and ONBOOT starts it at boot", nd->dev.name, d->state),
			     fmt("ifup %s", nd->dev.name));
		return;
	}
	/* A bad line of its route or rule files: the rest is up, the line is not. */
	for (size_t i = 0; i < nd->load.n; i++)
		if (nd->load.v[i].sev == DIAG_LINE_ERROR)
			st_add(c, ST_CRITICAL, "file-error", NULL, nd->load.v[i].file, nd->load.v[i].line,
			       "correct the line", "%s", nd->load.v[i].msg ? nd->load.v[i].msg : "out of memory");
	compare(c, nd, env, &p);
	others(c, nd, &p);
	plan_free(&p);
	if (nd->dev.kind->health)
		nd->dev.kind->health(c, nd);
	else if (!(d->l->flags & IFF_LOWER_UP) && nd->dev.kind != &kind_loopback)
		st_add(c, ST_WARNING, "no-carrier", NULL, nd->dev.file->label, 0,
		       "check its cable or the device under it", "%s has no carrier", nd->dev.name);
}

/* A link stacked in the kernel on a configured device (a VLAN, a port) that no file
 * describes: listed, not wrong. */
static int stacked_unconfigured(const struct netgraph *g, const struct kstate *ks,
				const struct klink *l)
{
	const struct klink *on;

	if (netgraph_find(g, l->name))
		return 0;
	on = l->link ? kstate_link_by_index(ks, l->link) : l->master ? kstate_link_by_index(ks, l->master) : NULL;
	return on && netgraph_find(g, on->name);
}

static int named(char *const *names, size_t n, const struct netgraph *g, const struct netnode *nd)
{
	if (!n)
		return 1;
	for (size_t i = 0; i < n; i++) {
		const struct netnode *x = netgraph_find(g, names[i]);

		/* A port's name shows its bond. */
		if (x && (x == nd || (x->controller >= 0 && &g->v[x->controller] == nd &&
				      nd->dev.kind->plan_port_up)))
			return 1;
	}
	return 0;
}

static struct st_dev *new_dev(struct status *st, const char *name)
{
	struct st_dev *d;

	if (grow((void **)&st->v, st->n, sizeof(*st->v))) {
		st->oom = 1;
		return NULL;
	}
	d = &st->v[st->n++];
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	return d;
}

/* The errors of the ifcfg files the scan refused whole (no node has them): each
 * under the device its name gives. */
static void refused_files(struct st_ctx *c, const struct diags *scan, char *const *names, size_t n)
{
	for (size_t i = 0; scan && i < scan->n; i++) {
		const struct diag *e = &scan->v[i];
		const char *dev = e->file && !strncmp(e->file, "ifcfg-", 6) ? e->file + 6 : NULL;
		int want = !n;

		for (size_t k = 0; k < n; k++)
			want |= dev && !strcmp(names[k], dev);
		if (e->sev != DIAG_ERROR || !dev || !want || netgraph_find(c->g, dev))
			continue;
		if (!c->d || strcmp(c->d->name, dev)) {
			if (!(c->d = new_dev(c->st, dev)))
				return;
			c->d->l = kstate_link(c->ks, dev);
			c->d->state = link_state(c->d->l);
		}
		st_add(c, ST_CRITICAL, "file-error", dev, e->file, e->line,
		       "correct the file: ifup refuses the device until then", "%s",
		       e->msg ? e->msg : "out of memory");
	}
}

void status_build(struct status *st, const struct netgraph *g, const struct diags *scan,
		  const struct kstate *have, const struct plan_env *env, const struct st_facts *f,
		  char *const *names, size_t n)
{
	struct st_ctx c = { .g = g, .scan = scan, .ks = have, .f = f, .st = st };

	memset(st, 0, sizeof(*st));
	/* The host first: a pending try reverts everything it changed. */
	if (f && f->try_pending && !n && (c.d = new_dev(st, ""))) {
		c.d->state = "host";
		st_add(&c, ST_WARNING, "try-pending", "", NULL, 0,
		       "confirm it (service network confirm) or put it back now (ifup-bond --revert)",
		       "a network try (%s) is put back in %ld s unless confirmed", f->try_command,
		       f->try_left);
	}
	/* Start order, then what has no place in it (a cycle). */
	for (size_t k = 0; k < g->n; k++) {
		size_t i = k < g->norder ? g->order[k] : k;
		const struct netnode *nd = &g->v[i];
		int placed = 0;

		for (size_t j = 0; k >= g->norder && j < g->norder && !placed; j++)
			placed = g->order[j] == i;
		if (placed || !nd->dev.name[0] || !named(names, n, g, nd))
			continue;
		/* A bond's ports are shown and planned with it. */
		if (nd->controller >= 0 && g->v[nd->controller].dev.kind->plan_port_up &&
		    g->v[nd->controller].ok)
			continue;
		if (!(c.d = new_dev(st, nd->dev.name)))
			break;
		dev_status(&c, nd, env);
	}
	c.d = NULL;
	refused_files(&c, scan, names, n);
	for (size_t i = 0; !n && i < have->nlinks; i++) {
		const struct klink *l = &have->links[i];

		/* A bond's port is in its bond's view. */
		if (!stacked_unconfigured(g, have, l) || !strcmp(l->slave_kind, "bond") ||
		    !(c.d = new_dev(st, l->name)))
			continue;
		c.d->l = l;
		c.d->state = link_state(l);
	}
	for (size_t i = 0; i < st->n; i++) {
		st->sev = st->v[i].sev > st->sev ? st->v[i].sev : st->sev;
		for (size_t j = 0; j < st->v[i].n; j++) {
			st->ncrit += st->v[i].v[j].sev == ST_CRITICAL;
			st->nwarn += st->v[i].v[j].sev == ST_WARNING;
		}
	}
	if (st->oom)
		st->sev = ST_UNKNOWN;
}

void status_free(struct status *st)
{
	for (size_t i = 0; i < st->n; i++) {
		struct st_dev *d = &st->v[i];

		for (size_t j = 0; j < d->n; j++) {
			free(d->v[j].text);
			free(d->v[j].todo);
			free(d->v[j].kernel);
			free(d->v[j].file);
		}
		free(d->v);
		free(d->ports);
		free(d->other6);
		free(d->other4);
	}
	free(st->v);
	memset(st, 0, sizeof(*st));
}

/* ---- output ---- */

static const char *mac_text(const uint8_t *m, char *buf)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

static const char *const mii_word[] = { "up", "going down", "down", "going back" };

static const char *port_mii(const struct klink *l)
{
	if (!l)
		return "absent";
	if (!l->has_slave)
		return "not enslaved";
	return l->slave.mii_status < 4 ? mii_word[l->slave.mii_status] : "?";
}

static const char *dev_kind(const struct st_dev *d)
{
	if (d->nd)
		return d->nd->dev.kind->role;
	return d->l && d->l->kind[0] ? d->l->kind : "device";
}

static void print_item(const struct st_item *it, FILE *fp)
{
	fprintf(fp, "  %s: ", sev_word[it->sev]);
	if (it->file && it->line)
		fprintf(fp, "%s:%d: ", it->file, it->line);
	else if (it->file)
		fprintf(fp, "%s: ", it->file);
	if (it->kernel) {
		if (it->unstated)
			fprintf(fp, "on %s, %s is in the kernel and no file states it; ifup would: %s\n",
				it->dev, it->text, it->todo ? it->todo : "?");
		else
			fprintf(fp, "on %s, %s: kernel %s; ifup would: %s\n", it->dev, it->text, it->kernel,
				it->todo ? it->todo : "?");
		return;
	}
	fprintf(fp, "%s%s%s\n", it->text, it->todo ? "; " : "", it->todo ? it->todo : "");
}

static void print_bond(const struct st_dev *d, FILE *fp)
{
	const struct klink *l = d->l;
	const struct bond_opt *mode = bond_opt_get(BOPT_MODE);
	const char *m = bond_opt_value_name(mode, l->bond.num[BOPT_MODE]);
	char mac[18];

	fprintf(fp, "  mode %s, MII %s", m ? m : "?", l->flags & IFF_LOWER_UP ? "up" : "down");
	if (l->bond.active_slave[0])
		fprintf(fp, ", active %s", l->bond.active_slave);
	if (l->bond.primary[0])
		fprintf(fp, ", primary %s", l->bond.primary);
	fputc('\n', fp);
	if (l->has_ad_info)
		fprintf(fp, "  active aggregator %u (%u ports), partner %s\n", l->ad_aggregator,
			l->ad_num_ports, mac_text(l->ad_partner_mac, mac));
	if (!d->nports)
		return;
	fprintf(fp, "  %-15s %-7s %6s %-4s %4s %s\n", "port", "MII", "Mb/s", "dplx", "fail",
		l->bond.num[BOPT_MODE] == 4 ? "permanent MAC     agg act/partner" : "permanent MAC");
	for (size_t i = 0; i < d->nports; i++) {
		const struct st_port *pt = &d->ports[i];
		const struct klink *s = pt->l;
		char speed[12] = "?";

		if (pt->f && pt->f->speed)
			snprintf(speed, sizeof(speed), "%u", pt->f->speed);
		fprintf(fp, "  %-15s %-7.7s %6s %s", pt->name, port_mii(s), speed,
			!pt->f || pt->f->duplex < 0 ? "?   " : pt->f->duplex ? "full" : "half");
		if (!s || !s->has_slave) {
			fputc('\n', fp);
			continue;
		}
		fprintf(fp, " %4u %s", s->slave.link_failure_count, mac_text(s->slave.perm_hwaddr, mac));
		if (s->slave.has_ad)
			fprintf(fp, " %u %02x/%02x", s->slave.ad_aggregator_id, s->slave.ad_actor_state,
				s->slave.ad_partner_state & 0xff);
		fputc('\n', fp);
	}
}

void status_print(const struct status *st, FILE *fp)
{
	char a[INET6_ADDRSTRLEN];

	for (size_t i = 0; i < st->n; i++) {
		const struct st_dev *d = &st->v[i];

		if (!d->name[0]) {
			for (size_t j = 0; j < d->n; j++)
				print_item(&d->v[j], fp);
			continue;
		}
		fprintf(fp, "%-15s %-6s %-10s %-12s %s\n", d->name, dev_kind(d), d->state,
			!d->nd ? "no file" : d->checked ? d->in_sync ? "in sync" : "drifted" : "not compared",
			d->sev == ST_OK ? "OK" : d->sev == ST_WARNING ? "WARNING" : "CRITICAL");
		if (d->l && d->l->has_bond)
			print_bond(d, fp);
		for (size_t j = 0; j < d->n; j++)
			print_item(&d->v[j], fp);
		for (size_t j = 0; j < d->nother4; j++)
			fprintf(fp, "  note: address %s/%u is not from a file (left to %s)\n",
				inet_ntop(AF_INET, &d->other4[j].addr, a, sizeof(a)), d->other4[j].prefix,
				d->nd && d->nd->dev.l3.dhcp ? "the DHCP client" : "others");
		for (size_t j = 0; j < d->nother6; j++)
			fprintf(fp, "  note: address %s/%u is not from a file (left to %s)\n",
				inet_ntop(AF_INET6, &d->other6[j].addr, a, sizeof(a)), d->other6[j].prefix,
				d->other6[j].proto == 2 ? "SLAAC" : "others");
	}
	fprintf(fp, "%s: %zu device%s, %zu critical, %zu warning%s\n",
		st->sev == ST_OK ? "OK" : st->sev == ST_WARNING ? "WARNING" :
		st->sev == ST_CRITICAL ? "CRITICAL" : "UNKNOWN", st->n, st->n == 1 ? "" : "s", st->ncrit,
		st->nwarn, st->nwarn == 1 ? "" : "s");
}

static void json_str_or_null(FILE *fp, const char *s)
{
	if (s)
		diag_json_string(fp, s);
	else
		fputs("null", fp);
}

static void json_items(const struct st_dev *d, int drift, FILE *fp)
{
	int first = 1;

	for (size_t j = 0; j < d->n; j++) {
		const struct st_item *it = &d->v[j];

		if (!!it->kernel != drift)
			continue;
		fputs(first ? "\n      {" : ",\n      {", fp);
		first = 0;
		fputs("\"device\": ", fp);
		diag_json_string(fp, it->dev);
		fputs(", \"file\": ", fp);
		json_str_or_null(fp, it->file);
		fprintf(fp, ", \"line\": %d, ", it->line);
		if (drift) {
			fputs("\"attribute\": ", fp);
			diag_json_string(fp, it->text);
			fputs(", \"kernel\": ", fp);
			diag_json_string(fp, it->kernel);
			fprintf(fp, ", \"unstated\": %s, \"apply\": ", it->unstated ? "true" : "false");
			json_str_or_null(fp, it->todo);
		} else {
			fprintf(fp, "\"severity\": \"%s\", \"code\": \"%s\", \"message\": ", sev_word[it->sev],
				it->code);
			diag_json_string(fp, it->text);
			fputs(", \"action\": ", fp);
			json_str_or_null(fp, it->todo);
		}
		fputc('}', fp);
	}
	fputs(first ? "]" : "\n    ]", fp);
}

static void json_ports(const struct st_dev *d, FILE *fp)
{
	char mac[18];

	fputs("[", fp);
	for (size_t i = 0; i < d->nports; i++) {
		const struct st_port *pt = &d->ports[i];
		const struct klink *s = pt->l;
		int sl = s && s->has_slave, ad = sl && s->slave.has_ad;

		fputs(i ? ",\n      {" : "\n      {", fp);
		fputs("\"name\": ", fp);
		diag_json_string(fp, pt->name);
		fprintf(fp, ", \"mii\": \"%s\", \"active\": %s", port_mii(s),
			sl && d->l->bond.active_slave[0] && !strcmp(d->l->bond.active_slave, pt->name)
				? "true" : "false");
		if (pt->f && pt->f->speed)
			fprintf(fp, ", \"speed_mbps\": %u", pt->f->speed);
		else
			fputs(", \"speed_mbps\": null", fp);
		fprintf(fp, ", \"duplex\": %s", !pt->f || pt->f->duplex < 0 ? "null" :
			pt->f->duplex ? "\"full\"" : "\"half\"");
		if (sl)
			fprintf(fp, ", \"link_failures\": %u, \"permanent_mac\": \"%s\"",
				s->slave.link_failure_count, mac_text(s->slave.perm_hwaddr, mac));
		else
			fputs(", \"link_failures\": null, \"permanent_mac\": null", fp);
		if (ad)
			fprintf(fp, ", \"aggregator_id\": %u, \"actor_state\": %u, \"partner_state\": %u",
				s->slave.ad_aggregator_id, s->slave.ad_actor_state, s->slave.ad_partner_state);
		else
			fputs(", \"aggregator_id\": null, \"actor_state\": null, \"partner_state\": null", fp);
		if (pt->f && pt->f->has_partner_mac)
			fprintf(fp, ", \"partner_mac\": \"%s\"}", mac_text(pt->f->partner_mac, mac));
		else
			fputs(", \"partner_mac\": null}", fp);
	}
	fputs(d->nports ? "\n    ]" : "]", fp);
}

void status_print_json(const struct status *st, FILE *fp)
{
	char a[INET6_ADDRSTRLEN + 4];
	int first = 1;

	fprintf(fp, "{\"schema\": %d, \"status\": \"%s\", \"critical\": %zu, \"warnings\": %zu, \"devices\": [",
		ST_JSON_SCHEMA, sev_word[st->sev], st->ncrit, st->nwarn);
	for (size_t i = 0; i < st->n; i++) {
		const struct st_dev *d = &st->v[i];
		const struct klink *l = d->l;
		const char *m = l && l->has_bond ? bond_opt_value_name(bond_opt_get(BOPT_MODE),
								       l->bond.num[BOPT_MODE]) : NULL;

		fputs(i ? ",\n  {" : "\n  {", fp);
		fputs("\"name\": ", fp);
		diag_json_string(fp, d->name);
		fputs(", \"kind\": ", fp);
		diag_json_string(fp, d->name[0] ? dev_kind(d) : "host");
		fputs(", \"file\": ", fp);
		json_str_or_null(fp, d->nd ? d->nd->dev.file->label : NULL);
		fprintf(fp, ", \"state\": \"%s\", \"status\": \"%s\", \"compared\": %s, \"in_sync\": %s",
			d->state, sev_word[d->sev], d->checked ? "true" : "false",
			d->checked && d->in_sync ? "true" : "false");
		if (l)
			fprintf(fp, ", \"mtu\": %u", l->mtu);
		else
			fputs(", \"mtu\": null", fp);
		fputs(", \"bond\": ", fp);
		if (l && l->has_bond) {
			fputs("{\"mode\": ", fp);
			json_str_or_null(fp, m);
			fputs(", \"active_port\": ", fp);
			json_str_or_null(fp, l->bond.active_slave[0] ? l->bond.active_slave : NULL);
			fputs(", \"primary\": ", fp);
			json_str_or_null(fp, l->bond.primary[0] ? l->bond.primary : NULL);
			if (l->has_ad_info)
				fprintf(fp, ", \"aggregator_id\": %u, \"partner_mac\": \"%s\"", l->ad_aggregator,
					mac_text(l->ad_partner_mac, a));
			else
				fputs(", \"aggregator_id\": null, \"partner_mac\": null", fp);
			fputs(", \"ports\": ", fp);
			json_ports(d, fp);
			fputs("}", fp);
		} else {
			fputs("null", fp);
		}
		fputs(",\n    \"differences\": [", fp);
		json_items(d, 1, fp);
		fputs(",\n    \"findings\": [", fp);
		json_items(d, 0, fp);
		fputs(",\n    \"not_from_files\": [", fp);
		first = 1;
		for (size_t j = 0; j < d->nother4 + d->nother6; j++) {
			int v6 = j >= d->nother4;
			const void *ad = v6 ? (const void *)&d->other6[j - d->nother4].addr
					    : (const void *)&d->other4[j].addr;

			inet_ntop(v6 ? AF_INET6 : AF_INET, ad, a, sizeof(a) - 4);
			fprintf(fp, "%s\"%s/%u\"", first ? "" : ", ", a,
				v6 ? d->other6[j - d->nother4].prefix : d->other4[j].prefix);
			first = 0;
		}
		fputs("]}", fp);
	}
	fputs(st->n ? "\n]}\n" : "]}\n", fp);
}

/* Label values are device names (no quote, backslash or newline: the name rule). */
static void prom_family(FILE *fp, const char *name, const char *type, const char *help)
{
	fprintf(fp, "# HELP ifcfg_bond_%s %s\n# TYPE ifcfg_bond_%s %s\n", name, help, name, type);
}

static int port_up(const struct klink *s)
{
	return s && s->has_slave && s->slave.mii_status == 0;
}

void status_print_prometheus(const struct status *st, FILE *fp)
{
	static const struct {
		const char *name, *type, *help;
	} dev_fam[] = {
		{ "device_up", "gauge", "1 if the configured device is up with carrier." },
		{ "device_in_sync", "gauge", "1 if the kernel is what the files say (ifup-bond -n would change nothing)." },
		{ "device_severity", "gauge", "0 ok, 1 warning, 2 critical." },
		{ "bond_ports", "gauge", "Ports enslaved to the bond." },
		{ "bond_ports_up", "gauge", "Ports of the bond whose MII status is up." },
	}, port_fam[] = {
		{ "port_up", "gauge", "1 if the port's MII status is up." },
		{ "port_active", "gauge", "1 if the port is the bond's active port." },
		{ "port_link_failures_total", "counter", "The port's link failure count." },
		{ "port_lacp_partner", "gauge", "802.3ad: 1 if the port has an LACP partner." },
		{ "port_aggregator_id", "gauge", "802.3ad: the port's aggregator." },
	};

	prom_family(fp, "status", "gauge", "bondctl status's exit code: 0 ok, 1 warning, 2 critical, 3 unknown.");
	fprintf(fp, "ifcfg_bond_status %d\n", st->sev);
	for (size_t f = 0; f < sizeof(dev_fam) / sizeof(*dev_fam); f++) {
		prom_family(fp, dev_fam[f].name, dev_fam[f].type, dev_fam[f].help);
		for (size_t i = 0; i < st->n; i++) {
			const struct st_dev *d = &st->v[i];
			size_t up = 0, n = 0;
			long v;

			if (!d->nd)
				continue;
			for (size_t j = 0; j < d->nports; j++) {
				n += d->ports[j].l && d->ports[j].l->has_slave;
				up += port_up(d->ports[j].l);
			}
			if (f >= 3 && !(d->l && d->l->has_bond))
				continue;
			v = f == 0 ? d->l && (d->l->flags & IFF_UP) && (d->l->flags & IFF_LOWER_UP) :
			    f == 1 ? d->checked && d->in_sync : f == 2 ? d->sev : f == 3 ? (long)n : (long)up;
			fprintf(fp, "ifcfg_bond_%s{device=\"%s\"} %ld\n", dev_fam[f].name, d->name, v);
		}
	}
	for (size_t f = 0; f < sizeof(port_fam) / sizeof(*port_fam); f++) {
		prom_family(fp, port_fam[f].name, port_fam[f].type, port_fam[f].help);
		for (size_t i = 0; i < st->n; i++) {
			const struct st_dev *d = &st->v[i];

			for (size_t j = 0; j < d->nports; j++) {
				const struct st_port *pt = &d->ports[j];
				const struct klink *s = pt->l;
				long v;

				if (!s || !s->has_slave || (f >= 3 && !s->slave.has_ad))
					continue;
				v = f == 0 ? port_up(s) :
				    f == 1 ? !strcmp(d->l->bond.active_slave, pt->name) :
				    f == 2 ? (long)s->slave.link_failure_count :
				    f == 3 ? pt->f && pt->f->has_partner_mac &&
						     memcmp(pt->f->partner_mac, "\0\0\0\0\0\0", 6)
					   : (long)s->slave.ad_aggregator_id;
				fprintf(fp, "ifcfg_bond_%s{device=\"%s\",port=\"%s\"} %ld\n", port_fam[f].name,
					d->name, pt->name, v);
			}
		}
	}
}

/* An item in a few words: a difference by its attribute and line, a finding by its
 * sentence. */
static void put_short(const struct st_item *it, FILE *fp)
{
	if (!it->kernel && it->file && it->line)
		fprintf(fp, "%s:%d: %s", it->file, it->line, it->text);
	else if (!it->kernel)
		fputs(it->text, fp);
	else if (it->unstated)
		fprintf(fp, "on %s, %s is not from a file", it->dev, it->text);
	else
		fprintf(fp, "on %s, %s differs from %s:%d (kernel %s)", it->dev, it->text,
			it->file ? it->file : "?", it->line, it->kernel);
}

void status_print_brief(const struct status *st, FILE *fp)
{
	for (size_t i = 0; i < st->n; i++) {
		const struct st_dev *d = &st->v[i];

		if (d->sev == ST_OK)
			continue;
		fprintf(fp, "%s%s%s", d->name, d->name[0] ? ": " : "", sev_word[d->sev]);
		for (size_t j = 0; j < d->n; j++) {
			fputs(j ? "; " : ": ", fp);
			put_short(&d->v[j], fp);
		}
		fputc('\n', fp);
	}
}

void status_print_nagios(const struct status *st, FILE *fp)
{
	static const char *const word[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };
	int said = 0;

	fprintf(fp, "BONDCTL %s - ", word[st->sev]);
	if (st->sev == ST_OK)
		fprintf(fp, "%zu device%s in sync and healthy", st->n, st->n == 1 ? "" : "s");
	/* The worst items first, up to three. */
	for (int sev = ST_CRITICAL; sev >= ST_WARNING; sev--)
		for (size_t i = 0; i < st->n; i++)
			for (size_t j = 0; j < st->v[i].n; j++) {
				const struct st_item *it = &st->v[i].v[j];

				if ((int)it->sev != sev || said++ >= 3)
					continue;
				if (said > 1)
					fputs("; ", fp);
				if (!it->kernel)
					fprintf(fp, "%s%s", it->dev, it->dev[0] ? ": " : "");
				put_short(it, fp);
			}
	if (said > 3)
		fprintf(fp, "; and %d more", said - 3);
	fprintf(fp, " | critical=%zu warnings=%zu drifted=%zu\n", st->ncrit, st->nwarn, st->ndrift);
}
