/* lint.h - judging a directory of ifcfg files as a whole (bondctl check). */
#ifndef LINT_H
#define LINT_H

#include "diag.h"

/* Lints every ifcfg file of dir: each line, each value, each bond's BONDING_OPTS and
 * the relations between files.  Findings go to d, sorted by file and line.
 * Returns 0 when there is no error (warnings allowed), 1 otherwise. */
int lint_dir(const char *dir, struct diags *d);

#endif
