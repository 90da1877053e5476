/* kind_vlan.c - 802.1Q VLANs (VLAN=yes or TYPE=Vlan), stacked on their lower device:
 * created on ifup once it exists, deleted on ifdown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kind.h"
#include "plan.h"

static int vlan_detect(const struct ifcfg_file *f, const char *name)
{
	const char *type = ifcfg_get(f, "TYPE"), *master = ifcfg_get(f, "MASTER");

	/* A file with MASTER= is a port, and reads as one. */
	if (master && *master)
		return 0;
	return ifcfg_get_bool(f, "VLAN", 0) == 1 || (type && !strcasecmp(type, "Vlan"));
}

/* The flags this kind manages, with their ifcfg keys (the kernel's own defaults:
 * reorder_hdr on, the registration protocols off). */
static const struct vlan_flag {
	const char *key;
	const char *ip;			/* ip-link(8) name */
	uint32_t bit;			/* VLAN_FLAG_* */
	int def;
} vlan_flags[3] = {
	{ "REORDER_HDR", "reorder_hdr", 0x1, 1 },
	{ "GVRP", "gvrp", 0x2, 0 },
	{ "MVRP", "mvrp", 0x8, 0 },
};
#define VLAN_MANAGED 0xbu

/* What a DEVICE name says: LOWER.ID (1-4 digits after the last dot, as the legacy
 * ifup matches '^.+\.[0-9]{1,4}$') or vlanID (the id only; PHYSDEV names the lower). */
static int name_form(const char *name, char *lower, size_t lowerlen, const char **id)
{
	const char *dot = strrchr(name, '.'), *p;

	*id = NULL;
	lower[0] = '\0';
	if (dot && dot > name && dot[1] && strlen(dot + 1) <= 4) {
		for (p = dot + 1; *p >= '0' && *p <= '9'; p++)
			;
		if (!*p) {
			snprintf(lower, lowerlen, "%.*s", (int)(dot - name), name);
			*id = dot + 1;
			return 1;
		}
	}
	if (!strncmp(name, "vlan", 4) && name[4] && strlen(name + 4) <= 4) {
		for (p = name + 4; *p >= '0' && *p <= '9'; p++)
			;
		if (!*p) {
			*id = name + 4;
			return 1;
		}
	}
	return 0;
}

static int parse_id(const char *s, unsigned *out)
{
	unsigned long n;

	if (netcfg_parse_uint(s, 4094, &n) || n < 1)
		return -1;
	*out = (unsigned)n;
	return 0;
}

/* The id, from VID (the legacy key), VLAN_ID (NetworkManager's) or the name: every
 * source given must agree, because each reader takes a different one. */
static int load_id(const struct ifcfg_file *f, struct netcfg_dev *dev, const char *name_id,
		   int line, struct diags *d)
{
	static const char *const keys[] = { "VID", "VLAN_ID" };
	struct netcfg_vlan_conf *v = &dev->k.vlan;
	const char *from = NULL;
	int rc = 0;

	for (size_t i = 0; i < 2; i++) {
		const char *s = ifcfg_get(f, keys[i]);
		unsigned id;

		if (!s || !*s)
			continue;
		if (parse_id(s, &id)) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, keys[i]),
				 "%s: '%s' is not a VLAN id from 1 to 4094", keys[i], s);
			rc = -1;
		} else if (from && id != v->id) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, keys[i]),
				 "%s=%u but %s=%u at line %d: the legacy scripts read VID, NetworkManager VLAN_ID",
				 keys[i], id, from, v->id, v->id_line);
			rc = -1;
		} else if (!from) {
			v->id = id;
			v->id_line = ifcfg_line(f, keys[i]);
			from = keys[i];
		}
	}
	if (rc)
		return rc;
	if (name_id) {
		unsigned id;

		if (parse_id(name_id, &id)) {
			if (!from) {
				diag_add(d, DIAG_ERROR, f->label, line,
					 "VLAN_ID: '%s' is not a VLAN id from 1 to 4094", name_id);
				return -1;
			}
		} else if (from && id != v->id) {
			diag_add(d, DIAG_ERROR, f->label, v->id_line,
				 "%s=%u but DEVICE %s says %u: set one, or make them agree",
				 from, v->id, dev->name, id);
			return -1;
		} else if (!from) {
			v->id = id;
			v->id_line = line;
		}
	}
	if (!v->id) {
		diag_add(d, DIAG_ERROR, f->label, line,
			 "VLAN: no VID or VLAN_ID, and DEVICE %s is neither LOWER.ID nor vlanID",
			 dev->name);
		return -1;
	}
	return 0;
}

