/* rtnl.h - everything libnl, for every kind of device: reading links (bonds,
 * VLANs, bridges and their ports), addresses, routes and rules in one pass, and
 * sending each change over one netlink socket with the kernel's own error text
 * (extended ACK); ETHTOOL_OPTS over generic netlink. */
#ifndef RTNL_H
#define RTNL_H

#include <stdint.h>
#include <net/if.h>
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000	/* <linux/if.h>; <net/if.h> lacks it */
#endif
#include <netinet/in.h>
#include "bond_opts.h"
#include "bridge_opts.h"
#include "routes.h"
#include "vlan_qos.h"

/* A kernel refusal: the errno and, when the kernel sent one, its extack text. */
struct kerr {
	int err;		/* positive errno */
	char msg[256];		/* the kernel's words, "" when none (or libnl's text
				 * when the failure was local, e.g. a send error) */
};

/* Observed per-slave bond state (IFLA_INFO_SLAVE_DATA). */
struct kslave {
	uint8_t state;		/* 0 active, 1 backup */
	uint8_t mii_status;	/* 0 up, 1 going down, 2 down, 3 going back */
	uint32_t link_failure_count;
	uint8_t perm_hwaddr[6];
	/* 802.3ad only (bondctl status): the aggregator the port is in, and the
	 * actor's and partner's operational port state bits (AD_STATE_*, IEEE
	 * 802.1AX: 0x8 synchronization, 0x10 collecting, 0x20 distributing). */
	int has_ad;
	uint16_t ad_aggregator_id;
	uint8_t ad_actor_state;
	uint16_t ad_partner_state;
	unsigned has;		/* 1u << enum bond_slave_opt_id */
	int64_t opt[BSOPT_COUNT];
};

struct klink {
	int ifindex;
	char name[IFNAMSIZ];
	unsigned flags;		/* ifi_flags: IFF_UP, IFF_LOWER_UP, IFF_RUNNING ... */
	int master;		/* IFLA_MASTER ifindex, 0 = none */
	uint32_t mtu;
	uint8_t addr[6];
	int addr_len;
	int has_perm_addr;	/* IFLA_PERM_ADDRESS was present */
	uint8_t perm_addr[6];
	uint32_t carrier_changes;
	char kind[16];		/* IFLA_INFO_KIND ("bond", "dummy", "veth"), "" if none */
	char slave_kind[16];	/* IFLA_INFO_SLAVE_KIND */
	int has_bond;		/* kind "bond" and IFLA_INFO_DATA was present */
	/* 802.3ad (IFLA_BOND_AD_INFO, sent once the bond has an active aggregator):
	 * that aggregator, its port count and its partner's system MAC. */
	int has_ad_info;
	uint16_t ad_aggregator, ad_num_ports;
	uint8_t ad_partner_mac[6];
	struct bond_opts bond;	/* normalised like the desired state; primary and
				 * active_slave resolved to names */
	/* bond.has holds what the kernel reported, plus primary, active_slave and the
	 * target lists always: the kernel omits them while unset or empty.  num[] of
	 * primary/active_slave keeps the ifindex. */
	int has_slave;
	struct kslave slave;
	int link;		/* IFLA_LINK: the lower device's ifindex, 0 = none */
	int has_vlan;		/* kind "vlan" and IFLA_INFO_DATA was present */
	uint16_t vlan_id;
	uint32_t vlan_flags;	/* VLAN_FLAG_* */
	struct vlan_qos vlan_qos;	/* the mappings the kernel reports */
	int has_bridge;		/* kind "bridge" and IFLA_INFO_DATA was present */
	struct br_vals bridge;	/* by bridge row id (bridge_opts.h) */
	int has_brport;		/* slave kind "bridge" and IFLA_INFO_SLAVE_DATA present */
	struct br_vals brport;	/* by port row id */
	int promote_secondaries;	/* the device's own setting (or all's counts too) */
};

struct kaddr {
	int ifindex;
	struct in_addr addr;
	uint8_t prefix;
	uint8_t scope;			/* RT_SCOPE_* */
	struct in_addr brd;		/* IFA_BROADCAST, 0 when none */
	char label[IFNAMSIZ];		/* IFA_LABEL: the device's name, or an alias's */
	uint8_t flags;			/* IFA_F_SECONDARY: another address of its subnet
					 * is the primary one */
};

/* An IPv6 address: flags are IFA_F_* (TENTATIVE, DADFAILED, PERMANENT, TEMPORARY,
 * ...), proto IFA_PROTO (the kernel's for link-local and SLAAC, ours for what we
 * add, 0 for what ip added without one). */
