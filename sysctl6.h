/* sysctl6.h - the per-device IPv6 settings the legacy ifup-ipv6 wrote with sysctl
 * (net.ipv6.conf.DEV.*), read and written through /proc/sys. */
#ifndef SYSCTL6_H
#define SYSCTL6_H

#include <net/if.h>
#include "rtnl.h"

enum sysctl6_id {
	S6_FORWARDING, S6_ACCEPT_RA, S6_ACCEPT_REDIRECTS, S6_AUTOCONF, S6_USE_TEMPADDR,
	S6_MTU, S6_ADDR_GEN_MODE, S6_COUNT
};

/* One device's values (or "default"'s, which a new device starts with). */
struct ksysctl6 {
	char dev[IFNAMSIZ];
	int have;			/* read: the device has IPv6 */
	int secret;			/* stable_secret is set (readable) */
	long v[S6_COUNT];
};

/* The sysctl's name (accept_ra). */
const char *sysctl6_name(int id);
/* Reads dev's ("default" for the template of new devices); have 0 when absent. */
void sysctl6_read(const char *dev, struct ksysctl6 *out);
/* Writes one; 0 or -1 with e (the kernel's errno, the path). */
int sysctl6_write(const char *dev, int id, long value, struct kerr *e);

#endif
