/* plan.h - the differ: desired state (the graph) x observed state (kstate) -> an
 * ordered list of steps; one executor prints them (-n) or applies them. */
#ifndef PLAN_H
#define PLAN_H

#include <stdio.h>
#include "bond_opts.h"
#include "kind.h"
#include "netcfg.h"
#include "rtnl.h"

enum step_kind {
	STEP_MODPROBE,		/* load bonding without letting it create bond0 */
	STEP_CREATE,		/* new bond, options in the same message */
	STEP_DOWN,
	STEP_BOND_OPT,		/* one option per message, so a refusal names it */
	STEP_MTU,
	STEP_MAC,
	STEP_ARP,		/* arp on (mtu 1) or off (mtu 0) */
	STEP_WAIT_CARRIER,	/* LINKDELAY: up to mtu seconds for dev's carrier */
	STEP_RELEASE,
	STEP_ENSLAVE,
	STEP_SLAVE_OPT,
	STEP_ADDR_DEL,
	STEP_ADDR_ADD,
	STEP_UP,
	STEP_ROUTE_DEL,
	STEP_ROUTE_ADD,
	STEP_DELETE,
	STEP_VLAN_CREATE,	/* dev on master (the lower device), id vlan_id, vlan_mask flags */
	STEP_VLAN_FLAGS,	/* the vlan_mask bits of a live VLAN set as in vlan_flags, and
				 * the priority mappings of qos */
	STEP_BR_CREATE,		/* new bridge, the options of br_mask in the same message */
	STEP_BR_OPT,		/* one bridge option (br_mask has one bit) */
	STEP_BRPORT_OPT,	/* one bridge port option of dev */
	STEP_HOOK,		/* a local hook (/sbin/ifup-local ...): hook with its
				 * arguments, run in hook_dir; its failure is a warning */
	STEP_SROUTE_ADD,	/* route through dev (a route-DEV line) */
	STEP_SROUTE_REPLACE,	/* the same, replacing the route of its key */
	STEP_SROUTE_DEL,
	STEP_RULE_ADD,		/* a routing rule (a rule-DEV line) */
	STEP_RULE_DEL,
	STEP_RESOLV,		/* resolv.conf becomes text (saved first, once) */
	STEP_RESOLV_RESTORE,	/* the saved resolv.conf back */
	STEP_ARPCHECK,		/* ARPCHECK: addr on dev must be no other host's (an ARP
				 * probe for wait_ms); the consecutive ones of a device
				 * are probed together */
	STEP_ARP_ANNOUNCE,	/* ARPUPDATE: gratuitous ARP for addr on dev */
	STEP_DHCP_START,	/* BOOTPROTO=dhcp: client hook for dev (dhcp's keys) */
	STEP_DHCP_STOP,		/* its client stopped (or the lease released) */
	STEP_ADDR6_ADD,		/* addr6/prefix on dev, ours (IFA_PROTO) */
	STEP_ADDR6_DEL,
	STEP_ROUTE6_ADD,	/* the IPv6 default route via gw6 through dev, ours */
	STEP_ROUTE6_DEL,
	STEP_WAIT_DAD,		/* addr6 on dev no longer tentative (bounded); dadfailed
				 * is a refusal at its line */
	STEP_SYSCTL6,		/* net.ipv6.conf.DEV.<slave_opt> = slave_val */
	STEP_ETHTOOL,		/* ETHTOOL_OPTS: group mtu (enum eth_group) of eth on
				 * dev; refused, a warning (as the legacy scripts) */
};

