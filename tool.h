/* tool.h - what ifup-bond and ifdown-bond share: arguments, reading the
 * configuration and the kernel's state, and running a plan. */
#ifndef TOOL_H
#define TOOL_H

#include "ifcfg_parse.h"
#include "netcfg.h"
#include "plan.h"
#include "rtnl.h"

/* Exit codes (documented in ifup-bond(8)).  -n: EXIT_PENDING when something would
 * change, EXIT_UNREAD when the kernel's state could not be read (a drift check's
 * detailed codes, as Puppet's --detailed-exitcodes and os-net-config's 2). */
enum { EXIT_OK = 0, EXIT_CONFIG = 1, EXIT_KERNEL = 2, EXIT_PENDING = 2, EXIT_UNREAD = 3,
       EXIT_DISABLED = 6 };

struct tool {
	const char *prog;
	const char *dir;
	const char *name;
	int dry_run, verbose;
	int all, reload;		/* -a: every ONBOOT device; --reload: its verb */
	int hotplug;			/* --hotplug: NAME appeared; only if its file is ONBOOT */
	long try_s;			/* --try SECONDS: put back unless confirmed */
	char try_id[32];		/* the pending try this run armed (try.c) */
	int down;			/* ifdown-bond: the file's own warnings are not shown */
	size_t nconfig;			/* how many of d came from reading the files */
	struct ifcfg_dir cfg;
	struct diags scan;		/* the directory scan's findings (refused lines) */
	struct netgraph g;		/* the whole directory */
	const struct netnode *node;	/* NAME (an alias's device for DEV:N) */
	const struct netcfg_alias *alias;	/* DEV:N: the alias, else NULL */
	struct diags d;
	struct knl *k;
	struct kstate ks;
	struct plan plan;
	struct plan_run *run;		/* the plan's run while it is applied */
	int hold;			/* the service: a device's run that waits is
					 * held (plan_run_go) while the others go on */
	struct plan *held;		/* run_plan's EXIT_HELD: the plan (t->run's) */
	size_t held_at;			/* -n: the step it holds at */
	char failed_devs[256];		/* the service: the devices whose console line
					 * said [FAILED] (the unit's last words) */
	unsigned nfailed, ncon;		/* how many of ncon console lines */
	int lock;			/* the run lock's descriptor, 0 if not taken */
	int had_lock;			/* this run held it (and released it) */
	char *not_applied;		/* the last run's steps not applied, a line each
					 * (the service's console), or NULL */
	const struct plan_env *env;	/* the planner's (tool_env) */
	int applied;			/* a step of this run reached the kernel */
	int pending;			/* -n: a printed step would change something */
	int line_errors;		/* the last device run had errors that cost only
					 * their line (and exits 1) */
	char **printed;			/* -a -n: the steps printed so far (texts), so that a
					 * device several plan (a bond under two VLANs)
					 * is printed once */
	size_t nprinted;
	struct left {			/* the lines of the steps this run left out */
		const char *file;	/* (refused, or needing a refused one): */
		int line;		/* verification does not say them again */
		char *text;		/* the step's line when it has no FILE:LINE */
	} *left;
	size_t nleft;
	struct keth *eth;		/* the ethtool state of the devices whose files
					 * have ETHTOOL_OPTS (plan_env's) */
	size_t neth;
	struct ksysctl6 *s6;		/* plan_env's */
	size_t ns6;
	struct ksysctl6 s6_default;
	const char *hook[4];		/* the local hooks that exist (enum in tool.c) */
	char hook_path[4][256];
};

/* The run lock, held until the descriptor is closed: the descriptor, 0 when a run
 * of which this one is a hook holds it, -1 (said) when it cannot be had. */
int tool_lock(const char *prog);
/* Parses the command line, reads DIR as a graph, and the kernel's state.  Returns -1
 * to go on, or an exit code (messages printed, everything freed).  --confirm,
 * --revert and the waiter's --revert-at are run here (try.c). */
int tool_start(struct tool *t, int argc, char **argv);
/* What tool_start does once the command line is read (t->name, t->dir, t->all ...
 * set): the configuration, the lock (not for -n), the kernel's state.  -1 to go
 * on, or an exit code (messages printed, everything freed). */
int tool_begin(struct tool *t);
/* 1 if NetworkManager runs (its devices are its own). */
int tool_nm_running(void);
/* What the planner needs of this host besides the kernel's links: the ethtool
 * state read, the DHCP client and which ones run.  env must outlive t's run. */
void tool_env(struct tool *t, struct plan_env *env);
/* The plan of the command for nd (ifup or ifdown; an alias's when t names one)
 * against have.  0, or -1 with the reasons in d. */
int tool_plan(struct tool *t, const struct netnode *nd, const struct kstate *have, struct plan *p,
	      struct diags *d);
/* -a: every ONBOOT device in start order (ifdown-bond: the reverse), NetworkManager's
 * left to it while it runs, a bond's slaves through their bond, each with its
 * legacy console line; a device that fails does not stop the others, and those
 * that need it are not started.  Frees everything; returns the exit code. */
int tool_service(struct tool *t, const struct plan_env *env);
/* Prints warnings, then prints (-n) or applies the plan; frees everything.  rc is
 * the planner's result (0, or -1 when it refused).  Returns the exit code. */
int tool_finish(struct tool *t, int rc);

/* The whole command (ifup-bond's and ifdown-bond's main): tool_start, then --try,
 * the service or one device; after a run that held the run lock, the hotplug events
 * queued meanwhile (and any queued since) are configured, each as ifup-bond
 * --hotplug NAME would, until none is left or another run holds the lock (which
 * configures them in turn).  Returns the exit code. */
int tool_main(struct tool *t, struct plan_env *env, int argc, char **argv);

#endif
