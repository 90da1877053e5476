/* dhcp.h - BOOTPROTO=dhcp with the distribution's own client, run as the legacy
 * ifup-eth and ifdown-eth run it: dhclient (ISC) with a pid file and a lease file
 * per device, else dhcpcd.  The client owns the addresses and routes it adds. */
#ifndef DHCP_H
#define DHCP_H

#include <stddef.h>
#include "netcfg.h"
#include "rtnl.h"

/* The client this host has: dhclient, else dhcpcd (their usual paths), else NULL.
 * IFCFG_BOND_DHCP_CLIENT in the environment names one instead ("" for none). */
const char *dhcp_client_find(void);
/* With start: DHCPV6C's client (dhclient -6) rather than the IPv4 one. */
#define DHCP_V6 2

/* 1 if a DHCP client runs for dev (its pid file names a live process of it); v6:
 * its DHCPv6 client. */
int dhcp_running(const char *dev, int v6);
/* The command that starts (start) or stops client for dev, as argv (NULL-ended,
 * pointing into buf, which holds the strings). */
int dhcp_argv(const char *client, const char *dev, const struct netcfg_dhcp *x, int start,
	      char *buf, size_t len, char **argv, size_t max);
/* Runs it and waits for it (dhclient returns once it has a lease, or has given
 * up); stopping without DHCPRELEASE signals the running client instead.  0, or -1
 * with e ("... got no lease" and the exit status). */
int dhcp_run(const char *client, const char *dev, const struct netcfg_dhcp *x, int start,
	     struct kerr *e);
/* dhcp_run's start without its wait, for a caller that awaits several at once:
 * the client for dev started (*child), 0 or -1 with e; then, once it has exited
 * with status (or been killed after killed_s seconds, else 0), the verdict: 0, or
 * -1 with e as dhcp_run says it.  dhcp_timeout: how long one may take (seconds,
 * IFCFG_BOND_DHCP_TIMEOUT). */
int dhcp_spawn(const char *client, const char *dev, const struct netcfg_dhcp *x, int v6, pid_t *child,
	       struct kerr *e);
int dhcp_outcome(const char *client, const char *dev, int v6, int status, unsigned killed_s,
		 struct kerr *e);
unsigned dhcp_timeout(void);

/* ifcfg-bond's dhclient-script (network-scripts/dhclient-script, installed in
 * LIBEXECDIR/ifcfg-bond; $IFCFG_BOND_LIBEXEC instead when set): the system's
 * script without the lease's routers, for a device whose file wants no default
 * route. */
const char *dhcp_script_path(void);

#endif
