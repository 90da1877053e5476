/* netcfg.c - every ifcfg file of a directory into a device of a kind with its facets,
 * and the directory into a graph in start order; every bad value is reported with its
 * FILE:LINE. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/rtnetlink.h>
#include "ifcfg_keys.h"
#include "kind.h"
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

int netcfg_parse_uint(const char *s, unsigned long max, unsigned long *out)
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

/* ARPCHECK<sfx> or ARPUPDATE<sfx> of one address: yes unless the file says no (the
 * legacy scripts' is_false). */
static int load_arp_flag(const struct ifcfg_file *f, const char *key, const char *sfx, int *on,
			 int *line, struct diags *d)
{
	char k[24];
	const char *v;

	snprintf(k, sizeof(k), "%s%s", key, sfx);
	*on = 1;
	if (!(v = ifcfg_get(f, k)) || !*v)
		return 0;
	*line = ifcfg_line(f, k);
	if (ifcfg_bool(v, on)) {
		diag_add(d, DIAG_ERROR, f->label, *line, "%s: '%s' is not a boolean (yes/no)", k, v);
		return -1;
	}
	return 0;
}

/* One address: IPADDR<sfx> with PREFIX<sfx> or NETMASK<sfx>. */
static int load_addr(const struct ifcfg_file *f, const char *sfx, struct netcfg_dev *dev,
		     struct diags *d)
{
	char k_ip[16], k_prefix[16], k_mask[20];
	const char *ip, *prefix, *mask;
	struct netcfg_l3 *l3 = &dev->l3;
	struct netcfg_addr *a = &l3->addrs[l3->naddrs];
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
		if (netcfg_parse_uint(prefix, 32, &p)) {
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
	/* The legacy ip addr add: brd BROADCASTn, else ipcalc's (none for /31 and /32,
	 * which have no broadcast address). */
	snprintf(k_mask, sizeof(k_mask), "BROADCAST%s", sfx);
	if ((mask = ifcfg_get(f, k_mask)) && *mask) {
		a->brd_line = ifcfg_line(f, k_mask);
		if (netcfg_parse_ip4(mask, &a->brd)) {
			diag_add(d, DIAG_ERROR, f->label, a->brd_line,
				 "%s: '%s' is not an IPv4 address", k_mask, mask);
			return -1;
		}
	} else if (a->prefix <= 30 && strcmp(dev->name, "lo")) {
		/* (lo: none, as the kernel's own 127.0.0.1/8 has.) */
		a->brd.s_addr = a->addr.s_addr | htonl(a->prefix ? 0xffffffffu >> a->prefix : 0xffffffffu);
	}
	if (load_arp_flag(f, "ARPCHECK", sfx, &a->arpcheck, &a->arpcheck_line, d) ||
	    load_arp_flag(f, "ARPUPDATE", sfx, &a->arpupdate, &a->arpupdate_line, d))
		return -1;
	for (size_t i = 0; i < l3->naddrs; i++)
		if (l3->addrs[i].addr.s_addr == a->addr.s_addr) {
			diag_add(d, DIAG_ERROR, f->label, a->line,
				 "%s: %s is already configured at line %d", k_ip, ip,
				 l3->addrs[i].line);
			return -1;
		}
	l3->naddrs++;
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

static int load_port_opts(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
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
		dev->port.opt[i] = n;
		dev->port.has |= 1u << i;
		dev->port.opt_line[i] = ifcfg_line(f, so->key);
	}
	return rc;
}


/* The kinds, tried in order: the first whose detect() says yes is the file's. */
static const struct kind_ops *const kinds[] = {
	&kind_bond, &kind_bridge, &kind_vlan, &kind_loopback, &kind_ether,
};

static const struct kind_ops *detect_kind(const struct ifcfg_file *f, const char *name)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (kinds[i]->detect(f, name))
			return kinds[i];
	return &kind_ether;
}

const struct kind_ops *kind_of_link(const struct klink *l)
{
	if (l->flags & IFF_LOOPBACK)
		return &kind_loopback;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (kinds[i]->info_kind && !strcmp(kinds[i]->info_kind, l->kind))
			return kinds[i];
	return &kind_ether;
}

int netcfg_is_port(const struct netcfg_dev *dev)
{
	return dev->port.controller[0] != '\0';
}

int netcfg_is_port_of(const struct netcfg_dev *dev, const struct kind_ops *k)
{
	return netcfg_is_port(dev) && dev->port.ctrl_kind == k;
}

int netcfg_bad_name(const struct ifcfg_file *f, const char *key, const char *v, int line,
		    struct diags *d)
{
	const char *why = ifcfg_name_problem(v);
	char *q;

	if (!why)
		return 0;
	/* Quoted as bash would: a control byte must not reach the terminal raw. */
	q = ifcfg_quote(v);
	diag_add(d, DIAG_ERROR, f->label, line, "%s: %s is not a valid interface name: it %s", key,
		 q ? q : "?", why);
	free(q);
	return -1;
}

/* MASTER=: the port facet when SLAVE is true (and a bond takes this kind). */
static int load_master(const struct ifcfg_file *f, struct netcfg_dev *dev, int slave,
		       struct diags *d)
{
	const char *v = ifcfg_get(f, "MASTER"), *why;
	int rc = 0;

	if (!v || !*v)
		return 0;
	dev->master_line = ifcfg_line(f, "MASTER");
	if (netcfg_bad_name(f, "MASTER", v, dev->master_line, d)) {
		rc = -1;
	} else {
		strcpy(dev->master, v);
	}
	/* Refused, it still names its bond: the bond is refused with it rather than
	 * come up as if the file did not exist. */
	if (dev->kind && (why = kind_bond.refuses_port(dev->kind))) {
		diag_add(d, DIAG_ERROR, f->label, dev->master_line, "MASTER: %s", why);
		rc = -1;
	}
	if (slave && dev->master[0]) {
		memcpy(dev->port.controller, dev->master, sizeof(dev->master));
		dev->port.line = dev->master_line;
		dev->port.ctrl_kind = &kind_bond;
	}
	return rc | load_port_opts(f, dev, d);
}

/* BRIDGE=: the port facet of a bridge, with the port's own BRIDGING_OPTS.  A device
 * is a bond slave or a bridge port, never both: the legacy ifup-eth enslaves a
 * slave and stops there, so its BRIDGE= would be ignored without a word. */
static int load_bridge_port(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	const char *v = ifcfg_get(f, "BRIDGE"), *opts = ifcfg_get(f, "BRIDGING_OPTS"), *why;
	int line = ifcfg_line(f, "BRIDGE");

	if (!v || !*v) {
		if (opts && *opts && dev->kind != &kind_bridge)
			diag_add(d, DIAG_WARNING, f->label, ifcfg_line(f, "BRIDGING_OPTS"),
				 "BRIDGING_OPTS: ignored: %s is neither a bridge (TYPE=Bridge) nor a bridge port (BRIDGE=)",
				 dev->name);
		return 0;
	}
	if (netcfg_bad_name(f, "BRIDGE", v, line, d))
		return -1;
	if ((why = kind_bridge.refuses_port(dev->kind))) {
		diag_add(d, DIAG_ERROR, f->label, line, "BRIDGE: %s", why);
		return -1;
	}
	if (netcfg_is_port(dev)) {
		diag_add(d, DIAG_ERROR, f->label, line,
			 "BRIDGE=%s: %s is a slave of %s (MASTER at line %d); a bond slave cannot also be a bridge port (give BRIDGE=%s to %s instead)",
			 v, dev->name, dev->port.controller, dev->port.line, v, dev->port.controller);
		return -1;
	}
	strcpy(dev->port.controller, v);
	dev->port.line = line;
	dev->port.ctrl_kind = &kind_bridge;
	if (opts && *opts)
		return br_opts_parse(BR_PORT, opts, f->label, ifcfg_line(f, "BRIDGING_OPTS"),
				     &dev->port.br, d);
	return 0;
}

static int load_link(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	struct netcfg_link *k = &dev->link;
	const char *v;
	unsigned long n;
	int rc = 0;

	v = ifcfg_get(f, "MTU");
	if (v && *v) {
		k->mtu_line = ifcfg_line(f, "MTU");
		/* 68 is the IPv4 minimum; 65535 the largest any Ethernet-like driver takes. */
		if (netcfg_parse_uint(v, 65535, &n) || n < 68) {
			diag_add(d, DIAG_ERROR, f->label, k->mtu_line,
				 "MTU: '%s' is not a number from 68 to 65535", v);
			rc = -1;
		} else {
			k->mtu = (uint32_t)n;
		}
	}
	if ((v = ifcfg_get(f, "LINKDELAY")) && *v) {
		k->linkdelay_line = ifcfg_line(f, "LINKDELAY");
		/* Bounded: a boot must not hang on a cable that is not there. */
		if (netcfg_parse_uint(v, 300, &n)) {
			diag_add(d, DIAG_ERROR, f->label, k->linkdelay_line,
				 "LINKDELAY: '%s' is not a number of seconds from 0 to 300", v);
			rc = -1;
		} else {
			k->linkdelay = (uint32_t)n;
		}
	}
	k->arp = -1;
	if ((v = ifcfg_get(f, "ARP")) && *v) {
		k->arp_line = ifcfg_line(f, "ARP");
		if (ifcfg_bool(v, &k->arp)) {
			diag_add(d, DIAG_ERROR, f->label, k->arp_line, "ARP: '%s' is not a boolean (yes/no)", v);
			k->arp = -1;
			rc = -1;
		}
	}
	v = ifcfg_get(f, "HWADDR");
	if (v && *v) {
		k->hwaddr_line = ifcfg_line(f, "HWADDR");
		if (netcfg_parse_mac(v, k->hwaddr)) {
			diag_add(d, DIAG_ERROR, f->label, k->hwaddr_line,
				 "HWADDR: '%s' is not a MAC address (xx:xx:xx:xx:xx:xx)", v);
			rc = -1;
		} else {
			k->has_hwaddr = 1;
			k->hwaddr_names = ifcfg_line(f, "DEVICE") == 0;
		}
	}
	v = ifcfg_get(f, "MACADDR");
	if (v && *v) {
		k->macaddr_line = ifcfg_line(f, "MACADDR");
		/* It costs its line only: the device (a bridge that carries the host's
		 * address, with its ports) comes up with the MAC the kernel gives it,
		 * and the run exits 1. */
		if (netcfg_parse_mac(v, k->macaddr) || (k->macaddr[0] & 1)) {
			diag_add(d, DIAG_LINE_ERROR, f->label, k->macaddr_line,
				 "MACADDR: '%s' is not a unicast MAC address (xx:xx:xx:xx:xx:xx); not applied: the device keeps the MAC the kernel gives it",
				 v);
		} else {
			k->has_macaddr = 1;
		}
	}
	return rc;
}

