/* check_man.c - ifcfg-bond(5) documents exactly the option tables, in table order. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bond_opts.h"
#include "bridge_opts.h"
#include "ifcfg_keys.h"

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

/* The lines of section, from its .Sh line (excluded) to the next; caller frees
 * each line and the array. */
static size_t section_lines(const char *section, char ***out)
{
	FILE *fp = fopen("../man/ifcfg-bond.5", "r");
	char line[4096], hdr[80];
	size_t n = 0, cap = 0;
	int in = 0;

	snprintf(hdr, sizeof(hdr), ".Sh %s\n", section);
	ck_assert_ptr_nonnull(fp);
	*out = NULL;
	while (fgets(line, sizeof(line), fp)) {
		if (!strncmp(line, ".Sh ", 4)) {
			in = !strcmp(line, hdr);
			continue;
		}
		if (!in)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			*out = realloc(*out, cap * sizeof(**out));
			ck_assert_ptr_nonnull(*out);
		}
		(*out)[n++] = strdup(line);
	}
	fclose(fp);
	return n;
}

static void free_lines(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* OTHER KEYS is the key table's rows that are not applied, in table order, each
 * saying what the warning says; KEYS documents exactly the applied ones. */
START_TEST(test_key_table_matches_page)
{
	size_t nk, nl, at = 0;
	const struct ifcfg_key *k = ifcfg_keys(&nk);
	char **l;

	nl = section_lines("OTHER KEYS", &l);
	for (size_t i = 0; i < nk; i++) {
		char item[160], body[400];
		const char *lead = k[i].status == KEY_PLANNED ? "Not applied yet" :
				   k[i].status == KEY_LABEL ? "No effect on the device" : "Not applied";

		if (k[i].status == KEY_APPLIED)
			continue;
		if (k[i].flags & KEYF_NUM)
			snprintf(item, sizeof(item), ".It Cm %s , %s Ns Ar n", k[i].name, k[i].name);
		else
			snprintf(item, sizeof(item), ".It Cm %s%s", k[i].name,
				 k[i].flags & KEYF_NUM_ONLY ? " Ns Ar n" :
				 k[i].flags & KEYF_PREFIX ? " Ns Ar ..." : "");
		snprintf(body, sizeof(body), "%s: %s.", lead, k[i].why);
		while (at < nl && strncmp(l[at], ".It ", 4))
			at++;
		ck_assert_msg(at + 1 < nl, "ifcfg-bond(5) OTHER KEYS ends before %s", item);
		ck_assert_msg(!strcmp(l[at], item), "OTHER KEYS: '%s' where the table has '%s'",
			      l[at], item);
		ck_assert_msg(!strcmp(l[at + 1], body), "OTHER KEYS, %s: '%s', the table says '%s'",
			      k[i].name, l[at + 1], body);
		at++;
	}
	for (; at < nl; at++)
		ck_assert_msg(strncmp(l[at], ".It ", 4), "OTHER KEYS: '%s' is no row of the table",
			      l[at]);
	free_lines(l, nl);

	/* Every name on a KEYS item is an applied row, and every applied row is there. */
	nl = section_lines("KEYS", &l);
	for (size_t i = 0; i < nk; i++) {
		int found = 0;

		if (k[i].status != KEY_APPLIED)
			continue;
		for (size_t j = 0; j < nl && !found; j++) {
			char *copy, *tok, *save;

			if (strncmp(l[j], ".It Cm ", 7))
				continue;
			copy = strdup(l[j] + 7);
			for (tok = strtok_r(copy, " ,", &save); tok && !found; tok = strtok_r(NULL, " ,", &save))
				found = !strcmp(tok, k[i].name);
			free(copy);
		}
		ck_assert_msg(found, "ifcfg-bond(5) KEYS does not document %s", k[i].name);
	}
	for (size_t j = 0; j < nl; j++) {
		char *copy, *tok, *save;

		if (strncmp(l[j], ".It Cm ", 7))
			continue;
		copy = strdup(l[j] + 7);
		for (tok = strtok_r(copy, " ,", &save); tok; tok = strtok_r(NULL, " ,", &save)) {
			const struct ifcfg_key *r;
			char key[64];

			if (!strcmp(tok, "Ns") || !strcmp(tok, "Ar") || !strcmp(tok, "n"))
				continue;
			/* KEY Ns Ar n: a numbered key (DNS1). */
			snprintf(key, sizeof(key), "%s%s", tok, !strncmp(save, "Ns Ar n", 7) ? "1" : "");
			r = ifcfg_key_find(key);
			ck_assert_msg(r && r->status == KEY_APPLIED,
				      "ifcfg-bond(5) KEYS documents %s, which the table does not apply", key);
		}
		free(copy);
	}
	free_lines(l, nl);
}
END_TEST

/* GENERATED FILES: each key a generator writes, under the fate the key table gives
 * it (KEYn looked up as KEY1, PREFIX* as PREFIXX). */
START_TEST(test_generated_files_match_table)
{
	char **l;
	size_t nl = section_lines("GENERATED FILES", &l), n = 0;
	const char *fate = NULL;

	for (size_t i = 0; i < nl; i++) {
		char *copy, *tok, *save;

		if (!strncmp(l[i], ".It ", 4)) {
			fate = l[i] + 4;
			continue;
		}
		if (l[i][0] == '.') {
			if (!strncmp(l[i], ".El", 3) || !strncmp(l[i], ".Ss", 3))
				fate = NULL;
			continue;
		}
		if (!fate)
			continue;
		copy = strdup(l[i]);
		for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
			char key[80];
			size_t len = strlen(tok);
			const struct ifcfg_key *k;
			const char *want;

			snprintf(key, sizeof(key), "%s", tok);
			if (len && (key[len - 1] == '*' || key[len - 1] == 'n'))
				key[len - 1] = key[len - 1] == '*' ? 'X' : '1';
			k = ifcfg_key_find(key);
			want = !k ? "unknown" : k->status == KEY_APPLIED ? "applied" :
			       k->status == KEY_LABEL ? "no effect" :
			       k->status == KEY_PLANNED ? "not applied yet" : "not applied";
			ck_assert_msg(!strcmp(fate, want), "GENERATED FILES: %s is under '%s', the key table says '%s'",
				      tok, fate, want);
			n++;
		}
		free(copy);
	}
	ck_assert_uint_gt(n, 300);
	free_lines(l, nl);
}
END_TEST

Suite *man_suite(void)
{
	Suite *s = suite_create("man");
	TCase *tc = tcase_create("ifcfg-bond.5");

	tcase_add_test(tc, test_table_matches_page);
	tcase_add_test(tc, test_generated_files_match_table);
	tcase_add_test(tc, test_bridge_tables_match_page);
	tcase_add_test(tc, test_key_table_matches_page);
	suite_add_tcase(s, tc);
	return s;
}
