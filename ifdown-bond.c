/* ifdown-bond.c - take a bond down (and delete it), release one slave after moving
 * the traffic off it, or take a plain device down. */
#include "tool.h"

int main(int argc, char **argv)
{
	struct tool t = { .prog = "ifdown-bond", .down = 1 };
	int rc = tool_start(&t, argc, argv);

	if (rc >= 0)
		return rc;
	if (t.dev.role == ROLE_BOND)
		rc = plan_ifdown_bond(&t.dev, &t.ks, &t.plan, &t.d);
	else if (t.dev.role == ROLE_SLAVE)
		rc = plan_ifdown_slave(&t.dev, &t.ks, &t.plan, &t.d);
	else
		rc = plan_ifdown_plain(&t.dev, &t.ks, &t.plan, &t.d);
	return tool_finish(&t, rc);
}