struct kaddr6 {
	int ifindex;
	struct in6_addr addr;
	uint8_t prefix, scope, proto;
	uint32_t flags;
};

/* An IPv6 default route of the main table. */
struct kroute6 {
	int ifindex;
	struct in6_addr gw;		/* :: when none (a device route) */
	uint32_t metric;
	uint8_t proto;
};

struct kroute {			/* IPv4 default routes of the main table */
	int ifindex;
	struct in_addr gw;
	uint32_t metric;
	struct in_addr src;		/* RTA_PREFSRC, 0 when none */
};

struct kfib {			/* IPv4 routes of every table but local, through one device */
	int ifindex;		/* RTA_OIF (a multipath route has none: never ours) */
	struct netcfg_route r;	/* line and file unset */
};

struct kstate {
	struct klink *links;
	size_t nlinks;
	struct kaddr *addrs;
	size_t naddrs;
	struct kroute *routes;
	size_t nroutes;
	struct kfib *fib;
	size_t nfib;
	struct netcfg_rule *rules;	/* IPv4 routing rules (line and file unset) */
	size_t nrules;
	/* IPv6: dumped, not kept current by notifications (a device's are read
	 * before it is planned, and no step of another device changes them). */
	struct kaddr6 *addrs6;
	size_t naddrs6;
	struct kroute6 *routes6;
	size_t nroutes6;
};

struct knl;			/* the one netlink socket */

/* Opens the socket (NETLINK_ROUTE, extended ACK on).  Returns 0 or -1 with e set. */
int knl_open(struct knl **out, struct kerr *e);
void knl_close(struct knl *k);

/* Dumps links (with bond and slave data), IPv4 addresses and IPv4 default routes.
 * Returns 0 or -1 with e set.  Free with kstate_free(). */
int kstate_read(struct knl *k, struct kstate *ks, struct kerr *e);
void kstate_free(struct kstate *ks);
/* The reply parsers on bytes (the fuzz harness): len bytes of netlink messages read
 * as dump replies into ks, then as notifications on it; an NLMSG_ERROR's errno and
 * text in e.  Returns 0, or -1 with e (out of memory). */
int knl_feed(struct kstate *ks, const void *buf, size_t len, struct kerr *e);
/* The ethtool reply parsers on bytes (the fuzz harness): each message read as each
 * reply (features, rings, channels, link modes, wake-on-LAN) into out. */
struct keth;
void knl_feed_ethtool(const void *buf, size_t len, struct keth *out);
const struct klink *kstate_link(const struct kstate *ks, const char *name);
/* What the kernel takes, without a notification, with the IPv4 address a of ifindex
 * (already out of ks): the routes with a as their source (fib_sync_down_addr), and
 * with the device's last address every IPv4 route through it (fib_disable_ip). */
void kstate_addr_gone(struct kstate *ks, int ifindex, struct in_addr a);
/* The device's own MAC, as HWADDR names it: its permanent address, else (a bond
 * slave, whose address is the bond's) the one the bond saved, else its address;
 * NULL when it has no 6-byte address. */
const uint8_t *klink_hwaddr(const struct klink *l);
const struct klink *kstate_link_by_index(const struct kstate *ks, int ifindex);
/* Re-reads one link by name; 0, or -1 with e (ENODEV when absent). */
int knl_get_link(struct knl *k, const char *name, struct klink *out, struct kerr *e);

/* The kernel's ethtool state of ifindex for the groups (1u << enum eth_group) of
 * ethtool_opts.h, over the ethtool generic netlink family (a second socket, opened
 * on first use).  A group the driver cannot report is left out of out->have, with
 * its errno in out->err.  0, or -1 with e (no ethtool netlink in this kernel). */
struct keth;
struct netcfg_ethtool;
int knl_ethtool_read(struct knl *k, int ifindex, unsigned groups, struct keth *out, struct kerr *e);
/* Sets group of w on ifindex (features by name; -s: wake-on-LAN, then speed,
 * duplex and autoneg). */
int knl_ethtool_set(struct knl *k, int ifindex, int group, const struct netcfg_ethtool *w,
		    struct kerr *e);

/* The IPv6 addresses of ifindex now (a dump: DAD's progress).  *out malloc'd. */
int knl_addrs6(struct knl *k, int ifindex, struct kaddr6 **out, size_t *n, struct kerr *e);
/* An IPv6 address, added with our protocol (IFA_PROTO, ROUTE_PROTO_OURS), or deleted. */
int knl_addr6(struct knl *k, int add, int ifindex, const struct in6_addr *a, uint8_t prefix,
	      struct kerr *e);
/* An IPv6 default route through ifindex (gw :: for a device route), ours. */
int knl_route6_default(struct knl *k, int add, int ifindex, const struct in6_addr *gw,
		       uint32_t metric, struct kerr *e);

