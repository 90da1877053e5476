/* fuzz_ifcfg - the ifcfg reader on any bytes, with `bondctl dump`'s round trip as
 * the oracle: every value the reader keeps, written back as dump writes it
 * (ifcfg_quote), must read back as the same key and value, with no refusal. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ifcfg_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ifcfg_file *f = NULL, *g = NULL;
	struct diags d = { 0 }, d2 = { 0 };
	char *text = NULL;
	size_t tlen = 0;
	FILE *m;

	ifcfg_parse_buf((const char *)data, size, "ifcfg-fuzz", &f, &d);
	if (!f)
		goto out;
	m = open_memstream(&text, &tlen);
	if (!m)
		abort();
	for (size_t i = 0; i < f->nvars; i++) {
		char *q = ifcfg_quote(f->vars[i].value);
		int b;

		if (!q)
			abort();
		fprintf(m, "%s=%s\n", f->vars[i].key, q);
		free(q);
		/* The helpers every reader of a value calls: no crash on any value. */
		ifcfg_bool(f->vars[i].value, &b);
		ifcfg_name_problem(f->vars[i].value);
	}
	fclose(m);
	if (ifcfg_parse_buf(text, tlen, "ifcfg-fuzz", &g, &d2) != 0 || !g ||
	    g->nvars != f->nvars) {
		fprintf(stderr, "dump round trip: written file refused or changed:\n%s", text);
		abort();
	}
	for (size_t i = 0; i < f->nvars; i++)
		if (strcmp(f->vars[i].key, g->vars[i].key) ||
		    strcmp(f->vars[i].value, g->vars[i].value)) {
			fprintf(stderr, "dump round trip: %s changed\n", f->vars[i].key);
			abort();
		}
out:
	ifcfg_free(f);
	ifcfg_free(g);
	free(text);
	diags_free(&d);
	diags_free(&d2);
	return 0;
}
