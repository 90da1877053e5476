/* snapshot.h - the kernel's state of some devices written as ifcfg files: what
 * `try` puts back.  Planned against the state it was written from, it plans
 * nothing. */
#ifndef SNAPSHOT_H
#define SNAPSHOT_H

#include <stddef.h>
#include "rtnl.h"

/* What a snapshot needs of the host besides the kernel's links. */
struct snapshot_env {
	/* 1 if a DHCP client (v6: DHCPv6's) runs for dev; NULL: none runs. */
	int (*dhcp_running)(const char *dev, int v6);
};

/* Writes ifcfg-NAME (route-, route6-, rule-, rule6- files beside) into dir, which
 * must exist, for each of the n devices of ks named by ifindex: its kind and
 * options, its controller, MTU, a bond's MAC, its addresses, default routes, the
 * routes and rules of ours (protocol static), whether it is up (ONBOOT), whether a
 * DHCP client runs for it.  The IPv6 sysctls are not written
 * (IPV6_SET_SYSCTLS=no): `try` restores them as it saved them.  0, or -1 with e
 * (the file and errno). */
int snapshot_write(const char *dir, const struct kstate *ks, const int *ifindexes, size_t n,
		   const struct snapshot_env *env, struct kerr *e);

#endif
