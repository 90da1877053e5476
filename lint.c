/* lint.c - the lint behind `bondctl check`, for every kind of device: per-file
 * findings from the reader and netcfg, plus the relations between files that no
 * single file shows. */
#include <stdlib.h>
#include <string.h>
#include "lint.h"
#include "ifcfg_parse.h"
#include "kind.h"
#include "netcfg.h"

/* A finding about the bond as a whole points at its BONDING_OPTS (or DEVICE) line. */
static int anchor_line(const struct ifcfg_file *f, const struct netcfg_dev *dev)
{
	if (dev->kind_line)
		return dev->kind_line;
	return ifcfg_line(f, "DEVICE") ? ifcfg_line(f, "DEVICE") : 1;
}

struct hw_item {
	uint8_t mac[6];
	size_t node;
};

static int cmp_hwaddr(const void *a, const void *b)
{
	const struct hw_item *x = a, *y = b;
	int c = memcmp(x->mac, y->mac, 6);

	return c ? c : x->node < y->node ? -1 : x->node > y->node;
}

/* Two files for the same NIC: the legacy scripts apply whichever ifup names, and
 * each file's HWADDR refuses the other's device name.  Sorted, not compared pairwise:
 * a directory may hold thousands of files. */
static void lint_hwaddr(const struct netgraph *g, struct diags *d)
{
	struct hw_item *v = calloc(g->n ? g->n : 1, sizeof(*v));
	size_t n = 0;

	if (!v)
		return;
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].dev.link.has_hwaddr) {
			memcpy(v[n].mac, g->v[i].dev.link.hwaddr, 6);
			v[n++].node = i;
		}
	qsort(v, n, sizeof(*v), cmp_hwaddr);
	for (size_t i = 1; i < n; i++) {
		const struct netcfg_dev *x = &g->v[v[i - 1].node].dev, *y = &g->v[v[i].node].dev;

		if (!memcmp(v[i - 1].mac, v[i].mac, 6))
			diag_add(d, DIAG_ERROR, y->file->label, y->link.hwaddr_line,
				 "HWADDR: %s gives the same address (line %d): one NIC cannot be both %s and %s",
				 x->file->label, x->link.hwaddr_line, x->name, y->name);
	}
	free(v);
}

static void lint_relations(const struct netgraph *g, struct diags *d)
{
	const struct ifcfg_dir *dir = g->dir;
	const struct netcfg_dev *defroute = NULL;

	lint_hwaddr(g, d);
	/* A device's own side files are said with its findings; these belong to none. */
	for (size_t i = 0; i < dir->nside; i++)
		if (!netgraph_find(g, dir->side[i].dev))
			diag_add(d, DIAG_WARNING, dir->side[i].name, 0,
				 "not applied: no ifcfg file configures %s", dir->side[i].dev);

	for (size_t i = 0; i < dir->n; i++) {
		const struct ifcfg_file *f = dir->files[i];
		const char *master = ifcfg_get(f, "MASTER");
		int slave = ifcfg_get_bool(f, "SLAVE", 0);

		/* The kernel holds one default route per metric: the first device up keeps
		 * it, and ifup of the other leaves it alone with a warning. */
		if (!netcfg_is_port(&g->v[i].dev) && g->v[i].dev.l3.has_gateway && g->v[i].dev.l3.defroute) {
			if (defroute)
				diag_add(d, DIAG_WARNING, f->label, g->v[i].dev.l3.gateway_line,
					 "GATEWAY: %s also sets a default route: only the device brought up first gets one (set DEFROUTE=no in all files but one)",
					 defroute->file->label);
			else
				defroute = &g->v[i].dev;
		}

		if (slave > 0 && (!master || !*master))
			diag_add(d, DIAG_WARNING, f->label, ifcfg_line(f, "SLAVE"),
				 "SLAVE=yes without MASTER: not enslaved anywhere");
		if (master && *master) {
			const struct ifcfg_file *mf = ifcfg_dir_find(dir, master);

			if (!mf)
				diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "MASTER"),
					 "MASTER=%s: no ifcfg file configures %s", master, master);
			else if (!ifcfg_is_bond(mf))
				diag_add(d, DIAG_ERROR, f->label, ifcfg_line(f, "MASTER"),
					 "MASTER=%s: %s is not a bond (%s has no BONDING_OPTS)",
					 master, master, mf->label);
			else if (slave == 0)
				diag_add(d, DIAG_WARNING, f->label, ifcfg_line(f, "MASTER"),
					 "MASTER=%s without SLAVE=yes: it will not be enslaved", master);
		}
		if (g->v[i].dev.kind == &kind_bond) {
			const struct netnode **ports = NULL;
			size_t n = netgraph_ports(g, &g->v[i], &ports);

			if (!n)
				diag_add(d, DIAG_WARNING, f->label, anchor_line(f, &g->v[i].dev),
					 "bond %s has no slaves (no file with MASTER=%s and SLAVE=yes)",
					 f->device, f->device);
			free(ports);
		}
		/* A VLAN on a NIC without a file is common: the NIC must then exist. */
		if (g->v[i].dev.lower.name[0] && g->v[i].lower < 0 && g->v[i].loaded)
			diag_add(d, DIAG_WARNING, f->label, g->v[i].dev.lower.line,
				 "%s: no ifcfg file configures its lower device %s, which must exist when %s comes up",
				 g->v[i].dev.name, g->v[i].dev.lower.name, g->v[i].dev.name);
		/* The graph's own findings: a bond's options against its ports, cycles. */
		diags_append(d, &g->v[i].rel);
	}
}

struct sort_item {
	const struct diag *g;
	size_t index;
};

static int cmp_diag(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;
	int c = ifcfg_natcmp(x->g->file ? x->g->file : "", y->g->file ? y->g->file : "");

	if (c)
		return c;
	if (x->g->line != y->g->line)
		return x->g->line < y->g->line ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Findings come from several passes; an admin reads them file by file, line by line. */
static void sort_diags(struct diags *d)
{
	struct sort_item *it;
	struct diag *v;

	/* d->v is NULL then, and memcpy() must not see it even for 0 bytes. */
	if (!d->n)
		return;
	it = calloc(d->n, sizeof(*it));
	v = calloc(d->n, sizeof(*v));

	if (!it || !v) {
		free(it);
		free(v);
		return;
	}
	for (size_t i = 0; i < d->n; i++) {
		it[i].g = &d->v[i];
		it[i].index = i;
	}
	qsort(it, d->n, sizeof(*it), cmp_diag);
	for (size_t i = 0; i < d->n; i++)
		v[i] = *it[i].g;
	memcpy(d->v, v, d->n * sizeof(*v));
	free(v);
	free(it);
}

int lint_dir(const char *dir, struct diags *d)
{
	struct ifcfg_dir D = { 0 };
	struct netgraph g = { 0 };

	if (ifcfg_dir_scan(dir, &D, d)) {
		ifcfg_dir_free(&D);
		return 1;
	}
	netcfg_warn_global(&D, d, 1);
	/* Every file loads as far as it allows; each bad value is its own finding. */
	if (netgraph_load(&D, &g, d) == 0) {
		for (size_t i = 0; i < g.n; i++)
			diags_append(d, &g.v[i].load);
		lint_relations(&g, d);
	}
	netgraph_free(&g);
	ifcfg_dir_free(&D);
	sort_diags(d);
	return d->errors || d->line_errors ? 1 : 0;
}
