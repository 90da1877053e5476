/* netcfg.h - the desired state: every ifcfg file of a directory becomes a device of a
 * kind (kind.h) with facets that compose (a port of a controller, stacked on a lower
 * device), and the directory a graph of them in start order. */
#ifndef NETCFG_H
#define NETCFG_H

#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include "bond_opts.h"
#include "bridge_opts.h"
#include "ethtool_opts.h"
#include "ifcfg_parse.h"
#include "resolv.h"
#include "routes.h"
#include "sysctl6.h"
#include "vlan_qos.h"

#define NETCFG_MAX_ADDRS 257	/* IPADDR plus IPADDR0..IPADDR255 */

struct kind_ops;

struct netcfg_addr {
	struct in_addr addr;
	uint8_t prefix;
	int line;
	struct in_addr brd;			/* BROADCASTn, or computed as ipcalc; 0 = none */
	int brd_line;				/* the BROADCASTn line, 0 when computed */
	int arpcheck, arpupdate;		/* ARPCHECKn, ARPUPDATEn: 1 unless "no" */
	int arpcheck_line, arpupdate_line;	/* 0 when not stated */
};

/* Facet: a port of a controller: a bond slave (MASTER= with SLAVE=yes) or a bridge
 * port (BRIDGE=). */
struct netcfg_port {
	char controller[IFNAMSIZ];		/* "" = not a port */
	int line;				/* the MASTER or BRIDGE line */
	const struct kind_ops *ctrl_kind;	/* the kind that key asks for */
	unsigned has;				/* 1u << enum bond_slave_opt_id */
	int64_t opt[BSOPT_COUNT];		/* bond port options (BOND_PORT_*) */
	int opt_line[BSOPT_COUNT];
	struct br_conf br;			/* bridge port options (BRIDGING_OPTS) */
};

/* Facet: stacked on a lower device (a VLAN's PHYSDEV or the LOWER of LOWER.ID). */
struct netcfg_lower {
	char name[IFNAMSIZ];			/* "" = none */
	int line;
};

struct netcfg_link {
	uint32_t mtu;				/* 0 = not set */
	int mtu_line;
	int has_macaddr;
	uint8_t macaddr[6];
	int macaddr_line;
	uint32_t linkdelay;			/* LINKDELAY: seconds to wait for carrier */
	int linkdelay_line;
	int arp;				/* ARP: 1 on, 0 off, -1 not given */
	int arp_line;
	int has_hwaddr;				/* HWADDR: the NIC this file is for */
	uint8_t hwaddr[6];
	int hwaddr_line;
	int hwaddr_names;			/* no DEVICE line: the NIC is found by it */
};

struct netcfg_l3 {
	int dhcp;				/* BOOTPROTO=dhcp|bootp: the client owns them */
	size_t naddrs;
	struct netcfg_addr addrs[NETCFG_MAX_ADDRS];	/* in the order the legacy scripts add them */
	int has_gateway, defroute;
	struct in_addr gateway;
	int gateway_line;
	const char *gateway_file;		/* where GATEWAY was: NULL for the device's
						 * own file, else /etc/sysconfig/network */
	uint8_t scope;				/* SCOPE (host on lo), RT_SCOPE_UNIVERSE */
	int scope_line;
	uint32_t metric;			/* METRIC: the default route's, 0 = the kernel's */
	int metric_line;
	struct in_addr srcaddr;			/* SRCADDR: its preferred source, 0 = none */
	int srcaddr_line;
	unsigned arp_wait_ms;			/* ARPCHECK's window: ACD_TIMEOUT (ms) or
						 * ARPING_WAIT (s); 0 = no check */
	int arp_wait_line;
	int zeroconf;				/* the 169.254.0.0/16 route, unless NOZEROCONF */
	int zeroconf_line;			/* the NOZEROCONF line, 0 if absent */
	const char *zeroconf_file;		/* where NOZEROCONF was: NULL for the
						 * device's own file */
};

/* Per-kind settings (the kind's load fills its own member). */
struct netcfg_bridge_conf {
	struct br_conf opts;			/* STP, DELAY, PRIO, AGEING, BRIDGING_OPTS */
};

struct netcfg_bond_conf {
	struct bond_opts opts;			/* as given; defaults not filled */
	int opts_line;				/* BONDING_OPTS line, 0 if absent */
};

struct netcfg_vlan_conf {
	unsigned id;
	int id_line;				/* VID, VLAN_ID or the DEVICE line */
	uint32_t flags;				/* VLAN_FLAG_* wanted: the kernel's defaults
						 * (reorder_hdr on) unless the file says */
	int flag_line[3];			/* REORDER_HDR, GVRP, MVRP lines, 0 if absent */
	struct vlan_qos qos;			/* the priority maps, mappings to 0 left out */
	int qos_line[2];			/* VLAN_INGRESS_, VLAN_EGRESS_PRIORITY_MAP */
};

#define NETCFG_MAX_ADDRS6 64

