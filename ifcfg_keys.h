/* ifcfg_keys.h - the one table of every key the legacy network-scripts act on (and
 * the ones NetworkManager's ifcfg-rh writes), each with what ifcfg-bond does with
 * it.  The reader warns from it, the lint names unknown keys from it, and
 * ifcfg-bond(5) lists it (check_man holds the page to it). */
#ifndef IFCFG_KEYS_H
#define IFCFG_KEYS_H

#include <stdint.h>

enum key_status {
	KEY_APPLIED,		/* read and applied (where says on which devices) */
	KEY_PLANNED,		/* not applied yet; issue is the one that applies it */
	KEY_UNSUPPORTED,	/* not applied, for the reason in why */
	KEY_LABEL,		/* asks nothing of a device (a name, NetworkManager's
				 * bookkeeping): accepted in silence */
};

/* The devices an applied key means something on; elsewhere it is a warning. */
enum key_where { KW_ANY, KW_BRIDGE, KW_VLAN, KW_BOND_SLAVE, KW_BOND };

#define KEYF_NUM	0x01	/* also KEYn (IPADDR1, DNS2) */
#define KEYF_NUM_ONLY	0x02	/* only KEYn: the bare name is another row or none */
#define KEYF_PREFIX	0x04	/* every key that starts with the name (IEEE_8021X_) */
#define KEYF_GLOBAL	0x08	/* also read from /etc/sysconfig/network */
#define KEYF_GLOBAL_ONLY 0x10	/* only there: in an ifcfg file it is misplaced */
#define KEYF_LINT	0x20	/* not applied, and said by bondctl check only: so many
				 * hosts carry it that a warning at every start would
				 * bury the ones that matter (HOSTNAME) */

struct ifcfg_key {
	const char *name;
	uint8_t flags;		/* KEYF_* */
	uint8_t status;		/* enum key_status */
	uint8_t where;		/* enum key_where, for KEY_APPLIED */
	uint8_t issue;		/* KEY_PLANNED: the issue that will apply it */
	/* Not applied, values that ask for nothing (the kernel's and our behaviour
	 * already): no warning.  '|'-separated, any case; "*" for every value. */
	const char *quiet;
	/* Not applied: why, as the warning and the manual say it. */
	const char *why;
};

/* The row for key as a file spells it (exact, KEYn, or a prefix row), or NULL. */
const struct ifcfg_key *ifcfg_key_find(const char *key);
/* Every row, sorted by name (strcmp order); *n is their count. */
const struct ifcfg_key *ifcfg_keys(size_t *n);
/* The known key closest to an unknown one (for "did you mean"), or NULL. */
const char *ifcfg_key_closest(const char *key);
/* 1 if value asks for nothing of a row that is not applied (see quiet). */
int ifcfg_key_quiet(const struct ifcfg_key *k, const char *value);

#endif
