/* runstate.h - what the tool keeps between runs under /run/ifcfg-bond (gone at the
 * next boot, as the devices it speaks of): the devices it made. */
#ifndef RUNSTATE_H
#define RUNSTATE_H

#include <net/if.h>

/* The directory: $IFCFG_BOND_RUNDIR, else /run/ifcfg-bond. */
const char *runstate_dir(void);

/* A device this tool made, as it was made. */
struct made {
	int ifindex;
	char name[IFNAMSIZ];
	char kind[16];
};

/* The devices made so far (*out malloc'd, the caller's); 0 with *out NULL when
 * there are none or the record cannot be read. */
size_t runstate_made(struct made **out);
/* The record with name made now (as ifindex, kind) or, ifindex 0, without it.
 * Written whole or not at all.  0, or -1 with errno. */
int runstate_set_made(const char *name, int ifindex, const char *kind);

#endif
