/* ifup-bond.c - bring a device (a bond, one of its ports, a VLAN, a NIC) to the state
 * its ifcfg files describe, sending the kernel only the difference. */
#include "sysfs_bond.h"
#include "tool.h"

int main(int argc, char **argv)
{
	struct tool t = { .prog = "ifup-bond" };
	struct plan_env env = { .module_loaded = sysfs_bond_module_loaded() };

	return tool_main(&t, &env, argc, argv);
}
