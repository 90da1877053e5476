/* bond_opts.c - the bonding option table and everything read from it: BONDING_OPTS
 * parsing, per-value and cross-option checks, defaults, comparison and formatting. */
#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bond_opts.h"
#include "ifcfg_parse.h"

#define M_ABTA	(BM(BOND_MODE_AB) | BM(BOND_MODE_TLB) | BM(BOND_MODE_ALB))
#define M_ARP	(BM(BOND_MODE_RR) | BM(BOND_MODE_AB) | BM(BOND_MODE_XOR) | BM(BOND_MODE_BCAST))
#define M_AD	BM(BOND_MODE_8023AD)
#define M_TLBALB (BM(BOND_MODE_TLB) | BM(BOND_MODE_ALB))

/* Value tables, as the kernel's bond_options.c names them. */
static const struct bond_opt_value v_mode[] = {
	{ "balance-rr", 0 }, { "active-backup", 1 }, { "balance-xor", 2 }, { "broadcast", 3 },
	{ "802.3ad", 4 }, { "balance-tlb", 5 }, { "balance-alb", 6 }, { NULL, 0 } };
static const struct bond_opt_value v_fail_over_mac[] = {
	{ "none", 0 }, { "active", 1 }, { "follow", 2 }, { NULL, 0 } };
static const struct bond_opt_value v_onoff[] = { { "off", 0 }, { "on", 1 }, { NULL, 0 } };
static const struct bond_opt_value v_lacp_rate[] = { { "slow", 0 }, { "fast", 1 }, { NULL, 0 } };
static const struct bond_opt_value v_ad_select[] = {
	{ "stable", 0 }, { "bandwidth", 1 }, { "count", 2 }, { "actor_port_prio", 3 },
	{ NULL, 0 } };
static const struct bond_opt_value v_arp_validate[] = {
	{ "none", 0 }, { "active", 1 }, { "backup", 2 }, { "all", 3 }, { "filter", 4 },
	{ "filter_active", 5 }, { "filter_backup", 6 }, { NULL, 0 } };
static const struct bond_opt_value v_arp_all_targets[] = {
	{ "any", 0 }, { "all", 1 }, { NULL, 0 } };
static const struct bond_opt_value v_primary_reselect[] = {
	{ "always", 0 }, { "better", 1 }, { "failure", 2 }, { NULL, 0 } };
static const struct bond_opt_value v_xmit_hash_policy[] = {
	{ "layer2", 0 }, { "layer3+4", 1 }, { "layer2+3", 2 }, { "encap2+3", 3 },
	{ "encap3+4", 4 }, { "vlan+srcmac", 5 }, { NULL, 0 } };
/* Names the kernel accepts for numeric options (bond_intmax_tbl and friends). */
static const struct bond_opt_value v_intmax[] = {
	{ "off", 0 }, { "maxval", INT_MAX }, { NULL, 0 } };
static const struct bond_opt_value v_peer_notif_delay[] = {
	{ "off", 0 }, { "maxval", 300000 }, { NULL, 0 } };
static const struct bond_opt_value v_255[] = { { "off", 0 }, { "maxval", 255 }, { NULL, 0 } };
static const struct bond_opt_value v_none[] = { { NULL, 0 } };

#define ROW(i, n, t, v, lo, hi, d, m, f, ph, sys, nl, nt, s) \
	[i] = { .id = i, .name = n, .type = t, .values = v, .min = lo, .max = hi, .def = d, \
		.modes = m, .flags = f, .phase = ph, .sysfs = sys, .nla = nl, .nla_type = nt, \
		.since = s }

