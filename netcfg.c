/* netcfg.c - turning ifcfg files into the desired state of a bond, its slaves, or a
 * plain Ethernet device; every bad value is reported with its FILE:LINE. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "netcfg.h"

int netcfg_parse_ip4(const char *s, struct in_addr *out)
{
	/* inet_pton, unlike inet_aton, takes only the four-part dotted form. */
	return inet_pton(AF_INET, s, out) == 1 ? 0 : -1;
}

int netcfg_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char end;

	if (strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		   &end) != 6)
		return -1;
	for (int i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)s[3 * i]) || !isxdigit((unsigned char)s[3 * i + 1]))
			return -1;
		mac[i] = (uint8_t)v[i];
	}
	return 0;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!*s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return (*end || errno || *out > max) ? -1 : 0;
}

static int prefix_from_netmask(struct in_addr mask)
{
	uint32_t m = ntohl(mask.s_addr);
	int n = 0;

	while (m & 0x80000000u) {
		m <<= 1;
		n++;
	}
	return m ? -1 : n;	/* a hole in the mask is not a netmask */
}

/* The legacy scripts (ipcalc) fall back to the classful prefix. */
static int classful_prefix(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return h < 0x80000000u ? 8 : h < 0xc0000000u ? 16 : 24;
}

/* One address: IPADDR<sfx> with PREFIX<sfx> or NETMASK<sfx>. */
static int load_addr(const struct ifcfg_file *f, const char *sfx, struct netcfg_dev *dev,
		     struct diags *d)
{
	char k_ip[16], k_prefix[16], k_mask[16];
	const char *ip, *prefix, *mask;
	struct netcfg_addr *a = &dev->addrs[dev->naddrs];
	unsigned long p;

	snprintf(k_ip, sizeof(k_ip), "IPADDR%s", sfx);
	snprintf(k_prefix, sizeof(k_prefix), "PREFIX%s", sfx);
	snprintf(k_mask, sizeof(k_mask), "NETMASK%s", sfx);
	ip = ifcfg_get(f, k_ip);
	if (!ip || !*ip)
		return 0;
	a->line = ifcfg_line(f, k_ip);
	if (netcfg_parse_ip4(ip, &a->addr)) {
		diag_add(d, DIAG_ERROR, f->label, a->line, "%s: '%s' is not an IPv4 address",
			 k_ip, ip);
		return -1;
	}
	prefix = ifcfg_get(f, k_prefix);
	mask = ifcfg_get(f, k_mask);
	if (prefix && *prefix) {
		if (parse_uint(prefix, 32, &p)) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, k_prefix),
				 "%s: '%s' is not a prefix length (0-32)", k_prefix, prefix);
			return -1;
		}
		a->prefix = (uint8_t)p;
	} else if (mask && *mask) {
		struct in_addr m;
		int n = -1;

		if (!netcfg_parse_ip4(mask, &m))
			n = prefix_from_netmask(m);
		if (n < 0) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, k_mask),
				 "%s: '%s' is not a netmask", k_mask, mask);
			return -1;
		}
		a->prefix = (uint8_t)n;
	} else {
		a->prefix = (uint8_t)classful_prefix(a->addr);
		diag_add(d, DIAG_WARNING, f->label, a->line,
			 "%s: no %s or %s; using the classful /%u", k_ip, k_prefix, k_mask,
			 a->prefix);
	}
	for (size_t i = 0; i < dev->naddrs; i++)
		if (dev->addrs[i].addr.s_addr == a->addr.s_addr) {
			diag_add(d, DIAG_ERROR, f->label, a->line,
				 "%s: %s is already configured at line %d", k_ip, ip,
				 dev->addrs[i].line);
			return -1;
		}
	dev->naddrs++;
	return 0;
}

static int load_bool(const struct ifcfg_file *f, const char *key, int def, int *out,
		     struct diags *d)
{
	int v = ifcfg_get_bool(f, key, def);

	if (v < 0) {
		diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, key),
			 "%s: '%s' is not a boolean (yes/no)", key, ifcfg_get(f, key));
		return -1;
	}
	*out = v;
	return 0;
}

static int load_slave_opts(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	int rc = 0;

	for (int i = 0; i < BSOPT_COUNT; i++) {
		const struct bond_slave_opt *so = &bond_slave_opt_table[i];
		const char *v = ifcfg_get(f, so->key);
		char *end;
		long long n;

		if (!v || !*v)
			continue;
		errno = 0;
		n = strtoll(v, &end, 10);
		if (*end || errno || n < so->min || n > so->max) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, so->key),
				 "%s: invalid value '%s' (expected %lld-%lld)", so->key, v,
				 (long long)so->min, (long long)so->max);
			rc = -1;
			continue;
		}
		dev->slave_opt[i] = n;
		dev->slave_has |= 1u << i;
		dev->slave_line[i] = ifcfg_line(f, so->key);
	}
	return rc;
}