/* 1 if the file has an IPADDRn at all (256 lookups per file otherwise). */
static int has_numbered(const struct ifcfg_file *f)
{
	for (size_t i = 0; i < f->nvars; i++)
		if (!strncmp(f->vars[i].key, "IPADDR", 6) && isdigit((unsigned char)f->vars[i].key[6]))
			return 1;
	return 0;
}

/* NOZEROCONF: the legacy ifup-eth adds 169.254.0.0/16 through every device but lo
 * and the ports unless the variable is set, to any value: so a value that is no
 * boolean still turns the route off (said), and a false one keeps it. */
static int load_zeroconf(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	const char *v = ifcfg_get(f, "NOZEROCONF");
	int off;

	dev->l3.zeroconf = strcmp(dev->name, "lo") != 0;
	if (!v || !*v)
		return 0;
	dev->l3.zeroconf_line = ifcfg_line(f, "NOZEROCONF");
	if (ifcfg_bool(v, &off)) {
		diag_add(d, DIAG_WARNING, f->label, dev->l3.zeroconf_line,
			 "NOZEROCONF: '%s' is not a boolean: taken as set (no 169.254.0.0/16 route), as the legacy scripts take any value",
			 v);
		off = 1;
	}
	dev->l3.zeroconf = dev->l3.zeroconf && !off;
	return 0;
}

/* "addr[/prefix]" (64 when not given) into the list; 0 or -1 with the reason. */
static int add_addr6(struct netcfg_ip6 *x, const char *w, int line, const char *key,
		     const struct ifcfg_file *f, struct diags *d)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(w, '/');
	unsigned long p = 64;
	struct netcfg_addr6 *a = &x->addrs[x->naddrs];

	if (strlen(w) >= sizeof(buf) || (slash && netcfg_parse_uint(slash + 1, 128, &p))) {
		diag_add(d, DIAG_ERROR, f->label, line, "%s: '%s' is not an IPv6 address with a prefix length", key, w);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - w) : (int)strlen(w), w);
	if (inet_pton(AF_INET6, buf, &a->addr) != 1) {
		diag_add(d, DIAG_ERROR, f->label, line, "%s: '%s' is not an IPv6 address", key, buf);
		return -1;
	}
	if (IN6_IS_ADDR_LINKLOCAL(&a->addr) || IN6_IS_ADDR_MULTICAST(&a->addr) ||
	    IN6_IS_ADDR_UNSPECIFIED(&a->addr)) {
		diag_add(d, DIAG_ERROR, f->label, line,
			 "%s: %s is not an address to configure (link-local ones are the kernel's)", key, buf);
		return -1;
	}
	for (size_t i = 0; i < x->naddrs; i++)
		if (!memcmp(&x->addrs[i].addr, &a->addr, 16)) {
			diag_add(d, DIAG_ERROR, f->label, line, "%s: %s is already configured at line %d",
				 key, buf, x->addrs[i].line);
			return -1;
		}
	if (x->naddrs == NETCFG_MAX_ADDRS6) {
		diag_add(d, DIAG_ERROR, f->label, line, "%s: more than %d IPv6 addresses", key, NETCFG_MAX_ADDRS6);
		return -1;
	}
	a->prefix = (uint8_t)p;
	a->line = line;
	x->naddrs++;
	return 0;
}

/* A boolean key as -1 (absent), 0 or 1, with its line. */
static int tristate(const struct ifcfg_file *f, const struct ifcfg_file *g, const char *key,
		    int *out, int *line, struct diags *d)
{
	int v = ifcfg_get_bool(f, key, -2);

	/* /etc/sysconfig/network's: the legacy scripts sourced it first. */
	if (v == -2 && g && (v = ifcfg_get_bool(g, key, -2)) != -2)
		f = g;
	*out = v == -2 ? -1 : v;
	*line = v == -2 ? 0 : ifcfg_line(f, key);
	if (v == -1) {
		diag_add(d, DIAG_ERROR, f->label, *line, "%s: '%s' is not a boolean (yes/no)", key,
			 ifcfg_get(f, key));
		return -1;
	}
	return 0;
}

int netcfg_global_sysctl6(const struct ifcfg_dir *dir, long v[S6_COUNT], int line[S6_COUNT])
{
	const struct ifcfg_file *g = dir->global;
	struct diags scratch = { 0 };	/* its errors are said with the devices' */
	int fwd, autoconf, set, l_fwd, l_auto, l_set;

	for (int i = 0; i < S6_COUNT; i++)
		v[i] = -1, line[i] = 0;
	if (!g)
		return 0;
	tristate(g, NULL, "IPV6FORWARDING", &fwd, &l_fwd, &scratch);
	tristate(g, NULL, "IPV6_AUTOCONF", &autoconf, &l_auto, &scratch);
	tristate(g, NULL, "IPV6_SET_SYSCTLS", &set, &l_set, &scratch);
	diags_free(&scratch);
	if (set == 0 || (!l_fwd && !l_auto))
		return 0;
	v[S6_FORWARDING] = fwd == 1;
	line[S6_FORWARDING] = l_fwd ? l_fwd : l_auto;
	/* A router takes no advertisements or redirects; a host unless told not to. */
	v[S6_ACCEPT_RA] = v[S6_ACCEPT_REDIRECTS] = fwd == 1 ? 0 : autoconf != 0;
	line[S6_ACCEPT_RA] = line[S6_ACCEPT_REDIRECTS] = fwd == 1 || !l_auto ? l_fwd : l_auto;
	return 1;
}

/* The sysctls of the legacy ifup-ipv6: unless IPV6_SET_SYSCTLS=no, forwarding,
 * accept_ra, accept_redirects and autoconf from IPV6FORWARDING, IPV6_ROUTER,
 * IPV6_AUTOCONF and IPV6_FORCE_ACCEPT_RA (its defaults are the kernel's: 0, 1, 1,
 * 1); use_tempaddr 2 for IPV6_PRIVACY=rfc3041; IPV6_MTU as the IPv6 MTU;
 * NetworkManager's IPV6_ADDR_GEN_MODE. */
static int load_sysctl6(const struct ifcfg_file *f, const struct ifcfg_file *g, struct netcfg_ip6 *x,
			struct diags *d)
{
	int fwd, router, autoconf, force, set, l_fwd, l_router, l_auto, l_force, l_set, rc = 0;
	const char *v;

	for (int i = 0; i < S6_COUNT; i++)
		x->sysctl[i] = -1;
	rc |= tristate(f, g, "IPV6FORWARDING", &fwd, &l_fwd, d);
	rc |= tristate(f, g, "IPV6_ROUTER", &router, &l_router, d);
	rc |= tristate(f, g, "IPV6_AUTOCONF", &autoconf, &l_auto, d);
	rc |= tristate(f, g, "IPV6_FORCE_ACCEPT_RA", &force, &l_force, d);
	rc |= tristate(f, g, "IPV6_SET_SYSCTLS", &set, &l_set, d);
	if (set != 0) {
		long *s = x->sysctl;
		int *line = x->sysctl_line;

		if (fwd == 1) {
			s[S6_FORWARDING] = router != 0;
			s[S6_AUTOCONF] = autoconf == 1;
			s[S6_ACCEPT_RA] = autoconf == 1 ? 2 : 0;
			line[S6_FORWARDING] = router == 0 ? l_router : l_fwd;
			line[S6_AUTOCONF] = line[S6_ACCEPT_RA] = autoconf == 1 ? l_auto : l_fwd;
		} else {
			s[S6_FORWARDING] = 0;
			s[S6_AUTOCONF] = autoconf != 0;
			s[S6_ACCEPT_RA] = autoconf != 0 || force == 1;
			line[S6_FORWARDING] = l_fwd;
			line[S6_AUTOCONF] = l_auto;
			line[S6_ACCEPT_RA] = force == 1 ? l_force : l_auto;
		}
		s[S6_ACCEPT_REDIRECTS] = s[S6_AUTOCONF];
		line[S6_ACCEPT_REDIRECTS] = line[S6_AUTOCONF];
	}
	if ((v = ifcfg_get(f, "IPV6_PRIVACY")) && *v) {
		int line = ifcfg_line(f, "IPV6_PRIVACY");

		if (!strcmp(v, "rfc3041")) {
			if (set != 0) {
				x->sysctl[S6_USE_TEMPADDR] = 2;
				x->sysctl_line[S6_USE_TEMPADDR] = line;
			}
		} else if (strcmp(v, "no")) {
			diag_add(d, DIAG_ERROR, f->label, line, "IPV6_PRIVACY: '%s' is not rfc3041 or no", v);
			rc = -1;
		}
	}
	if ((v = ifcfg_get(f, "IPV6_MTU")) && *v) {
		unsigned long n;
		int line = ifcfg_line(f, "IPV6_MTU");

		/* The IPv6 MTU (as NetworkManager sets it), not the link's: the legacy
		 * ip link set mtu changed IPv4's too. */
		if (netcfg_parse_uint(v, 65535, &n) || n < 1280) {
			diag_add(d, DIAG_ERROR, f->label, line, "IPV6_MTU: '%s' is not an MTU (1280-65535)", v);
			rc = -1;
		} else {
			x->sysctl[S6_MTU] = (long)n;
			x->sysctl_line[S6_MTU] = line;
		}
	}
	if ((v = ifcfg_get(f, "IPV6_ADDR_GEN_MODE")) && *v) {
		int line = ifcfg_line(f, "IPV6_ADDR_GEN_MODE");

		if (!strcmp(v, "eui64")) {
			x->sysctl[S6_ADDR_GEN_MODE] = 0;
		} else if (!strcmp(v, "stable-privacy")) {
			x->sysctl[S6_ADDR_GEN_MODE] = 2;
		} else if (strcmp(v, "default") && strcmp(v, "default-or-eui64")) {
			diag_add(d, DIAG_ERROR, f->label, line,
				 "IPV6_ADDR_GEN_MODE: '%s' is not eui64, stable-privacy, default or default-or-eui64", v);
			rc = -1;
		}
		x->sysctl_line[S6_ADDR_GEN_MODE] = line;
	}
	return rc;
}

