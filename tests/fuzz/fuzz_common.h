/* fuzz_common.h - what the graph and netlink harnesses share. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H
#include "netcfg.h"
#include "rtnl.h"

/* 1 if a command would plan on g: every file read and validated, every bond port's
 * controller a bond of the directory (tool.c refuses the rest before planning). */
int fuzz_graph_plannable(const struct netgraph *g);
/* ifup and ifdown of every device against have, each plan printed (to nowhere) as -n
 * prints it; every plan must also keep the planner's own promises (fuzz_common.c).
 * names_from_files: have holds only names the files gave. */
void fuzz_plan_all(const struct netgraph *g, const struct kstate *have, int names_from_files);
#endif
