/* bridge_opts.c - the bridge and bridge-port option tables (net/bridge/br_netlink.c,
 * br_sysfs_br.c, br_sysfs_if.c), and BRIDGING_OPTS read against them. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/if_link.h>
#include "bridge_opts.h"
#include "netcfg.h"

#define U32MAX 0xffffffffu


/* Bridge rows.  Order is the order of live changes (and of the man page): the
 * forward delay before stp_state, because with STP on the kernel takes only 2 to 30
 * seconds, and a bridge turning STP on is still off when the delay is written
 * (br_set_forward_delay()); turning STP off, the planner writes stp_state first. */
static const struct br_opt bridge_rows[] = {
	[BRO_FORWARD_DELAY] = { "forward_delay", NULL, "forward_delay", IFLA_BR_FORWARD_DELAY, 4,
				BRT_TIME, 0, U32MAX, 1500, 1 },
	/* br_set_hello_time(), br_set_max_age(): the range holds with STP off too. */
	[BRO_HELLO_TIME] = { "hello_time", NULL, "hello_time", IFLA_BR_HELLO_TIME, 4, BRT_TIME,
			     100, 1000, 200, 1 },
	[BRO_MAX_AGE] = { "max_age", NULL, "max_age", IFLA_BR_MAX_AGE, 4, BRT_TIME, 600, 4000,
			  2000, 1 },
	[BRO_AGEING_TIME] = { "ageing_time", NULL, "ageing_time", IFLA_BR_AGEING_TIME, 4, BRT_TIME,
			      0, U32MAX, 30000, 1 },
	[BRO_STP_STATE] = { "stp_state", NULL, "stp_state", IFLA_BR_STP_STATE, 4, BRT_BOOL, 0, 1,
			    0, 1 },
	[BRO_PRIORITY] = { "priority", NULL, "priority", IFLA_BR_PRIORITY, 2, BRT_UINT, 0, 65535,
			   32768, 1 },
	{ "vlan_filtering", NULL, "vlan_filtering", IFLA_BR_VLAN_FILTERING, 1, BRT_BOOL, 0, 1, 0, 1 },
	{ "vlan_protocol", NULL, "vlan_protocol", IFLA_BR_VLAN_PROTOCOL, 2, BRT_PROTO, 0, 0,
	  0x8100, 1 },
	{ "default_pvid", NULL, "vlan_default_pvid", IFLA_BR_VLAN_DEFAULT_PVID, 2, BRT_UINT, 0,
	  4094, 1, 1 },
	/* The link-local groups 01:80:c2:00:00:00-02 (STP, MAC pause, LACP) are never
	 * forwarded (BR_GROUPFWD_RESTRICTED): the kernel refuses those bits. */
	{ "group_fwd_mask", NULL, "group_fwd_mask", IFLA_BR_GROUP_FWD_MASK, 2, BRT_UINT, 0, 65535,
	  0, 1 },
	{ "group_addr", "group_address", "group_address", IFLA_BR_GROUP_ADDR, 6, BRT_MAC, 0, 0,
	  0x0180c2000000ull, 1 },
	{ "multicast_snooping", NULL, "mcast_snooping", IFLA_BR_MCAST_SNOOPING, 1, BRT_BOOL, 0, 1,
	  1, 1 },
	{ "multicast_router", NULL, "mcast_router", IFLA_BR_MCAST_ROUTER, 1, BRT_UINT, 0, 2, 1, 0 },
	{ "multicast_querier", NULL, "mcast_querier", IFLA_BR_MCAST_QUERIER, 1, BRT_BOOL, 0, 1, 0,
	  0 },
	{ "multicast_query_use_ifaddr", NULL, "mcast_query_use_ifaddr",
	  IFLA_BR_MCAST_QUERY_USE_IFADDR, 1, BRT_BOOL, 0, 1, 0, 0 },
	{ "hash_max", "multicast_hash_max", "mcast_hash_max", IFLA_BR_MCAST_HASH_MAX, 4, BRT_UINT,
	  1, U32MAX, 4096, 0 },
	{ "multicast_last_member_count", NULL, "mcast_last_member_count",
	  IFLA_BR_MCAST_LAST_MEMBER_CNT, 4, BRT_UINT, 0, U32MAX, 2, 0 },
	{ "multicast_startup_query_count", NULL, "mcast_startup_query_count",
	  IFLA_BR_MCAST_STARTUP_QUERY_CNT, 4, BRT_UINT, 0, U32MAX, 2, 0 },
	{ "multicast_last_member_interval", NULL, "mcast_last_member_interval",
	  IFLA_BR_MCAST_LAST_MEMBER_INTVL, 8, BRT_TIME, 0, U32MAX, 100, 0 },
	{ "multicast_membership_interval", NULL, "mcast_membership_interval",
	  IFLA_BR_MCAST_MEMBERSHIP_INTVL, 8, BRT_TIME, 0, U32MAX, 26000, 0 },
	{ "multicast_querier_interval", NULL, "mcast_querier_interval",
	  IFLA_BR_MCAST_QUERIER_INTVL, 8, BRT_TIME, 0, U32MAX, 25500, 0 },
	{ "multicast_query_interval", NULL, "mcast_query_interval", IFLA_BR_MCAST_QUERY_INTVL, 8,
	  BRT_TIME, 0, U32MAX, 12500, 0 },
	{ "multicast_query_response_interval", NULL, "mcast_query_response_interval",
	  IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, 8, BRT_TIME, 0, U32MAX, 1000, 0 },
	{ "multicast_startup_query_interval", NULL, "mcast_startup_query_interval",
	  IFLA_BR_MCAST_STARTUP_QUERY_INTVL, 8, BRT_TIME, 0, U32MAX, 3125, 0 },
	{ "multicast_stats_enabled", NULL, "mcast_stats_enabled", IFLA_BR_MCAST_STATS_ENABLED, 1,
	  BRT_BOOL, 0, 1, 0, 0 },
	{ "multicast_igmp_version", NULL, "mcast_igmp_version", IFLA_BR_MCAST_IGMP_VERSION, 1,
	  BRT_UINT, 2, 3, 2, 0 },
	{ "multicast_mld_version", NULL, "mcast_mld_version", IFLA_BR_MCAST_MLD_VERSION, 1,
	  BRT_UINT, 1, 2, 1, 0 },
	{ "vlan_stats_enabled", NULL, "vlan_stats_enabled", IFLA_BR_VLAN_STATS_ENABLED, 1,
	  BRT_BOOL, 0, 1, 0, 0 },
	/* Meaningful only with br_netfilter loaded, which sets its own defaults. */
	{ "nf_call_iptables", NULL, "nf_call_iptables", IFLA_BR_NF_CALL_IPTABLES, 1, BRT_BOOL, 0,
	  1, 0, 0 },
	{ "nf_call_ip6tables", NULL, "nf_call_ip6tables", IFLA_BR_NF_CALL_IP6TABLES, 1, BRT_BOOL,
	  0, 1, 0, 0 },
	{ "nf_call_arptables", NULL, "nf_call_arptables", IFLA_BR_NF_CALL_ARPTABLES, 1, BRT_BOOL,
	  0, 1, 0, 0 },
};