/* VLAN=yes or TYPE=Vlan: the lower device and the id come from PHYSDEV and VLAN_ID,
 * else from a DEVICE named LOWER.ID (bond0.100), as the legacy ifup-vlan reads them. */
static int load_vlan(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	const char *type = ifcfg_get(f, "TYPE"), *phys = ifcfg_get(f, "PHYSDEV");
	const char *id = ifcfg_get(f, "VLAN_ID"), *dot = strrchr(dev->name, '.');
	int line = ifcfg_line(f, "VLAN") ? ifcfg_line(f, "VLAN") : ifcfg_line(f, "TYPE");
	unsigned long n;

	if (ifcfg_get_bool(f, "VLAN", 0) != 1 && !(type && !strcasecmp(type, "Vlan")))
		return 0;
	dev->role = ROLE_VLAN;
	dev->vlan_line = line;
	if (phys && *phys) {
		snprintf(dev->physdev, sizeof(dev->physdev), "%s", phys);
	} else if (dot && dot > dev->name) {
		snprintf(dev->physdev, sizeof(dev->physdev), "%.*s", (int)(dot - dev->name), dev->name);
	} else {
		diag_add(d, DIAG_ERROR, f->label, line,
			 "VLAN: no PHYSDEV, and DEVICE %s is not LOWER.ID", dev->name);
		return -1;
	}
	if (!id || !*id)
		id = dot ? dot + 1 : "";
	if (parse_uint(id, 4094, &n) || n < 1) {
		diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "VLAN_ID") ? ifcfg_line(f, "VLAN_ID") : line,
			 "VLAN_ID: '%s' is not a VLAN id from 1 to 4094", id);
		return -1;
	}
	dev->vlan_id = (unsigned)n;
	return 0;
}

int netcfg_dev_load(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	const char *v;
	int rc = f->errors ? -1 : 0, slave = 0;
	unsigned long n;

	memset(dev, 0, sizeof(*dev));
	dev->file = f;
	if (!f->device || !*f->device || strlen(f->device) >= IFNAMSIZ ||
	    strchr(f->device, '/') || strchr(f->device, ' ')) {
		diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "DEVICE"),
			 "DEVICE: '%s' is not a valid interface name", f->device ? f->device : "");
		return -1;
	}
	strcpy(dev->name, f->device);
	rc |= load_bool(f, "ONBOOT", 1, &dev->onboot, d);
	rc |= load_bool(f, "NM_CONTROLLED", 1, &dev->nm_controlled, d);
	rc |= load_bool(f, "DEFROUTE", 1, &dev->defroute, d);
	rc |= load_bool(f, "SLAVE", 0, &slave, d);

	v = ifcfg_get(f, "BOOTPROTO");
	if (v && (!strcasecmp(v, "dhcp") || !strcasecmp(v, "bootp")))
		dev->dhcp = 1;
	else if (v && *v && strcasecmp(v, "none") && strcasecmp(v, "static")) {
		diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "BOOTPROTO"),
			 "BOOTPROTO: '%s' is not none, static or dhcp", v);
		rc = -1;
	}

	if (ifcfg_is_bond(f)) {
		dev->role = ROLE_BOND;
		dev->opts_line = ifcfg_line(f, "BONDING_OPTS");
		v = ifcfg_get(f, "BONDING_OPTS");
		if (v && bond_opts_parse(v, f->label, dev->opts_line, &dev->opts, d))
			rc = -1;
	}
	v = ifcfg_get(f, "MASTER");
	if (v && *v) {
		dev->master_line = ifcfg_line(f, "MASTER");
		if (strlen(v) >= IFNAMSIZ) {
			diag_add(d, DIAG_ERROR, f->label, dev->master_line,
				 "MASTER: '%s' is not a valid interface name", v);
			rc = -1;
		} else {
			strcpy(dev->master, v);
		}
		if (dev->role == ROLE_BOND) {
			/* Nested bonds are refused by the kernel ("Cannot enslave bond to itself" or
			 * "Device type (master device) cannot be enslaved"). */
			diag_add(d, DIAG_ERROR, f->label, dev->master_line,
				 "MASTER: a bond cannot be the slave of another bond");
			rc = -1;
		} else if (slave) {
			dev->role = ROLE_SLAVE;
		}
		rc |= load_slave_opts(f, dev, d);
	}

	if (dev->role == ROLE_PLAIN && !dev->master[0])
		rc |= load_vlan(f, dev, d);

	v = ifcfg_get(f, "MTU");
	if (v && *v) {
		dev->mtu_line = ifcfg_line(f, "MTU");
		/* 68 is the IPv4 minimum; 65535 the largest any Ethernet-like driver takes. */
		if (parse_uint(v, 65535, &n) || n < 68) {
			diag_add(d, DIAG_ERROR, f->label, dev->mtu_line,
				 "MTU: '%s' is not a number from 68 to 65535", v);
			rc = -1;
		} else {
			dev->mtu = (uint32_t)n;
		}
	}
	v = ifcfg_get(f, "MACADDR");
	if (v && *v) {
		dev->macaddr_line = ifcfg_line(f, "MACADDR");
		if (netcfg_parse_mac(v, dev->macaddr) || (dev->macaddr[0] & 1)) {
			diag_add(d, DIAG_ERROR, f->label, dev->macaddr_line,
				 "MACADDR: '%s' is not a unicast MAC address (xx:xx:xx:xx:xx:xx)", v);
			rc = -1;
		} else {
			dev->has_macaddr = 1;
		}
	}

	/* The legacy scripts add IPADDR, then IPADDR0 ... IPADDR255. */
	rc |= load_addr(f, "", dev, d);
	for (int i = 0; i <= 255; i++) {
		char sfx[4];

		snprintf(sfx, sizeof(sfx), "%d", i);
		rc |= load_addr(f, sfx, dev, d);
	}
	v = ifcfg_get(f, "GATEWAY");
	if (v && *v) {
		dev->gateway_line = ifcfg_line(f, "GATEWAY");
		if (netcfg_parse_ip4(v, &dev->gateway)) {
			diag_add(d, DIAG_ERROR, f->label, dev->gateway_line,
				 "GATEWAY: '%s' is not an IPv4 address", v);
			rc = -1;
		} else {
			dev->has_gateway = 1;
		}
	}
	/* The bond sets its slaves' MTU and carries the addresses and routes. */
	if (dev->role == ROLE_SLAVE) {
		const struct { const char *key; int set, line; } ignored[] = {
			{ "IPADDR", dev->naddrs > 0, dev->naddrs ? dev->addrs[0].line : 0 },
			{ "GATEWAY", dev->has_gateway, dev->gateway_line },
			{ "MTU", dev->mtu > 0, dev->mtu_line },
		};

		for (size_t i = 0; i < sizeof(ignored) / sizeof(*ignored); i++)
			if (ignored[i].set)
				diag_add(d, DIAG_WARNING, f->label, ignored[i].line,
					 "%s: ignored on a bond slave (set it in %s's file)",
					 ignored[i].key, dev->master);
	}
	v = ifcfg_get(f, "BOOTPROTO");
	if (dev->dhcp)
		diag_add(d, DIAG_WARNING, f->label, ifcfg_line(f, "BOOTPROTO"),
			 "BOOTPROTO=%s: no DHCP client is started here; the link comes up%s and a DHCP client must run on %s",
			 v, dev->naddrs ? " with the static addresses only" : " without an address",
			 dev->name);
	/* Said rather than silently skipped: an admin would expect these applied. */
	{
		static const char *const v6[] = { "IPV6ADDR", "IPV6ADDR_SECONDARIES", "IPV6_DEFAULTGW" };

		for (size_t i = 0; i < sizeof(v6) / sizeof(*v6); i++)
			if (ifcfg_get(f, v6[i]) && *ifcfg_get(f, v6[i]))
				diag_add(d, DIAG_WARNING, f->label, ifcfg_line(f, v6[i]),
					 "%s: IPv6 configuration is not applied by ifcfg-bond", v6[i]);
	}
	return rc ? -1 : 0;
}

