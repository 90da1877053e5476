/* kind_bridge.c - Linux bridges (TYPE=Bridge) and their ports (BRIDGE= in any
 * Ethernet, bond or VLAN file): STP, DELAY, PRIO, AGEING and BRIDGING_OPTS through the
 * option table, changed live (the kernel never needs a bridge recreated or taken
 * down for an option); each port plans itself and then joins through plan_attach. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "kind.h"
#include "plan.h"

static int bridge_detect(const struct ifcfg_file *f, const char *name)
{
	const char *type = ifcfg_get(f, "TYPE");

	return type && !strcasecmp(type, "Bridge");
}

/* "15", "2.5", "0.75": seconds, into hundredths (brctl setfd and setageing took
 * seconds with a fraction). */
static int parse_seconds(const char *s, uint64_t *cs)
{
	const char *dot = strchr(s, '.');
	unsigned long whole, frac = 0;
	char buf[24];
	size_t n = dot ? (size_t)(dot - s) : strlen(s);

	if (!n || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (netcfg_parse_uint(buf, 42949672, &whole))
		return -1;
	if (dot) {
		size_t fl = strlen(dot + 1);

		if (!fl || fl > 2 || netcfg_parse_uint(dot + 1, 99, &frac))
			return -1;
		if (fl == 1)
			frac *= 10;
	}
	*cs = (uint64_t)whole * 100 + frac;
	return 0;
}

static void set_row(struct br_conf *c, int id, uint64_t v, int line, const char *key)
{
	c->v.has |= 1u << id;
	c->v.v[id] = v;
	c->line[id] = line;
	c->key[id] = key;
}

static void show(int id, uint64_t v, char *buf, size_t len)
{
	size_t n;

	if (br_table(BR_BRIDGE, &n)[id].type == BRT_TIME)
		snprintf(buf, len, "%llu.%02llu s", (unsigned long long)(v / 100),
			 (unsigned long long)(v % 100));
	else
		br_opt_format_sysfs(BR_BRIDGE, id, v, buf, len);
}

/* The keys the legacy ifup-eth turns into ip-link options.  DELAY and AGEING are
 * seconds, as sysconfig.txt, brctl and NetworkManager read them (the ip-link call
 * of the last legacy versions passed them on unconverted, in hundredths). */
static int load_keys(const struct ifcfg_file *f, struct br_conf *c, struct diags *d)
{
	static const struct { const char *key; int id; } secs[] = {
		{ "DELAY", BRO_FORWARD_DELAY }, { "AGEING", BRO_AGEING_TIME },
	};
	const char *v;
	unsigned long n;
	uint64_t cs;
	int on, rc = 0;

	if ((v = ifcfg_get(f, "STP")) && *v) {
		if (ifcfg_bool(v, &on)) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "STP"),
				 "STP: '%s' is not on or off", v);
			rc = -1;
		} else {
			set_row(c, BRO_STP_STATE, (uint64_t)on, ifcfg_line(f, "STP"), "STP");
		}
	}
	for (size_t i = 0; i < sizeof(secs) / sizeof(*secs); i++) {
		if (!(v = ifcfg_get(f, secs[i].key)) || !*v)
			continue;
		if (parse_seconds(v, &cs) || cs > 0xffffffffu) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, secs[i].key),
				 "%s: '%s' is not a time in seconds (such as 0, 15 or 2.5)",
				 secs[i].key, v);
			rc = -1;
			continue;
		}
		set_row(c, secs[i].id, cs, ifcfg_line(f, secs[i].key), secs[i].key);
	}
	if ((v = ifcfg_get(f, "PRIO")) && *v) {
		if (netcfg_parse_uint(v, 65535, &n)) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "PRIO"),
				 "PRIO: '%s' is not a bridge priority from 0 to 65535", v);
			rc = -1;
		} else {
			set_row(c, BRO_PRIORITY, n, ifcfg_line(f, "PRIO"), "PRIO");
		}
	}
	return rc;
}

/* BRIDGING_OPTS beside the keys: where both set an option they must agree. */
static int merge_opts(const struct ifcfg_file *f, struct br_conf *c, const struct br_conf *bo,
		      struct diags *d)
{
	size_t n;
	const struct br_opt *rows = br_table(BR_BRIDGE, &n);
	int rc = 0;

