/* ifcfg_parse.h - reading ifcfg files as the safe intersection of bash and NetworkManager. */
#ifndef IFCFG_PARSE_H
#define IFCFG_PARSE_H

#include <stddef.h>
#include "diag.h"

/* Files larger than this are refused (NetworkManager's own limit). */
#define IFCFG_MAX_FILE (10u * 1024 * 1024)

struct ifcfg_var {
	char *key;
	char *value;		/* unquoted, NUL-free, valid UTF-8 */
	int line;
};

/* A refused assignment whose key could be read: the key, its last refused line. */
struct ifcfg_refusal {
	char *key;
	int line;
};

struct ifcfg_file {
	char *path;		/* as opened */
	char *label;		/* used in messages: basename in scans, path otherwise */
	char *device;		/* DEVICE=, else the name after "ifcfg-" */
	struct ifcfg_var *vars;	/* every accepted assignment, in file order */
	size_t nvars;
	int errors;		/* number of refused lines (each one reported) */
	struct ifcfg_refusal *refused;	/* by key; what a refused line meant to set */
	size_t nrefused;
};

/* Reads one file.  Every refused line becomes an error "LABEL:LINE: reason" in d;
 * the other lines are still read.  Returns 0 when the file was read with no refused
 * line, -1 otherwise.  *out is set (caller frees with ifcfg_free()) unless the file
 * could not be opened or read at all, in which case *out is NULL.  label may be NULL
 * (then the path is used). */
int ifcfg_read(const char *path, const char *label, struct ifcfg_file **out, struct diags *d);
/* Same from memory (tests); buf need not be NUL-terminated. */
int ifcfg_parse_buf(const char *buf, size_t len, const char *label,
		    struct ifcfg_file **out, struct diags *d);
void ifcfg_free(struct ifcfg_file *f);

/* The last assignment of key (last wins), or NULL. */
const struct ifcfg_var *ifcfg_find(const struct ifcfg_file *f, const char *key);
/* Its value, or NULL when absent. */
const char *ifcfg_get(const struct ifcfg_file *f, const char *key);
/* Line of the last assignment of key, 0 when absent. */
int ifcfg_line(const struct ifcfg_file *f, const char *key);

/* Legacy booleans: yes/true/on/1/y/t -> 1, no/false/off/0/n/f -> 0 (any case).
 * Returns 0 and sets *out, or -1 when s is not a boolean. */
int ifcfg_bool(const char *s, int *out);
/* Value of key as a boolean, def when absent or empty, -1 when not a boolean. */
int ifcfg_get_bool(const struct ifcfg_file *f, const char *key, int def);

/* The value quoted so that bash, sourcing KEY=<result>, gets exactly value back,
 * in NetworkManager's svEscape style.  Caller frees. */
char *ifcfg_quote(const char *value);

/* ---- directories ---- */

/* A file beside the ifcfg files that belongs to a device. */
enum ifcfg_side_kind {
	SIDE_ROUTE, SIDE_ROUTE6, SIDE_RULE, SIDE_RULE6,	/* route-DEV ... rule6-DEV */
	SIDE_ALIAS,					/* ifcfg-DEV:N */
	SIDE_RANGE,					/* ifcfg-DEV-range* */
};

struct ifcfg_side {
	char *name;			/* the directory entry */
	enum ifcfg_side_kind kind;
	char dev[16];			/* DEV, a valid interface name */
};

struct ifcfg_dir {
	char *path;
	struct ifcfg_file **files;	/* sorted by device name, natural order */
	size_t n;
	/* Lookups in O(log n): files by label and by DEVICE (strcmp order, the first
	 * file of a DEVICE first); NULL when not built (then searched in turn). */
	struct ifcfg_file **by_label, **by_device;
	struct ifcfg_side *side;	/* sorted by dev, then name */
	size_t nside;
	struct ifcfg_file *global;	/* /etc/sysconfig/network (the directory's
					 * parent's "network"), NULL when absent */
	/* Files not read: a copy naming the device of the file named for it
	 * (ifcfg-bond0.backup with DEVICE=bond0), kept for its messages. */
	struct ifcfg_file **copies;
	size_t ncopies;
};

/* 1 if the legacy scripts ignore this directory entry: not "ifcfg-*", or ending in
 * ~ .bak .old .orig .rpmnew .rpmorig .rpmsave, or containing ':' or "-range". */
int ifcfg_name_ignored(const char *name);
/* Reads every ifcfg-* file of dir that is not ignored, and lists its side files;
 * labels are basenames.
 * Returns 0, or -1 if dir cannot be read (error in d).  Files with refused lines
 * are kept (their errors are in d and in file->errors). */
int ifcfg_dir_scan(const char *dir, struct ifcfg_dir *out, struct diags *d);
void ifcfg_dir_free(struct ifcfg_dir *dir);
/* If name is a device's side file (route-DEV, rule6-DEV, ifcfg-DEV:N, ...), not a
 * backup copy, fills *out (name not set) and returns 1; else 0. */
int ifcfg_side_name(const char *name, struct ifcfg_side *out);
/* The side files of device dev: *n of them from the returned one on (none: *n 0). */
const struct ifcfg_side *ifcfg_dir_side(const struct ifcfg_dir *dir, const char *dev,
					size_t *n);
/* The file for a device: "ifcfg-NAME" first, else the one whose DEVICE is NAME.
 * NAME may also be given as "ifcfg-NAME". */
struct ifcfg_file *ifcfg_dir_find(const struct ifcfg_dir *dir, const char *name);
/* The one rule for interface names, wherever a file names one (DEVICE, MASTER,
 * BRIDGE, PHYSDEV, primary, active_slave): 1 to 15 bytes of letters, digits, '.',
 * '-' and '_', not starting with '-', not "." or "..".  The kernel's own rule is
 * looser: '%' makes it pick the name, ':' is an alias, the rest would reach a shell
 * line, a log or `bondctl list`.  Returns NULL, or why not (valid until the next
 * call). */
const char *ifcfg_name_problem(const char *name);
/* NAME without a leading "ifcfg-" (as ifup accepts either). */
const char *ifcfg_dev_name(const char *name);
/* Files whose MASTER is exactly master (and, if require_slave, SLAVE true), in
 * natural device order (eth2 before eth10).  *out is malloc'd, caller frees the
 * array only.  Returns the count. */
size_t ifcfg_dir_slaves(const struct ifcfg_dir *dir, const char *master, int require_slave,
			struct ifcfg_file ***out);
/* 1 if the file describes a bond master: non-empty BONDING_OPTS, TYPE=Bond (any
 * case) or BONDING_MASTER true. */
int ifcfg_is_bond(const struct ifcfg_file *f);
/* Natural order: digit runs compare as numbers. */
int ifcfg_natcmp(const char *a, const char *b);

#endif
