/* status.h - `bondctl status`: is the running network what the files say, and is it
 * healthy?  The files (the graph) and the kernel's state (one read) in, a list of
 * devices out, each with its differences from the files (by the planner: "in sync"
 * holds exactly when ifup-bond -n would print nothing for it) and its health
 * findings, each with a severity.  Pure: the facts rtnetlink lacks come in
 * st_facts, so that the check suites build any state. */
#ifndef STATUS_H
#define STATUS_H

#include <stdint.h>
#include <stdio.h>
#include "netcfg.h"
#include "plan.h"
#include "rtnl.h"

/* The Nagios plugin convention, which is also bondctl status's exit code. */
enum st_sev { ST_OK = 0, ST_WARNING = 1, ST_CRITICAL = 2, ST_UNKNOWN = 3 };

/* What a status needs of a port beyond its link (read by bondctl). */
struct st_port_facts {
	char name[IFNAMSIZ];
	uint32_t speed;			/* Mb/s (ethtool netlink), 0 unknown */
	int duplex;			/* 1 full, 0 half, -1 unknown */
	int has_partner_mac;		/* 802.3ad: the port's LACP partner's system */
	uint8_t partner_mac[6];		/* MAC (only /proc/net/bonding has it) */
	int has_prev;			/* the link failure count the last status saw */
	uint32_t prev_failures;
};

struct st_facts {
	const struct st_port_facts *ports;
	size_t nports;
	int try_pending;		/* a `network try` waits for its confirmation */
	char try_command[256];
	long try_left;			/* its seconds left */
	int nm_running;			/* NetworkManager's devices are its own */
};

/* A difference from the files, or a health finding. */
struct st_item {
	enum st_sev sev;
	const char *code;		/* stable id (bondctl(8)): "drift", "port-down" ... */
	char dev[IFNAMSIZ];		/* the device it is about (a port's own name) */
	char *file;			/* provenance, NULL when none */
	int line;
	char *text;			/* finding: the sentence; drift: the attribute */
	char *todo;			/* finding: what to do; drift: the step ifup would
					 * apply (its -n line) */
	char *kernel;			/* drift: the kernel's value, NULL for a finding */
	int unstated;			/* drift: in the kernel, no file states it */
};

struct st_port {
	char name[IFNAMSIZ];
	const struct klink *l;		/* not owned (the kstate's) */
	const struct st_port_facts *f;	/* NULL when none was read */
};

struct st_dev {
	char name[IFNAMSIZ];
	const struct netnode *nd;	/* its file's node; NULL: in the kernel on a
					 * configured device, with no file */
	const struct klink *l;		/* NULL: absent */
	const char *state;		/* "up", "down", "absent", "no carrier",
					 * "NetworkManager's" */
	int checked;			/* compared with its files */
	int in_sync;			/* checked and no difference */
	enum st_sev sev;		/* the worst of its items */
	struct st_item *v;
	size_t n;
	struct st_port *ports;		/* a bond's, natural order */
	size_t nports;
	struct kaddr6 *other6;		/* addresses no file states that the files leave */
	size_t nother6;			/* to others (SLAAC, by hand): shown, not wrong */
	size_t nother4;
	struct kaddr *other4;
};

struct status {
	struct st_dev *v;
	size_t n;
	enum st_sev sev;		/* the exit code */
	size_t ncrit, nwarn, ndrift;
	int oom;
};

/* What a kind adds to a device's health (kind_ops.health): findings by st_add. */
struct st_ctx {
	const struct netgraph *g;
	const struct diags *scan;
	const struct kstate *ks;
	const struct st_facts *f;
	struct status *st;
	struct st_dev *d;
};
/* Appends an item to c->d; its text and todo are printf'd (todo NULL: none). */
void st_add(struct st_ctx *c, enum st_sev sev, const char *code, const char *dev,
	    const char *file, int line, const char *todo, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
/* The facts of port name, or NULL. */
const struct st_port_facts *st_port_facts(const struct st_facts *f, const char *name);

/* The status of the devices named (every configured one and what the kernel stacks
 * on them when n is 0): g with its nodes loaded, scan the directory scan's findings
 * (a file it refused is in no node), have the kernel's state, env the planner's.
 * st->sev is the exit code (ST_UNKNOWN only when out of memory). */
void status_build(struct status *st, const struct netgraph *g, const struct diags *scan,
		  const struct kstate *have, const struct plan_env *env, const struct st_facts *f,
		  char *const *names, size_t n);
/* For people, within 80 columns: a device per paragraph, modelled on
 * /proc/net/bonding, its differences and findings under it. */
void status_print(const struct status *st, FILE *fp);
/* The documented schema (bondctl(8), "schema": 1). */
void status_print_json(const struct status *st, FILE *fp);
/* The Prometheus text format, for node_exporter's textfile collector. */
void status_print_prometheus(const struct status *st, FILE *fp);
/* One line per device that is drifted or unhealthy ("bond0: warning: ..."), nothing
 * for the others (network status). */
void status_print_brief(const struct status *st, FILE *fp);
/* The Nagios plugin's one line: "BONDCTL OK - ...". */
void status_print_nagios(const struct status *st, FILE *fp);
void status_free(struct status *st);

#define ST_JSON_SCHEMA 1

#endif
