/* check_man.c - ifcfg-bond(5) documents exactly the option tables, in table order. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bond_opts.h"
#include "bridge_opts.h"

/* The names of ".It Cm NAME" items under ".Sh SECTION", in page order. */
static size_t documented_in(const char *section, char names[][64], size_t max)
{
	char hdr[80];

	FILE *fp = fopen("../man/ifcfg-bond.5", "r");
	char line[4096];
	size_t n = 0;
	int in = 0;

	snprintf(hdr, sizeof(hdr), ".Sh %s\n", section);
	ck_assert_ptr_nonnull(fp);
	while (fgets(line, sizeof(line), fp)) {
		if (!strncmp(line, ".Sh ", 4))
			in = !strcmp(line, hdr);
		else if (in && !strncmp(line, ".It Cm ", 7) && n < max &&
			 sscanf(line + 7, "%63[a-z0-9_]", names[n]) == 1)
			n++;
	}
	fclose(fp);
	return n;
}

static size_t documented(char names[][64], size_t max)
{
	return documented_in("BONDING OPTIONS", names, max);
}

START_TEST(test_table_matches_page)
{
	char names[2 * BOPT_COUNT][64];
	size_t n = documented(names, 2 * BOPT_COUNT);

	/* Every row has a paragraph, in table order ... */
	for (size_t i = 0; i < BOPT_COUNT && i < n; i++)
		ck_assert_msg(!strcmp(names[i], bond_opt_get(i)->name),
			      "ifcfg-bond(5) item %zu is %s, the table's row is %s", i + 1, names[i],
			      bond_opt_get(i)->name);
	/* ... and every paragraph is a row. */
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(bond_opt_by_name(names[i]), "ifcfg-bond(5) documents %s, not in the table",
			      names[i]);
	ck_assert_uint_eq(n, BOPT_COUNT);
}
END_TEST

/* The bridge and bridge port tables, row by row, and nothing else. */
START_TEST(test_bridge_tables_match_page)
{
	static const struct { const char *section; enum br_table t; } tabs[] = {
		{ "BRIDGE OPTIONS", BR_BRIDGE }, { "BRIDGE PORT OPTIONS", BR_PORT },
	};

	for (size_t k = 0; k < 2; k++) {
		char names[2 * BR_SLOTS][64];
		size_t n = documented_in(tabs[k].section, names, 2 * BR_SLOTS), nrows;
		const struct br_opt *rows = br_table(tabs[k].t, &nrows);

		for (size_t i = 0; i < nrows && i < n; i++)
			ck_assert_msg(!strcmp(names[i], rows[i].name),
				      "ifcfg-bond(5) %s item %zu is %s, the table's row is %s",
				      tabs[k].section, i + 1, names[i], rows[i].name);
		ck_assert_uint_eq(n, nrows);
	}
}
END_TEST

Suite *man_suite(void)
{
	Suite *s = suite_create("man");
	TCase *tc = tcase_create("ifcfg-bond.5");

	tcase_add_test(tc, test_table_matches_page);
	tcase_add_test(tc, test_bridge_tables_match_page);
	suite_add_tcase(s, tc);
	return s;
}
