/* ifdown-bond.c - take a device down: delete a bond or a VLAN, release one port after
 * moving the traffic off it, or take a NIC down. */
#include "tool.h"
#include "try.h"

int main(int argc, char **argv)
{
	struct tool t = { .prog = "ifdown-bond", .down = 1 };
	struct plan_env env = { 0 };
	int rc = tool_start(&t, argc, argv);

	if (rc >= 0) {
		if (t.had_lock)
			tool_drain();
		return rc;
	}
	tool_env(&t, &env);
	/* --try: the state before is kept, and put back unless confirmed (try.c). */
	if (t.try_s && (rc = try_begin(&t, argv)) >= 0)
		return tool_finish(&t, rc);
	rc = t.all ? tool_service(&t, &env) : tool_finish(&t, tool_plan(&t, t.node, &t.ks, &t.plan, &t.d));
	if (t.had_lock)
		tool_drain();	/* NICs that appeared while this run held the lock */
	return t.try_id[0] ? try_end(t.prog, t.try_id, t.try_s, rc) : rc;
}