struct netcfg_addr6 {
	struct in6_addr addr;
	uint8_t prefix;
	int line;				/* IPV6ADDR or IPV6ADDR_SECONDARIES */
};

/* IPv6 of a device whose file says IPV6INIT=yes (the legacy ifup-ipv6 did nothing
 * otherwise): the addresses and default route that are ours.  The kernel's own
 * (link-local, autoconfigured, temporary) and anyone else's are never touched. */
struct netcfg_ip6 {
	int init;				/* IPV6INIT=yes (and not NETWORKING_IPV6=no) */
	size_t naddrs;
	struct netcfg_addr6 addrs[NETCFG_MAX_ADDRS6];
	int has_gw, gw_line, defroute;		/* IPV6_DEFAULTGW (addr or addr%DEV), or
						 * IPV6_DEFAULTDEV alone (gw ::) */
	struct in6_addr gw;
	const char *gw_file;			/* /etc/sysconfig/network's, NULL: own */
	/* net.ipv6.conf.DEV.*: -1 leaves one alone; the line that asks for it
	 * (0: the legacy ifup-ipv6's value when nothing is said) */
	long sysctl[S6_COUNT];
	int sysctl_line[S6_COUNT];
};

/* BOOTPROTO=dhcp: how the DHCP client is run, as the legacy ifup-eth runs dhclient. */
struct netcfg_dhcp {
	int line;				/* the BOOTPROTO line */
	int persistent;				/* PERSISTENT_DHCLIENT: no -1, retry forever */
	int release;				/* DHCPRELEASE: ifdown releases the lease */
	int fatal;				/* IPV4_FAILURE_FATAL (default yes): no lease
						 * fails the ifup, else a warning */
	int send_hostname;			/* DHCP_SEND_HOSTNAME (default yes) */
	char fqdn[256], hostname[256];		/* DHCP_FQDN (first), DHCP_HOSTNAME */
	char args[512];				/* DHCLIENTARGS, split on blanks as legacy */
	int no_default;				/* DEFROUTE=no or DHCLIENT_SET_DEFAULT_ROUTE=no:
						 * the lease installs no default route */
	uint32_t metric;			/* its routes' metric (METRIC, else
						 * IPV4_ROUTE_METRIC), 0: the client's */
	/* DHCPV6C=yes (with IPv6): dhclient -6, its own pid and lease files */
	int v6, v6_line, v6_persistent;
	int v6_fatal;				/* IPV6_FAILURE_FATAL (or no IPv4 at all) */
	char v6_options[256];			/* DHCPV6C_OPTIONS */
};

/* An alias file, ifcfg-DEV:N: one more address of DEV, labelled DEV:N. */
struct netcfg_alias {
	char label[IFNAMSIZ];			/* "eth0:1" */
	struct netcfg_addr a;
	int onparent;				/* ONPARENT: added when DEV comes up */
	const char *file;			/* the alias file's name (not owned) */
};

struct netcfg_dev {
	char name[IFNAMSIZ];
	const struct ifcfg_file *file;		/* not owned */
	const struct kind_ops *kind;
	int kind_line;				/* the line that decided the kind, 0 if none */
	int onboot, nm_controlled, hotplug;
	char master[IFNAMSIZ];			/* MASTER= as given, port or not */
	int master_line;
	struct netcfg_port port;
	struct netcfg_lower lower;
	struct netcfg_link link;
	struct netcfg_l3 l3;
	struct netcfg_dns dns;			/* DNS1..3, DOMAIN, SEARCH for resolv.conf */
	struct netcfg_ethtool ethtool;		/* ETHTOOL_OPTS, ETHTOOL_DELAY */
	struct netcfg_dhcp dhcp;		/* with l3.dhcp */
	struct netcfg_ip6 ip6;
	struct netcfg_routes routes;		/* its route-DEV file (netgraph_load) */
	struct netcfg_rules rules;		/* its rule-DEV file */
	int routes_partial, rules_partial;	/* a line of them was bad (and is not
						 * applied): ours that no line states
						 * are kept, the bad line may be theirs */
	struct netcfg_alias *aliases;		/* its ifcfg-DEV:N files, in name order */
	size_t naliases;
	union {
		struct netcfg_bond_conf bond;
		struct netcfg_vlan_conf vlan;
		struct netcfg_bridge_conf bridge;
	} k;
};

/* Builds dev from one file: every bad value is "LABEL:LINE: KEY: reason" in d.
 * Returns 0, or -1 if the file had refused lines or any value error (dev is then
 * filled as far as the file allows). */
int netcfg_dev_load(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d);
/* A warning in d for each side file of dev in dir that is not applied
 * (ifcfg-DEV:N, rule-DEV, ..., and a port's route-DEV). */
void netcfg_warn_side(const struct ifcfg_dir *dir, const struct netcfg_dev *dev, struct diags *d);
/* 1 if gw (of family) is on dev's link by its configuration: in the subnet of one
 * of its addresses (an alias's too), or (routes) covered by a route of its route
 * files without a gateway (main table); an IPv6 link-local one always. */