const struct bond_opt bond_opt_table[BOPT_COUNT] = {
	ROW(BOPT_MODE, "mode", BOT_ENUM, v_mode, 0, 6, 0, BM_ALL,
	    BOF_NOSLAVES | BOF_IFDOWN, BPH_NOSLAVES, "mode", 1, BNLA_U8, "2.6"),
	ROW(BOPT_FAIL_OVER_MAC, "fail_over_mac", BOT_ENUM, v_fail_over_mac, 0, 2, 0, BM_ALL,
	    BOF_NOSLAVES, BPH_NOSLAVES, "fail_over_mac", 13, BNLA_U8, "2.6.22"),
	ROW(BOPT_LACP_ACTIVE, "lacp_active", BOT_ENUM, v_onoff, 0, 1, 1, M_AD,
	    BOF_IFDOWN, BPH_IFDOWN, "lacp_active", 29, BNLA_U8, "5.15"),
	ROW(BOPT_LACP_RATE, "lacp_rate", BOT_ENUM, v_lacp_rate, 0, 1, 0, M_AD,
	    BOF_IFDOWN, BPH_IFDOWN, "lacp_rate", 21, BNLA_U8, "2.6"),
	ROW(BOPT_AD_SELECT, "ad_select", BOT_ENUM, v_ad_select, 0, 3, 0, BM_ALL,
	    BOF_IFDOWN, BPH_IFDOWN, "ad_select", 22, BNLA_U8, "2.6.28"),
	ROW(BOPT_AD_USER_PORT_KEY, "ad_user_port_key", BOT_UINT, v_none, 0, 1023, 0, M_AD,
	    BOF_IFDOWN | BOF_COND_REPORT, BPH_IFDOWN, "ad_user_port_key", 25, BNLA_U16, "4.2"),
	ROW(BOPT_TLB_DYNAMIC_LB, "tlb_dynamic_lb", BOT_ENUM, v_onoff, 0, 1, 1, M_TLBALB,
	    BOF_IFDOWN, BPH_IFDOWN, "tlb_dynamic_lb", 27, BNLA_U8, "3.16"),
	ROW(BOPT_COUPLED_CONTROL, "coupled_control", BOT_ENUM, v_onoff, 0, 1, 1, M_AD,
	    BOF_IFDOWN | BOF_NL_ONLY, BPH_IFDOWN, NULL, 32, BNLA_U8, "6.9"),
	ROW(BOPT_MIIMON, "miimon", BOT_UINT, v_intmax, 0, INT_MAX, 0, BM_ALL,
	    0, BPH_LIVE, "miimon", 3, BNLA_U32, "2.6"),
	ROW(BOPT_UPDELAY, "updelay", BOT_UINT, v_intmax, 0, INT_MAX, 0, BM_ALL,
	    0, BPH_LIVE, "updelay", 4, BNLA_U32, "2.6"),
	ROW(BOPT_DOWNDELAY, "downdelay", BOT_UINT, v_intmax, 0, INT_MAX, 0, BM_ALL,
	    0, BPH_LIVE, "downdelay", 5, BNLA_U32, "2.6"),
	ROW(BOPT_PEER_NOTIF_DELAY, "peer_notif_delay", BOT_UINT, v_peer_notif_delay, 0, 300000,
	    0, BM_ALL, 0, BPH_LIVE, "peer_notif_delay", 28, BNLA_U32, "5.3"),
	ROW(BOPT_USE_CARRIER, "use_carrier", BOT_ENUM, v_onoff, 0, 1, 1, BM_ALL,
	    0, BPH_LIVE, "use_carrier", 6, BNLA_U8, "2.6"),
	ROW(BOPT_ARP_IP_TARGET, "arp_ip_target", BOT_IP4LIST, v_none, 0, 0, 0, BM_ALL,
	    BOF_COND_REPORT, BPH_LIVE, "arp_ip_target", 8, BNLA_IP4_NEST, "2.6"),
	ROW(BOPT_NS_IP6_TARGET, "ns_ip6_target", BOT_IP6LIST, v_none, 0, 0, 0, BM_ALL,
	    BOF_NL_ONLY | BOF_COND_REPORT, BPH_LIVE, NULL, 31, BNLA_IP6_NEST, "5.18"),
	ROW(BOPT_ARP_INTERVAL, "arp_interval", BOT_UINT, v_intmax, 0, INT_MAX, 0, M_ARP,
	    0, BPH_LIVE, "arp_interval", 7, BNLA_U32, "2.6"),
	ROW(BOPT_ARP_VALIDATE, "arp_validate", BOT_ENUM, v_arp_validate, 0, 6, 0, M_ARP,
	    0, BPH_LIVE, "arp_validate", 9, BNLA_U32, "2.6.19"),
	ROW(BOPT_ARP_ALL_TARGETS, "arp_all_targets", BOT_ENUM, v_arp_all_targets, 0, 1, 0,
	    BM_ALL, 0, BPH_LIVE, "arp_all_targets", 10, BNLA_U32, "3.11"),
	ROW(BOPT_ARP_MISSED_MAX, "arp_missed_max", BOT_UINT, v_none, 1, 255, 2, M_ARP,
	    0, BPH_LIVE, "arp_missed_max", 30, BNLA_U8, "5.17"),
	ROW(BOPT_PRIMARY_RESELECT, "primary_reselect", BOT_ENUM, v_primary_reselect, 0, 2, 0,
	    BM_ALL, 0, BPH_LIVE, "primary_reselect", 12, BNLA_U8, "2.6.33"),
	ROW(BOPT_XMIT_HASH_POLICY, "xmit_hash_policy", BOT_ENUM, v_xmit_hash_policy, 0, 5, 0,
	    BM_ALL, 0, BPH_LIVE, "xmit_hash_policy", 14, BNLA_U8, "2.6.17"),
	ROW(BOPT_AD_ACTOR_SYS_PRIO, "ad_actor_sys_prio", BOT_UINT, v_none, 1, 65535, 65535,
	    M_AD, BOF_COND_REPORT, BPH_LIVE, "ad_actor_sys_prio", 24, BNLA_U16, "4.2"),
	ROW(BOPT_AD_ACTOR_SYSTEM, "ad_actor_system", BOT_MAC, v_none, 0, 0, 0, M_AD,
	    BOF_COND_REPORT, BPH_LIVE, "ad_actor_system", 26, BNLA_BINARY, "4.2"),
	ROW(BOPT_MIN_LINKS, "min_links", BOT_UINT, v_intmax, 0, INT_MAX, 0, BM_ALL,
	    0, BPH_LIVE, "min_links", 18, BNLA_U32, "3.1"),
	ROW(BOPT_ALL_SLAVES_ACTIVE, "all_slaves_active", BOT_ENUM, v_onoff, 0, 1, 0, BM_ALL,
	    0, BPH_LIVE, "all_slaves_active", 17, BNLA_U8, "2.6.36"),
	ROW(BOPT_RESEND_IGMP, "resend_igmp", BOT_UINT, v_255, 0, 255, 1, BM_ALL,
	    0, BPH_LIVE, "resend_igmp", 15, BNLA_U32, "2.6.38"),
	ROW(BOPT_NUM_PEER_NOTIF, "num_grat_arp", BOT_UINT, v_255, 0, 255, 1, BM_ALL,
	    0, BPH_LIVE, "num_grat_arp", 16, BNLA_U8, "2.6.26"),
	ROW(BOPT_PACKETS_PER_SLAVE, "packets_per_slave", BOT_UINT, v_none, 0, 65535, 1,
	    BM(BOND_MODE_RR), 0, BPH_LIVE, "packets_per_slave", 20, BNLA_U32, "3.13"),
	ROW(BOPT_LP_INTERVAL, "lp_interval", BOT_UINT, v_none, 1, INT_MAX, 1, BM_ALL,
	    0, BPH_LIVE, "lp_interval", 19, BNLA_U32, "3.13"),
	ROW(BOPT_BROADCAST_NEIGH, "broadcast_neighbor", BOT_ENUM, v_onoff, 0, 1, 0, M_AD,
	    BOF_NL_ONLY, BPH_LIVE, NULL, 33, BNLA_U8, "6.17"),
	ROW(BOPT_LACP_STRICT, "lacp_strict", BOT_ENUM, v_onoff, 0, 1, 0, M_AD,
	    BOF_NL_ONLY, BPH_LIVE, NULL, 34, BNLA_U8, "7.2"),
	ROW(BOPT_PRIMARY, "primary", BOT_IFNAME, v_none, 0, 0, 0, M_ABTA,
	    BOF_COND_REPORT, BPH_AFTER_ENSLAVE, "primary", 11, BNLA_IFINDEX, "2.6"),
	ROW(BOPT_ACTIVE_SLAVE, "active_slave", BOT_IFNAME, v_none, 0, 0, 0, M_ABTA,
	    BOF_COND_REPORT, BPH_AFTER_ENSLAVE, "active_slave", 2, BNLA_IFINDEX, "2.6"),
	ROW(BOPT_SLAVES, "slaves", BOT_MEMBERS, v_none, 0, 0, 0, BM_ALL,
	    BOF_NOT_OPTS, BPH_NONE, "slaves", 0, BNLA_NONE, "2.6"),
	ROW(BOPT_QUEUE_ID, "queue_id", BOT_MEMBERS, v_none, 0, 65535, 0, BM_ALL,
	    BOF_NOT_OPTS, BPH_NONE, "queue_id", 0, BNLA_NONE, "2.6.35"),
	ROW(BOPT_MAX_BONDS, "max_bonds", BOT_UINT, v_none, 0, INT_MAX, 1, BM_ALL,
	    BOF_MODULE, BPH_NONE, NULL, 0, BNLA_NONE, "2.6"),
	ROW(BOPT_TX_QUEUES, "tx_queues", BOT_UINT, v_none, 1, 255, 16, BM_ALL,
	    BOF_MODULE, BPH_NONE, NULL, 0, BNLA_NONE, "2.6.35"),
};