/* Every writer returns 0, or -1 with e holding the errno and the kernel's text.
 *
 * Bond options: the attributes of every option in mask (1ull << enum bond_opt_id) that
 * has a netlink attribute.  For primary and active_slave the ifindex is taken from
 * o->num[id] (the caller resolves names; 0 clears).  Target lists are sent whole, an
 * empty list as an empty nest (the kernel replaces the list). */
int knl_bond_create(struct knl *k, const char *name, const struct bond_opts *o, uint64_t mask,
		    struct kerr *e);
int knl_bond_change(struct knl *k, int ifindex, const struct bond_opts *o, uint64_t mask,
		    struct kerr *e);
/* A VLAN NAME with id on the device with ifindex link (RTM_NEWLINK kind "vlan"; the
 * kernel loads 8021q itself), with the VLAN_FLAG_* bits of mask set as in flags. */
int knl_vlan_create(struct knl *k, const char *name, int link, uint16_t id, uint32_t flags,
		    uint32_t mask, const struct vlan_qos *q, struct kerr *e);
/* Changes the flags of mask and the mappings of q (NULL: none) on a live VLAN (the id
 * and lower device are fixed). */
int knl_vlan_change(struct knl *k, int ifindex, uint32_t flags, uint32_t mask,
		    const struct vlan_qos *q, struct kerr *e);
/* A bridge NAME with the options of mask (1u << row id) set as in v. */
int knl_bridge_create(struct knl *k, const char *name, const struct br_vals *v, uint32_t mask,
		      struct kerr *e);
int knl_bridge_change(struct knl *k, int ifindex, const struct br_vals *v, uint32_t mask,
		      struct kerr *e);
/* Bridge port options of a port (IFLA_INFO_SLAVE_DATA of kind "bridge"). */
int knl_brport_change(struct knl *k, int ifindex, const struct br_vals *v, uint32_t mask,
		      struct kerr *e);
int knl_slave_change(struct knl *k, int ifindex, unsigned mask, const int64_t *opt,
		     struct kerr *e);
int knl_link_set_up(struct knl *k, int ifindex, int up, struct kerr *e);
/* Enslaves (master > 0) or releases (master == 0) in a message of its own: the kernel
 * applies ifi_flags before IFLA_MASTER, so "down + master" in one message fails. */
int knl_link_set_master(struct knl *k, int ifindex, int master, struct kerr *e);
int knl_link_set_mtu(struct knl *k, int ifindex, uint32_t mtu, struct kerr *e);
/* ARP on or off (IFF_NOARP), as ip link set dev DEV arp on|off. */
int knl_link_set_arp(struct knl *k, int ifindex, int on, struct kerr *e);
int knl_link_set_mac(struct knl *k, int ifindex, const uint8_t mac[6], struct kerr *e);
int knl_link_delete(struct knl *k, int ifindex, struct kerr *e);
/* An IPv4 address added with its broadcast (0: none) and scope, or deleted. */
int knl_addr(struct knl *k, int add, int ifindex, struct in_addr addr, uint8_t prefix,
	     struct in_addr brd, uint8_t scope, const char *label, struct kerr *e);
/* The default route via gw through ifindex, with metric (0: the kernel's) and a
 * preferred source (0: none; not sent for a delete). */
int knl_route_default(struct knl *k, int add, int ifindex, struct in_addr gw, uint32_t metric,
		      struct in_addr src, struct kerr *e);
/* A routing rule added (add) or deleted. */
int knl_rule(struct knl *k, int add, const struct netcfg_rule *r, struct kerr *e);
/* A route through ifindex: added (cmd 'a', refused when it exists), replacing the
 * one of its key ('r'), or deleted ('d'). */
int knl_route(struct knl *k, int cmd, int ifindex, const struct netcfg_route *r, struct kerr *e);

/* From now on, ks follows the kernel: the socket joins the link, IPv4 address and
 * IPv4 route groups, and each notification that arrives while a request waits for
 * its reply updates ks (they precede the reply).  ks must stay valid. */
int knl_track(struct knl *k, struct kstate *ks, struct kerr *e);
/* The state knl_track keeps current (as it is before the next request), or NULL. */
const struct kstate *knl_tracked(const struct knl *k);
/* Reads the tracked state again if notifications were lost (the socket overflowed);
 * 0, or -1 with e. */
int knl_refresh(struct knl *k, struct kerr *e);

/* Counts netlink requests that change something (tests: idempotence), and all. */
unsigned knl_writes(const struct knl *k);
unsigned knl_requests(const struct knl *k);

#endif
