/* ethtool_opts.h - ETHTOOL_OPTS as the legacy ethtool_set() reads it: commands
 * separated by ';', each "-X DEV args" (ethtool's own option and the device) or
 * "args" (taken as "-s DEV args").  The helper applies the common ones itself over
 * the kernel's ethtool netlink interface: offload features (-K), ring sizes (-G),
 * channels (-L), speed, duplex, autoneg and wake-on-LAN (-s).  Read as data. */
#ifndef ETHTOOL_OPTS_H
#define ETHTOOL_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include "diag.h"

#define ETH_MAX_FEATURES 64		/* requested kernel features, aliases expanded */
#define ETH_FEATURE_NAME 32		/* ETH_GSTRING_LEN */

enum eth_group { ETH_FEATURES, ETH_RINGS, ETH_CHANNELS, ETH_LINK, ETH_NGROUPS };
/* -G's and -L's numbers, in the order of their ethtool words. */
enum { ETH_RING_RX, ETH_RING_RX_MINI, ETH_RING_RX_JUMBO, ETH_RING_TX, ETH_NRINGS };
enum { ETH_CH_RX, ETH_CH_TX, ETH_CH_OTHER, ETH_CH_COMBINED, ETH_NCH };

struct eth_feature {
	char name[ETH_FEATURE_NAME];	/* the kernel's (tx-tcp-segmentation) */
	const char *word;		/* the ethtool short name it stands for (tso),
					 * NULL for a kernel name (static) */
	uint8_t on;
};

/* What the file asks, per group; *_has: which values are given. */
struct netcfg_ethtool {
	int line;			/* the ETHTOOL_OPTS line, 0 = none */
	unsigned groups;		/* 1u << enum eth_group: asked for */
	size_t nfeat;
	struct eth_feature feat[ETH_MAX_FEATURES];
	unsigned ring_has, ch_has;
	uint32_t ring[ETH_NRINGS], ch[ETH_NCH];
	int has_speed, duplex, autoneg;	/* duplex: -1, 0 half, 1 full; autoneg: -1, 0, 1 */
	uint32_t speed;
	int has_wol;
	uint32_t wol;			/* WAKE_* bits (0: d, disabled) */
	uint32_t delay_us;		/* ETHTOOL_DELAY: before the commands */
};

/* The kernel's state of one device for the groups asked for (rtnl.c reads it);
 * a group it could not read is absent, with the errno the kernel gave. */
struct keth {
	int ifindex;
	unsigned have;			/* 1u << enum eth_group read */
	int err[ETH_NGROUPS];		/* the GET's errno when not read */
	size_t nfeat;
	/* hw: changeable; wanted: as asked of the driver; active: on now */
	struct { char name[ETH_FEATURE_NAME]; uint8_t hw, wanted, active; } feat[128];
	uint32_t ring[ETH_NRINGS], ring_max[ETH_NRINGS];
	uint32_t ch[ETH_NCH], ch_max[ETH_NCH];
	unsigned ch_present;		/* the counts the driver has (a max > 0) */
	uint32_t speed;
	int duplex, autoneg;
	int has_wol;
	uint32_t wol, wol_supported;
};

/* Parses v (the ETHTOOL_OPTS value at line of file) for device dev into out.  A
 * command for another device is an error; an ethtool option or word not applied is
 * a warning naming it (the rest applies).  0, or -1 with "FILE:LINE: ..." in d. */
int ethtool_parse(const char *v, const char *dev, const char *file, int line,
		  struct netcfg_ethtool *out, struct diags *d);
/* The group as ethtool arguments ("-K eth0 tso off gro on"). */
void ethtool_format(const struct netcfg_ethtool *e, enum eth_group g, const char *dev, char *buf,
		    size_t len);
/* The ethtool word of ring or channel i ("rx-mini"). */
const char *ethtool_ring_word(int i);
const char *ethtool_channel_word(int i);

#endif