const struct bond_slave_opt bond_slave_opt_table[BSOPT_COUNT] = {
	{ BSOPT_QUEUE_ID, "BOND_PORT_QUEUE_ID", "queue_id", 0, 65535, 0, BM_ALL, 5, BNLA_U16 },
	{ BSOPT_PRIO, "BOND_PORT_PRIO", "prio", INT32_MIN, INT32_MAX, 0, M_ABTA, 9, BNLA_U32 },
	{ BSOPT_ACTOR_PORT_PRIO, "BOND_PORT_ACTOR_PORT_PRIO", "actor_port_prio", 1, 65535, 255,
	  M_AD, 10, BNLA_U16 },
};

/* Keys and aliases sorted by name, for bsearch (a unit test checks the order). */
static const struct bond_key { const char *name; enum bond_opt_id id; } bond_keys[] = {
	{ "active_slave", BOPT_ACTIVE_SLAVE }, { "ad_actor_sys_prio", BOPT_AD_ACTOR_SYS_PRIO },
	{ "ad_actor_system", BOPT_AD_ACTOR_SYSTEM }, { "ad_select", BOPT_AD_SELECT },
	{ "ad_user_port_key", BOPT_AD_USER_PORT_KEY }, { "all_slaves_active", BOPT_ALL_SLAVES_ACTIVE },
	{ "arp_all_targets", BOPT_ARP_ALL_TARGETS }, { "arp_interval", BOPT_ARP_INTERVAL },
	{ "arp_ip_target", BOPT_ARP_IP_TARGET }, { "arp_missed_max", BOPT_ARP_MISSED_MAX },
	{ "arp_validate", BOPT_ARP_VALIDATE }, { "broadcast_neighbor", BOPT_BROADCAST_NEIGH },
	{ "coupled_control", BOPT_COUPLED_CONTROL }, { "downdelay", BOPT_DOWNDELAY },
	{ "fail_over_mac", BOPT_FAIL_OVER_MAC }, { "lacp_active", BOPT_LACP_ACTIVE },
	{ "lacp_rate", BOPT_LACP_RATE }, { "lacp_strict", BOPT_LACP_STRICT },
	{ "lp_interval", BOPT_LP_INTERVAL }, { "max_bonds", BOPT_MAX_BONDS },
	{ "miimon", BOPT_MIIMON }, { "min_links", BOPT_MIN_LINKS }, { "mode", BOPT_MODE },
	{ "ns_ip6_target", BOPT_NS_IP6_TARGET }, { "num_grat_arp", BOPT_NUM_PEER_NOTIF },
	{ "num_unsol_na", BOPT_NUM_PEER_NOTIF }, { "packets_per_slave", BOPT_PACKETS_PER_SLAVE },
	{ "peer_notif_delay", BOPT_PEER_NOTIF_DELAY }, { "primary", BOPT_PRIMARY },
	{ "primary_reselect", BOPT_PRIMARY_RESELECT }, { "queue_id", BOPT_QUEUE_ID },
	{ "resend_igmp", BOPT_RESEND_IGMP }, { "slaves", BOPT_SLAVES },
	{ "tlb_dynamic_lb", BOPT_TLB_DYNAMIC_LB }, { "tx_queues", BOPT_TX_QUEUES },
	{ "updelay", BOPT_UPDELAY }, { "use_carrier", BOPT_USE_CARRIER },
	{ "xmit_hash_policy", BOPT_XMIT_HASH_POLICY },
};
#define N_KEYS (sizeof(bond_keys) / sizeof(*bond_keys))

