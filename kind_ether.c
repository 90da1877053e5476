/* kind_ether.c - devices the kernel already has: Ethernet NICs (and anything else
 * without a kind of its own) and the loopback device.  Nothing is created or deleted;
 * the device gets its link settings, addresses and route. */
#include <string.h>
#include "kind.h"
#include "plan.h"

static int ether_detect(const struct ifcfg_file *f, const char *name)
{
	return 1;
}

static int loopback_detect(const struct ifcfg_file *f, const char *name)
{
	return !strcmp(name, "lo");
}

static int ether_up(struct plan_ctx *c, const struct netnode *node)
{
	const struct netcfg_dev *want = &node->dev;
	const struct klink *l = kstate_link(c->have, want->name);

	if (!l) {
		diag_add(c->d, DIAG_ERROR, want->file->label, 0, "%s: no such device", want->name);
		return -1;
	}
	plan_standalone_up(c, node, l);
	return plan_done(c);
}

static int ether_down(struct plan_ctx *c, const struct netnode *node)
{
	const struct klink *l = kstate_link(c->have, node->dev.name);

	if (!l)
		return 0;
	plan_standalone_down(c, node, l);
	return plan_done(c);
}

const struct kind_ops kind_ether = {
	.name = "ethernet",
	.role = "plain",
	.rank = 2,
	.detect = ether_detect,
	.plan_up = ether_up,
	.plan_down = ether_down,
};

const struct kind_ops kind_loopback = {
	.name = "loopback",
	.role = "lo",
	.rank = 0,
	.detect = loopback_detect,
	.plan_up = ether_up,
	.plan_down = ether_down,
};