/* Port rows (the names of /sys/class/net/PORT/brport/). */
static const struct br_opt port_rows[] = {
	/* br_stp_set_port_priority(): the port id keeps 6 bits for the priority. */
	{ "priority", NULL, "priority", IFLA_BRPORT_PRIORITY, 2, BRT_UINT, 0, 63, 32, 1 },
	/* br_stp_set_path_cost(); the default follows the link speed. */
	{ "path_cost", NULL, "cost", IFLA_BRPORT_COST, 4, BRT_UINT, 1, 65535, 0, 0 },
	{ "hairpin_mode", NULL, "hairpin", IFLA_BRPORT_MODE, 1, BRT_BOOL, 0, 1, 0, 1 },
	{ "bpdu_guard", NULL, "guard", IFLA_BRPORT_GUARD, 1, BRT_BOOL, 0, 1, 0, 1 },
	{ "root_block", NULL, "root_block", IFLA_BRPORT_PROTECT, 1, BRT_BOOL, 0, 1, 0, 1 },
	{ "learning", NULL, "learning", IFLA_BRPORT_LEARNING, 1, BRT_BOOL, 0, 1, 1, 1 },
	{ "unicast_flood", NULL, "flood", IFLA_BRPORT_UNICAST_FLOOD, 1, BRT_BOOL, 0, 1, 1, 1 },
	{ "multicast_flood", NULL, "mcast_flood", IFLA_BRPORT_MCAST_FLOOD, 1, BRT_BOOL, 0, 1, 1, 0 },
	{ "broadcast_flood", NULL, "bcast_flood", IFLA_BRPORT_BCAST_FLOOD, 1, BRT_BOOL, 0, 1, 1, 0 },
	{ "multicast_router", NULL, "mcast_router", IFLA_BRPORT_MULTICAST_ROUTER, 1, BRT_UINT, 0,
	  3, 1, 0 },
	{ "multicast_fast_leave", NULL, "mcast_fast_leave", IFLA_BRPORT_FAST_LEAVE, 1, BRT_BOOL, 0,
	  1, 0, 0 },
	{ "multicast_to_unicast", NULL, "mcast_to_unicast", IFLA_BRPORT_MCAST_TO_UCAST, 1,
	  BRT_BOOL, 0, 1, 0, 0 },
	{ "proxyarp", NULL, "proxy_arp", IFLA_BRPORT_PROXYARP, 1, BRT_BOOL, 0, 1, 0, 0 },
	{ "neigh_suppress", NULL, "neigh_suppress", IFLA_BRPORT_NEIGH_SUPPRESS, 1, BRT_BOOL, 0, 1,
	  0, 0 },
	{ "isolated", NULL, "isolated", IFLA_BRPORT_ISOLATED, 1, BRT_BOOL, 0, 1, 0, 0 },
	/* MAC pause frames (bit 1) are never forwarded (br_setport()). */
	{ "group_fwd_mask", NULL, "group_fwd_mask", IFLA_BRPORT_GROUP_FWD_MASK, 2, BRT_UINT, 0,
	  65535, 0, 0 },
};

