/* sysfs_bond.h - the bonding driver outside rtnetlink: is the module there, and
 * loading it without the bond0 it would otherwise create. */
#ifndef SYSFS_BOND_H
#define SYSFS_BOND_H

#include "rtnl.h"

/* 1 if the bonding driver is loaded (module or built in). */
int sysfs_bond_module_loaded(void);
/* Runs "modprobe bonding max_bonds=0" (the only process ifup-bond spawns).
 * Returns 0, or -1 with e set. */
int sysfs_bond_load_module(struct kerr *e);

#endif
