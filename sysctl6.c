/* sysctl6.c - net.ipv6.conf.DEV.* through /proc/sys: the legacy ifup-ipv6 set
 * forwarding, accept_ra, accept_redirects and autoconf on every ifup (unless
 * IPV6_SET_SYSCTLS=no), use_tempaddr for IPV6_PRIVACY. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "sysctl6.h"

static const char *const names[S6_COUNT] = {
	"forwarding", "accept_ra", "accept_redirects", "autoconf", "use_tempaddr", "mtu",
	"addr_gen_mode",
};

const char *sysctl6_name(int id)
{
	return names[id];
}

static void path(const char *dev, int id, char *buf, size_t len)
{
	snprintf(buf, len, "/proc/sys/net/ipv6/conf/%s/%s", dev, names[id]);
}

void sysctl6_read(const char *dev, struct ksysctl6 *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->dev, sizeof(out->dev), "%s", dev);
	out->have = 1;
	for (int i = 0; i < S6_COUNT; i++) {
		char p[128];
		FILE *fp;

		path(dev, i, p, sizeof(p));
		if (!(fp = fopen(p, "r")) || fscanf(fp, "%ld", &out->v[i]) != 1)
			out->have = 0;
		if (fp)
			fclose(fp);
	}
	/* Unset, it reads as EIO. */
	{
		char p[128], buf[64];
		FILE *fp;

		snprintf(p, sizeof(p), "/proc/sys/net/ipv6/conf/%s/stable_secret", dev);
		out->secret = (fp = fopen(p, "r")) && fgets(buf, sizeof(buf), fp) != NULL;
		if (fp)
			fclose(fp);
	}
}

int sysctl6_write(const char *dev, int id, long value, struct kerr *e)
{
	char p[128];
	FILE *fp;
	int rc;

	path(dev, id, p, sizeof(p));
	if (!(fp = fopen(p, "w"))) {
		e->err = errno;
		snprintf(e->msg, sizeof(e->msg), "%s", p);
		return -1;
	}
	rc = fprintf(fp, "%ld\n", value) < 0;
	/* The kernel's refusal arrives with the write, at fclose. */
	if (fclose(fp) || rc) {
		e->err = errno ? errno : EIO;
		snprintf(e->msg, sizeof(e->msg), "%s", p);
		return -1;
	}
	return 0;
}