struct step {
	enum step_kind kind;
	char dev[IFNAMSIZ];
	char master[IFNAMSIZ];		/* ENSLAVE; VLAN_CREATE: the lower device */
	unsigned vlan_id;		/* VLAN_CREATE */
	uint32_t vlan_flags, vlan_mask;	/* VLAN_CREATE, VLAN_FLAGS: VLAN_FLAG_* */
	struct vlan_qos qos;		/* VLAN_CREATE, VLAN_FLAGS: mappings to send */
	uint64_t mask;			/* CREATE: options sent; BOND_OPT: one bit */
	struct bond_opts opts;		/* CREATE, BOND_OPT: the values */
	struct bond_opts before;	/* BOND_OPT: the value it replaces (target diffs) */
	int slave_opt;			/* SLAVE_OPT: enum bond_slave_opt_id */
	int64_t slave_val;
	struct br_vals br;		/* BR_CREATE, BR_OPT, BRPORT_OPT: the values */
	uint32_t br_mask;		/* the rows sent */
	uint32_t mtu;
	uint8_t mac[6];
	struct in_addr addr, gw, src;	/* ADDR_*; ROUTE_*: gw and src */
	struct in_addr brd;		/* ADDR_ADD: broadcast, 0 = none */
	struct in6_addr addr6, gw6;	/* ADDR6_*, WAIT_DAD; ROUTE6_*: gw6 */
	uint8_t scope;			/* ADDR_ADD */
	char label[IFNAMSIZ];		/* ADDR_ADD: an alias's ("eth0:1"), "" = dev */
	uint32_t metric;		/* ROUTE_* */
	uint32_t wait_ms;		/* ARPCHECK: the probe's window */
	int stated;			/* ARPCHECK: asked for by the file, not by default
					 * (a probe that cannot be made is then said) */
	uint8_t prefix;
	int ifindex, master_ifindex;	/* dev and master as the plan read them; 0 when
					 * the plan makes the device (or it is absent) */
	const char *file;		/* provenance: label of the ifcfg file (not owned) */
	int line;
	const char *why;		/* the kernel constraint behind the step, or NULL */
	const char *hook, *hook_args[2], *hook_dir;	/* HOOK (not owned; args NULL-ended) */
	char *text;			/* RESOLV: the new content (owned) */
	const struct netcfg_dns *dns;	/* RESOLV after a DHCP client starts: the file's
					 * keys, applied to the file the client wrote
					 * (not owned) */
	char *saved;			/* ... and the file before it (owned): the save
					 * that ifdown puts back */
	struct netcfg_route route;	/* SROUTE_* */
	struct netcfg_rule rule;	/* RULE_* */
	struct netcfg_ethtool *eth;	/* ETHTOOL: what differs (owned) */
	const struct netcfg_dhcp *dhcp;	/* DHCP_*: the file's keys (not owned) */
};

struct plan {
	struct step *v;
	size_t n, cap;
	int oom;
	int refused;		/* a step could not be planned (the error is in the diags) */
};

/* What the planner needs to know besides the kernel's link state. */
struct plan_env {
	int module_loaded;		/* /sys/module/bonding exists */
	const struct keth *eth;		/* the ethtool state of the devices whose files
					 * have ETHTOOL_OPTS (read by the tool) */
	size_t neth;
	const struct ksysctl6 *s6;	/* the IPv6 sysctls of the devices with IPv6 */
	size_t ns6;
	const struct ksysctl6 *s6_default;	/* "default"'s: a new device's */
	const char *dhcp_client;	/* dhclient or dhcpcd, NULL when the host has none */
	int (*dhcp_running)(const char *dev, int v6);	/* 1 if a DHCP client (v6:
							 * DHCPv6's) runs for dev */
	int promote_all;		/* net.ipv4.conf.all.promote_secondaries */
};

/* What a kind's planner works with. */
struct plan_ctx {
	const struct netgraph *g;
	const struct kstate *have;
	const struct plan_env *env;
	struct plan *p;
	struct diags *d;
};

/* Files with HWADDR and no DEVICE: each node takes the name of the one NIC the
 * kernel has with that MAC (see plan.c).  Before planning. */
void plan_resolve_hwaddr(struct netgraph *g, const struct kstate *have);
/* ifup of NAME: a port joins through its controller's kind (its bond comes up with
 * it when it is not); any other device through its own kind.  Returns 0, or -1 with
 * an error in d (nothing to apply). */
int plan_up(const struct netgraph *g, const struct netnode *node, const struct kstate *have,
	    const struct plan_env *env, struct plan *p, struct diags *d);
/* After plan_up of node: the configured ONBOOT devices stacked on it (a VLAN, and
 * through it its place in a bridge) that the kernel lacks, as NetworkManager's
 * autoconnect brings them: an ifdown of a bond took them with it.  Those skip()
 * says (NetworkManager's) are left.  0, or -1 with an error in d. */
int plan_up_stacked(const struct netgraph *g, const struct netnode *node, const struct kstate *have,
		    const struct plan_env *env, struct plan *p, struct diags *d,
		    int (*skip)(const struct netnode *));
/* ifdown of NAME: a port leaves its controller; any other device goes down (a bond or
 * a VLAN is deleted). */
int plan_down(const struct netgraph *g, const struct netnode *node, const struct kstate *have,
	      const struct plan_env *env, struct plan *p, struct diags *d);

/* ---- for the kinds (plan.c) ---- */

/* Appends a step; NULL when out of memory (the plan then says so, p->oom). */
struct step *plan_push(struct plan *p, enum step_kind kind, const char *dev, const char *file,
		       int line, const char *why);
/* MTU and MAC.  mac_lost: the plan empties a bond, whose MAC the kernel randomises. */
void plan_link(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
	       int mac_lost);
/* Addresses the file does not list go (a DHCP client's are left alone): before the
 * device comes up. */
