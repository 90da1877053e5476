/* ifdown-bond.c - take a device down: delete a bond or a VLAN, release one port after
 * moving the traffic off it, or take a NIC down. */
#include "tool.h"

int main(int argc, char **argv)
{
	struct tool t = { .prog = "ifdown-bond", .down = 1 };
	struct plan_env env = { 0 };
	int rc = tool_start(&t, argc, argv);

	if (rc >= 0)
		return rc;
	tool_env(&t, &env);
	if (t.all)
		return tool_service(&t, &env);
	rc = tool_plan(&t, t.node, &t.ks, &t.plan, &t.d);
	return tool_finish(&t, rc);
}
