/* fuzz_bond_opts - BONDING_OPTS on any text: parse, format every option it set as
 * BONDING_OPTS spells it, parse that again: the same options with the same values. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bond_opts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bond_opts a, b;
	struct diags d = { 0 };
	char *text = malloc(size + 1), *again = NULL, val[2048];
	size_t alen = 0;
	FILE *m;

	if (!text)
		return 0;
	/* The caller zeroes the set (netcfg.c does). */
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memcpy(text, data, size);
	text[size] = '\0';
	if (bond_opts_parse(text, "ifcfg-fuzz", 1, &a, &d) != 0)
		goto out;
	bond_opts_validate(&a, NULL, 0, "ifcfg-fuzz", 1, &d);
	m = open_memstream(&again, &alen);
	if (!m)
		abort();
	for (int id = 0; id < BOPT_COUNT; id++)
		if (BOND_HAS(&a, id))
			fprintf(m, "%s=%s ", bond_opt_table[id].name,
				bond_opt_format(&a, (enum bond_opt_id)id, val, sizeof(val)));
	fclose(m);
	if (bond_opts_parse(again, "ifcfg-fuzz", 1, &b, &d) != 0 || a.has != b.has) {
		fprintf(stderr, "BONDING_OPTS round trip: '%s' read back differently\n", again);
		abort();
	}
	for (int id = 0; id < BOPT_COUNT; id++)
		if (BOND_HAS(&a, id) && !bond_opt_equal(&a, &b, (enum bond_opt_id)id)) {
			fprintf(stderr, "BONDING_OPTS round trip: %s changed in '%s'\n",
				bond_opt_table[id].name, again);
			abort();
		}
	bond_opts_fill_defaults(&a);
out:
	free(text);
	free(again);
	diags_free(&d);
	return 0;
}