int netcfg_on_link(const struct netcfg_dev *dev, int family, const union netcfg_ip *gw, int routes);
/* dev's route-DEV, rule-DEV and ifcfg-DEV:N files into dev->routes, dev->rules
 * and dev->aliases (owned; netgraph_free frees them).  0, or -1 with each bad line
 * in d. */
int netcfg_load_side(const struct ifcfg_dir *dir, struct netcfg_dev *dev, struct diags *d);
/* The alias of dev labelled label ("eth0:1"), or NULL. */
const struct netcfg_alias *netcfg_alias_find(const struct netcfg_dev *dev, const char *label);
/* ARPCHECK's window when neither ACD_TIMEOUT nor ARPING_WAIT gives one: two probes
 * 250 ms apart (a neighbour on a LAN answers in well under a millisecond; the
 * legacy arping waited up to 3 s per address). */
#define NETCFG_ARP_WAIT_MS 500

/* 0 when /etc/sysconfig/network says NETWORKING=no (the service then does
 * nothing, as the legacy one); 1 otherwise, also when the file is absent. */
int netcfg_networking(const struct ifcfg_dir *dir);
/* What the legacy init.ipv6-global wrote to net.ipv6.conf.{all,default} at the
 * start of the service, from /etc/sysconfig/network's IPV6FORWARDING and
 * IPV6_AUTOCONF: forwarding, accept_ra and accept_redirects in v (-1 for the
 * rest), each with its line.  Only when the file states one of them (legacy reset
 * them to 0 and 1 on every start even unstated, undoing sysctl.conf) and not
 * IPV6_SET_SYSCTLS=no: 1; else 0. */
int netcfg_global_sysctl6(const struct ifcfg_dir *dir, long v[S6_COUNT], int line[S6_COUNT]);
/* A warning in d at each line of /etc/sysconfig/network that is not applied, by the
 * key table (an error for a NETWORKING that is no boolean); lint: also the keys only
 * bondctl check mentions (KEYF_LINT). */
void netcfg_warn_global(const struct ifcfg_dir *dir, struct diags *d, int lint);
/* 1 if dev is a port of a controller (a bond slave or a bridge port). */
int netcfg_is_port(const struct netcfg_dev *dev);
/* 1 if dev is a port of a controller of kind k. */
int netcfg_is_port_of(const struct netcfg_dev *dev, const struct kind_ops *k);

/* ---- the directory as a graph ---- */

struct netnode {
	struct netcfg_dev dev;
	int loaded;				/* the file read without error */
	int ok;					/* loaded, ordered and validated */
	long controller;			/* index of the port's controller, -1 if none here */
	long lower;				/* index of the lower device, -1 if none here */
	struct diags load;			/* the file's own findings */
	struct diags rel;			/* findings against the graph (kind validate) */
};

struct netgraph {
	const struct ifcfg_dir *dir;		/* not owned */
	struct netnode *v;			/* one per file, in dir->files order */
	size_t n;
	size_t *order;				/* start order: lower devices and controllers
						 * first, then by the legacy rank and name */
	size_t norder;				/* < n when devices sit on a cycle */
	size_t *port_first, *port;		/* ports of node i: port[port_first[i] ..
						 * port_first[i + 1]), natural order */
};

/* Loads every file of dir once, links the facets and orders the graph.  Findings go
 * to each node (so a command can report only those of the devices it touches); a
 * cycle is an error on every device on it or stacked on it.  Returns 0, or -1 when
 * out of memory.
 * Free with netgraph_free() in every case. */
int netgraph_load(const struct ifcfg_dir *dir, struct netgraph *g, struct diags *d);
void netgraph_free(struct netgraph *g);
/* The node configured for NAME (or "ifcfg-NAME"), or NULL. */
const struct netnode *netgraph_find(const struct netgraph *g, const char *name);
/* The ports of controller ctrl, in natural device order; *out is malloc'd, caller
 * frees the array only.  Returns the count (0 with *out NULL when out of memory). */
size_t netgraph_ports(const struct netgraph *g, const struct netnode *ctrl,
		      const struct netnode ***out);
/* Index of a node in g. */
size_t netgraph_index(const struct netgraph *g, const struct netnode *node);

/* Checks a name a file gives under key at line (ifcfg_name_problem()): 0, or -1 with
 * "FILE:LINE: KEY: NAME is not a valid interface name: it ..." in d. */
int netcfg_bad_name(const struct ifcfg_file *f, const char *key, const char *v, int line,
		    struct diags *d);
/* Parses "a.b.c.d" strictly (no shorthand like inet_aton's "10.1"). */
int netcfg_parse_ip4(const char *s, struct in_addr *out);
/* Parses "xx:xx:xx:xx:xx:xx". */
int netcfg_parse_mac(const char *s, uint8_t mac[6]);
/* Parses a decimal number from 0 to max (no sign, no blanks). */
int netcfg_parse_uint(const char *s, unsigned long max, unsigned long *out);

#endif
