/* bond_opts.h - the bonding option table: one row per kernel option drives parsing,
 * validation, plan order, sysfs names, netlink attributes, the man page and the lint. */
#ifndef BOND_OPTS_H
#define BOND_OPTS_H

#include <stdint.h>
#include <stddef.h>
#include <net/if.h>
#include <netinet/in.h>
#include "diag.h"

/* Bond modes (numbers are the kernel's BOND_MODE_*). */
enum {
	BOND_MODE_RR, BOND_MODE_AB, BOND_MODE_XOR, BOND_MODE_BCAST,
	BOND_MODE_8023AD, BOND_MODE_TLB, BOND_MODE_ALB, BOND_MODE_COUNT
};
#define BM(m) (1u << (m))
#define BM_ALL ((1u << BOND_MODE_COUNT) - 1)

/* Row ids.  The order of this enum is the table order: the man page documents the
 * options in it and the planner applies same-phase options in it, so it is also the
 * dependency order (miimon before the delays, targets before arp_interval). */
enum bond_opt_id {
	BOPT_MODE,
	BOPT_FAIL_OVER_MAC,
	BOPT_LACP_ACTIVE,
	BOPT_LACP_RATE,
	BOPT_AD_SELECT,
	BOPT_AD_USER_PORT_KEY,
	BOPT_TLB_DYNAMIC_LB,
	BOPT_COUPLED_CONTROL,
	BOPT_MIIMON,
	BOPT_UPDELAY,
	BOPT_DOWNDELAY,
	BOPT_PEER_NOTIF_DELAY,
	BOPT_USE_CARRIER,
	BOPT_ARP_IP_TARGET,
	BOPT_NS_IP6_TARGET,
	BOPT_ARP_INTERVAL,
	BOPT_ARP_VALIDATE,
	BOPT_ARP_ALL_TARGETS,
	BOPT_ARP_MISSED_MAX,
	BOPT_PRIMARY_RESELECT,
	BOPT_XMIT_HASH_POLICY,
	BOPT_AD_ACTOR_SYS_PRIO,
	BOPT_AD_ACTOR_SYSTEM,
	BOPT_MIN_LINKS,
	BOPT_ALL_SLAVES_ACTIVE,
	BOPT_RESEND_IGMP,
	BOPT_NUM_PEER_NOTIF,		/* num_grat_arp, alias num_unsol_na */
	BOPT_PACKETS_PER_SLAVE,
	BOPT_LP_INTERVAL,
	BOPT_BROADCAST_NEIGH,
	BOPT_LACP_STRICT,
	BOPT_PRIMARY,
	BOPT_ACTIVE_SLAVE,
	BOPT_SLAVES,			/* documented; membership comes from MASTER= */
	BOPT_QUEUE_ID,			/* documented; per slave, BOND_PORT_QUEUE_ID= */
	BOPT_MAX_BONDS,			/* module parameter only */
	BOPT_TX_QUEUES,			/* module parameter only */
	BOPT_COUNT
};

/* How a value is written and compared. */
enum bond_opt_type {
	BOT_ENUM,	/* name or number from values[] */
	BOT_UINT,	/* number in [min, max], plus the names in values[] (off, maxval, ...) */
	BOT_IFNAME,	/* interface name, empty = none */
	BOT_IP4LIST,	/* arp_ip_target: up to BOND_MAX_TARGETS IPv4 */
	BOT_IP6LIST,	/* ns_ip6_target */
	BOT_MAC,	/* ad_actor_system */
	BOT_MEMBERS,	/* slaves, queue_id: not settable in BONDING_OPTS */
};

/* Netlink payload of IFLA_BOND_<x>. */
enum bond_nla_type { BNLA_NONE, BNLA_U8, BNLA_U16, BNLA_U32, BNLA_IFINDEX, BNLA_BINARY,
		     BNLA_IP4_NEST, BNLA_IP6_NEST };

/* When the kernel lets the option change: the planner's phases, in order. */
enum bond_phase {
	BPH_NOSLAVES,		/* bond must have no slaves (ENOTEMPTY); mode also IFDOWN */
	BPH_IFDOWN,		/* bond must be administratively down (EBUSY) */
	BPH_LIVE,		/* any time, in table order */
	BPH_AFTER_ENSLAVE,	/* primary, active_slave: need the slaves enslaved */
	BPH_NONE,		/* not applied per bond (module parameters, membership) */
};

/* Flags. */
#define BOF_NOSLAVES	0x01	/* kernel: only without slaves */
#define BOF_IFDOWN	0x02	/* kernel: only while down */
#define BOF_NL_ONLY	0x04	/* no sysfs file */
#define BOF_MODULE	0x08	/* module parameter only: warn, cannot apply per bond */
#define BOF_NOT_OPTS	0x10	/* not accepted in BONDING_OPTS (slaves, queue_id) */
#define BOF_WRITE_ONLY	0x20	/* the kernel does not report it back (cannot be compared) */
#define BOF_COND_REPORT	0x40	/* netlink reports it only while set, or only in some
				 * modes: its absence says nothing about kernel support */