const struct bond_opt *bond_opt_get(enum bond_opt_id id)
{
	return (unsigned)id < BOPT_COUNT ? &bond_opt_table[id] : NULL;
}

static int cmp_key(const void *k, const void *e)
{
	return strcmp(k, ((const struct bond_key *)e)->name);
}

const struct bond_opt *bond_opt_by_name(const char *name)
{
	const struct bond_key *k = bsearch(name, bond_keys, N_KEYS, sizeof(*k), cmp_key);

	return k ? &bond_opt_table[k->id] : NULL;
}

int bond_opts_keys_sorted(void)
{
	for (size_t i = 1; i < N_KEYS; i++)
		if (strcmp(bond_keys[i - 1].name, bond_keys[i].name) >= 0)
			return 0;
	return 1;
}

const char *bond_opt_value_name(const struct bond_opt *o, uint32_t v)
{
	for (const struct bond_opt_value *t = o->values; t && t->name; t++)
		if (t->value == v)
			return t->name;
	return NULL;
}

const char *bond_opt_expected(const struct bond_opt *o)
{
	static char buf[256];
	size_t n = 0;
	const struct bond_opt_value *t;

#define PUT(...) do { int r_ = snprintf(buf + n, sizeof(buf) - n, __VA_ARGS__); \
		      if (r_ > 0 && (size_t)r_ < sizeof(buf) - n) n += (size_t)r_; } while (0)
	buf[0] = '\0';
	switch (o->type) {
	case BOT_ENUM:
		for (t = o->values; t->name; t++)
			PUT("%s%s", n ? ", " : "", t->name);
		for (t = o->values; t->name; t++)
			PUT(", %u", t->value);
		break;
	case BOT_UINT:
		PUT("a number %u-%u", o->min, o->max);
		for (t = o->values; t->name; t++)
			PUT(", %s", t->name);
		break;
	case BOT_IFNAME:
		PUT("an interface name, or empty for none");
		break;
	case BOT_IP4LIST:
		PUT("IPv4 addresses separated by commas, each optionally +addr or -addr");
		break;
	case BOT_IP6LIST:
		PUT("IPv6 addresses separated by commas, each optionally +addr or -addr");
		break;
	case BOT_MAC:
		PUT("a unicast MAC address xx:xx:xx:xx:xx:xx");
		break;
	case BOT_MEMBERS:
		break;
	}
