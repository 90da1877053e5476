/* ifup-bond.c - bring a bond, one of its slaves, or a plain device to the state its
 * ifcfg files describe, sending the kernel only the difference. */
#include "sysfs_bond.h"
#include "tool.h"

int main(int argc, char **argv)
{
	struct tool t = { .prog = "ifup-bond" };
	struct plan_env env = { .module_loaded = sysfs_bond_module_loaded() };
	int rc = tool_start(&t, argc, argv);

	if (rc >= 0)
		return rc;
	if (t.dev.role == ROLE_BOND)
		rc = plan_ifup_bond(&t.bond, &t.ks, &env, NULL, &t.plan, &t.d);
	else if (t.dev.role == ROLE_SLAVE)
		rc = plan_ifup_bond(&t.bond, &t.ks, &env, t.dev.name, &t.plan, &t.d);
	else
		rc = plan_ifup_plain(&t.dev, &t.ks, &t.plan, &t.d);
	return tool_finish(&t, rc);
}