	for (size_t id = 0; id < n; id++) {
		char a[32], b[32];

		if (!((bo->v.has >> id) & 1))
			continue;
		if ((c->v.has >> id) & 1 && c->v.v[id] != bo->v.v[id]) {
			show((int)id, bo->v.v[id], a, sizeof(a));
			show((int)id, c->v.v[id], b, sizeof(b));
			diag_add(d, DIAG_ERROR, f->label, bo->line[id],
				 "BRIDGING_OPTS: %s is %s, but %s at line %d says %s", rows[id].name, a,
				 c->key[id], c->line[id], b);
			rc = -1;
			continue;
		}
		set_row(c, (int)id, bo->v.v[id], bo->line[id], bo->key[id]);
	}
	return rc;
}

/* With STP on, the kernel takes a forward delay of 2 to 30 seconds only
 * (br_set_forward_delay(): ERANGE), so a running STP bridge would refuse it. */
static int check_stp(const struct ifcfg_file *f, const struct br_conf *c, struct diags *d)
{
	size_t n;
	uint64_t fd = (c->v.has >> BRO_FORWARD_DELAY) & 1 ? c->v.v[BRO_FORWARD_DELAY]
			: br_table(BR_BRIDGE, &n)[BRO_FORWARD_DELAY].def;
	char buf[32];

	if (!((c->v.has >> BRO_STP_STATE) & 1) || !c->v.v[BRO_STP_STATE] || (fd >= 200 && fd <= 3000))
		return 0;
	show(BRO_FORWARD_DELAY, fd, buf, sizeof(buf));
	diag_add(d, DIAG_ERROR, f->label, c->line[BRO_FORWARD_DELAY],
		 "%s: a forward delay of %s: with STP on the kernel takes 2 to 30 seconds (or set STP=off)",
		 c->key[BRO_FORWARD_DELAY], buf);
	return -1;
}

static int bridge_load(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	struct br_conf *c = &dev->k.bridge.opts, bo = { 0 };
	const char *opts = ifcfg_get(f, "BRIDGING_OPTS");
	const char *mac = ifcfg_get(f, "BRIDGE_MACADDR"), *mac2 = ifcfg_get(f, "MACADDR");
	int rc;

	dev->kind_line = ifcfg_line(f, "TYPE");
	rc = load_keys(f, c, d);
	if (opts && *opts)
		rc |= br_opts_parse(BR_BRIDGE, opts, f->label, ifcfg_line(f, "BRIDGING_OPTS"), &bo, d);
	rc |= merge_opts(f, c, &bo, d);
	if (!rc)
		rc = check_stp(f, c, d);
	/* NetworkManager writes a bridge's MAC as BRIDGE_MACADDR; MACADDR wins in
	 * load_link() when both are given, so they must agree. */
	if (mac && *mac) {
		int line = ifcfg_line(f, "BRIDGE_MACADDR");

		if (netcfg_parse_mac(mac, dev->link.macaddr) || (dev->link.macaddr[0] & 1)) {
			diag_add(d, DIAG_ERROR, f->label, line,
				 "BRIDGE_MACADDR: '%s' is not a unicast MAC address (xx:xx:xx:xx:xx:xx)", mac);
			rc = -1;
		} else if (mac2 && *mac2 && strcasecmp(mac, mac2)) {
			diag_add(d, DIAG_ERROR, f->label, line,
				 "BRIDGE_MACADDR=%s but MACADDR=%s at line %d: set one", mac, mac2,
				 ifcfg_line(f, "MACADDR"));
			rc = -1;
		} else {
			dev->link.has_macaddr = 1;
			dev->link.macaddr_line = line;
		}
	}
	return rc;
}

/* What a row should hold: the file's value, else the default when the row resets;
 * 0 when the file leaves it to the kernel. */
static int wanted(const struct br_opt *row, const struct br_conf *c, int id, uint64_t *out)
{
	if ((c->v.has >> id) & 1)
		*out = c->v.v[id];
	else if (row->reset)
		*out = row->def;
	else
		return 0;
	return 1;
}

static int line_of(const struct br_conf *c, int id, int fallback)
{
	return (c->v.has >> id) & 1 ? c->line[id] : fallback;
}

static const char *const why_default = "not in the file: back to the kernel's default";

static void push_opt(struct plan_ctx *c, enum step_kind kind, const struct netcfg_dev *dev,
		     int id, uint64_t v, int line, const char *why)
{
	struct step *s = plan_push(c->p, kind, dev->name, dev->file->label, line, why);

	if (s) {
		s->br.v[id] = v;
		s->br.has = s->br_mask = 1u << id;
	}
}

