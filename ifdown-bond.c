/* ifdown-bond.c - take a device down: delete a bond or a VLAN, release one port after
 * moving the traffic off it, or take a NIC down. */
#include "tool.h"

int main(int argc, char **argv)
{
	struct tool t = { .prog = "ifdown-bond", .down = 1 };
	struct plan_env env = { 0 };

	return tool_main(&t, &env, argc, argv);
}
