/* bond_plan.h - the differ: desired state (netcfg) x observed state (kstate) ->
 * an ordered list of steps; one executor prints them (-n) or applies them. */
#ifndef BOND_PLAN_H
#define BOND_PLAN_H

#include <stdio.h>
#include "bond_opts.h"
#include "netcfg.h"
#include "rtnl_bond.h"

enum step_kind {
	STEP_MODPROBE,		/* load bonding without letting it create bond0 */
	STEP_CREATE,		/* new bond, options in the same message */
	STEP_DOWN,
	STEP_BOND_OPT,		/* one option per message, so a refusal names it */
	STEP_MTU,
	STEP_MAC,
	STEP_RELEASE,
	STEP_ENSLAVE,
	STEP_SLAVE_OPT,
	STEP_ADDR_DEL,
	STEP_ADDR_ADD,
	STEP_UP,
	STEP_ROUTE_DEL,
	STEP_ROUTE_ADD,
	STEP_DELETE,
	STEP_VLAN_CREATE,	/* dev on master (the lower device), id vlan_id */
};

struct step {
	enum step_kind kind;
	char dev[IFNAMSIZ];
	char master[IFNAMSIZ];		/* ENSLAVE; VLAN_CREATE: the lower device */
	unsigned vlan_id;		/* VLAN_CREATE */
	uint64_t mask;			/* CREATE: options sent; BOND_OPT: one bit */
	struct bond_opts opts;		/* CREATE, BOND_OPT: the values */
	struct bond_opts before;	/* BOND_OPT: the value it replaces (target diffs) */
	int slave_opt;			/* SLAVE_OPT: enum bond_slave_opt_id */
	int64_t slave_val;
	uint32_t mtu;
	uint8_t mac[6];
	struct in_addr addr, gw;
	uint8_t prefix;
	const char *file;		/* provenance: label of the ifcfg file (not owned) */
	int line;
	const char *why;		/* the kernel constraint behind the step, or NULL */
};

struct plan {
	struct step *v;
	size_t n, cap;
	int oom;
};

/* What the planner needs to know besides the kernel's link state. */
struct plan_env {
	int module_loaded;		/* /sys/module/bonding exists */
};

/* ifup of bond NAME: everything from create to default route.  If only_slave is
 * non-NULL (ifup of one slave), the bond is brought up when it is not, and then only
 * that slave is enslaved; other slaves are left alone.  Returns 0, or -1 with an
 * error in d (nothing to apply). */
int plan_ifup_bond(const struct netcfg_bond *want, const struct kstate *have,
		   const struct plan_env *env, const char *only_slave, struct plan *p,
		   struct diags *d);
/* ifdown of bond NAME: addresses and routes, then the bond (the kernel releases the
 * slaves).  Nothing when the bond does not exist. */
int plan_ifdown_bond(const struct netcfg_dev *want, const struct kstate *have,
		     struct plan *p, struct diags *d);
/* ifdown of one slave: hand the active role to a healthy slave first, then release. */
int plan_ifdown_slave(const struct netcfg_dev *slave, const struct kstate *have,
		      struct plan *p, struct diags *d);
/* ifup/ifdown of a plain device (no MASTER, not a bond): MTU, MAC, addresses, route.
 * A VLAN is created on its lower device first, and deleted by ifdown. */
int plan_ifup_plain(const struct netcfg_dev *want, const struct kstate *have, struct plan *p,
		    struct diags *d);
int plan_ifdown_plain(const struct netcfg_dev *want, const struct kstate *have,
		      struct plan *p, struct diags *d);

/* Prints one shell-equivalent line (or several for one option) per step, each with
 * "# FILE:LINE" provenance and the reason when there is one. */
void plan_print(const struct plan *p, FILE *fp);
/* Applies the steps in order, stopping at the first refusal: then prints
 * "PROG: step N: <line>: <error>: <kernel's words>" and what was already done to
 * stderr and returns -1.  verbose prints each step as it is applied. */
int plan_apply(const struct plan *p, struct knl *k, const char *prog, int verbose);
void plan_free(struct plan *p);

#endif