void plan_addrs(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		const struct kstate *have, struct diags *d);
/* have as it will be once the steps of l's device from start on are applied, with
 * what the kernel does beside them without saying so (each kind's row in exec.c:
 * an address deleted takes the routes that use it, the last one every IPv4 route
 * through l, a primary its subnet's secondaries unless promote_secondaries).  have
 * itself when no step of l has such an effect, else view; NULL when out of memory.
 * plan_view_free(view) in every case.  What is planned after those steps is planned
 * against it. */
const struct kstate *plan_view(const struct plan *p, size_t start, const struct klink *l,
			       const struct kstate *have, int promote_all, struct kstate *view);
void plan_view_free(struct kstate *view);
/* Gives the steps from start on that put back what have had and view lost their
 * reason. */
void plan_explain_readds(struct plan *p, size_t start, const struct klink *l,
			 const struct kstate *have, const struct kstate *view);
/* Addresses the file lists come, with the aliases that come with the device, in
 * the phases asked for: the ARPCHECK probes (the device must be up), the addresses,
 * the ARPUPDATE announcements (up).  Without ADDS_CHECK, nocheck says why at the
 * line of an address whose file asks for the check (NULL: nothing said). */
enum { ADDS_CHECK = 1, ADDS_ADD = 2, ADDS_ANNOUNCE = 4, ADDS_ALL = 7 };
void plan_addrs_add(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		    const struct kstate *have, unsigned phases, const char *nocheck,
		    struct diags *d);
/* A port's IPv4 addresses go: the controller carries the addresses. */
void plan_port_addrs(struct plan *p, const struct netcfg_dev *port, const struct klink *l,
		     const struct kstate *have, const char *why);
/* The default route.  flushed: the plan takes l down first (the kernel drops its
 * routes then). */
void plan_routes(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		 const struct kstate *have, int flushed, struct diags *d);
/* A device that plans itself (not a bond slave), once it exists or is created:
 * link settings, then as a bridge port it joins its bridge; anything else is
 * released if it is a port, and gets its addresses, up and route. */
void plan_standalone_up(struct plan_ctx *c, const struct netnode *node, const struct klink *l);
/* Once want is up on l (NULL: made by the plan), with its IPv4 addresses: its
 * default route (plan_routes) and the routes of its route-DEV files, then its IPv6
 * addresses and default route (plan_addrs6_add), then the routes of its route6-DEV
 * files.  A default gateway that only a route of the files puts on the link comes
 * after them.  For each family, what is missing added, what differs replaced, and
 * ours that no file has any longer deleted (our protocol, through l; one without a
 * device when no route file of g has it); flushed: l's routes are gone already. */
void plan_l3_after_up(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		      const struct kstate *have, int flushed, const struct netgraph *g,
		      struct diags *d);
/* Everything plan_standalone_up adds, removed (a bridge port leaves its bridge), and
 * the device down. */
void plan_standalone_down(struct plan_ctx *c, const struct netnode *node,
			  const struct klink *l);
/* A step at the front of p (the others move down one); NULL when out of memory. */
struct step *plan_push_front(struct plan *p, enum step_kind kind, const char *dev,
			     const char *file, int line, const char *why);
/* 1 if p has a step that is not a local hook (something for the kernel). */
int plan_changes(const struct plan *p);
/* ifup (up) or ifdown of alias al of node (ifup DEV:N): its address added to, or
 * deleted from, the device, which must be up.  0, or -1 with an error in d. */
int plan_alias(const struct netnode *node, const struct netcfg_alias *al, int up,
	       const struct kstate *have, struct plan *p, struct diags *d);
/* ETHTOOL_OPTS of want on l (NULL: made by the plan): a step per group (-K, -G,
 * -L, -s) with what differs from the kernel's; what the driver cannot do is a
 * warning at the line.  Before the device comes up (its link negotiates once) and,
 * for a bond slave, before it joins (the bond takes its features from its slaves'). */
void plan_ethtool(struct plan_ctx *c, const struct netcfg_dev *want, const struct klink *l);
/* IPv6 (IPV6INIT): ours that the file no longer has go (before the device comes
 * up); the file's come once it is up, then its default route, then the waits for
 * their duplicate address detection.  Only ours are deleted: link-local,
 * autoconfigured, temporary addresses and routes of another protocol stay. */
/* The IPv6 sysctls of want (the legacy ifup-ipv6's) that differ from the kernel's:
 * before the device comes up (autoconf must be off before an RA arrives), but the
 * IPv6 MTU after (the kernel sets it from the link's as the device comes up). */
void plan_sysctl6(struct plan_ctx *c, const struct netcfg_dev *want, int after_up);
void plan_addrs6(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		 const struct kstate *have);
void plan_addrs6_add(struct plan *p, const struct netcfg_dev *want, const struct klink *l,
		     const struct kstate *have);