static void bridge_create(struct plan_ctx *c, const struct netcfg_dev *want)
{
	const struct br_conf *conf = &want->k.bridge.opts;
	struct step *s = plan_push(c->p, STEP_BR_CREATE, want->name, want->file->label,
				   want->kind_line, NULL);

	/* The rest are a new bridge's defaults already. */
	if (s) {
		s->br = conf->v;
		s->br_mask = conf->v.has;
	}
}

/* A live bridge: one message per option that differs, so a refusal names it. */
static void bridge_change(struct plan_ctx *c, const struct netcfg_dev *want, const struct klink *l)
{
	const struct br_conf *conf = &want->k.bridge.opts;
	size_t n;
	const struct br_opt *rows = br_table(BR_BRIDGE, &n);
	uint64_t stp;
	int stp_off = wanted(&rows[BRO_STP_STATE], conf, BRO_STP_STATE, &stp) && !stp &&
		      l->bridge.v[BRO_STP_STATE];

	/* Turning STP off: first, so that a delay outside STP's range is taken. */
	if (stp_off)
		push_opt(c, STEP_BR_OPT, want, BRO_STP_STATE, 0,
			 line_of(conf, BRO_STP_STATE, want->kind_line),
			 "before the forward delay: with STP on the kernel takes only 2 to 30 seconds");
	for (size_t id = 0; id < n; id++) {
		uint64_t v, have = l->bridge.v[id];

		if (!wanted(&rows[id], conf, (int)id, &v) || (stp_off && id == BRO_STP_STATE))
			continue;
		if (!((l->bridge.has >> id) & 1)) {
			if ((conf->v.has >> id) & 1)
				diag_add(c->d, DIAG_WARNING, want->file->label, conf->line[id],
					 "%s: %s: not reported by this kernel; not applied",
					 conf->key[id], rows[id].name);
			continue;
		}
		/* stp_state 2 is STP run by a user-space daemon: on. */
		if (id == BRO_STP_STATE)
			have = !!have;
		if (have != v)
			push_opt(c, STEP_BR_OPT, want, (int)id, v,
				 line_of(conf, (int)id, want->kind_line),
				 (conf->v.has >> id) & 1 ? NULL : why_default);
	}
}

/* A port joins: no address of its own, the bridge's member, up, its options. */
static void bridge_attach(struct plan_ctx *c, const struct netnode *br, const struct netnode *port,
			  const struct klink *l, int up)
{
	const struct netcfg_dev *want = &port->dev;
	const struct br_conf *conf = &want->port.br;
	const struct klink *b = kstate_link(c->have, br->dev.name);
	int member = l && b && l->master == b->ifindex;
	size_t n;
	const struct br_opt *rows = br_table(BR_PORT, &n);
	struct step *s;
	/* The bridge comes up with its port, as the legacy ifup-eth creates it: made,
	 * then the port joins, then its own link and addresses, so that its ARPCHECK
	 * probe and announcement go out through the port (an empty bridge has a
	 * carrier, and nobody to hear them). */
	int made = !b && !plan_creates(c->p, br->dev.name);

	if (made)
		bridge_create(c, &br->dev);
	if (l)
		plan_port_addrs(c->p, want, l, c->have, "a bridge port has no address of its own");
	if (!member) {
		const struct klink *from = l && l->master ? kstate_link_by_index(c->have, l->master) : NULL;

		if (from)
			diag_add(c->d, DIAG_WARNING, want->file->label, want->port.line,
				 "%s moves to %s from %s", want->name, br->dev.name, from->name);
		s = plan_push(c->p, STEP_ENSLAVE, want->name, want->file->label, want->port.line, NULL);
		if (s)
			snprintf(s->master, sizeof(s->master), "%s", br->dev.name);
	}
	if (!up)
		plan_push(c->p, STEP_UP, want->name, want->file->label, want->port.line, NULL);
	for (size_t id = 0; id < n; id++) {
		uint64_t v, have;

		if (!wanted(&rows[id], conf, (int)id, &v))
			continue;
		if (member && l->has_brport && ((l->brport.has >> id) & 1)) {
			have = l->brport.v[id];
		} else if (member) {
			continue;
		} else if (rows[id].def >= rows[id].min) {
			have = rows[id].def;	/* what a new port gets */
		} else {
			have = ~v;		/* no fixed default (path_cost): sent */
		}
		if (have != v)
			push_opt(c, STEP_BRPORT_OPT, want, (int)id, v,
				 line_of(conf, (int)id, want->port.line),
				 (conf->v.has >> id) & 1 ? NULL : why_default);
	}
	if (made)
		plan_standalone_up(c, br, NULL);
}

