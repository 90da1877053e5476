/* runstate.h - what the tool keeps between runs under /run/ifcfg-bond (gone at the
 * next boot, as the devices it speaks of): the devices it made, the hotplug
 * events waiting for the run lock. */
#ifndef RUNSTATE_H
#define RUNSTATE_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

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

/* Hotplug events that found the run lock held, one file per device under
 * hotplug/ holding the configuration directory: the run that holds the lock
 * configures them as it ends (tool_drain), so that none is lost. */
/* NAME appeared (its files in dir); 0, or -1 with errno. */
int runstate_queue(const char *name, const char *dir);
/* Forgets NAME's event (its own run is configuring it). */
void runstate_unqueue(const char *name);
/* Takes one event off the queue: 1 with name and dir filled, 0 when none is left. */
int runstate_dequeue(char *name, size_t nlen, char *dir, size_t dlen);

/* bondctl status: the link failure count of each bond port at the last status, so
 * that the next one tells a count that rose. */
struct port_count {
	char name[IFNAMSIZ];
	uint32_t n;
};
/* *out malloc'd (the caller's); 0 with *out NULL when none was kept. */
size_t runstate_failures(struct port_count **out);
/* Replaces the record, whole or not at all.  0, or -1 with errno. */
int runstate_set_failures(const struct port_count *v, size_t n);

#endif