/* BOOTPROTO=dhcp: the client started once want is up and has its static addresses,
 * unless one runs for it; none on this host is an error at the BOOTPROTO line. */
void plan_dhcp_up(struct plan_ctx *c, const struct netcfg_dev *want);
/* Its client stopped (DHCPRELEASE: the lease released) before the addresses go. */
void plan_dhcp_down(struct plan_ctx *c, const struct netcfg_dev *want);
/* After the STEP_UP of want: LINKDELAY's wait for its carrier, when it has one. */
void plan_linkdelay(struct plan *p, const struct netcfg_dev *want);
/* The kernel's link of a controller's port, or NULL with a warning at the port's
 * line ("...; not_done"): absent, or another NIC than its HWADDR names. */
const struct klink *plan_port_link(struct plan_ctx *c, const struct netnode *port,
				   const char *not_done);
/* node joins its controller (a kind with plan_attach); up: it is up by then. */
void plan_attach(struct plan_ctx *c, const struct netnode *node, const struct klink *l, int up);
/* 1 if the plan so far creates a device named name. */
int plan_creates(const struct plan *p, const char *name);
/* The plan's end: 0, or -1 with "out of memory" in d. */
int plan_done(struct plan_ctx *c);

/* Prints one shell-equivalent line (or several for one option) per step, each with
 * "# FILE:LINE" provenance and the reason when there is one. */
void plan_print(const struct plan *p, FILE *fp);
/* The steps that step i cannot be made without (all before it): its device's
 * creation, its device up (a route), the address or route that puts its gateway on
 * the link, its source address, the probe of its address (ARPCHECK), its port's
 * enslaving (a port option), its lower device's MTU (a VLAN's).  Up to
 * PLAN_MAX_NEEDS indices into out; returns how many. */
#define PLAN_MAX_NEEDS 4
size_t plan_needs(const struct plan *p, size_t i, size_t out[PLAN_MAX_NEEDS]);
/* What plan_print prints for step s (its lines and provenance), malloc'd; NULL
 * out of memory. */
char *plan_step_line(const struct step *s);
/* The one line of step s (several joined with "; "), malloc'd; NULL out of memory. */
char *plan_step_text(const struct step *s);
/* Verification: the attribute step s sets and the kernel's value of it in ks
 * (len bytes each): 1, or 0 for a step a run does not verify (a wait, a probe, a
 * hook, a DHCP client; ETHTOOL_OPTS and the IPv6 sysctls, only warned about). */
int plan_step_observed(const struct step *s, const struct kstate *ks, char *attr, char *val, size_t len);
/* What became of each step of an applied plan. */
enum step_state { STEP_TODO, STEP_DONE, STEP_REFUSED, STEP_SKIPPED };
/* Applies the steps in order.  A step the kernel refuses is said at once
 * ("PROG: FILE:LINE: refused: <line>", then the kernel's own words), and the steps
 * that need it (plan_needs, transitively) are not applied; everything else is.  At
 * the end each step not applied is listed with what it needed.  Returns 0, or -1
 * when a step was refused.  verbose prints each step as it is applied.  state (may
 * be NULL): a malloc'd enum step_state per step, the caller's to free. */
int plan_apply(const struct plan *p, struct knl *k, const char *prog, int verbose,
	       unsigned char **state);
/* plan_apply in parts, for a run over several devices that awaits their waits
 * together.  new: NULL out of memory (said).  go applies the steps from where the
 * run stopped: with hold, it stops at a wait that its first poll did not end
 * (started: the probes are out) and returns 1; otherwise it waits itself, and
 * returns 0 once every step was looked at.  poll advances the held wait: 1 while it waits, 0 once over
 * (then go again).  sleep: until one of the n runs' waits is due.  end reports
 * what plan_apply reports and frees the run (state as plan_apply's). */
struct plan_run;
struct plan_run *plan_run_new(const struct plan *p, struct knl *k, const char *prog, int verbose);
int plan_run_go(struct plan_run *r, int hold);
int plan_run_poll(struct plan_run *r);
void plan_runs_sleep(struct plan_run *const *v, size_t n);
int plan_run_end(struct plan_run *r, unsigned char **state);
/* 1 if step s always lasts (an ARP probe window, duplicate address detection, a
 * carrier, a DHCP lease): -n shows it among the waits the service makes at once. */
int plan_step_holds(const struct step *s);
/* The steps from i that are one wait (a device's ARP probes: one window), or 0 if
 * step i does not wait. */
size_t plan_wait_batch(const struct plan *p, size_t i);
void plan_free(struct plan *p);

#endif