#undef PUT
	return buf;
}

/* The kernel reads a value made only of digits (and blanks) as a number. */
static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static int parse_number(const struct bond_opt *o, const char *val, uint32_t *out)
{
	const struct bond_opt_value *t;
	unsigned long long v = 0;

	if (all_digits(val)) {
		for (const char *s = val; *s; s++) {
			v = v * 10 + (unsigned)(*s - '0');
			if (v > UINT32_MAX)
				return -1;
		}
		if (o->type == BOT_ENUM) {
			for (t = o->values; t->name; t++)
				if (t->value == v)
					break;
			if (!t->name)
				return -1;
		} else if (v < o->min || v > o->max) {
			return -1;
		}
		*out = (uint32_t)v;
		return 0;
	}
	for (t = o->values; t->name; t++)
		if (!strcmp(t->name, val)) {
			*out = t->value;
			return 0;
		}
	if (!strcmp(val, "default")) {
		*out = o->def;
		return 0;
	}
	return -1;
}

static int cmp_in4(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct in_addr));
}

static int cmp_in6(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct in6_addr));
}

/* One comma list of targets applied to the list already in out: "+a" adds, "-a"
 * removes, a bare "a" adds, as the driver's own +/- syntax does. */
static int parse_targets(const struct bond_opt *o, const char *val, struct bond_opts *out,
			 char *err, size_t errlen)
{
	int v6 = o->type == BOT_IP6LIST;
	size_t sz = v6 ? sizeof(struct in6_addr) : sizeof(struct in_addr);
	uint8_t *base = v6 ? (uint8_t *)out->ns_ip6_target : (uint8_t *)out->arp_ip_target;
	unsigned *n = v6 ? &out->n_ns_ip6_target : &out->n_arp_ip_target;
	char item[INET6_ADDRSTRLEN + 2];
	const char *p = val, *e;

	if (!BOND_HAS(out, o->id))
		*n = 0;
	for (; ; p = e + 1) {
		uint8_t a[sizeof(struct in6_addr)];
		const char *s;
		int del = 0;
		unsigned i;

		e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		if (e == p || (size_t)(e - p) >= sizeof(item)) {
			snprintf(err, errlen, e == p ? "empty address in the list"
				 : "invalid address (expected %s)", bond_opt_expected(o));
			return -1;
		}
		memcpy(item, p, (size_t)(e - p));
		item[e - p] = '\0';
		s = item;
		if (*s == '+' || *s == '-')
			del = *s++ == '-';
		if (inet_pton(v6 ? AF_INET6 : AF_INET, s, a) != 1) {
			snprintf(err, errlen, "%s: not an %s address", s, v6 ? "IPv6" : "IPv4");
			return -1;
		}
		/* The driver refuses these targets (bond_options.c). */
		if (!v6 && (a[0] == 0 || !memcmp(a, "\xff\xff\xff\xff", 4))) {
			snprintf(err, errlen, "%s: the kernel refuses 0.0.0.0/8 and 255.255.255.255 as targets", s);
			return -1;
		}
		if (v6 && (IN6_IS_ADDR_UNSPECIFIED((struct in6_addr *)a) ||
			   IN6_IS_ADDR_LOOPBACK((struct in6_addr *)a) ||
			   IN6_IS_ADDR_MULTICAST((struct in6_addr *)a))) {
			snprintf(err, errlen, "%s: the kernel refuses ::, ::1 and multicast as targets", s);
			return -1;
		}
		for (i = 0; i < *n; i++)
			if (!memcmp(base + i * sz, a, sz))
				break;
		if (del) {
			if (i < *n) {
				memmove(base + i * sz, base + (i + 1) * sz, (*n - i - 1) * sz);
				(*n)--;
			}
		} else if (i < *n) {
			snprintf(err, errlen, "%s: listed twice", s);
			return -1;
		} else if (*n == BOND_MAX_TARGETS) {
			snprintf(err, errlen, "more than %d targets (the kernel's limit)", BOND_MAX_TARGETS);
			return -1;
		} else {
			memcpy(base + (*n)++ * sz, a, sz);
		}
		if (!*e)
			break;
	}
	qsort(base, *n, sz, v6 ? cmp_in6 : cmp_in4);
	return 0;
}