/* DHCPV6C and its keys (its failure: plan_dhcp_up). */
static int load_dhcp6(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	struct netcfg_dhcp *x = &dev->dhcp;
	const char *v;
	int rc = 0;

	rc |= load_bool(f, "DHCPV6C", 0, &x->v6, d);
	x->v6_line = ifcfg_line(f, "DHCPV6C");
	rc |= load_bool(f, "PERSISTENT_DHCLIENT_IPV6", 0, &x->v6_persistent, d);
	rc |= load_bool(f, "IPV6_FAILURE_FATAL", 0, &x->v6_fatal, d);
	/* Also without BOOTPROTO=dhcp (load_dhcp's then). */
	if (x->v6)
		rc |= load_bool(f, "DHCPRELEASE", 0, &x->release, d);
	if ((v = ifcfg_get(f, "DHCPV6C_OPTIONS")) && strlen(v) >= sizeof(x->v6_options)) {
		diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "DHCPV6C_OPTIONS"),
			 "DHCPV6C_OPTIONS: longer than %zu bytes", sizeof(x->v6_options) - 1);
		rc = -1;
	} else if (v) {
		snprintf(x->v6_options, sizeof(x->v6_options), "%s", v);
	}
	if (x->v6 && !dev->ip6.init)
		diag_add(d, DIAG_WARNING, f->label, x->v6_line, "DHCPV6C: not applied: IPV6INIT=no");
	return rc;
}

/* IPV6INIT, IPV6ADDR, IPV6ADDR_SECONDARIES, IPV6_DEFAULTGW, IPV6_DEFROUTE. */
static int load_ip6(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	struct netcfg_ip6 *x = &dev->ip6;
	const char *v;
	int rc = 0;

	memset(x, 0, sizeof(*x));
	/* The legacy ifup-ipv6 stopped only at an IPV6INIT that is false. */
	rc |= load_bool(f, "IPV6INIT", 1, &x->init, d);
	rc |= load_bool(f, "IPV6_DEFROUTE", 1, &x->defroute, d);
	if ((v = ifcfg_get(f, "IPV6ADDR")) && *v)
		rc |= add_addr6(x, v, ifcfg_line(f, "IPV6ADDR"), "IPV6ADDR", f, d);
	if ((v = ifcfg_get(f, "IPV6ADDR_SECONDARIES")) && *v) {
		char *copy = strdup(v), *save = NULL;

		for (char *w = copy ? strtok_r(copy, " \t", &save) : NULL; w; w = strtok_r(NULL, " \t", &save))
			rc |= add_addr6(x, w, ifcfg_line(f, "IPV6ADDR_SECONDARIES"), "IPV6ADDR_SECONDARIES", f, d);
		free(copy);
	}
	if ((v = ifcfg_get(f, "IPV6_DEFAULTGW")) && *v) {
		char buf[INET6_ADDRSTRLEN];
		const char *pct = strchr(v, '%');

		x->gw_line = ifcfg_line(f, "IPV6_DEFAULTGW");
		snprintf(buf, sizeof(buf), "%.*s", pct ? (int)(pct - v) : (int)strlen(v), v);
		if (inet_pton(AF_INET6, buf, &x->gw) != 1) {
			diag_add(d, DIAG_ERROR, f->label, x->gw_line, "IPV6_DEFAULTGW: '%s' is not an IPv6 address", buf);
			rc = -1;
		} else if (pct && strcmp(pct + 1, dev->name)) {
			/* addr%DEV: the route goes through DEV, whose own file says so. */
			diag_add(d, DIAG_WARNING, f->label, x->gw_line,
				 "IPV6_DEFAULTGW: names %s, not %s: no default route from this file", pct + 1, dev->name);
		} else {
			x->has_gw = 1;
		}
	}
	rc |= load_sysctl6(f, NULL, x, d);
	rc |= load_dhcp6(f, dev, d);
	if (!x->gw_line && (v = ifcfg_get(f, "IPV6_DEFAULTDEV")) && *v) {
		/* Without a gateway: a device route ("default dev DEV"), as the legacy
		 * ipv6_set_default_route made for the device it names. */
		if (!strcmp(v, dev->name)) {
			x->has_gw = 1;
			x->gw_line = ifcfg_line(f, "IPV6_DEFAULTDEV");
		} else {
			diag_add(d, DIAG_WARNING, f->label, ifcfg_line(f, "IPV6_DEFAULTDEV"),
				 "IPV6_DEFAULTDEV: names %s, not %s: no default route from this file", v, dev->name);
		}
	}
	if (!x->init && (x->naddrs || x->has_gw))
		diag_add(d, DIAG_WARNING, f->label, ifcfg_line(f, "IPV6INIT"),
			 "IPV6INIT=no: IPV6ADDR and IPV6_DEFAULTGW are not applied (as the legacy ifup-ipv6)");
	return rc;
}

/* The DHCP client's keys (BOOTPROTO=dhcp): strings as given, booleans checked. */
static int load_dhcp(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	struct netcfg_dhcp *x = &dev->dhcp;
	const char *v;
	int rc = 0;

	x->line = ifcfg_line(f, "BOOTPROTO");
	rc |= load_bool(f, "PERSISTENT_DHCLIENT", 0, &x->persistent, d);
	rc |= load_bool(f, "DHCPRELEASE", 0, &x->release, d);
	/* The legacy ifup-eth failed without a lease (there being no DHCPv6 here). */
	rc |= load_bool(f, "IPV4_FAILURE_FATAL", 1, &x->fatal, d);
	rc |= load_bool(f, "DHCP_SEND_HOSTNAME", 1, &x->send_hostname, d);
	/* Older RHEL's spelling of DHCP_SEND_HOSTNAME=no. */
	if (ifcfg_get_bool(f, "NO_DHCP_HOSTNAME", 0) == 1)
		x->send_hostname = 0;
	/* Names go into dhclient's configuration: letters, digits, '-' and '.'. */
	for (int k = 0; k < 2; k++) {
		const char *key = k ? "DHCP_HOSTNAME" : "DHCP_FQDN";

		if (!(v = ifcfg_get(f, key)) || !*v)
			continue;
		if (strlen(v) >= sizeof(x->fqdn) ||
		    strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") != strlen(v)) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, key),
				 "%s: '%s' is not a host name (letters, digits, '-' and '.')", key, v);
			rc = -1;
		} else if (k) {
			/* The legacy scripts send the host part only. */
			snprintf(x->hostname, sizeof(x->hostname), "%.*s", (int)strcspn(v, "."), v);
		} else {
			snprintf(x->fqdn, sizeof(x->fqdn), "%s", v);
		}
	}
	if (x->fqdn[0] && x->hostname[0])
		diag_add(d, DIAG_WARNING, f->label, ifcfg_line(f, "DHCP_HOSTNAME"),
			 "DHCP_HOSTNAME: DHCP_FQDN is sent instead, as the legacy scripts and NetworkManager do");
	if ((v = ifcfg_get(f, "DHCLIENTARGS"))) {
		if (strlen(v) >= sizeof(x->args)) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "DHCLIENTARGS"),
				 "DHCLIENTARGS: longer than %zu bytes", sizeof(x->args) - 1);
			rc = -1;
		} else {
			snprintf(x->args, sizeof(x->args), "%s", v);
		}
	}
	return rc;
}

/* ETHTOOL_OPTS (ethtool_opts.c) and ETHTOOL_DELAY, microseconds before them as the
 * legacy ethtool_set() slept (bounded: a typo must not hang the boot). */
static int load_ethtool(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	const char *v = ifcfg_get(f, "ETHTOOL_OPTS"), *delay = ifcfg_get(f, "ETHTOOL_DELAY");
	unsigned long n;

	memset(&dev->ethtool, 0, sizeof(dev->ethtool));
	dev->ethtool.duplex = dev->ethtool.autoneg = -1;
	if (v && *v && ethtool_parse(v, dev->name, f->label, ifcfg_line(f, "ETHTOOL_OPTS"),
				     &dev->ethtool, d))
		return -1;
	if (delay && *delay) {
		if (netcfg_parse_uint(delay, 60000000UL, &n)) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "ETHTOOL_DELAY"),
				 "ETHTOOL_DELAY: '%s' is not a time in microseconds (0-60000000)", delay);
			return -1;
		}
		dev->ethtool.delay_us = (uint32_t)n;
	}
	return 0;
}

/* ARPCHECK's window from f: NetworkManager's ACD_TIMEOUT (ms, 0 = no check) before
 * the legacy ARPING_WAIT (s), as NetworkManager's reader takes them.  Left as it is
 * when f has neither. */
static int load_arp_wait(const struct ifcfg_file *f, struct netcfg_l3 *l3, struct diags *d)
{
	const char *acd = ifcfg_get(f, "ACD_TIMEOUT"), *w = ifcfg_get(f, "ARPING_WAIT");
	unsigned long n;

	if (acd && *acd && strcmp(acd, "-1")) {
		l3->arp_wait_line = ifcfg_line(f, "ACD_TIMEOUT");
		if (netcfg_parse_uint(acd, 60000, &n)) {
			diag_add(d, DIAG_ERROR, f->label, l3->arp_wait_line,
				 "ACD_TIMEOUT: '%s' is not a time in milliseconds (0-60000, 0: no check, -1: the default)",
				 acd);
			return -1;
		}
		l3->arp_wait_ms = (unsigned)n;
	} else if (w && *w) {
		l3->arp_wait_line = ifcfg_line(f, "ARPING_WAIT");
		if (netcfg_parse_uint(w, 60, &n) || !n) {
			diag_add(d, DIAG_ERROR, f->label, l3->arp_wait_line,
				 "ARPING_WAIT: '%s' is not a time in seconds (1-60)", w);
			return -1;
		}
		l3->arp_wait_ms = (unsigned)n * 1000;
	}
	return 0;
}

