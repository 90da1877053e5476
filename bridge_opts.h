/* bridge_opts.h - the bridge option tables: one row per kernel option of a bridge
 * (IFLA_BR_*, /sys/class/net/BR/bridge/) and of a bridge port (IFLA_BRPORT_*,
 * /sys/class/net/PORT/brport/) drives BRIDGING_OPTS parsing, validation, the plan,
 * the netlink attributes, the man page and the lint. */
#ifndef BRIDGE_OPTS_H
#define BRIDGE_OPTS_H

#include <stdint.h>
#include <stddef.h>
#include "diag.h"

enum br_table { BR_BRIDGE, BR_PORT };

/* How a value is read and shown. */
enum br_type {
	BRT_BOOL,	/* 0 or 1 (on/off/yes/no too, as NetworkManager reads them) */
	BRT_UINT,	/* a number in [min, max] */
	BRT_TIME,	/* hundredths of a second, as sysfs and netlink (clock_t) hold them */
	BRT_MAC,	/* group_addr: xx:xx:xx:xx:xx:xx, held as 48 bits */
	BRT_PROTO,	/* vlan_protocol: 0x8100 (802.1Q) or 0x88a8 (802.1ad) */
};

struct br_opt {
	const char *name;	/* the sysfs name, as BRIDGING_OPTS spells it */
	const char *alias;	/* NetworkManager's spelling when it differs, or NULL */
	const char *ip;		/* ip-link(8)'s name */
	int nla;		/* IFLA_BR_* or IFLA_BRPORT_* */
	uint8_t width;		/* netlink payload bytes: 1, 2, 4, 8, or 6 for a MAC */
	enum br_type type;
	uint64_t min, max;
	uint64_t def;		/* the kernel's value for a new bridge or port */
	int reset;		/* a running value returns to def when the file stops
				 * giving one; 0 where the default depends on the kernel
				 * version or the link (path_cost follows the speed) */
};

/* Row ids the code names (the ifcfg keys that map to a row, the ordering rules). */
enum {
	BRO_FORWARD_DELAY, BRO_HELLO_TIME, BRO_MAX_AGE, BRO_AGEING_TIME, BRO_STP_STATE,
	BRO_PRIORITY,
};

#define BR_SLOTS 32		/* room for either table */

/* Values by row id; has: 1u << id of the rows present. */
struct br_vals {
	uint32_t has;
	uint64_t v[BR_SLOTS];
};

/* What a file says: the values and the line of each. */
struct br_conf {
	struct br_vals v;
	int line[BR_SLOTS];
	const char *key[BR_SLOTS];	/* the ifcfg key that set it ("BRIDGING_OPTS", "STP") */
};

const struct br_opt *br_table(enum br_table t, size_t *n);
/* Row id of NAME (or its alias) in table t, or -1. */
int br_opt_find(enum br_table t, const char *name);
/* Parses one value for row id of table t; 0, or -1 with a reason in why. */
int br_opt_parse_value(enum br_table t, int id, const char *s, uint64_t *out,
		       const char **why);
/* BRIDGING_OPTS="key=value ...": each value into out (key "BRIDGING_OPTS", line).
 * Every bad word is "FILE:LINE: BRIDGING_OPTS: ..." in d.  0, or -1. */
int br_opts_parse(enum br_table t, const char *text, const char *file, int line,
		  struct br_conf *out, struct diags *d);
/* The value as ip-link(8) takes it ("1500", "802.1Q", "01:80:c2:00:00:00", "on"). */
void br_opt_format(enum br_table t, int id, uint64_t v, char *buf, size_t len);
/* The value as a BRIDGING_OPTS word takes it (what bondctl dump writes). */
void br_opt_format_sysfs(enum br_table t, int id, uint64_t v, char *buf, size_t len);

#endif