static int parse_mac(const char *val, uint8_t mac[6])
{
	unsigned m[6];
	int len = 0;

	if (strlen(val) != 17 ||
	    sscanf(val, "%2x:%2x:%2x:%2x:%2x:%2x%n", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5],
		   &len) != 6 || len != 17)
		return -1;
	for (int i = 0; i < 17; i++)
		if ((i % 3 == 2) != (val[i] == ':') || (i % 3 != 2 && !isxdigit((unsigned char)val[i])))
			return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)m[i];
	return 0;
}

int bond_opt_parse_value(const struct bond_opt *o, const char *val, struct bond_opts *out,
			 char *err, size_t errlen)
{
	switch (o->type) {
	case BOT_ENUM:
	case BOT_UINT:
		if (parse_number(o, val, &out->num[o->id]) < 0)
			goto invalid;
		break;
	case BOT_IFNAME:
		if (ifcfg_name_problem(val))
			goto invalid;
		snprintf(o->id == BOPT_PRIMARY ? out->primary : out->active_slave, IFNAMSIZ,
			 "%s", val);
		break;
	case BOT_IP4LIST:
	case BOT_IP6LIST:
		if (parse_targets(o, val, out, err, errlen) < 0)
			return -1;
		break;
	case BOT_MAC:
		if (parse_mac(val, out->ad_actor_system) < 0)
			goto invalid;
		if (out->ad_actor_system[0] & 1) {
			snprintf(err, errlen, "multicast address (the kernel needs a unicast MAC)");
			return -1;
		}
		break;
	case BOT_MEMBERS:
		snprintf(err, errlen, o->id == BOPT_SLAVES
			 ? "not set here: each slave's file names its bond with MASTER= and SLAVE=yes"
			 : "not set here: use BOND_PORT_QUEUE_ID= in the slave's file");
		return -1;
	}
	out->has |= 1ull << o->id;
	return 0;
invalid:
	snprintf(err, errlen, "invalid value (expected %s)", bond_opt_expected(o));
	return -1;
}

static const char *const *key_names(void)
{
	static const char *names[N_KEYS];

	for (size_t i = 0; i < N_KEYS; i++)
		names[i] = bond_keys[i].name;
	return names;
}

int bond_opts_parse(const char *text, const char *file, int line, struct bond_opts *out,
		    struct diags *d)
{
	size_t errs = d->errors;
	const char *p = text;

	while (*p) {
		char tok[1024], err[256];
		const struct bond_opt *o;
		size_t len;
		char *eq;

		p += strspn(p, " \t\n");
		len = strcspn(p, " \t\n");
		if (!len)
			break;
		if (len >= sizeof(tok)) {
			diag_add(d, DIAG_ERROR, file, line, "BONDING_OPTS: option too long");
			p += len;
			continue;
		}
		memcpy(tok, p, len);
		tok[len] = '\0';
		p += len;
		eq = strchr(tok, '=');
		if (!eq) {
			diag_add(d, DIAG_ERROR, file, line, "BONDING_OPTS: %s: expected key=value", tok);
			continue;
		}
		*eq = '\0';
		o = bond_opt_by_name(tok);
		if (!o) {
			const char *s = diag_closest(tok, key_names(), N_KEYS);

			diag_add(d, DIAG_ERROR, file, line, "BONDING_OPTS: %s=%s: unknown option%s%s%s",
				 tok, eq + 1, s ? " (did you mean " : "", s ? s : "", s ? "?)" : "");
			continue;
		}
		if (o->flags & BOF_MODULE) {
			struct bond_opts scratch = { 0 };

			if (bond_opt_parse_value(o, eq + 1, &scratch, err, sizeof(err)) < 0)
				diag_add(d, DIAG_ERROR, file, line, "BONDING_OPTS: %s=%s: %s",
					 tok, eq + 1, err);
			else
				diag_add(d, DIAG_WARNING, file, line,
					 "BONDING_OPTS: %s=%s: a bonding module parameter, not a bond option; ignored (set it in /etc/modprobe.d)",
					 tok, eq + 1);
			continue;
		}
		if (bond_opt_parse_value(o, eq + 1, out, err, sizeof(err)) < 0) {
			diag_add(d, DIAG_ERROR, file, line, "BONDING_OPTS: %s=%s: %s", tok, eq + 1, err);
			continue;
		}
		out->line[o->id] = line;
	}
	return d->errors > errs ? -1 : 0;
}

static const char *mode_name(uint32_t m)
{
	const char *s = bond_opt_value_name(&bond_opt_table[BOPT_MODE], m);

	return s ? s : "?";
}