int netcfg_bond_load(const struct ifcfg_dir *dir, const char *name, struct netcfg_bond *b,
		     struct diags *d)
{
	struct ifcfg_file *mf = ifcfg_dir_find(dir, name);
	struct ifcfg_file **sf = NULL;
	const char **names = NULL;
	size_t n;
	int rc = 0;

	memset(b, 0, sizeof(*b));
	if (!mf) {
		diag_add(d, DIAG_ERROR, NULL, 0, "configuration for %s not found in %s", name, dir->path);
		return -1;
	}
	if (netcfg_dev_load(mf, &b->master, d))
		rc = -1;
	if (b->master.role != ROLE_BOND) {
		diag_add(d, DIAG_ERROR, mf->label, 0,
			 "%s is not a bond (no BONDING_OPTS, TYPE=Bond or BONDING_MASTER=yes)",
			 b->master.name);
		return -1;
	}
	n = ifcfg_dir_slaves(dir, b->master.name, 1, &sf);
	b->slaves = calloc(n ? n : 1, sizeof(*b->slaves));
	names = calloc(n ? n : 1, sizeof(*names));
	if (!b->slaves || !names) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		free(sf);
		free(names);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (netcfg_dev_load(sf[i], &b->slaves[b->nslaves], d)) {
			rc = -1;
			continue;
		}
		names[b->nslaves] = b->slaves[b->nslaves].name;
		b->nslaves++;
	}
	if (bond_opts_validate(&b->master.opts, names, b->nslaves, mf->label,
			       b->master.opts_line, d))
		rc = -1;
	free(names);
	free(sf);
	return rc;
}

void netcfg_bond_free(struct netcfg_bond *b)
{
	free(b->slaves);
	memset(b, 0, sizeof(*b));
}
