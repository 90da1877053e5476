/* tool.c - the front half and back half shared by ifup-bond and ifdown-bond. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kind.h"
#include "tool.h"

#define DEFAULT_DIR "/etc/sysconfig/network-scripts"

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-n] [-v] [-c DIR] NAME\n", prog);
}

/* The devices a command reads: NAME and, for a bond or one of its ports, the bond and
 * every port.  Only their findings count: an unrelated broken file must not stop ifup
 * of a healthy bond (`bondctl check` reports everything). */
struct scope {
	const struct netnode **v;
	size_t n;
};

static int in_scope(const struct scope *s, const char *label)
{
	for (size_t i = 0; label && i < s->n; i++)
		if (!strcmp(s->v[i]->dev.file->label, label))
			return 1;
	return 0;
}

static void scope_add(struct scope *s, const struct netnode *nd)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == nd)
			return;
	s->v[s->n++] = nd;
}

/* NAME; its controller and the controller's ports; its own ports (a bond that is
 * a bridge port has both). */
static int build_scope(struct tool *t, struct scope *s)
{
	const struct netnode **up = NULL, **own = NULL;
	size_t nup = 0, nown = 0;

	if (t->node->controller >= 0)
		nup = netgraph_ports(&t->g, &t->g.v[t->node->controller], &up);
	nown = netgraph_ports(&t->g, t->node, &own);
	s->v = calloc(nup + nown + 2, sizeof(*s->v));
	/* netgraph_ports() leaves the array NULL only when out of memory. */
	if (!s->v || (t->node->controller >= 0 && !up) || !own) {
		free(up);
		free(own);
		return -1;
	}
	s->n = 0;
	scope_add(s, t->node);
	if (t->node->controller >= 0)
		scope_add(s, &t->g.v[t->node->controller]);
	for (size_t i = 0; i < nup; i++)
		scope_add(s, up[i]);
	for (size_t i = 0; i < nown; i++)
		scope_add(s, own[i]);
	free(up);
	free(own);
	return 0;
}

/* NAME as a bond slave: its bond must be configured, and be a bond.  (A bridge
 * port's bridge is checked by the graph.) */
static int check_controller(struct tool *t)
{
	const struct netcfg_dev *dev = &t->node->dev;
	const char *m = dev->port.controller;

	if (!netcfg_is_port_of(dev, &kind_bond)) {
		if (dev->master[0] && !kind_bond.refuses_port(dev->kind) && !netcfg_is_port(dev))
			diag_add(&t->d, DIAG_WARNING, dev->file->label, dev->master_line,
				 "MASTER=%s without SLAVE=yes: configured as a device of its own",
				 dev->master);
		return 0;
	}
	if (t->node->controller < 0) {
		diag_add(&t->d, DIAG_ERROR, dev->file->label, dev->port.line,
			 "MASTER=%s: no configuration for %s in %s (no ifcfg-%s, no file with DEVICE=%s)",
			 m, m, t->dir, m, m);
		return -1;
	}
	if (t->g.v[t->node->controller].dev.kind != &kind_bond) {
		diag_add(&t->d, DIAG_ERROR, t->g.v[t->node->controller].dev.file->label, 0,
			 "%s is not a bond (no BONDING_OPTS, TYPE=Bond or BONDING_MASTER=yes)", m);
		return -1;
	}
	return 0;
}

static int load_config(struct tool *t)
{
	struct diags scan = { 0 };
	struct scope s = { 0 };
	int rc = 0;

	if (ifcfg_dir_scan(t->dir, &t->cfg, &scan)) {
		diags_print(&scan, stderr, t->prog, DIAG_STYLE_TOOL);
		diags_free(&scan);
		return -1;
	}
	if (!ifcfg_dir_find(&t->cfg, t->name)) {
		/* The legacy scripts' words, and where we looked. */
		const char *n = ifcfg_dev_name(t->name);

		diag_add(&t->d, DIAG_ERROR, NULL, 0,
			 "configuration for %s not found in %s (no ifcfg-%s, no file with DEVICE=%s)",
			 n, t->dir, n, n);
		diags_free(&scan);
		return -1;
	}
	if (netgraph_load(&t->cfg, &t->g, &t->d) || !(t->node = netgraph_find(&t->g, t->name)) ||
	    build_scope(t, &s)) {
		diags_free(&scan);
		return -1;
	}
	/* Refused lines first, then each file's findings, then those against the graph. */
	for (size_t i = 0; i < scan.n; i++)
		if (!scan.v[i].file || in_scope(&s, scan.v[i].file))
			diag_add(&t->d, scan.v[i].sev, scan.v[i].file, scan.v[i].line, "%s",
				 scan.v[i].msg ? scan.v[i].msg : "");
	for (size_t i = 0; i < s.n; i++) {
		diags_append(&t->d, &s.v[i]->load);
		rc |= !s.v[i]->ok;
	}
	rc |= check_controller(t);
	for (size_t i = 0; i < s.n; i++)
		diags_append(&t->d, &s.v[i]->rel);
	diags_free(&scan);
	free(s.v);
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
		diags_free(&t->d);
		return tool_finish(t, EXIT_CONFIG);
	}
	if (knl_open(&t->k, &e) || kstate_read(t->k, &t->ks, &e)) {
		fprintf(stderr, "%s: reading the kernel's state: %s%s%s\n", t->prog,
			strerror(e.err), e.msg[0] ? ": " : "", e.msg);
		diags_print(&t->d, stderr, t->prog, DIAG_STYLE_TOOL);
		diags_free(&t->d);
		return tool_finish(t, EXIT_KERNEL);
	}
	return -1;
}

/* What the kinds have to say about the devices this run created (a bond reports
 * back which asked-for options the kernel lacks). */
static void after_create(struct tool *t)
{
	struct diags d = { 0 };

	for (size_t i = 0; i < t->plan.n; i++) {
		const struct netnode *nd;

		if (t->plan.v[i].kind != STEP_CREATE ||
		    !(nd = netgraph_find(&t->g, t->plan.v[i].dev)) || !nd->dev.kind->after_create)
			continue;
		nd->dev.kind->after_create(t->k, nd, &d);
	}
	diags_print(&d, stderr, t->prog, DIAG_STYLE_TOOL);
	diags_free(&d);
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
		else
			after_create(t);
	} else if (rc < 0) {
		/* The planner refused: its reasons are in d. */
		diags_print(&t->d, stderr, t->prog, DIAG_STYLE_TOOL);
		rc = EXIT_CONFIG;
	}
	plan_free(&t->plan);
	kstate_free(&t->ks);
	if (t->k)
		knl_close(t->k);
	netgraph_free(&t->g);
	ifcfg_dir_free(&t->cfg);
	diags_free(&t->d);
	return rc;
}