/* "802.3ad" or "active-backup, balance-tlb, balance-alb". */
static const char *modes_text(unsigned mask, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned m = 0; m < BOND_MODE_COUNT; m++)
		if (mask & BM(m)) {
			int r = snprintf(buf + n, len - n, "%s%s", n ? ", " : "", mode_name(m));

			if (r > 0 && (size_t)r < len - n)
				n += (size_t)r;
		}
	return buf;
}

static int in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], name))
			return 1;
	return 0;
}

#define GIVEN(o, id) (BOND_HAS(o, id) && (o)->line[id])

int bond_opts_validate(const struct bond_opts *o, const char *const *slaves, size_t nslaves,
		       const char *file, int line, struct diags *d)
{
	size_t errs = d->errors;
	uint32_t mode = BOND_HAS(o, BOPT_MODE) ? o->num[BOPT_MODE] : BOND_MODE_RR;
	int ab = mode == BOND_MODE_AB;
	uint32_t arp = BOND_HAS(o, BOPT_ARP_INTERVAL) ? o->num[BOPT_ARP_INTERVAL] : 0;
	uint32_t mii;
	char v[512], mb[128];

	/* Current kernels give 802.3ad, tlb and alb miimon=100 when nothing else monitors. */
	if (BOND_HAS(o, BOPT_MIIMON))
		mii = o->num[BOPT_MIIMON];
	else
		mii = (BM(mode) & (M_AD | M_TLBALB)) && !arp ? 100 : 0;

	for (int id = 0; id < BOPT_COUNT; id++) {
		const struct bond_opt *r = &bond_opt_table[id];

		if (!GIVEN(o, id) || (r->modes & BM(mode)))
			continue;
		diag_add(d, DIAG_ERROR, file, line,
			 "BONDING_OPTS: %s=%s: not available in mode %s (the kernel accepts it only in %s)",
			 r->name, bond_opt_format(o, id, v, sizeof(v)), mode_name(mode),
			 modes_text(r->modes, mb, sizeof(mb)));
	}
	if (mii && arp)
		diag_add(d, DIAG_ERROR, file, line,
			 "BONDING_OPTS: miimon=%u and arp_interval=%u: choose one link monitor (the kernel runs either MII or ARP monitoring, not both)",
			 mii, arp);
	for (int id = BOPT_UPDELAY; id <= BOPT_PEER_NOTIF_DELAY; id++) {
		uint32_t dv = o->num[id];

		if (!GIVEN(o, id) || !dv)
			continue;
		if (!mii)
			diag_add(d, DIAG_ERROR, file, line,
				 "BONDING_OPTS: %s=%u needs miimon (the kernel refuses delays while MII monitoring is off)",
				 bond_opt_table[id].name, dv);
		else if (dv % mii)
			diag_add(d, DIAG_WARNING, file, line,
				 "BONDING_OPTS: %s=%u is not a multiple of miimon=%u: the kernel rounds it down to %u",
				 bond_opt_table[id].name, dv, mii, dv / mii * mii);
	}
	if (arp && (BM(mode) & M_ARP) && !o->n_arp_ip_target && !o->n_ns_ip6_target)
		diag_add(d, DIAG_WARNING, file, line,
			 "BONDING_OPTS: arp_interval=%u without arp_ip_target: no probes are sent, so slaves are judged on incidental traffic only",
			 arp);
	if (!arp && (GIVEN(o, BOPT_ARP_IP_TARGET) || GIVEN(o, BOPT_ARP_VALIDATE)) &&
	    (BM(mode) & M_ARP))
		diag_add(d, DIAG_WARNING, file, line,
			 "BONDING_OPTS: %s has no effect without arp_interval",
			 GIVEN(o, BOPT_ARP_IP_TARGET) ? "arp_ip_target" : "arp_validate");
	if (ab && !mii && !arp)
		diag_add(d, DIAG_WARNING, file, line,
			 "BONDING_OPTS: active-backup without miimon or arp_interval: a failed link is never detected, so the bond never fails over by itself");
	if (GIVEN(o, BOPT_XMIT_HASH_POLICY) &&
	    !(BM(mode) & (BM(BOND_MODE_XOR) | M_AD | M_TLBALB)))
		diag_add(d, DIAG_WARNING, file, line,
			 "BONDING_OPTS: xmit_hash_policy has no effect in mode %s", mode_name(mode));
	if (GIVEN(o, BOPT_FAIL_OVER_MAC) && o->num[BOPT_FAIL_OVER_MAC] && !ab)
		diag_add(d, DIAG_WARNING, file, line,
			 "BONDING_OPTS: fail_over_mac has no effect in mode %s", mode_name(mode));
	if (GIVEN(o, BOPT_MIN_LINKS) && o->num[BOPT_MIN_LINKS] && mode != BOND_MODE_8023AD)
		diag_add(d, DIAG_WARNING, file, line,
			 "BONDING_OPTS: min_links has no effect in mode %s", mode_name(mode));
	if (GIVEN(o, BOPT_LP_INTERVAL) && !(BM(mode) & M_TLBALB))
		diag_add(d, DIAG_WARNING, file, line,
			 "BONDING_OPTS: lp_interval has no effect in mode %s", mode_name(mode));
	if (slaves) {
		static const enum bond_opt_id named[] = { BOPT_PRIMARY, BOPT_ACTIVE_SLAVE };

		for (size_t i = 0; i < 2; i++) {
			enum bond_opt_id id = named[i];
			const char *s = id == BOPT_PRIMARY ? o->primary : o->active_slave;

			if (GIVEN(o, id) && *s && (bond_opt_table[id].modes & BM(mode)) &&
			    !in_list(s, slaves, nslaves))
				diag_add(d, DIAG_ERROR, file, line,
					 "BONDING_OPTS: %s=%s: not a slave of this bond (no ifcfg file with MASTER= naming it and SLAVE=yes)",
					 bond_opt_table[id].name, s);
		}
	}
	return d->errors > errs ? -1 : 0;
}