static int load_flags(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	struct netcfg_vlan_conf *v = &dev->k.vlan;
	int rc = 0;

	for (size_t i = 0; i < 3; i++) {
		const struct vlan_flag *fl = &vlan_flags[i];
		int on = ifcfg_get_bool(f, fl->key, fl->def);

		if (on < 0) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, fl->key),
				 "%s: '%s' is not a boolean (yes/no)", fl->key, ifcfg_get(f, fl->key));
			rc = -1;
			continue;
		}
		if (on)
			v->flags |= fl->bit;
		v->flag_line[i] = ifcfg_line(f, fl->key);
	}
	return rc;
}

static uint32_t qos_to(const struct vlan_qos_map *v, unsigned n, uint32_t from)
{
	for (unsigned i = 0; i < n; i++)
		if (v[i].from == from)
			return v[i].to;
	return 0;
}

/* One map: FROM:TO items separated by commas (NetworkManager) or blanks (ip-link, as
 * the legacy ifup passes it on).  Ingress maps a PCP (0-7) to a priority, egress a
 * priority to a PCP.  A mapping to 0 is no mapping. */
static int load_map(const struct ifcfg_file *f, const char *key, int egress,
		    struct netcfg_vlan_conf *v, struct diags *d)
{
	const char *val = ifcfg_get(f, key);
	struct vlan_qos_map *m = egress ? v->qos.eg : v->qos.in;
	uint8_t *n = egress ? &v->qos.n_eg : &v->qos.n_in;
	unsigned max = egress ? VLAN_QOS_MAX / 2 : 8;
	int line = ifcfg_line(f, key), rc = 0;
	char *copy, *save = NULL, *w;

	if (!val || !*val)
		return 0;
	v->qos_line[egress] = line;
	if (!(copy = strdup(val))) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	for (w = strtok_r(copy, ", \t", &save); w; w = strtok_r(NULL, ", \t", &save)) {
		char *colon = strchr(w, ':');
		unsigned long from, to;

		if (colon)
			*colon = '\0';
		if (!colon || netcfg_parse_uint(w, egress ? 0xffffffffu : 7, &from) ||
		    netcfg_parse_uint(colon + 1, egress ? 7 : 0xffffffffu, &to)) {
			if (colon)
				*colon = ':';
			diag_add(d, DIAG_ERROR, f->label, line,
				 "%s: '%s' is not FROM:TO (%s)", key, w,
				 egress ? "a priority to a PCP from 0 to 7" : "a PCP from 0 to 7 to a priority");
			rc = -1;
			continue;
		}
		if (qos_to(m, *n, (uint32_t)from) || (to && *n >= max)) {
			diag_add(d, DIAG_ERROR, f->label, line,
				 qos_to(m, *n, (uint32_t)from) ? "%s: %lu is mapped twice" :
				 "%s: more than 32 mappings (at %lu)", key, from);
			rc = -1;
			continue;
		}
		if (to) {
			m[*n].from = (uint32_t)from;
			m[(*n)++].to = (uint32_t)to;
		}
	}
	free(copy);
	return rc;
}

/* The lower device from PHYSDEV or the LOWER of LOWER.ID, the id from VID, VLAN_ID
 * or the name, as the legacy ifup and NetworkManager read them; where they would
 * read the same file differently, an error says how. */