static int load_ip4(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	static const struct { const char *name; uint8_t scope; } scopes[] = {
		{ "global", RT_SCOPE_UNIVERSE }, { "universe", RT_SCOPE_UNIVERSE },
		{ "site", RT_SCOPE_SITE }, { "link", RT_SCOPE_LINK }, { "host", RT_SCOPE_HOST },
	};
	struct netcfg_l3 *l3 = &dev->l3;
	const char *v;
	int rc = 0;

	/* SCOPE="scope link" (sysconfig.txt's form) or "link"; lo's are host, as the
	 * legacy ifup-eth and the kernel give them. */
	l3->scope = !strcmp(dev->name, "lo") ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
	v = ifcfg_get(f, "SCOPE");
	if (v && *v) {
		const char *w = !strncmp(v, "scope ", 6) ? v + 6 : v;
		size_t i;

		l3->scope_line = ifcfg_line(f, "SCOPE");
		for (i = 0; i < sizeof(scopes) / sizeof(*scopes) && strcmp(scopes[i].name, w); i++)
			;
		if (i == sizeof(scopes) / sizeof(*scopes)) {
			diag_add(d, DIAG_ERROR, f->label, l3->scope_line,
				 "SCOPE: '%s' is not an address scope (scope global, site, link or host)", v);
			rc = -1;
		} else {
			l3->scope = scopes[i].scope;
		}
	}

	/* The legacy scripts add IPADDR, then IPADDR0 ... IPADDR255. */
	rc |= load_addr(f, "", dev, d);
	for (int i = 0, any = has_numbered(f); any && i <= 255; i++) {
		char sfx[4];

		snprintf(sfx, sizeof(sfx), "%d", i);
		rc |= load_addr(f, sfx, dev, d);
	}
	v = ifcfg_get(f, "GATEWAY");
	if (v && *v) {
		l3->gateway_line = ifcfg_line(f, "GATEWAY");
		if (netcfg_parse_ip4(v, &l3->gateway)) {
			diag_add(d, DIAG_ERROR, f->label, l3->gateway_line,
				 "GATEWAY: '%s' is not an IPv4 address", v);
			rc = -1;
		} else {
			l3->has_gateway = 1;
		}
	}
	v = ifcfg_get(f, "METRIC");
	if (v && *v) {
		unsigned long n;

		l3->metric_line = ifcfg_line(f, "METRIC");
		if (netcfg_parse_uint(v, 0xffffffffUL, &n)) {
			diag_add(d, DIAG_ERROR, f->label, l3->metric_line,
				 "METRIC: '%s' is not a number (0-4294967295)", v);
			rc = -1;
		} else {
			l3->metric = (uint32_t)n;
		}
	}
	/* NetworkManager's (cloud-init writes it): the default route's metric, static
	 * or the lease's, where METRIC does not give one; -1 is its "unset". */
	v = ifcfg_get(f, "IPV4_ROUTE_METRIC");
	if (v && *v && strcmp(v, "-1")) {
		unsigned long n;

		if (netcfg_parse_uint(v, 0xffffffffUL, &n)) {
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "IPV4_ROUTE_METRIC"),
				 "IPV4_ROUTE_METRIC: '%s' is not a number (-1, 0-4294967295)", v);
			rc = -1;
		} else if (!l3->metric_line) {
			l3->metric = (uint32_t)n;
			l3->metric_line = ifcfg_line(f, "IPV4_ROUTE_METRIC");
		}
	}
	rc |= load_zeroconf(f, dev, d);
	dev->l3.arp_wait_ms = NETCFG_ARP_WAIT_MS;
	rc |= load_arp_wait(f, &dev->l3, d);
	v = ifcfg_get(f, "SRCADDR");
	if (v && *v) {
		l3->srcaddr_line = ifcfg_line(f, "SRCADDR");
		if (netcfg_parse_ip4(v, &l3->srcaddr)) {
			diag_add(d, DIAG_ERROR, f->label, l3->srcaddr_line,
				 "SRCADDR: '%s' is not an IPv4 address", v);
			rc = -1;
		}
	}
	return rc;
}

/* A domain as resolv.conf takes it: letters, digits, '.', '-', '_' (a blank or a
 * newline would be another word or another line of the file). */
static int bad_domain(const char *w, size_t n)
{
	if (!n || n > 253)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)w[i]) && !strchr(".-_", w[i]))
			return 1;
	return 0;
}

/* DNS1..DNS3, DOMAIN, SEARCH, PEERDNS and RESOLV_MODS: what the device's ifup writes
 * to resolv.conf (resolv.c).  Duplicates dropped and gaps closed, as the legacy
 * update_DNS_entries does. */
static int load_dns(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	static const char *const lists[] = { "DOMAIN", "SEARCH" };
	struct netcfg_dns *x = &dev->dns;
	int rc = 0, peerdns = 1, mods = 0;

	rc |= load_bool(f, "PEERDNS", 1, &peerdns, d);
	rc |= load_bool(f, "RESOLV_MODS", 0, &mods, d);
	x->apply = peerdns || mods;
	for (int i = 1; i <= 3; i++) {
		char key[8];
		const char *v;
		unsigned char buf[16];
		int line, dup = 0;

		snprintf(key, sizeof(key), "DNS%d", i);
		if (!(v = ifcfg_get(f, key)) || !*v)
			continue;
		line = ifcfg_line(f, key);
		if (strlen(v) >= sizeof(x->ns[0]) ||
		    (inet_pton(AF_INET, v, buf) != 1 && inet_pton(AF_INET6, v, buf) != 1)) {
			diag_add(d, DIAG_ERROR, f->label, line, "%s: '%s' is not an IP address", key, v);
			rc = -1;
			continue;
		}
		for (int j = 0; j < x->nns; j++)
			dup |= !strcmp(x->ns[j], v);
		if (!dup)
			strcpy(x->ns[x->nns++], v);
		if (!x->line || line < x->line)
			x->line = line;
	}
	/* NetworkManager reads more; the legacy scripts write three. */
	for (size_t i = 0; i < f->nvars; i++) {
		const char *k = f->vars[i].key;

		if (!strncmp(k, "DNS", 3) && k[3] && strspn(k + 3, "0123456789") == strlen(k + 3) &&
		    strcmp(k + 3, "1") && strcmp(k + 3, "2") && strcmp(k + 3, "3") && *f->vars[i].value)
			diag_add(d, DIAG_WARNING, f->label, f->vars[i].line,
				 "%s: not applied: resolv.conf gets DNS1 to DNS3, as the legacy scripts write it", k);
	}
	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		const char *v = ifcfg_get(f, lists[i]), *p;
		int line = ifcfg_line(f, lists[i]);

		if (!v || !*v)
			continue;
		for (p = v; *p;) {
			size_t n;

			p += strspn(p, " \t");
			n = strcspn(p, " \t");
			if (n && bad_domain(p, n)) {
				diag_add(d, DIAG_ERROR, f->label, line,
					 "%s: '%.*s' is not a domain name", lists[i], (int)n, p);
				return -1;
			}
			if (n && strlen(x->search) + n + 2 > sizeof(x->search)) {
				diag_add(d, DIAG_ERROR, f->label, line,
					 "%s: the search list is longer than resolv.conf takes (255 bytes)",
					 lists[i]);
				return -1;
			}
			if (n)
				snprintf(x->search + strlen(x->search), sizeof(x->search) - strlen(x->search),
					 "%s%.*s", x->search[0] ? " " : "", (int)n, p);
			p += n;
		}
		if (!x->line || line < x->line)
			x->line = line;
	}
	return rc;
}

/* Said rather than silently skipped: an admin would expect these applied. */
static void warn_not_applied(const struct ifcfg_file *f, const struct netcfg_dev *dev,
			     struct diags *d)
{
	const struct netcfg_l3 *l3 = &dev->l3;

	/* A bond sets its slaves' MTU; a controller carries the addresses and routes. */
	if (netcfg_is_port(dev)) {
		int bond = dev->port.ctrl_kind == &kind_bond;
		const struct { const char *key; int set, line; } ignored[] = {
			{ "IPADDR", l3->naddrs > 0, l3->naddrs ? l3->addrs[0].line : 0 },
			{ "IPV6ADDR", dev->ip6.naddrs > 0, dev->ip6.naddrs ? dev->ip6.addrs[0].line : 0 },
			{ "GATEWAY", l3->has_gateway, l3->gateway_line },
			{ "MTU", bond && dev->link.mtu > 0, dev->link.mtu_line },
			{ "BOOTPROTO", !bond && l3->dhcp, ifcfg_line(f, "BOOTPROTO") },
			{ "DNS and DOMAIN", dev->dns.nns || dev->dns.search[0], dev->dns.line },
		};

		for (size_t i = 0; i < sizeof(ignored) / sizeof(*ignored); i++)
			if (ignored[i].set)
				diag_add(d, DIAG_WARNING, f->label, ignored[i].line,
					 "%s: ignored on a %s (set it in %s's file)",
					 ignored[i].key, bond ? "bond slave" : "bridge port",
					 dev->port.controller);
		if (!bond)
			return;
	}
}


/* Key warnings reported one by one up to this many per file, then counted on one
 * line: a generated file of a million keys must neither flood nor take minutes. */
#define KEY_WARN_MAX 20

/* An applied key on a device it means nothing on: why, or NULL when it is in place. */
static const char *misplaced(const struct ifcfg_key *k, const struct netcfg_dev *dev)
{
	switch (k->where) {
	case KW_BRIDGE:
		return dev->kind == &kind_bridge ? NULL : "is not a bridge (TYPE=Bridge)";
	case KW_VLAN:
		return dev->kind == &kind_vlan ? NULL : "is not a VLAN (VLAN=yes or TYPE=Vlan)";
	case KW_BOND_SLAVE:
		return netcfg_is_port_of(dev, &kind_bond) ? NULL :
		       "is not a bond slave (MASTER= with SLAVE=yes)";
	case KW_BOND:
		return dev->kind == &kind_bond ? NULL :
		       "is not a bond (BONDING_OPTS, TYPE=Bond or BONDING_MASTER=yes)";
	}
	return NULL;
}

/* The kinds TYPE names; any other value (Team, InfiniBand, Wireless) is no kind of
 * ours, and the device is configured as a plain one. */
static int known_type(const char *v)
{
	static const char *const types[] = { "Ethernet", "Bond", "Bridge", "Vlan" };

	for (size_t i = 0; i < sizeof(types) / sizeof(*types); i++)
		if (!strcasecmp(v, types[i]))
			return 1;
	return 0;
}

/* why with each word DEV replaced by the device's name, into buf. */
static const char *with_dev(const char *why, const char *name, char *buf, size_t len)
{
	size_t o = 0;

	for (const char *p = why; *p && o + 1 < len; p++) {
		if (!strncmp(p, "DEV", 3) && !isalpha((unsigned char)p[3]) &&
		    (p == why || !isalpha((unsigned char)p[-1]))) {
			o += (size_t)snprintf(buf + o, len - o, "%s", name);
			p += 2;
		} else {
			buf[o++] = *p;
		}
	}
	buf[o < len ? o : len - 1] = '\0';
	return buf;
}

/* What the table says of one assignment: NULL when there is nothing to say, else
 * the finding into msg.  The did-you-mean search, the costly part, only when asked
 * (format): a generated file of a million keys is counted, not searched. */
static const char *key_finding(const struct ifcfg_var *v, const struct netcfg_dev *dev,
			       int format, char *msg, size_t len)
{
	const struct ifcfg_key *k = ifcfg_key_find(v->key);
	const char *why, *suggest;
	char buf[256];

	if (!k) {
		if (format && (suggest = ifcfg_key_closest(v->key)))
			snprintf(msg, len, "unknown key (did you mean %s?)", suggest);
		else
			snprintf(msg, len, "unknown key");
	} else if (!*v->value || k->status == KEY_LABEL) {
		return NULL;
	} else if (k->flags & KEYF_GLOBAL_ONLY) {
		snprintf(msg, len, "ignored: read from /etc/sysconfig/network, not from an ifcfg file");
	} else if (k->status == KEY_APPLIED) {
		if ((why = misplaced(k, dev)))
			snprintf(msg, len, "ignored: %s %s", dev->name, why);
		else if (!strcmp(k->name, "TYPE") && !known_type(v->value))
			snprintf(msg, len,
				 "'%s' is not a type ifcfg-bond configures (Ethernet, Bond, Bridge, Vlan): %s is brought up as a plain device",
				 v->value, dev->name);
		else
			return NULL;
	} else if (ifcfg_key_quiet(k, v->value)) {
		return NULL;
	} else {
		snprintf(msg, len, "not applied%s: %s", k->status == KEY_PLANNED ? " yet" : "",
			 with_dev(k->why, dev->name, buf, sizeof(buf)));
	}
	return msg;
}