void bond_opts_fill_defaults(struct bond_opts *o)
{
	uint32_t mode;

	if (!BOND_HAS(o, BOPT_MODE)) {
		o->num[BOPT_MODE] = BOND_MODE_RR;
		o->has |= 1ull << BOPT_MODE;
	}
	mode = o->num[BOPT_MODE];
	for (int id = 0; id < BOPT_COUNT; id++) {
		const struct bond_opt *r = &bond_opt_table[id];

		if (BOND_HAS(o, id) || r->phase == BPH_NONE)
			continue;
		o->num[id] = r->def;
		/* bond_option_mode_set(): entering 4/5/6 without a monitor gives miimon 100. */
		if (id == BOPT_MIIMON && (BM(mode) & (M_AD | M_TLBALB)) &&
		    !(BOND_HAS(o, BOPT_ARP_INTERVAL) && o->num[BOPT_ARP_INTERVAL]))
			o->num[id] = 100;
		o->has |= 1ull << id;
	}
}

int bond_opt_equal(const struct bond_opts *a, const struct bond_opts *b, enum bond_opt_id id)
{
	switch (bond_opt_table[id].type) {
	case BOT_IFNAME:
		return id == BOPT_PRIMARY ? !strcmp(a->primary, b->primary)
					  : !strcmp(a->active_slave, b->active_slave);
	case BOT_IP4LIST:
		return a->n_arp_ip_target == b->n_arp_ip_target &&
		       !memcmp(a->arp_ip_target, b->arp_ip_target,
			       a->n_arp_ip_target * sizeof(struct in_addr));
	case BOT_IP6LIST:
		return a->n_ns_ip6_target == b->n_ns_ip6_target &&
		       !memcmp(a->ns_ip6_target, b->ns_ip6_target,
			       a->n_ns_ip6_target * sizeof(struct in6_addr));
	case BOT_MAC:
		return !memcmp(a->ad_actor_system, b->ad_actor_system, 6);
	default:
		return a->num[id] == b->num[id];
	}
}

const char *bond_opt_format(const struct bond_opts *o, enum bond_opt_id id, char *buf, size_t len)
{
	const struct bond_opt *r = &bond_opt_table[id];
	const char *s;
	size_t n = 0;

	buf[0] = '\0';
	switch (r->type) {
	case BOT_ENUM:
		s = bond_opt_value_name(r, o->num[id]);
		if (s)
			snprintf(buf, len, "%s", s);
		else
			snprintf(buf, len, "%u", o->num[id]);
		break;
	case BOT_UINT:
		snprintf(buf, len, "%u", o->num[id]);
		break;
	case BOT_IFNAME:
		snprintf(buf, len, "%s", id == BOPT_PRIMARY ? o->primary : o->active_slave);
		break;
	case BOT_IP4LIST:
	case BOT_IP6LIST: {
		int v6 = r->type == BOT_IP6LIST;
		unsigned cnt = v6 ? o->n_ns_ip6_target : o->n_arp_ip_target;

		for (unsigned i = 0; i < cnt && n + INET6_ADDRSTRLEN + 2 < len; i++) {
			if (i)
				buf[n++] = ',';
			inet_ntop(v6 ? AF_INET6 : AF_INET,
				  v6 ? (const void *)&o->ns_ip6_target[i] : (const void *)&o->arp_ip_target[i],
				  buf + n, (socklen_t)(len - n));
			n += strlen(buf + n);
		}
		break;
	}
	case BOT_MAC: {
		const uint8_t *m = o->ad_actor_system;

		snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
		break;
	}
	case BOT_MEMBERS:
		break;
	}
	return buf;
}