static int vlan_load(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	const char *phys = ifcfg_get(f, "PHYSDEV"), *name_id;
	int line = ifcfg_line(f, "VLAN") ? ifcfg_line(f, "VLAN") : ifcfg_line(f, "TYPE");
	char name_lower[IFNAMSIZ];
	int rc;

	dev->kind_line = line;
	name_form(dev->name, name_lower, sizeof(name_lower), &name_id);
	if (phys && *phys) {
		dev->lower.line = ifcfg_line(f, "PHYSDEV");
		if (netcfg_bad_name(f, "PHYSDEV", phys, dev->lower.line, d))
			return -1;
		/* The legacy ifup takes LOWER from the name and ignores PHYSDEV;
		 * NetworkManager takes PHYSDEV. */
		if (name_lower[0] && strcmp(name_lower, phys)) {
			diag_add(d, DIAG_ERROR, f->label, dev->lower.line,
				 "PHYSDEV=%s but DEVICE %s names %s: the legacy scripts would use %s, NetworkManager %s",
				 phys, dev->name, name_lower, name_lower, phys);
			return -1;
		}
		snprintf(dev->lower.name, sizeof(dev->lower.name), "%s", phys);
	} else if (name_lower[0]) {
		snprintf(dev->lower.name, sizeof(dev->lower.name), "%s", name_lower);
		dev->lower.line = line;
	} else if (name_id) {
		diag_add(d, DIAG_ERROR, f->label, line,
			 "VLAN: DEVICE %s gives the id but not the lower device: set PHYSDEV",
			 dev->name);
		return -1;
	} else {
		diag_add(d, DIAG_ERROR, f->label, line,
			 "VLAN: no PHYSDEV, and DEVICE %s is not LOWER.ID", dev->name);
		return -1;
	}
	rc = load_id(f, dev, name_id, line, d);
	rc |= load_map(f, "VLAN_INGRESS_PRIORITY_MAP", 0, &dev->k.vlan, d);
	rc |= load_map(f, "VLAN_EGRESS_PRIORITY_MAP", 1, &dev->k.vlan, d);
	return rc | load_flags(f, dev, d);
}

/* The flags a new VLAN has unless told otherwise (vlan_newlink()). */
#define VLAN_CREATE_DEFAULT 0x1u

static void push_create(struct plan_ctx *c, const struct netcfg_dev *want, const char *why)
{
	const struct netcfg_vlan_conf *v = &want->k.vlan;
	struct step *s = plan_push(c->p, STEP_VLAN_CREATE, want->name, want->file->label,
				   want->kind_line, why);

	if (!s)
		return;
	snprintf(s->master, sizeof(s->master), "%s", want->lower.name);
	s->vlan_id = v->id;
	s->vlan_flags = v->flags;
	s->vlan_mask = (v->flags ^ VLAN_CREATE_DEFAULT) & VLAN_MANAGED;
	s->qos = v->qos;
}

/* The mappings that differ: those the file sets to another value, and those the
 * kernel holds that the file does not (sent as 0, which removes them). */
static void qos_delta(const struct vlan_qos *want, const struct vlan_qos *have,
		      struct vlan_qos *out)
{
	memset(out, 0, sizeof(*out));
	for (uint32_t pcp = 0; pcp < 8; pcp++) {
		uint32_t w = qos_to(want->in, want->n_in, pcp);

		if (w != qos_to(have->in, have->n_in, pcp))
			out->in[out->n_in++] = (struct vlan_qos_map){ pcp, w };
	}
	for (unsigned i = 0; i < want->n_eg; i++)
		if (qos_to(have->eg, have->n_eg, want->eg[i].from) != want->eg[i].to)
			out->eg[out->n_eg++] = want->eg[i];
	for (unsigned i = 0; i < have->n_eg && out->n_eg < VLAN_QOS_MAX; i++)
		if (!qos_to(want->eg, want->n_eg, have->eg[i].from))
			out->eg[out->n_eg++] = (struct vlan_qos_map){ have->eg[i].from, 0 };
}

/* The line of the first flag in mask that the file sets, else the VLAN line. */
static int flag_line(const struct netcfg_dev *want, uint32_t mask)
{
	for (size_t i = 0; i < 3; i++)
		if ((mask & vlan_flags[i].bit) && want->k.vlan.flag_line[i])
			return want->k.vlan.flag_line[i];
	return want->kind_line;
}

static int no_lower(struct plan_ctx *c, const struct netcfg_dev *want)
{
	diag_add(c->d, DIAG_ERROR, want->file->label, want->kind_line,
		 "%s: its lower device %s does not exist (bring %s up first)",
		 want->name, want->lower.name, want->lower.name);
	return -1;
}

/* The MTU the lower device will have when the VLAN's is set: its file's, else the
 * one this plan gives it, else the kernel's (1500 for a bond or bridge the plan
 * makes). */
static uint32_t lower_mtu(struct plan_ctx *c, const struct netnode *node, const struct klink *lower)
{
	const struct netcfg_dev *want = &node->dev;
	uint32_t mtu = lower ? lower->mtu : 1500;

	if (node->lower >= 0 && c->g->v[node->lower].dev.link.mtu)
		return c->g->v[node->lower].dev.link.mtu;
	for (size_t i = 0; i < c->p->n; i++)
		if (c->p->v[i].kind == STEP_MTU && !strcmp(c->p->v[i].dev, want->lower.name))
			mtu = c->p->v[i].mtu;
	return mtu;
}

