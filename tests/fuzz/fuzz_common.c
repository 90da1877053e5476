/* fuzz_common.c - planning every device of a graph, for the harnesses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"
#include "kind.h"
#include "plan.h"
#include "status.h"

int fuzz_graph_plannable(const struct netgraph *g)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct netnode *nd = &g->v[i];

		if (!nd->ok || nd->rel.errors || nd->load.errors)
			return 0;
		if (netcfg_is_port_of(&nd->dev, &kind_bond) &&
		    (nd->controller < 0 || g->v[nd->controller].dev.kind != &kind_bond))
			return 0;
	}
	return 1;
}

/* The promises: every step names a device (one that passes the name rule when every
 * name came from the files), and no line number is negative. */
static void check_plan(const struct plan *p, int names_from_files)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct step *s = &p->v[i];

		if (s->kind != STEP_MODPROBE &&
		    (!s->dev[0] || (names_from_files && ifcfg_name_problem(s->dev)))) {
			fprintf(stderr, "step %zu (kind %d) names a bad device '%s'\n", i, s->kind, s->dev);
			abort();
		}
		if (s->line < 0) {
			fprintf(stderr, "step %zu: line %d\n", i, s->line);
			abort();
		}
	}
}

/* bondctl status of the whole graph against have, in every format.  Oracle: a
 * device is in sync exactly when it was compared and has no difference, the worst
 * item is the device's severity, and the counts are the items'. */
static void fuzz_status(const struct netgraph *g, const struct kstate *have, FILE *sink)
{
	struct plan_env env = { .module_loaded = 1 };
	struct status st;
	size_t items = 0;

	status_build(&st, g, NULL, have, &env, NULL, NULL, 0);
	for (size_t i = 0; !st.oom && i < st.n; i++) {
		const struct st_dev *dv = &st.v[i];
		enum st_sev worst = ST_OK;
		size_t drift = 0;

		for (size_t j = 0; j < dv->n; j++) {
			worst = dv->v[j].sev > worst ? dv->v[j].sev : worst;
			drift += dv->v[j].kernel != NULL;
			items += dv->v[j].sev != ST_OK;
		}
		if (worst != dv->sev || (dv->in_sync && (drift || !dv->checked)) ||
		    (dv->checked && !dv->in_sync && !drift))
			abort();
	}
	if (!st.oom && items != st.ncrit + st.nwarn)
		abort();
	status_print(&st, sink);
	status_print_json(&st, sink);
	status_print_prometheus(&st, sink);
	status_print_nagios(&st, sink);
	status_free(&st);
}

void fuzz_plan_all(const struct netgraph *g, const struct kstate *have, int names_from_files)
{
	static FILE *sink;
	struct plan_env env = { .module_loaded = 1 };

	if (!sink && !(sink = fopen("/dev/null", "w")))
		abort();
	for (size_t i = 0; i < g->n; i++)
		for (int down = 0; down < 2; down++) {
			struct plan p = { 0 };
			struct diags d = { 0 };
			int rc = down ? plan_down(g, &g->v[i], have, NULL, &p, &d)
				      : plan_up(g, &g->v[i], have, &env, &p, &d);

			if (rc == 0) {
				check_plan(&p, names_from_files);
				plan_print(&p, sink);
			}
			plan_free(&p);
			diags_free(&d);
		}
	fuzz_status(g, have, sink);
}