/* A near-miss of a key whose absence changes what a live device does (BONDING_OTPS:
 * without BONDING_OPTS a running 802.3ad bond becomes the kernel's balance-rr, and
 * the host is cut off): an error while the real key is absent, so nothing is
 * touched; beside the real key it is only a stray (a warning, warn_keys). */
static const char *vital_near_miss(const struct ifcfg_file *f, const struct ifcfg_var *v)
{
	static const char *const vital[] = { "BONDING_OPTS", "BRIDGING_OPTS", "MASTER", "SLAVE",
					     "BRIDGE", "PHYSDEV", "VLAN_ID", "IPADDR", "PREFIX",
					     "NETMASK", "GATEWAY", "BOOTPROTO", "DEVICE", "TYPE" };
	const char *near;

	if (ifcfg_key_find(v->key) || !*v->value || !(near = ifcfg_key_closest(v->key)) ||
	    ifcfg_get(f, near))
		return NULL;
	for (size_t j = 0; j < sizeof(vital) / sizeof(*vital); j++)
		if (!strcmp(near, vital[j]))
			return near;
	return NULL;
}

static int near_misses(const struct ifcfg_file *f, struct diags *d)
{
	int rc = 0;

	for (size_t i = 0; i < f->nvars && i < KEY_WARN_MAX; i++) {
		const char *near = vital_near_miss(f, &f->vars[i]);

		if (near) {
			diag_add(d, DIAG_ERROR, f->label, f->vars[i].line,
				 "%s: unknown key, and the file has no %s: a typo? (without %s the device would be configured otherwise: nothing is done until the file says)",
				 f->vars[i].key, near, near);
			rc = -1;
		}
	}
	return rc;
}

/* Every key of the file by the key table (ifcfg_keys.c): unknown (with a did-you-
 * mean), misplaced, not applied, or on a device it means nothing on.  A warning at
 * its line each: never silence. */
static void warn_keys(const struct ifcfg_file *f, const struct netcfg_dev *dev, struct diags *d)
{
	size_t said = 0;
	int more_line = 0;

	for (size_t i = 0; i < f->nvars; i++) {
		const struct ifcfg_var *v = &f->vars[i];
		char msg[400];

		if (!key_finding(v, dev, said < KEY_WARN_MAX, msg, sizeof(msg)) ||
		    (i < KEY_WARN_MAX && vital_near_miss(f, v)))	/* an error (near_misses) */
			continue;
		if (said++ >= KEY_WARN_MAX) {
			more_line = more_line ? more_line : v->line;
			continue;
		}
		diag_add(d, DIAG_WARNING, f->label, v->line, "%s: %s", v->key, msg);
	}
	if (said > KEY_WARN_MAX)
		diag_add(d, DIAG_WARNING, f->label, more_line,
			 "%zu more keys from here on that are unknown or not applied, not listed one by one",
			 said - KEY_WARN_MAX);
}

/* What the lease's routes are (dhcp.c): no default route with DEFROUTE=no (as
 * RHEL's dhclient-script honours it) or DHCLIENT_SET_DEFAULT_ROUTE=no (cloud-init
 * writes it for a DHCP device when another one has the default route); the metric
 * of METRIC or IPV4_ROUTE_METRIC (read with the addresses). */
static int dhcp_routes(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	int set = 1, rc = load_bool(f, "DHCLIENT_SET_DEFAULT_ROUTE", 1, &set, d);

	if (!dev->l3.dhcp)
		return rc;
	dev->dhcp.no_default = !dev->l3.defroute || !set;
	dev->dhcp.metric = dev->l3.metric;
	return rc;
}

/* A port's file (MASTER, SLAVE=yes) that also marks a bond (cloud-init writes TYPE=Bond and
 * BONDING_MASTER=yes, and the bond's parameters, into the file of a member it was
 * not told about): a port, as the legacy ifup-eth takes it (its MASTER test comes
 * first); each mark is said at its line (ifcfg_is_bond). */
static void bond_marks_on_port(const struct ifcfg_file *f, struct diags *d)
{
	static const char *const marks[] = { "TYPE", "BONDING_MASTER", "BONDING_OPTS" };
	const char *m = ifcfg_get(f, "MASTER"), *t = ifcfg_get(f, "TYPE");

	if (!m || !*m || ifcfg_get_bool(f, "SLAVE", 0) != 1)
		return;
	for (size_t i = 0; i < sizeof(marks) / sizeof(*marks); i++) {
		const char *v = ifcfg_get(f, marks[i]);

		if (!v || !*v || (i == 0 && strcasecmp(t, "Bond")) ||
		    (i == 1 && ifcfg_get_bool(f, "BONDING_MASTER", 0) != 1))
			continue;
		diag_add(d, DIAG_WARNING, f->label, ifcfg_line(f, marks[i]),
			 "%s: not read: with MASTER=%s the file is a port of %s, as the legacy ifup-eth reads it (cloud-init writes both for a bond's member)",
			 marks[i], m, m);
	}
}

int netcfg_dev_load(const struct ifcfg_file *f, struct netcfg_dev *dev, struct diags *d)
{
	const char *v;
	int rc = f->errors ? -1 : 0, slave = 0;

	memset(dev, 0, sizeof(*dev));
	dev->file = f;
	if (netcfg_bad_name(f, "DEVICE", f->device ? f->device : "", ifcfg_line(f, "DEVICE"), d)) {
		/* Still a port of its controller, which must not come up without it. */
		dev->kind = &kind_ether;
		load_master(f, dev, ifcfg_get_bool(f, "SLAVE", 0) == 1, d);
		load_bridge_port(f, dev, d);
		return -1;
	}
	strcpy(dev->name, f->device);
	/* A typo (ONBOOT=ye) must not keep a server off the network at its next boot:
	 * the legacy service started every device whose ONBOOT was not "no". */
	if ((dev->onboot = ifcfg_get_bool(f, "ONBOOT", 1)) < 0) {
		dev->onboot = 1;
		diag_add(d, DIAG_WARNING, f->label, ifcfg_line(f, "ONBOOT"),
			 "ONBOOT: '%s' is not a boolean (yes/no): started at boot, as the legacy service starts every device whose ONBOOT is not no",
			 ifcfg_get(f, "ONBOOT"));
	}
	rc |= load_bool(f, "NM_CONTROLLED", 1, &dev->nm_controlled, d);
	rc |= load_bool(f, "HOTPLUG", 1, &dev->hotplug, d);
	rc |= load_bool(f, "DEFROUTE", 1, &dev->l3.defroute, d);
	/* A bad SLAVE= still makes a port: read as "no", the slave would vanish from
	 * its bond without a word; as a port with an error, its bond is refused. */
	if (load_bool(f, "SLAVE", 0, &slave, d)) {
		rc = -1;
		slave = 1;
	}

	v = ifcfg_get(f, "BOOTPROTO");
	if (v && (!strcasecmp(v, "dhcp") || !strcasecmp(v, "bootp"))) {
		dev->l3.dhcp = 1;
		rc |= load_dhcp(f, dev, d);
	} else if (v && *v && strcasecmp(v, "none") && strcasecmp(v, "static")) {
		diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "BOOTPROTO"),
			 "BOOTPROTO: '%s' is not none, static or dhcp", v);
		rc = -1;
	}
	dev->kind = detect_kind(f, dev->name);
	bond_marks_on_port(f, d);
	if (dev->kind->load)
		rc |= dev->kind->load(f, dev, d);
	rc |= load_master(f, dev, slave, d);
	rc |= load_bridge_port(f, dev, d);
	rc |= load_link(f, dev, d);
	rc |= load_ip4(f, dev, d);
	rc |= load_ip6(f, dev, d);
	rc |= load_ethtool(f, dev, d);
	rc |= load_dns(f, dev, d);
	rc |= near_misses(f, d);
	rc |= dhcp_routes(f, dev, d);
	warn_not_applied(f, dev, d);
	warn_keys(f, dev, d);
	return rc ? -1 : 0;
}

/* The side files of dev: those of its DEVICE name, and of the file's own name when
 * it differs (the legacy ifup-routes reads route-$DEVICE and route-$NICKNAME). */
static void side_files(const struct ifcfg_dir *dir, const struct netcfg_dev *dev,
		       const struct ifcfg_side **v, size_t *n, const struct ifcfg_side **v2,
		       size_t *n2)
{
	const char *nick = dev->file && !strncmp(dev->file->label, "ifcfg-", 6) ?
			   dev->file->label + 6 : "";

	*n = *n2 = 0;
	*v = dev->name[0] ? ifcfg_dir_side(dir, dev->name, n) : NULL;
	*v2 = *nick && strcmp(nick, dev->name) ? ifcfg_dir_side(dir, nick, n2) : NULL;
}

void netcfg_warn_side(const struct ifcfg_dir *dir, const struct netcfg_dev *dev, struct diags *d)
{
	const struct ifcfg_side *sv[2];
	size_t sn[2];

	side_files(dir, dev, &sv[0], &sn[0], &sv[1], &sn[1]);
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < sn[k]; i++) {
			const struct ifcfg_side *s = &sv[k][i];

			if (s->kind <= SIDE_ALIAS && !netcfg_is_port(dev))
				continue;	/* read: netcfg_load_side() */
			if (s->kind <= SIDE_ALIAS)
				diag_add(d, DIAG_WARNING, s->name, 0,
					 "ignored: %s is a port of %s, whose files give the addresses, routes and rules",
					 dev->name, dev->port.controller);
			else
				diag_add(d, DIAG_WARNING, s->name, 0,
					 "not applied yet: the address range of %s is not added", dev->name);
		}
}

const struct netcfg_alias *netcfg_alias_find(const struct netcfg_dev *dev, const char *label)
{
	for (size_t i = 0; i < dev->naliases; i++)
		if (!strcmp(dev->aliases[i].label, label))
			return &dev->aliases[i];
	return NULL;
}

/* ifcfg-DEV:N as the legacy ifup-aliases reads it: IPADDR with PREFIX or NETMASK (and
 * BROADCAST), ONPARENT; read as data like every ifcfg file. */