struct bond_opt_value {
	const char *name;
	uint32_t value;
};

struct bond_opt {
	enum bond_opt_id id;
	const char *name;		/* BONDING_OPTS key */
	const char *alias;		/* second key, or NULL (num_unsol_na) */
	enum bond_opt_type type;
	const struct bond_opt_value *values;	/* NULL-terminated; names for enums/uints */
	uint32_t min, max;		/* BOT_UINT range */
	uint32_t def;			/* default for a bond created without module params */
	unsigned modes;			/* BM() mask of modes where the kernel accepts it */
	unsigned flags;			/* BOF_* */
	enum bond_phase phase;
	const char *sysfs;		/* file under /sys/class/net/BOND/bonding/, or NULL */
	int nla;			/* IFLA_BOND_* number, 0 = none */
	enum bond_nla_type nla_type;
	const char *since;		/* first kernel: "2.6", "5.18" ... (man page) */
};

#define BOND_MAX_TARGETS 16

/* Desired and observed bond state: the same struct, normalised (enums as numbers,
 * times in ms, target lists sorted), so the differ is one loop over the table. */
struct bond_opts {
	uint64_t has;			/* 1ull << id: value present */
	uint32_t num[BOPT_COUNT];	/* BOT_ENUM / BOT_UINT values */
	int line[BOPT_COUNT];		/* source line of the value (desired), 0 = default */
	char primary[IFNAMSIZ];
	char active_slave[IFNAMSIZ];
	uint8_t ad_actor_system[6];
	unsigned n_arp_ip_target;
	struct in_addr arp_ip_target[BOND_MAX_TARGETS];
	unsigned n_ns_ip6_target;
	struct in6_addr ns_ip6_target[BOND_MAX_TARGETS];
};

#define BOND_HAS(o, id) (((o)->has >> (id)) & 1u)

extern const struct bond_opt bond_opt_table[BOPT_COUNT];

/* Row by id. */
const struct bond_opt *bond_opt_get(enum bond_opt_id id);
/* Row by BONDING_OPTS key or alias, NULL if unknown. */
const struct bond_opt *bond_opt_by_name(const char *name);
/* 1 if the name index used by bond_opt_by_name() is sorted (unit test). */
int bond_opts_keys_sorted(void);
/* The name of an enum value ("active-backup"), or NULL. */
const char *bond_opt_value_name(const struct bond_opt *o, uint32_t v);
/* "slow, fast, 0, 1" style list of accepted values for messages; static buffer. */
const char *bond_opt_expected(const struct bond_opt *o);

/* Parses one value of option o into out (sets has/num/...); 0 or -1 with a message
 * (without location) in err. */
int bond_opt_parse_value(const struct bond_opt *o, const char *val, struct bond_opts *out,
			 char *err, size_t errlen);
/* Parses a whole BONDING_OPTS string (split on blanks; later keys win, except that
 * target lists accumulate with +addr/-addr) into out.
 * Each error is "FILE:LINE: BONDING_OPTS: key=value: reason" in d.  Module-only
 * options give a warning.  Returns 0 or -1 if any error. */
int bond_opts_parse(const char *text, const char *file, int line, struct bond_opts *out,
		    struct diags *d);
/* Cross-option checks on a parsed set (mode dependencies, miimon with arp_interval,
 * delays without miimon, primary/active_slave not among slaves[] ...).  slaves may be
 * NULL when unknown (then primary is not checked).  Returns 0 or -1 if any error. */
int bond_opts_validate(const struct bond_opts *o, const char *const *slaves, size_t nslaves,
		       const char *file, int line, struct diags *d);
/* Fills every option that o does not have with its default for o's mode (mode
 * itself defaults to balance-rr; miimon defaults to 100 in 802.3ad/tlb/alb without
 * arp_interval, as current kernels do). */
void bond_opts_fill_defaults(struct bond_opts *o);
/* 1 if a and b hold the same value for id (both must have it). */
int bond_opt_equal(const struct bond_opts *a, const struct bond_opts *b, enum bond_opt_id id);
/* The value of id in o as BONDING_OPTS spells it ("active-backup", "100", "eth0",
 * "192.0.2.1,192.0.2.2" for lists); returns buf. */
const char *bond_opt_format(const struct bond_opts *o, enum bond_opt_id id, char *buf, size_t len);

/* Per-slave options (in the slave's ifcfg file). */
enum bond_slave_opt_id { BSOPT_QUEUE_ID, BSOPT_PRIO, BSOPT_ACTOR_PORT_PRIO, BSOPT_COUNT };
struct bond_slave_opt {
	enum bond_slave_opt_id id;
	const char *key;		/* ifcfg key: BOND_PORT_QUEUE_ID ... */
	const char *name;		/* kernel name: queue_id, prio, actor_port_prio */
	int64_t min, max, def;
	unsigned modes;
	int nla;			/* IFLA_BOND_SLAVE_* */
	enum bond_nla_type nla_type;
};
extern const struct bond_slave_opt bond_slave_opt_table[BSOPT_COUNT];

#endif