_Static_assert(sizeof(bridge_rows) / sizeof(*bridge_rows) <= BR_SLOTS, "bridge rows");
_Static_assert(sizeof(port_rows) / sizeof(*port_rows) <= BR_SLOTS, "port rows");

const struct br_opt *br_table(enum br_table t, size_t *n)
{
	*n = t == BR_BRIDGE ? sizeof(bridge_rows) / sizeof(*bridge_rows)
			    : sizeof(port_rows) / sizeof(*port_rows);
	return t == BR_BRIDGE ? bridge_rows : port_rows;
}

int br_opt_find(enum br_table t, const char *name)
{
	size_t n;
	const struct br_opt *rows = br_table(t, &n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].name, name) || (rows[i].alias && !strcmp(rows[i].alias, name)))
			return (int)i;
	return -1;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return *end || errno ? -1 : 0;
}

/* xx:xx:xx:xx:xx:xx as 48 bits. */
static int parse_mac48(const char *s, uint64_t *out)
{
	uint8_t m[6];

	if (netcfg_parse_mac(s, m))
		return -1;
	*out = 0;
	for (int i = 0; i < 6; i++)
		*out = *out << 8 | m[i];
	return 0;
}

int br_opt_parse_value(enum br_table t, int id, const char *s, uint64_t *out, const char **why)
{
	size_t n;
	const struct br_opt *o = &br_table(t, &n)[id];
	static char buf[160];

	switch (o->type) {
	case BRT_BOOL:
		if (!strcmp(s, "1") || !strcasecmp(s, "on") || !strcasecmp(s, "yes"))
			*out = 1;
		else if (!strcmp(s, "0") || !strcasecmp(s, "off") || !strcasecmp(s, "no"))
			*out = 0;
		else {
			*why = "is not 0 or 1";
			return -1;
		}
		return 0;
	case BRT_PROTO:
		if (!strcasecmp(s, "0x8100") || !strcmp(s, "33024") || !strcasecmp(s, "802.1Q"))
			*out = 0x8100;
		else if (!strcasecmp(s, "0x88a8") || !strcmp(s, "34984") || !strcasecmp(s, "802.1ad"))
			*out = 0x88a8;
		else {
			*why = "is not 0x8100 (802.1Q) or 0x88a8 (802.1ad)";
			return -1;
		}
		return 0;
	case BRT_MAC:
		/* br_set_group_addr(): a link-local group, not the ones the bridge itself
		 * must consume (pause, LACP, 802.1X). */
		if (parse_mac48(s, out) || (*out >> 8) != 0x0180c20000ull ||
		    (*out & 0xff) > 0x0f || (*out & 0xff) == 1 || (*out & 0xff) == 2 ||
		    (*out & 0xff) == 3) {
			*why = "is not a group address 01:80:c2:00:00:0X (X 0 or 4-f)";
			return -1;
		}
		return 0;
	case BRT_UINT:
	case BRT_TIME:
		if (parse_u64(s, out) || *out < o->min || *out > o->max) {
			if (o->type == BRT_TIME)
				snprintf(buf, sizeof(buf),
					 "is not %" PRIu64 " to %" PRIu64 " (hundredths of a second, as sysfs holds it)",
					 o->min, o->max);
			else
				snprintf(buf, sizeof(buf), "is not a number from %" PRIu64 " to %" PRIu64,
					 o->min, o->max);
			*why = buf;
			return -1;
		}
		/* BR_GROUPFWD_RESTRICTED for bridges, BR_GROUPFWD_MACPAUSE for ports. */
		if (!strcmp(o->name, "group_fwd_mask") && (*out & (t == BR_BRIDGE ? 0x7 : 0x2))) {
			*why = t == BR_BRIDGE ? "sets bits 0-2 (STP, MAC pause, LACP), which the kernel never forwards"
					      : "sets bit 1 (MAC pause), which the kernel never forwards";
			return -1;
		}
		return 0;
	}
	return -1;
}

