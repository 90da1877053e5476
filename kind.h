/* kind.h - what one kind of device does in every layer: how a file is recognised and
 * read, checked against the graph, and planned up and down.  A new kind is one file
 * (kind_KIND.c) and one row of kinds[] in netcfg.c, never a branch in each layer. */
#ifndef KIND_H
#define KIND_H

#include "netcfg.h"
#include "rtnl.h"

struct plan_ctx;
struct st_ctx;

struct kind_ops {
	const char *name;		/* "bond", "bridge", "vlan", "ethernet", "loopback" */
	const char *role;		/* bondctl list's column: lo, bond, bridge, plain, vlan */
	int rank;			/* the legacy start order among unrelated devices */
	const char *info_kind;		/* IFLA_INFO_KIND of such a device in the kernel,
					 * NULL when it has none of its own (a NIC) */
	const char *port_key;		/* controllers: the key that names one in a port's
					 * file (MASTER, BRIDGE); NULL for other kinds */
	/* 1 if the file describes a device of this kind (kinds[] is tried in order). */
	int (*detect)(const struct ifcfg_file *f, const char *name);
	/* The kind's own keys into dev->k; the generic keys are already read.  0 or -1. */
	int (*load)(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d);
	/* Checks against the rest of the directory (a bond's options against its ports);
	 * NULL when there is nothing to check.  0 or -1. */
	int (*validate)(const struct netgraph *g, const struct netnode *node, struct diags *d);
	/* ifup and ifdown of the device itself.  0, or -1 with an error in the context. */
	int (*plan_up)(struct plan_ctx *c, const struct netnode *node);
	int (*plan_down)(struct plan_ctx *c, const struct netnode *node);
	/* Controllers only: why a device of kind port cannot join one, or NULL. */
	const char *(*refuses_port)(const struct kind_ops *port);
	/* Controllers that plan their ports (bonds): ifup and ifdown of one port.  NULL
	 * where each port plans itself and then joins through plan_attach. */
	int (*plan_port_up)(struct plan_ctx *c, const struct netnode *ctrl,
			    const struct netnode *port);
	int (*plan_port_down)(struct plan_ctx *c, const struct netnode *ctrl,
			      const struct netnode *port);
	/* Controllers whose ports plan themselves (bridges): port, which exists (l) or
	 * is created by the plan (l NULL), joins ctrl; up: the port is up by then. */
	void (*plan_attach)(struct plan_ctx *c, const struct netnode *ctrl,
			    const struct netnode *port, const struct klink *l, int up);
	/* After a run that created the device: findings from the kernel's reply (NULL
	 * when there is nothing to learn). */
	void (*after_create)(struct knl *k, const struct netnode *node, struct diags *d);
	/* bondctl status of a device that is up: its kind's health findings (st_add)
	 * and its ports (c->d->ports).  NULL: the generic carrier check. */
	void (*health)(struct st_ctx *c, const struct netnode *node);
};

/* The kind of a device as the kernel has it: loopback by IFF_LOOPBACK, else by its
 * IFLA_INFO_KIND; a NIC, or a kind no file describes (dummy, veth), is ethernet. */
const struct kind_ops *kind_of_link(const struct klink *l);

extern const struct kind_ops kind_ether, kind_loopback, kind_bond, kind_bridge, kind_vlan;

#endif