static int load_alias(const char *path, const char *name, struct netcfg_dev *dev, struct diags *d)
{
	static const char *const keys[] = { "DEVICE", "IPADDR", "PREFIX", "NETMASK", "BROADCAST",
					    "ARPCHECK", "ARPUPDATE", "ONPARENT", "ONBOOT", "NAME",
					    "UUID" };
	struct ifcfg_file *f = NULL;
	struct netcfg_dev tmp;
	struct netcfg_alias al = { 0 }, *v;
	const char *colon = strchr(name, ':');
	int rc = ifcfg_read(path, name, &f, d) ? -1 : 0, onparent = 1, dup = 0;

	if (!f)
		return -1;
	snprintf(al.label, sizeof(al.label), "%s%s", dev->name, colon ? colon : "");
	if (strlen(dev->name) + (colon ? strlen(colon) : 0) >= sizeof(al.label) || !colon || !colon[1]) {
		diag_add(d, DIAG_ERROR, name, 0, "%s%s: an alias name is at most 15 bytes (DEV:N)",
			 dev->name, colon ? colon : "");
		ifcfg_free(f);
		return -1;
	}
	for (size_t i = 0; i < f->nvars; i++) {
		size_t j;

		for (j = 0; j < sizeof(keys) / sizeof(*keys) && strcmp(keys[j], f->vars[i].key); j++)
			;
		if (j == sizeof(keys) / sizeof(*keys) && *f->vars[i].value)
			diag_add(d, DIAG_WARNING, name, f->vars[i].line,
				 "%s: not applied in an alias file (it has IPADDR, PREFIX or NETMASK, BROADCAST, ARPCHECK, ARPUPDATE and ONPARENT; the rest is %s's)",
				 f->vars[i].key, dev->name);
		else if (!strcmp(f->vars[i].key, "ONBOOT") && *f->vars[i].value)
			diag_add(d, DIAG_WARNING, name, f->vars[i].line,
				 "ONBOOT: not read in an alias file (ONPARENT says whether it comes up with %s)",
				 dev->name);
	}
	rc |= load_bool(f, "ONPARENT", 1, &onparent, d);
	memset(&tmp, 0, sizeof(tmp));
	strcpy(tmp.name, dev->name);
	rc |= load_addr(f, "", &tmp, d);
	if (!tmp.l3.naddrs) {
		if (!rc)
			diag_add(d, DIAG_ERROR, name, 0, "no IPADDR: an alias file gives one address");
		ifcfg_free(f);
		return -1;
	}
	al.a = tmp.l3.addrs[0];
	/* As the legacy ifup-aliases: the device's own ARPCHECK and ARPUPDATE unless
	 * the alias file says. */
	for (int k = 0; k < 2; k++) {
		const char *key = k ? "ARPUPDATE" : "ARPCHECK";
		int on = ifcfg_get_bool(dev->file, key, -1);

		if (on < 0 || (k ? al.a.arpupdate_line : al.a.arpcheck_line))
			continue;
		*(k ? &al.a.arpupdate : &al.a.arpcheck) = on;
		*(k ? &al.a.arpupdate_line : &al.a.arpcheck_line) = ifcfg_line(dev->file, key);
	}
	al.onparent = onparent;
	al.file = name;
	/* The same address twice is the kernel's EEXIST after half the plan. */
	for (size_t i = 0; i < dev->l3.naddrs; i++)
		dup |= dev->l3.addrs[i].addr.s_addr == al.a.addr.s_addr;
	for (size_t i = 0; i < dev->naliases; i++)
		dup |= dev->aliases[i].a.addr.s_addr == al.a.addr.s_addr;
	if (dup) {
		diag_add(d, DIAG_ERROR, name, al.a.line, "IPADDR: %s is %s's already",
			 inet_ntoa(al.a.addr), dev->name);
		rc = -1;
	}
	ifcfg_free(f);
	if (rc)
		return -1;
	if (!(v = realloc(dev->aliases, (dev->naliases + 1) * sizeof(*v))))
		return -1;
	dev->aliases = v;
	dev->aliases[dev->naliases++] = al;
	return 0;
}

int netcfg_on_link(const struct netcfg_dev *dev, int family, const union netcfg_ip *gw, int routes)
{
	union netcfg_ip a;

	if (family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&gw->v6))
		return 1;
	for (size_t i = 0; family == AF_INET && i < dev->l3.naddrs; i++) {
		a.v4 = dev->l3.addrs[i].addr;
		if (ip_covers(AF_INET, &a, dev->l3.addrs[i].prefix, gw))
			return 1;
	}
	for (size_t i = 0; family == AF_INET && i < dev->naliases; i++) {
		a.v4 = dev->aliases[i].a.addr;
		if (ip_covers(AF_INET, &a, dev->aliases[i].a.prefix, gw))
			return 1;
	}
	for (size_t i = 0; family == AF_INET6 && i < dev->ip6.naddrs; i++) {
		a.v6 = dev->ip6.addrs[i].addr;
		if (ip_covers(AF_INET6, &a, dev->ip6.addrs[i].prefix, gw))
			return 1;
	}
	for (size_t i = 0; routes && i < dev->routes.n; i++)
		if (dev->routes.v[i].family == family && route_reaches(&dev->routes.v[i], gw))
			return 1;
	return 0;
}

/* 1 if d has a line error from index from on. */
static int has_line_error(const struct diags *d, size_t from)
{
	for (size_t i = from; i < d->n; i++)
		if (d->v[i].sev == DIAG_LINE_ERROR)
			return 1;
	return 0;
}

int netcfg_load_side(const struct ifcfg_dir *dir, struct netcfg_dev *dev, struct diags *d)
{
	const struct ifcfg_side *sv[2];
	size_t sn[2];
	union netcfg_ip gw;
	int rc = 0;

	if (netcfg_is_port(dev))
		return 0;
	side_files(dir, dev, &sv[0], &sn[0], &sv[1], &sn[1]);
	/* route-DEVICE and route-NICKNAME (rule-, aliases) both: one list each. */
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < sn[k]; i++) {
			const struct ifcfg_side *s = &sv[k][i];
			char path[4096];

			size_t mark = d->n;

			snprintf(path, sizeof(path), "%s/%s", dir->path, s->name);
			if (s->kind == SIDE_ALIAS) {
				rc |= load_alias(path, s->name, dev, d);
				continue;
			}
			if (s->kind == SIDE_RULE || s->kind == SIDE_RULE6)
				rules_load(path, s->name, s->kind == SIDE_RULE ? AF_INET : AF_INET6, &dev->rules, d);
			else if (s->kind == SIDE_ROUTE || s->kind == SIDE_ROUTE6)
				routes_load(path, s->name, dev->name, s->kind == SIDE_ROUTE ? AF_INET : AF_INET6,
					    &dev->routes, d);
			/* A bad line of a route or rule file costs that line (os-net-config
			 * writes lines ip would refuse too): the device and the file's
			 * other lines still come up.  A file that cannot be read at all
			 * (not a regular file, a NUL byte) still stops the device. */
			if (diags_demote_lines(d, mark))
				rc = -1;
			if (has_line_error(d, mark)) {
				if (s->kind == SIDE_RULE || s->kind == SIDE_RULE6)
					dev->rules_partial = 1;
				else
					dev->routes_partial = 1;
			}
		}
	/* The kernel refuses a gateway it cannot reach on the link.  Said here, at the
	 * line; the rest of the device still comes up (the route's refusal costs only
	 * the route).  A route-DEV route without a gateway can put it on the link. */
	gw.v4 = dev->l3.gateway;
	if (dev->l3.has_gateway && !dev->l3.dhcp && dev->l3.defroute && !netcfg_on_link(dev, AF_INET, &gw, 1))
		diag_add(d, DIAG_WARNING, dev->file->label, dev->l3.gateway_line,
			 "GATEWAY: %s is in no subnet of %s's addresses and no route of its route files reaches it: the kernel will refuse the default route",
			 inet_ntoa(dev->l3.gateway), dev->name);
	/* Two lines for one route: the kernel would take the second as a change.  The
	 * first is applied, the second costs its line. */
	for (size_t i = 0; i < dev->routes.n; i++)
		for (size_t j = 0; j < i; j++)
			if (route_same_key(&dev->routes.v[i], &dev->routes.v[j])) {
				dev->routes_partial = 1;
				diag_add(d, DIAG_LINE_ERROR, dev->routes.v[i].file, dev->routes.v[i].line,
					 "the same route as %s:%d (destination, table, tos and metric): not applied",
					 dev->routes.v[j].file, dev->routes.v[j].line);
				memmove(&dev->routes.v[i], &dev->routes.v[i + 1],
					(dev->routes.n - i - 1) * sizeof(*dev->routes.v));
				dev->routes.n--;
				i--;
				break;
			}
	return rc ? -1 : 0;
}

/* GATEWAY and GATEWAYDEV of /etc/sysconfig/network, as the legacy ifup-eth reads
 * them (that file sourced before the device's): a device without a GATEWAY of its
 * own takes the global one when it is in its first address's subnet; with
 * GATEWAYDEV, only that device gets a default route. */
static void global_gateway(const struct ifcfg_dir *dir, struct netgraph *g, struct diags *d)
{
	const struct ifcfg_file *f = dir->global;
	const char *gw = f ? ifcfg_get(f, "GATEWAY") : NULL, *gwdev = f ? ifcfg_get(f, "GATEWAYDEV") : NULL;
	struct in_addr a;
	int have = 0;

	if (!f)
		return;
	if (gw && *gw) {
		if (netcfg_parse_ip4(gw, &a))
			diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "GATEWAY"),
				 "GATEWAY: '%s' is not an IPv4 address", gw);
		else
			have = 1;
	}
	for (size_t i = 0; i < g->n; i++) {
		struct netcfg_dev *dev = &g->v[i].dev;
		struct netcfg_l3 *l3 = &dev->l3;

		if (!g->v[i].loaded || netcfg_is_port(dev) || l3->dhcp || !l3->defroute)
			continue;
		if (gwdev && *gwdev && strcmp(gwdev, dev->name)) {
			if (l3->has_gateway)
				diag_add(&g->v[i].load, DIAG_WARNING, dev->file->label, l3->gateway_line,
					 "GATEWAY: no default route: GATEWAYDEV=%s in %s names another device",
					 gwdev, f->label);
			l3->defroute = 0;
			continue;
		}
		if (!have || l3->has_gateway || !l3->naddrs)
			continue;
		{
			uint32_t m = l3->addrs[0].prefix ? htonl(0xffffffffu << (32 - l3->addrs[0].prefix)) : 0;

			if ((l3->addrs[0].addr.s_addr ^ a.s_addr) & m)
				continue;
		}
		l3->has_gateway = 1;
		l3->gateway = a;
		l3->gateway_line = ifcfg_line(f, "GATEWAY");
		l3->gateway_file = f->label;
	}
}

/* NOZEROCONF of /etc/sysconfig/network: every device's default (the legacy scripts
 * sourced that file first), a device's own line taking precedence. */
