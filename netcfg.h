/* netcfg.h - the desired state of a device (bond, slave or plain Ethernet) built from
 * its ifcfg file(s); shared by ifup-bond, ifdown-bond and the lint. */
#ifndef NETCFG_H
#define NETCFG_H

#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include "bond_opts.h"
#include "ifcfg_parse.h"

#define NETCFG_MAX_ADDRS 257	/* IPADDR plus IPADDR0..IPADDR255 */

enum netcfg_role { ROLE_PLAIN, ROLE_BOND, ROLE_SLAVE, ROLE_VLAN };

struct netcfg_addr {
	struct in_addr addr;
	uint8_t prefix;
	int line;
};

struct netcfg_dev {
	char name[IFNAMSIZ];
	const struct ifcfg_file *file;		/* not owned */
	enum netcfg_role role;
	int onboot, nm_controlled, dhcp;

	/* bond master */
	struct bond_opts opts;			/* as given; defaults not filled */
	int opts_line;				/* BONDING_OPTS line, 0 if absent */

	/* slave */
	char master[IFNAMSIZ];
	int master_line;
	unsigned slave_has;			/* 1u << enum bond_slave_opt_id */
	int64_t slave_opt[BSOPT_COUNT];
	int slave_line[BSOPT_COUNT];

	/* VLAN (VLAN=yes or TYPE=Vlan): stacked on physdev, often a bond */
	char physdev[IFNAMSIZ];
	unsigned vlan_id;
	int vlan_line;

	/* link and IPv4 */
	uint32_t mtu;
	int mtu_line;
	int has_macaddr;
	uint8_t macaddr[6];
	int macaddr_line;
	size_t naddrs;
	struct netcfg_addr addrs[NETCFG_MAX_ADDRS];	/* sorted as the legacy scripts add them */
	int has_gateway, defroute;
	struct in_addr gateway;
	int gateway_line;
};

/* A bond and its slaves (files with MASTER=bond and SLAVE true), natural order. */
struct netcfg_bond {
	struct netcfg_dev master;
	struct netcfg_dev *slaves;
	size_t nslaves;
};

/* Builds dev from one file: every bad value is "LABEL:LINE: KEY: reason" in d.
 * Returns 0, or -1 if the file had refused lines or any value error. */
int netcfg_dev_load(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d);
/* Loads bond NAME from dir: its file, every slave's file, and the cross checks
 * (BONDING_OPTS against the slaves).  Returns 0, or -1 with errors in d. */
int netcfg_bond_load(const struct ifcfg_dir *dir, const char *name, struct netcfg_bond *b,
		     struct diags *d);
void netcfg_bond_free(struct netcfg_bond *b);

/* Parses "a.b.c.d" strictly (no shorthand like inet_aton's "10.1"). */
int netcfg_parse_ip4(const char *s, struct in_addr *out);
/* Parses "xx:xx:xx:xx:xx:xx". */
int netcfg_parse_mac(const char *s, uint8_t mac[6]);

#endif