/* ifup of a bridge: created or changed, its configured ports that exist attached
 * (the others join on their own ifup, but with DHCP here), then its own link,
 * addresses and route. */
static int bridge_plan(struct plan_ctx *c, const struct netnode *node, int with_ports)
{
	const struct netcfg_dev *want = &node->dev;
	const struct klink *l = kstate_link(c->have, want->name);

	if (l && strcmp(l->kind, "bridge")) {
		diag_add(c->d, DIAG_ERROR, want->file->label, want->kind_line,
			 "%s exists and is not a bridge (kind '%s')", want->name,
			 l->kind[0] ? l->kind : "none");
		return -1;
	}
	if (l && !l->has_bridge) {
		diag_add(c->d, DIAG_ERROR, want->file->label, want->kind_line,
			 "the kernel reports no bridge options for %s", want->name);
		return -1;
	}
	if (!l)
		bridge_create(c, want);
	else
		bridge_change(c, want, l);
	if (with_ports) {
		const struct netnode **ports = NULL;
		size_t np = netgraph_ports(c->g, node, &ports);

		if (!ports && c->g->n) {
			c->p->oom = 1;
			return -1;
		}
		for (size_t i = 0; i < np; i++) {
			const struct klink *pl;

			if (ports[i]->dev.port.ctrl_kind != &kind_bridge)
				continue;
			/* A bond or VLAN port that does not exist yet comes up with its own
			 * ifup; a missing NIC is worth a word.  But a bridge that runs a
			 * DHCP client needs its ports first (os-net-config's br-ctlplane
			 * on a VLAN): an ONBOOT one comes up here, joining it, before the
			 * client starts (plan_standalone_up), or the client would ask on
			 * a bridge with no port and get no lease. */
			if (ports[i]->dev.kind != &kind_ether)
				pl = kstate_link(c->have, ports[i]->dev.name);
			else
				pl = plan_port_link(c, ports[i], "not attached");
			if (pl)
				plan_attach(c, ports[i], pl, !!(pl->flags & IFF_UP));
			else if (want->l3.dhcp && ports[i]->dev.kind != &kind_ether && ports[i]->ok &&
				 ports[i]->dev.onboot && ports[i]->dev.kind->plan_up &&
				 ports[i]->dev.kind->plan_up(c, ports[i]))
				return -1;
		}
		free(ports);
	}
	plan_standalone_up(c, node, l);
	return 0;
}

static int bridge_up(struct plan_ctx *c, const struct netnode *node)
{
	int rc = bridge_plan(c, node, 1);

	return plan_done(c) || rc ? -1 : 0;
}

/* ifdown of a bridge: deleted, as the issue of record asks; its ports stay up as
 * devices of their own. */
static int bridge_down(struct plan_ctx *c, const struct netnode *node)
{
	const struct netcfg_dev *want = &node->dev;
	const struct klink *l = kstate_link(c->have, want->name);

	if (!l)
		return 0;
	if (strcmp(l->kind, "bridge")) {
		diag_add(c->d, DIAG_ERROR, want->file->label, want->kind_line,
			 "%s exists and is not a bridge (kind '%s')", want->name,
			 l->kind[0] ? l->kind : "none");
		return -1;
	}
	/* Its DHCP client first: it would outlive the bridge with its lease. */
	plan_dhcp_down(c, want);
	plan_push(c->p, STEP_DELETE, want->name, want->file->label, want->kind_line,
		  "its ports leave it and stay up");
	return plan_done(c);
}

/* br_add_if(): a bridge in a bridge is ELOOP; loopback has no Ethernet header. */
static const char *bridge_refuses_port(const struct kind_ops *port)
{
	if (port == &kind_bridge)
		return "a bridge cannot be a port of another bridge";
	if (port == &kind_loopback)
		return "the loopback device cannot be a bridge port";
	return NULL;
}

const struct kind_ops kind_bridge = {
	.name = "bridge",
	.role = "bridge",
	.rank = 5,		/* the legacy service starts bridges last */
	.info_kind = "bridge",
	.port_key = "BRIDGE",
	.detect = bridge_detect,
	.load = bridge_load,
	.plan_up = bridge_up,
	.plan_down = bridge_down,
	.refuses_port = bridge_refuses_port,
	.plan_attach = bridge_attach,
};