static void global_zeroconf(const struct ifcfg_dir *dir, struct netgraph *g)
{
	const char *v = dir->global ? ifcfg_get(dir->global, "NOZEROCONF") : NULL;
	int off = 1;

	if (!v || !*v)
		return;
	(void)ifcfg_bool(v, &off);	/* any other value: set (netcfg_warn_global) */
	for (size_t i = 0; i < g->n; i++) {
		struct netcfg_l3 *l3 = &g->v[i].dev.l3;

		if (l3->zeroconf_line)
			continue;
		l3->zeroconf = l3->zeroconf && !off;
		l3->zeroconf_line = ifcfg_line(dir->global, "NOZEROCONF");
		l3->zeroconf_file = dir->global->label;
	}
}

/* ACD_TIMEOUT, ARPING_WAIT, ARPCHECK and ARPUPDATE of /etc/sysconfig/network:
 * every device's default (the legacy scripts sourced it first; ARPCHECK and
 * ARPUPDATE there then count for every address of a device whose file is silent). */
static void global_arp(const struct ifcfg_dir *dir, struct netgraph *g, struct diags *d)
{
	const struct ifcfg_file *f = dir->global;
	struct netcfg_l3 w = { .arp_wait_ms = NETCFG_ARP_WAIT_MS };
	int check = 1, update = 1, check_line = 0, update_line = 0;

	if (!f || load_arp_wait(f, &w, d) ||
	    load_arp_flag(f, "ARPCHECK", "", &check, &check_line, d) ||
	    load_arp_flag(f, "ARPUPDATE", "", &update, &update_line, d))
		return;
	for (size_t i = 0; i < g->n; i++) {
		struct netcfg_l3 *l3 = &g->v[i].dev.l3;

		if (w.arp_wait_line && !l3->arp_wait_line)
			l3->arp_wait_ms = w.arp_wait_ms;
		for (size_t j = 0; j < l3->naddrs; j++) {
			if (check_line && !l3->addrs[j].arpcheck_line)
				l3->addrs[j].arpcheck = check;
			if (update_line && !l3->addrs[j].arpupdate_line)
				l3->addrs[j].arpupdate = update;
		}
		for (size_t j = 0; j < g->v[i].dev.naliases; j++) {
			struct netcfg_addr *a = &g->v[i].dev.aliases[j].a;

			if (check_line && !a->arpcheck_line)
				a->arpcheck = check;
			if (update_line && !a->arpupdate_line)
				a->arpupdate = update;
		}
	}
}

/* 1 if gw is in the subnet of one of x's addresses. */
static int in_subnet6(const struct netcfg_ip6 *x, const struct in6_addr *gw)
{
	for (size_t i = 0; i < x->naddrs; i++) {
		unsigned bits = x->addrs[i].prefix, k;

		for (k = 0; k < 16 && bits >= 8; k++, bits -= 8)
			if (x->addrs[i].addr.s6_addr[k] != gw->s6_addr[k])
				break;
		if (k == 16 || (bits < 8 && (bits == 0 ||
		    !((x->addrs[i].addr.s6_addr[k] ^ gw->s6_addr[k]) & (0xff << (8 - bits))))))
			return 1;
	}
	return 0;
}

/* IPV6_DEFAULTGW and IPV6_DEFAULTDEV of /etc/sysconfig/network, for the devices
 * whose files give no IPV6_DEFAULTGW: the device its %DEV or IPV6_DEFAULTDEV
 * names, else the first (in start order: graph order is not known yet, so file
 * order) with an address in the gateway's subnet; IPV6_DEFAULTDEV alone is a
 * device route. */
static void global_gateway6(const struct ifcfg_dir *dir, struct netgraph *g, struct diags *d)
{
	const struct ifcfg_file *f = dir->global;
	const char *gw = f ? ifcfg_get(f, "IPV6_DEFAULTGW") : NULL;
	const char *dev = f ? ifcfg_get(f, "IPV6_DEFAULTDEV") : NULL;
	char buf[INET6_ADDRSTRLEN + IFNAMSIZ];
	struct in6_addr a = IN6ADDR_ANY_INIT;
	int line = 0, taken = 0;

	if (!f || ((!gw || !*gw) && (!dev || !*dev)))
		return;
	if (gw && *gw) {
		const char *pct = strchr(gw, '%');

		line = ifcfg_line(f, "IPV6_DEFAULTGW");
		snprintf(buf, sizeof(buf), "%.*s", pct ? (int)(pct - gw) : (int)strlen(gw), gw);
		if (inet_pton(AF_INET6, buf, &a) != 1) {
			diag_add(d, DIAG_ERROR, f->label, line, "IPV6_DEFAULTGW: '%s' is not an IPv6 address", buf);
			return;
		}
		if (pct)
			dev = pct + 1;
	} else {
		line = ifcfg_line(f, "IPV6_DEFAULTDEV");
	}
	for (size_t i = 0; i < g->n && !taken; i++) {
		struct netcfg_dev *nd = &g->v[i].dev;
		struct netcfg_ip6 *x = &nd->ip6;

		if (!g->v[i].loaded || !x->init || !x->defroute || netcfg_is_port(nd) || x->gw_line)
			continue;
		if (dev && *dev ? strcmp(dev, nd->name) : !in_subnet6(x, &a))
			continue;
		x->has_gw = 1;
		x->gw = a;
		x->gw_line = line;
		x->gw_file = f->label;
		taken = 1;
	}
}

int netcfg_networking(const struct ifcfg_dir *dir)
{
	return !dir->global || ifcfg_get_bool(dir->global, "NETWORKING", 1) != 0;
}

void netcfg_warn_global(const struct ifcfg_dir *dir, struct diags *d, int lint)
{
	const struct ifcfg_file *f = dir->global;

	for (size_t i = 0; f && i < f->nvars; i++) {
		const struct ifcfg_var *v = &f->vars[i];
		const struct ifcfg_key *k = ifcfg_key_find(v->key);
		const char *suggest;

		if (!k) {
			if ((suggest = ifcfg_key_closest(v->key)))
				diag_add(d, DIAG_WARNING, f->label, v->line,
					 "%s: unknown key (did you mean %s?)", v->key, suggest);
			else
				diag_add(d, DIAG_WARNING, f->label, v->line, "%s: unknown key", v->key);
		} else if (!*v->value || k->status == KEY_LABEL) {
			continue;
		} else if (!strcmp(k->name, "NETWORKING")) {
			if (ifcfg_bool(v->value, &(int){ 0 }))
				diag_add(d, DIAG_ERROR, f->label, v->line,
					 "NETWORKING: '%s' is not a boolean (yes/no)", v->value);
		} else if (!(k->flags & KEYF_GLOBAL)) {
			/* The legacy scripts sourced this file before each ifcfg file, so it
			 * was every device's default. */
			diag_add(d, DIAG_WARNING, f->label, v->line,
				 "%s: not applied from here: an ifcfg key (the legacy scripts took it as every device's default); set it in the ifcfg files",
				 v->key);
		} else if (!strcmp(k->name, "NOZEROCONF") && ifcfg_bool(v->value, &(int){ 0 })) {
			diag_add(d, DIAG_WARNING, f->label, v->line,
				 "NOZEROCONF: '%s' is not a boolean: taken as set (no 169.254.0.0/16 route), as the legacy scripts take any value",
				 v->value);
		} else if (k->status == KEY_APPLIED || (!lint && (k->flags & KEYF_LINT))) {
			continue;	/* read where it is used (global_gateway() ...) */
		} else if (!ifcfg_key_quiet(k, v->value)) {
			diag_add(d, DIAG_WARNING, f->label, v->line, "%s: not applied%s: %s", v->key,
				 k->status == KEY_PLANNED ? " yet" : "", k->why);
		}
	}
}

/* ---- the graph ---- */

static int index_ports(struct netgraph *g);

/* Device names, sorted, for the lookups that link facets: O(n log n) in all. */
struct name_ix {
	const char *name;
	size_t node;
};

static int cmp_name_ix(const void *a, const void *b)
{
	const struct name_ix *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	/* The first file of a name wins, as in ifcfg_dir_find(). */
	return c ? c : x->node < y->node ? -1 : x->node > y->node;
}

static long lookup(const struct name_ix *ix, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(ix[lo].name, name) ? (long)ix[lo].node : -1;
}

/* Start rank among devices the graph does not order: the legacy service's. */
static int start_rank(const struct netcfg_dev *dev)
{
	if (dev->kind == &kind_loopback)
		return 0;
	return netcfg_is_port(dev) ? 4 : dev->kind->rank;
}

/* A binary heap of node indexes, least (rank, name) first. */
struct heap {
	const struct netgraph *g;
	size_t *v, n;
};

static int before(const struct heap *h, size_t a, size_t b)
{
	const struct netcfg_dev *x = &h->g->v[a].dev, *y = &h->g->v[b].dev;
	int rx = start_rank(x), ry = start_rank(y), c;

	if (rx != ry)
		return rx < ry;
	c = ifcfg_natcmp(x->name, y->name);
	return c ? c < 0 : a < b;
}

static void heap_push(struct heap *h, size_t x)
{
	size_t i = h->n++;

	h->v[i] = x;
	while (i && before(h, h->v[i], h->v[(i - 1) / 2])) {
		size_t p = (i - 1) / 2, t = h->v[p];

		h->v[p] = h->v[i];
		h->v[i] = t;
		i = p;
	}
}

static size_t heap_pop(struct heap *h)
{
	size_t top = h->v[0], i = 0;

	h->v[0] = h->v[--h->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i, t;

		if (l < h->n && before(h, h->v[l], h->v[m]))
			m = l;
		if (r < h->n && before(h, h->v[r], h->v[m]))
			m = r;
		if (m == i)
			break;
		t = h->v[m];
		h->v[m] = h->v[i];
		h->v[i] = t;
		i = m;
	}
	return top;
}

/* Kahn's algorithm: a controller before its ports, a lower device before what is
 * stacked on it; among the ready ones the legacy rank, then natural name order. */
