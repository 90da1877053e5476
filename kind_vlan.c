/* kind_vlan.c - 802.1Q VLANs (VLAN=yes or TYPE=Vlan), stacked on their lower device:
 * created on ifup once it exists, deleted on ifdown. */
#include <stdio.h>
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

/* The lower device and the id come from PHYSDEV and VLAN_ID, else from a DEVICE named
 * LOWER.ID (bond0.100), as the legacy ifup-vlan reads them. */
static int vlan_load(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	const char *phys = ifcfg_get(f, "PHYSDEV");
	const char *id = ifcfg_get(f, "VLAN_ID"), *dot = strrchr(dev->name, '.');
	int line = ifcfg_line(f, "VLAN") ? ifcfg_line(f, "VLAN") : ifcfg_line(f, "TYPE");
	unsigned long n;

	dev->kind_line = line;
	dev->lower.line = ifcfg_line(f, "PHYSDEV") ? ifcfg_line(f, "PHYSDEV") : line;
	if (phys && *phys) {
		snprintf(dev->lower.name, sizeof(dev->lower.name), "%s", phys);
	} else if (dot && dot > dev->name) {
		snprintf(dev->lower.name, sizeof(dev->lower.name), "%.*s", (int)(dot - dev->name),
			 dev->name);
	} else {
		diag_add(d, DIAG_ERROR, f->label, line,
			 "VLAN: no PHYSDEV, and DEVICE %s is not LOWER.ID", dev->name);
		return -1;
	}
	if (!id || !*id)
		id = dot ? dot + 1 : "";
	if (netcfg_parse_uint(id, 4094, &n) || n < 1) {
		diag_add(d, DIAG_ERROR, f->label,
			 ifcfg_line(f, "VLAN_ID") ? ifcfg_line(f, "VLAN_ID") : line,
			 "VLAN_ID: '%s' is not a VLAN id from 1 to 4094", id);
		return -1;
	}
	dev->k.vlan.id = (unsigned)n;
	return 0;
}

static int vlan_up(struct plan_ctx *c, const struct netnode *node)
{
	const struct netcfg_dev *want = &node->dev;
	const struct klink *l = kstate_link(c->have, want->name);

	if (!l) {
		struct step *s;

		/* The legacy order: what a VLAN is stacked on comes up first (the service
		 * starts bonds before VLANs); here it must already exist. */
		if (!kstate_link(c->have, want->lower.name)) {
			diag_add(c->d, DIAG_ERROR, want->file->label, want->kind_line,
				 "%s: its lower device %s does not exist (bring %s up first)",
				 want->name, want->lower.name, want->lower.name);
			return -1;
		}
		s = plan_push(c->p, STEP_VLAN_CREATE, want->name, want->file->label,
			      want->kind_line, NULL);
		if (s) {
			snprintf(s->master, sizeof(s->master), "%s", want->lower.name);
			s->vlan_id = want->k.vlan.id;
		}
	} else if (strcmp(l->kind, "vlan")) {
		diag_add(c->d, DIAG_ERROR, want->file->label, want->kind_line,
			 "%s exists and is not a VLAN (kind '%s')", want->name,
			 l->kind[0] ? l->kind : "none");
		return -1;
	}
	plan_standalone_up(c, want, l);
	return plan_done(c);
}

static int vlan_down(struct plan_ctx *c, const struct netnode *node)
{
	const struct netcfg_dev *want = &node->dev;
	const struct klink *l = kstate_link(c->have, want->name);

	if (!l)
		return 0;
	/* As the legacy ifdown-vlan: the VLAN goes, its addresses and routes with it. */
	if (!strcmp(l->kind, "vlan"))
		plan_push(c->p, STEP_DELETE, want->name, want->file->label, want->kind_line, NULL);
	else
		plan_standalone_down(c, want, l);
	return plan_done(c);
}

const struct kind_ops kind_vlan = {
	.name = "vlan",
	.role = "vlan",
	.rank = 3,
	.detect = vlan_detect,
	.load = vlan_load,
	.plan_up = vlan_up,
	.plan_down = vlan_down,
};