/* A time below the row's range that is in range as seconds (hello_time=2). */
static int nm_seconds(const struct br_opt *o, const char *s, uint64_t *out)
{
	uint64_t v;

	if (o->type != BRT_TIME || !o->min || parse_u64(s, &v) || v >= o->min ||
	    v * 100 < o->min || v * 100 > o->max)
		return 0;
	*out = v * 100;
	return 1;
}

int br_opts_parse(enum br_table t, const char *text, const char *file, int line,
		  struct br_conf *out, struct diags *d)
{
	size_t n;
	const struct br_opt *rows = br_table(t, &n);
	const char *names[2 * BR_SLOTS];
	char *copy = strdup(text), *save = NULL, *w;
	size_t nn = 0;
	int rc = 0;

	if (!copy) {
		diag_add(d, DIAG_ERROR, NULL, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		names[nn++] = rows[i].name;
		if (rows[i].alias)
			names[nn++] = rows[i].alias;
	}
	/* The legacy scripts split on blanks and write key=value to sysfs. */
	for (w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		char *eq = strchr(w, '=');
		const char *why = NULL, *close;
		uint64_t v;
		int id;

		if (!eq || eq == w || !eq[1]) {
			diag_add(d, DIAG_ERROR, file, line, "BRIDGING_OPTS: '%s' is not key=value", w);
			rc = -1;
			continue;
		}
		*eq = '\0';
		if ((id = br_opt_find(t, w)) < 0) {
			close = diag_closest(w, names, nn);
			diag_add(d, DIAG_ERROR, file, line, "BRIDGING_OPTS: unknown %s option '%s'%s%s%s",
				 t == BR_BRIDGE ? "bridge" : "bridge port", w,
				 close ? " (did you mean " : "", close ? close : "", close ? "?)" : "");
			rc = -1;
			continue;
		}
		if (nm_seconds(&br_table(t, &n)[id], eq + 1, &v)) {
			/* NetworkManager writes the STP timers in seconds, the legacy
			 * scripts (sysfs) in hundredths; their ranges do not overlap. */
			diag_add(d, DIAG_WARNING, file, line,
				 "BRIDGING_OPTS: %s=%s read as %s seconds, as NetworkManager writes it (sysfs and the legacy scripts take hundredths: %s=%llu)",
				 w, eq + 1, eq + 1, w, (unsigned long long)v);
		} else if (br_opt_parse_value(t, id, eq + 1, &v, &why)) {
			diag_add(d, DIAG_ERROR, file, line, "BRIDGING_OPTS: %s: '%s' %s", w, eq + 1, why);
			rc = -1;
			continue;
		}
		if ((out->v.has >> id) & 1 && out->v.v[id] != v) {
			diag_add(d, DIAG_ERROR, file, line, "BRIDGING_OPTS: %s is given twice", w);
			rc = -1;
			continue;
		}
		out->v.has |= 1u << id;
		out->v.v[id] = v;
		out->line[id] = line;
		out->key[id] = "BRIDGING_OPTS";
	}
	free(copy);
	return rc;
}

static void format(enum br_table t, int id, uint64_t v, char *buf, size_t len, int sysfs)
{
	size_t n;
	const struct br_opt *o = &br_table(t, &n)[id];

	switch (o->type) {
	case BRT_BOOL:
		/* ip-link's bridge_slave flags are on/off, its bridge options numbers. */
		snprintf(buf, len, "%s", sysfs || t == BR_BRIDGE ? (v ? "1" : "0") : (v ? "on" : "off"));
		break;
	case BRT_PROTO:
		snprintf(buf, len, "%s", sysfs ? (v == 0x88a8 ? "0x88a8" : "0x8100")
					       : (v == 0x88a8 ? "802.1ad" : "802.1Q"));
		break;
	case BRT_MAC:
		snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", (unsigned)(v >> 40) & 0xff,
			 (unsigned)(v >> 32) & 0xff, (unsigned)(v >> 24) & 0xff,
			 (unsigned)(v >> 16) & 0xff, (unsigned)(v >> 8) & 0xff, (unsigned)v & 0xff);
		break;
	default:
		snprintf(buf, len, "%" PRIu64, v);
	}
}

void br_opt_format(enum br_table t, int id, uint64_t v, char *buf, size_t len)
{
	format(t, id, v, buf, len, 0);
}

void br_opt_format_sysfs(enum br_table t, int id, uint64_t v, char *buf, size_t len)
{
	format(t, id, v, buf, len, 1);
}