static int order_graph(struct netgraph *g)
{
	size_t n = g->n ? g->n : 1;
	size_t *indeg = calloc(n, sizeof(size_t)), *first = calloc(n + 1, sizeof(size_t));
	size_t *up = calloc(2 * n, sizeof(size_t));
	struct heap h = { .g = g, .v = calloc(n, sizeof(size_t)) };
	int rc = -1;

	if (!indeg || !first || !up || !h.v)
		goto out_free;
	/* Each device has at most two edges in (its controller, its lower device): the
	 * uppers of every node, as one array sliced by first[]. */
	for (size_t i = 0; i < g->n; i++) {
		if (g->v[i].controller >= 0)
			first[g->v[i].controller + 1]++;
		if (g->v[i].lower >= 0)
			first[g->v[i].lower + 1]++;
	}
	for (size_t i = 0; i < g->n; i++)
		first[i + 1] += first[i];
	for (size_t i = 0; i < g->n; i++) {
		if (g->v[i].controller >= 0)
			up[first[g->v[i].controller] + indeg[g->v[i].controller]++] = i;
		if (g->v[i].lower >= 0)
			up[first[g->v[i].lower] + indeg[g->v[i].lower]++] = i;
	}
	for (size_t i = 0; i < g->n; i++)
		indeg[i] = (g->v[i].controller >= 0) + (g->v[i].lower >= 0);
	for (size_t i = 0; i < g->n; i++)
		if (!indeg[i])
			heap_push(&h, i);
	g->norder = 0;
	while (h.n) {
		size_t x = heap_pop(&h);

		g->order[g->norder++] = x;
		for (size_t j = first[x]; j < first[x + 1]; j++)
			if (--indeg[up[j]] == 0)
				heap_push(&h, up[j]);
	}
	for (size_t i = 0; i < g->n; i++) {
		struct netnode *nd = &g->v[i];

		if (!indeg[i])
			continue;
		nd->ok = 0;
		diag_add(&nd->rel, DIAG_ERROR, nd->dev.file->label,
			 nd->lower >= 0 ? nd->dev.lower.line : nd->dev.port.line,
			 "%s: cannot be ordered: its %s %s sits on a cycle of lower devices and controllers",
			 nd->dev.name, nd->lower >= 0 ? "lower device" : "controller",
			 nd->lower >= 0 ? nd->dev.lower.name : nd->dev.port.controller);
	}
	rc = 0;
out_free:
	free(indeg);
	free(first);
	free(up);
	free(h.v);
	return rc;
}

/* Two files for one device: the legacy scripts would apply whichever they met
 * first, and a slave claimed by two bonds would move between them.  Neither file
 * is applied; each names the other. */
static void mark_duplicates(struct netgraph *g, const struct name_ix *ix, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t first = i;
		int dup = (i > 0 && !strcmp(ix[i - 1].name, ix[i].name)) ||
			  (i + 1 < n && !strcmp(ix[i + 1].name, ix[i].name));
		struct netnode *nd = &g->v[ix[i].node];

		if (!dup)
			continue;
		while (first > 0 && !strcmp(ix[first - 1].name, ix[i].name))
			first--;
		diag_add(&nd->rel, DIAG_ERROR, nd->dev.file->label, ifcfg_line(nd->dev.file, "DEVICE"),
			 "device %s is also configured by %s", nd->dev.name,
			 g->v[ix[first == i ? i + 1 : first].node].dev.file->label);
		nd->ok = 0;
	}
}

/* A port's controller is configured and of the kind its key asks for.  (MASTER= is
 * checked by the commands and the lint, with their own words.) */
static void check_controller(struct netgraph *g, struct netnode *nd)
{
	const struct netcfg_port *p = &nd->dev.port;
	const struct netnode *c = nd->controller >= 0 ? &g->v[nd->controller] : NULL;

	if (p->ctrl_kind == &kind_bond)
		return;
	if (!c) {
		diag_add(&nd->rel, DIAG_ERROR, nd->dev.file->label, p->line,
			 "%s=%s: no ifcfg file configures %s", p->ctrl_kind->port_key,
			 p->controller, p->controller);
		nd->ok = 0;
	} else if (c->dev.kind != p->ctrl_kind) {
		diag_add(&nd->rel, DIAG_ERROR, nd->dev.file->label, p->line,
			 "%s=%s: %s is not a %s (%s configures a %s)", p->ctrl_kind->port_key,
			 p->controller, p->controller, p->ctrl_kind->name, c->dev.file->label,
			 c->dev.kind->name);
		nd->ok = 0;
	}
}

/* 1 if to lies below from: through lower devices and ports, transitively.  mark[] is
 * stamped with gen on the way, stack holds g->n entries (each node once). */
static int lies_below(const struct netgraph *g, size_t from, size_t to, unsigned *mark,
		      unsigned gen, size_t *stack)
{
	size_t n = 0;

	stack[n++] = from;
	mark[from] = gen;
	while (n) {
		size_t u = stack[--n];
		long lo = g->v[u].lower;

		if (u == to)
			return 1;
		if (lo >= 0 && mark[lo] != gen) {
			mark[lo] = gen;
			stack[n++] = (size_t)lo;
		}
		for (size_t j = g->port_first[u]; j < g->port_first[u + 1]; j++)
			if (mark[g->port[j]] != gen) {
				mark[g->port[j]] = gen;
				stack[n++] = g->port[j];
			}
	}
	return 0;
}

/* A port that sits on its own controller (a VLAN of bond0 as bond0's slave, a VLAN
 * of br0 as br0's port): the kernel refuses a device that would become its own upper
 * device (EBUSY, and a bridge has already logged the port by then).  order_graph
 * cannot see it: both edges lead from the controller to the port. */
static int check_loops(struct netgraph *g)
{
	unsigned *mark = calloc(g->n ? g->n : 1, sizeof(unsigned));
	size_t *stack = calloc(g->n ? g->n : 1, sizeof(size_t));
	unsigned gen = 0;

	if (!mark || !stack) {
		free(mark);
		free(stack);
		return -1;
	}
	for (size_t i = 0; i < g->n; i++) {
		struct netnode *nd = &g->v[i];

		if (nd->controller < 0 || !lies_below(g, i, (size_t)nd->controller, mark, ++gen, stack))
			continue;
		diag_add(&nd->rel, DIAG_ERROR, nd->dev.file->label, nd->dev.port.line,
			 "%s=%s: %s sits on %s, so it cannot be its port: the kernel refuses a device that would be its own upper device",
			 nd->dev.port.ctrl_kind->port_key, nd->dev.port.controller, nd->dev.name,
			 nd->dev.port.controller);
		nd->ok = 0;
	}
	free(mark);
	free(stack);
	return 0;
}

int netgraph_load(const struct ifcfg_dir *dir, struct netgraph *g, struct diags *d)
{
	struct name_ix *ix;
	size_t nix = 0;

	memset(g, 0, sizeof(*g));
	g->dir = dir;
	g->v = calloc(dir->n ? dir->n : 1, sizeof(*g->v));
	g->order = calloc(dir->n ? dir->n : 1, sizeof(*g->order));
	ix = calloc(dir->n ? dir->n : 1, sizeof(*ix));
	if (!g->v || !g->order || !ix)
		goto out_oom;
	g->n = dir->n;
	for (size_t i = 0; i < g->n; i++) {
		struct netnode *nd = &g->v[i];

		nd->controller = nd->lower = -1;
		nd->loaded = netcfg_dev_load(dir->files[i], &nd->dev, &nd->load) == 0;
		netcfg_warn_side(dir, &nd->dev, &nd->load);
		if (netcfg_load_side(dir, &nd->dev, &nd->load))
			nd->loaded = 0;
		nd->ok = nd->loaded;
		if (nd->dev.name[0])
			ix[nix++] = (struct name_ix){ nd->dev.name, i };
	}
	global_gateway(dir, g, d);
	global_zeroconf(dir, g);
	global_arp(dir, g, d);
	global_gateway6(dir, g, d);
	/* IPv6 sysctls again, with /etc/sysconfig/network's IPV6FORWARDING and the rest
	 * under the device's own (its errors were said at the first reading). */
	for (size_t i = 0; dir->global && i < g->n; i++) {
		struct diags scratch = { 0 };

		if (g->v[i].loaded)
			load_sysctl6(g->v[i].dev.file, dir->global, &g->v[i].dev.ip6, &scratch);
		diags_free(&scratch);
	}
	qsort(ix, nix, sizeof(*ix), cmp_name_ix);
	mark_duplicates(g, ix, nix);
	for (size_t i = 0; i < g->n; i++) {
		struct netnode *nd = &g->v[i];

		if (netcfg_is_port(&nd->dev)) {
			nd->controller = lookup(ix, nix, nd->dev.port.controller);
			check_controller(g, nd);
		}
		if (nd->dev.lower.name[0])
			nd->lower = lookup(ix, nix, nd->dev.lower.name);
	}
	free(ix);
	ix = NULL;
	if (index_ports(g) || order_graph(g) || check_loops(g))
		goto out_oom;
	for (size_t i = 0; i < g->n; i++) {
		struct netnode *nd = &g->v[i];

		if (nd->dev.kind && nd->dev.kind->validate &&
		    nd->dev.kind->validate(g, nd, &nd->rel))
			nd->ok = 0;
	}
	return 0;

out_oom:
	free(ix);
	diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
	return -1;
}

void netgraph_free(struct netgraph *g)
{
	for (size_t i = 0; i < g->n; i++) {
		diags_free(&g->v[i].load);
		diags_free(&g->v[i].rel);
		routes_free(&g->v[i].dev.routes);
		rules_free(&g->v[i].dev.rules);
		free(g->v[i].dev.aliases);
	}
	free(g->v);
	free(g->order);
	free(g->port_first);
	free(g->port);
	memset(g, 0, sizeof(*g));
}

const struct netnode *netgraph_find(const struct netgraph *g, const char *name)
{
	const struct ifcfg_file *f = g->dir ? ifcfg_dir_find(g->dir, name) : NULL;

	for (size_t i = 0; f && i < g->n; i++)
		if (g->v[i].dev.file == f)
			return &g->v[i];
	return NULL;
}

size_t netgraph_index(const struct netgraph *g, const struct netnode *node)
{
	return (size_t)(node - g->v);
}

size_t netgraph_ports(const struct netgraph *g, const struct netnode *ctrl,
		      const struct netnode ***out)
{
	size_t me = netgraph_index(g, ctrl);
	size_t a = g->port_first[me], n = g->port_first[me + 1] - a;

	*out = calloc(n + 1, sizeof(**out));
	if (!*out)
		return 0;
	for (size_t i = 0; i < n; i++)
		(*out)[i] = &g->v[g->port[a + i]];
	return n;
}

/* Each controller's ports, as one array sliced by port_first: g->v is in
 * dir->files order, which is natural device order. */
static int index_ports(struct netgraph *g)
{
	size_t *fill;

	g->port_first = calloc(g->n + 1, sizeof(size_t));
	g->port = calloc(g->n ? g->n : 1, sizeof(size_t));
	fill = calloc(g->n ? g->n : 1, sizeof(size_t));
	if (!g->port_first || !g->port || !fill) {
		free(fill);
		return -1;
	}
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].controller >= 0)
			g->port_first[g->v[i].controller + 1]++;
	for (size_t i = 0; i < g->n; i++)
		g->port_first[i + 1] += g->port_first[i];
	for (size_t i = 0; i < g->n; i++) {
		long c = g->v[i].controller;

		if (c >= 0)
			g->port[g->port_first[c] + fill[c]++] = i;
	}
	free(fill);
	return 0;
}
