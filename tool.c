/* tool.c - the front half and back half shared by ifup-bond and ifdown-bond. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tool.h"

#define DEFAULT_DIR "/etc/sysconfig/network-scripts"

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-n] [-v] [-c DIR] NAME\n", prog);
}

/* Only the messages about the files this run reads: an unrelated broken file must
 * not stop ifup of a healthy bond (`bondctl check` reports everything). */
static void keep_relevant(struct diags *all, const struct tool *t, struct diags *out)
{
	for (size_t i = 0; i < all->n; i++) {
		const struct diag *g = &all->v[i];
		int keep = !g->file || (t->file && !strcmp(g->file, t->file->label));

		for (size_t j = 0; !keep && t->have_bond && j < t->bond.nslaves; j++)
			keep = !strcmp(g->file, t->bond.slaves[j].file->label);
		if (!keep && t->have_bond && t->bond.master.file)
			keep = !strcmp(g->file, t->bond.master.file->label);
		if (keep)
			diag_add(out, g->sev, g->file, g->line, "%s", g->msg ? g->msg : "");
	}
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int seen(const struct diags *d, const struct diag *g)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].line == g->line && d->v[i].sev == g->sev &&
		    same(d->v[i].file, g->file) && same(d->v[i].msg, g->msg))
			return 1;
	return 0;
}

static int load_config(struct tool *t)
{
	struct diags scan = { 0 }, load = { 0 };
	int rc = 0;

	if (ifcfg_dir_scan(t->dir, &t->cfg, &scan)) {
		diags_print(&scan, stderr, t->prog, DIAG_STYLE_TOOL);
		diags_free(&scan);
		return -1;
	}
	t->file = ifcfg_dir_find(&t->cfg, t->name);
	if (!t->file) {
		/* The legacy scripts' words, and where we looked. */
		fprintf(stderr, "%s: configuration for %s not found in %s (no ifcfg-%s, no file with DEVICE=%s)\n",
			t->prog, ifcfg_dev_name(t->name), t->dir, ifcfg_dev_name(t->name),
			ifcfg_dev_name(t->name));
		diags_free(&scan);
		return -1;
	}
	if (netcfg_dev_load(t->file, &t->dev, &load))
		rc = -1;
	if (t->dev.role == ROLE_BOND || t->dev.role == ROLE_SLAVE) {
		const char *bond = t->dev.role == ROLE_BOND ? t->dev.name : t->dev.master;

		if (t->dev.role == ROLE_SLAVE && !ifcfg_dir_find(&t->cfg, bond)) {
			diag_add(&load, DIAG_ERROR, t->file->label, t->dev.master_line,
				 "MASTER=%s: no configuration for %s in %s (no ifcfg-%s, no file with DEVICE=%s)",
				 bond, bond, t->dir, bond, bond);
			rc = -1;
		} else {
			t->have_bond = 1;
			if (netcfg_bond_load(&t->cfg, bond, &t->bond, &load))
				rc = -1;
		}
	} else if (t->dev.master[0]) {
		diag_add(&load, DIAG_WARNING, t->file->label, t->dev.master_line,
			 "MASTER=%s without SLAVE=yes: configured as a device of its own",
			 t->dev.master);
	}
	keep_relevant(&scan, t, &t->d);
	/* NAME's own file is read twice when it is the bond: report each finding once. */
	for (size_t i = 0; i < load.n; i++)
		if (!seen(&t->d, &load.v[i]))
			diag_add(&t->d, load.v[i].sev, load.v[i].file, load.v[i].line, "%s",
				 load.v[i].msg ? load.v[i].msg : "");
	diags_free(&scan);
	diags_free(&load);
	t->nconfig = t->d.n;
	return rc || t->d.errors ? -1 : 0;
}

int tool_start(struct tool *t, int argc, char **argv)
{
	struct kerr e = { 0 };
	int c;

	t->dir = DEFAULT_DIR;
	while ((c = getopt(argc, argv, "nvc:h")) != -1) {
		switch (c) {
		case 'n':
			t->dry_run = 1;
			break;
		case 'v':
			t->verbose = 1;
			break;
		case 'c':
			t->dir = optarg;
			break;
		default:
			usage(t->prog);
			return EXIT_CONFIG;
		}
	}
	if (optind + 1 != argc) {
		usage(t->prog);
		return EXIT_CONFIG;
	}
	t->name = argv[optind];
	if (load_config(t)) {
		diags_print(&t->d, stderr, t->prog, DIAG_STYLE_TOOL);
		return tool_finish(t, EXIT_CONFIG);
	}
	if (knl_open(&t->k, &e) || kstate_read(t->k, &t->ks, &e)) {
		fprintf(stderr, "%s: reading the kernel's state: %s%s%s\n", t->prog,
			strerror(e.err), e.msg[0] ? ": " : "", e.msg);
		diags_print(&t->d, stderr, t->prog, DIAG_STYLE_TOOL);
		return tool_finish(t, EXIT_KERNEL);
	}
	return -1;
}

/* A bond this run created: the kernel drops attributes it does not know without a
 * word, so what it reports back tells which asked-for options it lacks
 * (bonding-options.md 5.3).  A warning, as the legacy scripts' failed writes were. */
static void warn_unsupported(struct tool *t)
{
	const struct netcfg_dev *m = &t->bond.master;
	struct kerr e = { 0 };
	struct klink l;
	int created = 0;

	for (size_t i = 0; i < t->plan.n; i++)
		created |= t->plan.v[i].kind == STEP_CREATE && !strcmp(t->plan.v[i].dev, m->name);
	if (!created || knl_get_link(t->k, m->name, &l, &e) || !l.has_bond)
		return;
	for (int id = 0; id < BOPT_COUNT; id++) {
		const struct bond_opt *o = bond_opt_get(id);

		if (m->opts.line[id] && o->nla && !(o->flags & BOF_COND_REPORT) &&
		    !BOND_HAS(&l.bond, id))
			fprintf(stderr, "%s: %s:%d: warning: BONDING_OPTS: %s: not supported by this kernel (Linux %s or later); ignored\n",
				t->prog, m->file->label, m->opts.line[id], o->name, o->since);
	}
}

int tool_finish(struct tool *t, int rc)
{
	if (rc == 0) {
		/* Taking a device down does not need its file's warnings (bondctl check
		 * shows them); the planner's own findings still matter. */
		if (t->down) {
			struct diags tail = { .v = t->d.v + t->nconfig, .n = t->d.n - t->nconfig };

			diags_print(&tail, stderr, t->prog, DIAG_STYLE_TOOL);
		} else {
			diags_print(&t->d, stderr, t->prog, DIAG_STYLE_TOOL);
		}
		if (t->dry_run)
			plan_print(&t->plan, stdout);
		else if (!t->plan.n && t->verbose)
			printf("%s: %s: nothing to change\n", t->prog, t->name);
		else if (t->plan.n && plan_apply(&t->plan, t->k, t->prog, t->verbose))
			rc = EXIT_KERNEL;
		else if (t->have_bond)
			warn_unsupported(t);
	} else if (rc < 0) {
		/* The planner refused: its reasons are in d. */
		diags_print(&t->d, stderr, t->prog, DIAG_STYLE_TOOL);
		rc = EXIT_CONFIG;
	}
	plan_free(&t->plan);
	kstate_free(&t->ks);
	if (t->k)
		knl_close(t->k);
	if (t->have_bond)
		netcfg_bond_free(&t->bond);
	ifcfg_dir_free(&t->cfg);
	diags_free(&t->d);
	return rc;
}