static int vlan_up(struct plan_ctx *c, const struct netnode *node)
{
	const struct netcfg_dev *want = &node->dev;
	const struct klink *l = kstate_link(c->have, want->name);
	const struct klink *lower = kstate_link(c->have, want->lower.name);
	int lower_new = !lower && plan_creates(c->p, want->lower.name);
	uint32_t lmtu;

	/* A configured lower device comes up first (plan_up()); any other must exist. */
	if (!lower && !lower_new && (!l || !l->has_vlan))
		return no_lower(c, want);
	/* As the legacy ifup-vlan: an unconfigured lower device that is down is set up. */
	if (lower && !(lower->flags & IFF_UP) && node->lower < 0)
		plan_push(c->p, STEP_UP, want->lower.name, want->file->label, want->lower.line,
			  "the lower device must be up for the VLAN to carry traffic");
	/* The kernel refuses a VLAN larger than its lower device (vlan_dev_change_mtu):
	 * said before anything is written, when no file raises the lower's. */
	if (want->link.mtu && want->link.mtu > (lmtu = lower_mtu(c, node, lower))) {
		diag_add(c->d, DIAG_ERROR, want->file->label, want->link.mtu_line,
			 "MTU=%u: above the MTU of its lower device %s (%u), which no file raises: the kernel refuses a VLAN larger than its lower device (set MTU in %s's file)",
			 want->link.mtu, want->lower.name, lmtu, want->lower.name);
		return -1;
	}
	if (l && strcmp(l->kind, "vlan")) {
		diag_add(c->d, DIAG_ERROR, want->file->label, want->kind_line,
			 "%s exists and is not a VLAN (kind '%s')", want->name,
			 l->kind[0] ? l->kind : "none");
		return -1;
	}
	if (l && l->has_vlan && !lower_new && (l->vlan_id != want->k.vlan.id || !lower ||
					       l->link != lower->ifindex)) {
		/* The kernel cannot move a VLAN or change its id: a new one, from scratch. */
		if (!lower)
			return no_lower(c, want);
		plan_push(c->p, STEP_DELETE, want->name, want->file->label, want->k.vlan.id_line,
			  "the kernel cannot change a VLAN's id or lower device");
		push_create(c, want, NULL);
		l = NULL;
	} else if (!l) {
		push_create(c, want, NULL);
	} else if (l->has_vlan) {
		uint32_t mask = (l->vlan_flags ^ want->k.vlan.flags) & VLAN_MANAGED;
		struct vlan_qos q;
		struct step *s;

		qos_delta(&want->k.vlan.qos, &l->vlan_qos, &q);
		if (mask || q.n_in || q.n_eg) {
			s = plan_push(c->p, STEP_VLAN_FLAGS, want->name, want->file->label,
				      mask ? flag_line(want, mask) :
				      want->k.vlan.qos_line[!q.n_in] ? want->k.vlan.qos_line[!q.n_in] :
				      want->kind_line, NULL);
			if (s) {
				s->vlan_flags = want->k.vlan.flags;
				s->vlan_mask = mask;
				s->qos = q;
			}
		}
	}
	plan_standalone_up(c, node, l);
	return plan_done(c);
}

static int vlan_down(struct plan_ctx *c, const struct netnode *node)
{
	const struct netcfg_dev *want = &node->dev;
	const struct klink *l = kstate_link(c->have, want->name);

	if (!l)
		return 0;
	/* As the legacy ifdown-vlan: the VLAN goes, its addresses and routes with it;
	 * its DHCP client first (it would outlive the device with its lease). */
	if (!strcmp(l->kind, "vlan")) {
		plan_dhcp_down(c, want);
		plan_push(c->p, STEP_DELETE, want->name, want->file->label, want->kind_line, NULL);
	}
	else
		plan_standalone_down(c, node, l);
	return plan_done(c);
}

const struct kind_ops kind_vlan = {
	.name = "vlan",
	.role = "vlan",
	.rank = 3,
	.info_kind = "vlan",
	.detect = vlan_detect,
	.load = vlan_load,
	.plan_up = vlan_up,
	.plan_down = vlan_down,
};
