/* check_ifcfg_parse.c - the reader against bash as the oracle, hostile files, the
 * quoting round trip, the directory rules and NetworkManager's corpus. */
#define _GNU_SOURCE	/* asprintf */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ifcfg_parse.h"

/* A copy of ../shared/corpus/nm-ifcfg-rh (its ifcfg files), so a clean clone has it. */
#define CORPUS "corpus/nm-ifcfg-rh"

static char tmp[64];

static void setup(void)
{
	snprintf(tmp, sizeof(tmp), "/tmp/check_ifcfg.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

static char *write_file(const char *name, const char *text, size_t len)
{
	char *path;
	FILE *fp;

	ck_assert_int_ge(asprintf(&path, "%s/%s", tmp, name), 0);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
	fclose(fp);
	return path;
}

/* What bash, sourcing path with nothing else around, holds in each of keys[]:
 * values separated by NUL in *out.  Returns the total length. */
static size_t bash_values(const char *path, const char *const *keys, size_t n, char **out)
{
	char *cmd = NULL, *buf = NULL, *abs = realpath(path, NULL);
	size_t len = 0, cap = 0, got;
	FILE *p;
	char chunk[4096];

	ck_assert_ptr_nonnull(abs);

	ck_assert_int_ge(asprintf(&cmd, "cd '%s' && env -i bash --norc --noprofile -c "
				  "'set -f; . \"$0\" >/dev/null 2>&1; shift; for k; do printf \"%%s\\0\" \"${!k}\"; done' "
				  "'%s' _", tmp, abs), 0);
	free(abs);
	for (size_t i = 0; i < n; i++) {
		char *c2;

		ck_assert_int_ge(asprintf(&c2, "%s %s", cmd, keys[i]), 0);
		free(cmd);
		cmd = c2;
	}
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while ((got = fread(chunk, 1, sizeof(chunk), p)) > 0) {
		if (len + got > cap) {
			cap = (len + got) * 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		memcpy(buf + len, chunk, got);
		len += got;
	}
	pclose(p);
	free(cmd);
	*out = buf;
	return len;
}

/* Every value the reader accepted in f equals bash's. */
static void agree_with_bash(const struct ifcfg_file *f, const char *path)
{
	const char **keys = calloc(f->nvars + 1, sizeof(*keys));
	size_t n = 0, len, off = 0;
	char *vals;

	for (size_t i = 0; i < f->nvars; i++)
		if (ifcfg_find(f, f->vars[i].key) == &f->vars[i])	/* last of each key */
			keys[n++] = f->vars[i].key;
	len = bash_values(path, keys, n, &vals);
	for (size_t i = 0; i < n; i++) {
		const char *mine = ifcfg_get(f, keys[i]);

		ck_assert_msg(off < len || !n, "%s: bash printed too little", path);
		ck_assert_msg(!strcmp(mine, vals + off), "%s: %s: reader '%s', bash '%s'", path,
			      keys[i], mine, vals + off);
		off += strlen(vals + off) + 1;
	}
	free(vals);
	free(keys);
}

/* Reads text as a file; returns the refusals as "LINE:reason\n" lines. */
static char *refusals(const char *text, size_t len, struct ifcfg_file **fp)
{
	struct diags d = { 0 };
	char *buf = NULL;
	size_t blen = 0;
	FILE *m = open_memstream(&buf, &blen);

	ifcfg_parse_buf(text, len, "f", fp, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(m, "%d\n", d.v[i].line);
	fclose(m);
	diags_free(&d);
	return buf;
}

static const char *const accepted[] = {
	"K=plain", "K=a=b", "K==", "K=", "K=\"\"", "K=''", "K=$''", "K=   ", "K=;", "K= # c",
	"K=a # c", "K=\"a b\" # c \"x", "K=a;#c", "K=a#b", "K=#b", "K=\"a\"#b", "K=a\\ #c",
	"K=a'b'\"c\"", "K=$'a'\"b\"'c'd\\ e", "K='a\\'", "K='$HOME $(x) `y` ;|&<>'", "K='it'\\''s'",
	"K=\"a\\\"b\"", "K=\"a\\\\b\"", "K=\"\\$HOME\"", "K=\"a\\`b\"", "K=\"a\\b\"", "K=\"a\\nb\"",
	"K=\"it's\"", "K=\"a!b\"", "K=\"a\tb\"", "K=*", "K={a,b}", "K=a!b", "K=a$", "K=$",
	"K=a~b", "K=\"~\"", "K=\\~", "K=$'\\t\\n\\x41\\101\\q\\x'", "K=$'\\303\\251'",
	"K=\"é ü\"", "  K=indented", "\tK=tab", "K=a ;", "K=\"BONDING_OPTS=mode=1 miimon=100\"",
	"_k9=lower", "K=a   ", "K=\"a\\'\" ", "K=x\nK=y",
};

START_TEST(test_bash_agrees)
{
	for (size_t i = 0; i < sizeof(accepted) / sizeof(*accepted); i++) {
		struct ifcfg_file *f;
		char *why = refusals(accepted[i], strlen(accepted[i]), &f);
		char *path = write_file("ifcfg-t", accepted[i], strlen(accepted[i]));

		ck_assert_msg(!*why, "refused: %s (line %s)", accepted[i], why);
		ck_assert_msg(f->nvars >= 1, "%s: nothing read", accepted[i]);
		agree_with_bash(f, path);
		free(why);
		free(path);
		ifcfg_free(f);
	}
}
END_TEST

static const char *const refused[] = {
	"K=$(touch x)", "K=`touch x`", "K=$HOME", "K=${HOME}", "K=$((1+2))", "K=$\"abc\"",
	"K=\"$HOME\"", "K=\"`x`\"", "K=\"a$\"", "K='open", "K=\"open", "K=$'open", "K=a b",
	"K=a;;", "K=a; b", "K=a|b", "K=a&", "K=a>out", "K=(a b)", "K=~", "K=/a:~/b", "K=a\\",
	"K=a\r", "K =a", "K= a", "export K=a", "K+=a", "K[0]=a", "1K=a", "KEY-1=a", "K",
	"UID=5", "K=\"a\\'\"", "K=\"\\~\"", "K=$'\\cA'", "K=$'\\u00e9'", "K=$'a\\0b'", "K=$'\\xff'",
	"K=\xff", "K=a# b", "\xef\xbb\xbfK=a",
};

START_TEST(test_hostile)
{
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		struct ifcfg_file *f;
		char *why = refusals(refused[i], strlen(refused[i]), &f);

		ck_assert_msg(!strcmp(why, "1\n"), "not refused at line 1: %s (%s)", refused[i], why);
		ck_assert_ptr_null(ifcfg_get(f, "K"));
		ck_assert_int_eq(f->errors, 1);
		free(why);
		ifcfg_free(f);
	}
	/* The reader never runs anything: the marker file must not appear. */
	ck_assert_int_eq(access("x", F_OK), -1);
}
END_TEST

START_TEST(test_lines_and_last_wins)
{
	static const char text[] = "A=1\nB=$(reboot)\nC=3\nA=2\nC=`x`\n";
	struct ifcfg_file *f;
	char *why = refusals(text, sizeof(text) - 1, &f);

	ck_assert_str_eq(why, "2\n5\n");
	ck_assert_str_eq(ifcfg_get(f, "A"), "2");
	ck_assert_int_eq(ifcfg_line(f, "A"), 4);
	/* The last C is refused: no fall-back to line 3 (NetworkManager reads ""). */
	ck_assert_ptr_null(ifcfg_get(f, "C"));
	ck_assert_ptr_null(ifcfg_get(f, "B"));
	free(why);
	ifcfg_free(f);
}
END_TEST

START_TEST(test_nul_crlf_big)
{
	static const char nul[] = "A=1\nB=a\0b\nC=3\n";
	static const char crlf[] = "A=1\r\nB=\"2\"\r\n";
	struct ifcfg_file *f;
	char *why = refusals(nul, sizeof(nul) - 1, &f);
	size_t big = 10u * 1000 * 1000;
	char *s = malloc(big + 16), *path;
	struct diags d = { 0 };

	ck_assert_str_eq(why, "2\n");
	free(why);
	ifcfg_free(f);
	why = refusals(crlf, sizeof(crlf) - 1, &f);
	ck_assert_str_eq(why, "1\n2\n");
	free(why);
	ifcfg_free(f);

	/* A 10 MB line is read whole (its speed is a benchmark's business, not a test's). */
	memcpy(s, "K=", 2);
	memset(s + 2, 'a', big);
	memcpy(s + 2 + big, "\n", 2);
	path = write_file("ifcfg-big", s, big + 3);
	ck_assert_int_eq(ifcfg_read(path, NULL, &f, &d), 0);
	ck_assert_uint_eq(strlen(ifcfg_get(f, "K")), big);
	ifcfg_free(f);
	free(path);
	/* Over NetworkManager's 10 MiB limit: refused as a whole. */
	s = realloc(s, IFCFG_MAX_FILE + 16);
	memset(s, '#', IFCFG_MAX_FILE + 1);
	path = write_file("ifcfg-huge", s, IFCFG_MAX_FILE + 1);
	ck_assert_int_eq(ifcfg_read(path, "ifcfg-huge", &f, &d), -1);
	ck_assert_ptr_null(f);
	ck_assert_uint_eq(d.errors, 1);
	ck_assert_int_eq(d.v[0].line, 0);
	free(path);
	free(s);
	diags_free(&d);
}
END_TEST

/* Values to round-trip: quoted by ifcfg_quote, read back by bash and by the reader. */
static const char *const values[] = {
	"", "plain", "a b", "it's", "~", "$HOME", "`x`", "a\"b", "a\\b", "é", "mode=1 miimon=100",
	"a\tb", "line1\nline2", "cr\r", "esc\033[0m", "del\177", "#a", "a#b", "*", "{a,b}", "!x",
	"a;b", "a|b&c", "(x)", "<>", "\\", "\\\\$", "'\"'", "é\n", "x=y",
};

START_TEST(test_quote_round_trip)
{
	for (size_t i = 0; i < sizeof(values) / sizeof(*values); i++) {
		char *q = ifcfg_quote(values[i]), *line, *path, *vals;
		struct ifcfg_file *f;
		struct diags d = { 0 };
		const char *key = "K";

		ck_assert_int_ge(asprintf(&line, "K=%s\n", q), 0);
		ck_assert_int_eq(ifcfg_parse_buf(line, strlen(line), "f", &f, &d), 0);
		ck_assert_msg(!strcmp(ifcfg_get(f, "K"), values[i]), "reader: %s -> %s", q,
			      ifcfg_get(f, "K"));
		path = write_file("ifcfg-q", line, strlen(line));
		bash_values(path, &key, 1, &vals);
		ck_assert_msg(!strcmp(vals, values[i]), "bash: %s -> '%s'", q, vals);
		free(vals);
		free(path);
		free(line);
		free(q);
		ifcfg_free(f);
		diags_free(&d);
	}
	/* svEscape's own choices. */
	{
		char *q = ifcfg_quote("a b");

		ck_assert_str_eq(q, "\"a b\"");
		free(q);
		q = ifcfg_quote("bond0");
		ck_assert_str_eq(q, "bond0");
		free(q);
		q = ifcfg_quote("é\n");
		ck_assert_str_eq(q, "$'\\303\\251\\n'");
		free(q);
	}
}
END_TEST

START_TEST(test_booleans)
{
	static const char *const yes[] = { "yes", "YES", "True", "on", "1", "y", "T" };
	static const char *const no[] = { "no", "No", "FALSE", "off", "0", "n", "f" };
	int v;

	for (size_t i = 0; i < 7; i++) {
		ck_assert_int_eq(ifcfg_bool(yes[i], &v), 0);
		ck_assert_int_eq(v, 1);
		ck_assert_int_eq(ifcfg_bool(no[i], &v), 0);
		ck_assert_int_eq(v, 0);
	}
	ck_assert_int_eq(ifcfg_bool("maybe", &v), -1);
	ck_assert_int_eq(ifcfg_bool("", &v), -1);
}
END_TEST

START_TEST(test_dir_rules)
{
	static const char *const ignored[] = { "ifcfg-eth0~", "ifcfg-eth0.bak", "ifcfg-eth0.old",
		"ifcfg-eth0.orig", "ifcfg-eth0.rpmnew", "ifcfg-eth0.rpmorig", "ifcfg-eth0.rpmsave",
		"ifcfg-eth0:1", "ifcfg-eth0-range0", "route-eth0", "ifcfg-" };
	struct ifcfg_dir dir;
	struct diags d = { 0 };
	struct ifcfg_file **sl;
	size_t n;

	for (size_t i = 0; i < sizeof(ignored) / sizeof(*ignored); i++) {
		ck_assert_msg(ifcfg_name_ignored(ignored[i]), "%s", ignored[i]);
		free(write_file(ignored[i], "DEVICE=bad\n", 11));
	}
	ck_assert(!ifcfg_name_ignored("ifcfg-bond0"));
	free(write_file("ifcfg-bond1", "BONDING_OPTS=\"mode=1\"\n", 22));
	free(write_file("ifcfg-bond10", "TYPE=bond\n", 10));
	free(write_file("ifcfg-eth10", "MASTER=bond1\nSLAVE=yes\n", 23));
	free(write_file("ifcfg-eth2", "MASTER=bond1\nSLAVE=yes\n", 23));
	free(write_file("ifcfg-eth3", "MASTER=bond10\nSLAVE=yes\n", 24));
	free(write_file("ifcfg-eth4", "MASTER=bond1\nSLAVE=no\n", 22));
	free(write_file("ifcfg-lan", "DEVICE=eth5\n", 12));
	ck_assert_int_eq(ifcfg_dir_scan(tmp, &dir, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(dir.n, 7);
	ck_assert_str_eq(dir.files[0]->device, "bond1");
	ck_assert_str_eq(dir.files[1]->device, "bond10");
	ck_assert_str_eq(dir.files[2]->device, "eth2");
	ck_assert_str_eq(dir.files[6]->device, "eth10");
	ck_assert_str_eq(dir.files[0]->label, "ifcfg-bond1");
	ck_assert(ifcfg_is_bond(dir.files[0]) && ifcfg_is_bond(dir.files[1]));
	ck_assert(!ifcfg_is_bond(dir.files[2]));
	ck_assert_ptr_eq(ifcfg_dir_find(&dir, "eth5"), ifcfg_dir_find(&dir, "ifcfg-lan"));
	ck_assert_str_eq(ifcfg_dir_find(&dir, "ifcfg-eth5")->label, "ifcfg-lan");
	ck_assert_ptr_null(ifcfg_dir_find(&dir, "bad"));
	n = ifcfg_dir_slaves(&dir, "bond1", 1, &sl);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(sl[0]->device, "eth2");	/* natural order: eth2 before eth10 */
	ck_assert_str_eq(sl[1]->device, "eth10");
	free(sl);
	n = ifcfg_dir_slaves(&dir, "bond1", 0, &sl);
	ck_assert_uint_eq(n, 3);			/* SLAVE=no counts only when not required */
	free(sl);
	n = ifcfg_dir_slaves(&dir, "bond10", 1, &sl);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(sl[0]->device, "eth3");
	free(sl);
	ifcfg_dir_free(&dir);
	ck_assert_int_lt(ifcfg_natcmp("eth2", "eth10"), 0);
	ck_assert_int_gt(ifcfg_natcmp("bond10", "bond1"), 0);
	ck_assert_int_ne(ifcfg_natcmp("eth01", "eth1"), 0);
	ck_assert_int_eq(ifcfg_dir_scan("/nonexistent", &dir, &d), -1);
	ck_assert_uint_eq(d.errors, 1);
	ifcfg_dir_free(&dir);
	diags_free(&d);
}
END_TEST

/* NetworkManager's 236 test files: every one read or refused at a line, never a
 * crash; every file read without refusal agrees with bash, key by key. */
START_TEST(test_corpus)
{
	DIR *dp = opendir(CORPUS);
	struct dirent *de;
	size_t read_ok = 0, refused_n = 0;

	ck_assert_ptr_nonnull(dp);
	while ((de = readdir(dp))) {
		struct ifcfg_file *f = NULL;
		struct diags d = { 0 };
		char *path;

		if (strncmp(de->d_name, "ifcfg-", 6))
			continue;
		ck_assert_int_ge(asprintf(&path, CORPUS "/%s", de->d_name), 0);
		if (ifcfg_read(path, de->d_name, &f, &d) == 0) {
			read_ok++;
			agree_with_bash(f, path);
		} else {
			refused_n++;
			for (size_t i = 0; i < d.n; i++)
				ck_assert_msg(d.v[i].file && d.v[i].msg, "%s: shapeless error", path);
		}
		ifcfg_free(f);
		diags_free(&d);
		free(path);
	}
	closedir(dp);
	printf("corpus: %zu files read, %zu refused at a line\n", read_ok, refused_n);
	ck_assert_uint_gt(read_ok, 150);
}
END_TEST

/* `bondctl dump`, sourced by bash, gives exactly what bash gets from the file
 * itself, for every corpus file the reader accepts. */
START_TEST(test_dump_round_trip)
{
	DIR *dp = opendir(CORPUS);
	struct dirent *de;
	size_t checked = 0;

	ck_assert_ptr_nonnull(dp);
	while ((de = readdir(dp))) {
		struct ifcfg_file *f = NULL;
		struct diags d = { 0 };
		char *path, *dumped, *cmd, *a, *b;
		const char **keys;
		size_t n = 0, la, lb;

		if (strncmp(de->d_name, "ifcfg-", 6))
			continue;
		ck_assert_int_ge(asprintf(&path, CORPUS "/%s", de->d_name), 0);
		if (ifcfg_read(path, de->d_name, &f, &d)) {
			ifcfg_free(f);
			diags_free(&d);
			free(path);
			continue;
		}
		ck_assert_int_ge(asprintf(&dumped, "%s/dump", tmp), 0);
		ck_assert_int_ge(asprintf(&cmd, "../bondctl dump '%s' > '%s'", path, dumped), 0);
		ck_assert_int_eq(system(cmd), 0);
		keys = calloc(f->nvars + 1, sizeof(*keys));
		for (size_t i = 0; i < f->nvars; i++)
			if (ifcfg_find(f, f->vars[i].key) == &f->vars[i])
				keys[n++] = f->vars[i].key;
		la = bash_values(path, keys, n, &a);
		lb = bash_values(dumped, keys, n, &b);
		ck_assert_msg(la == lb && (!la || !memcmp(a, b, la)), "%s: bondctl dump differs", path);
		checked++;
		free(a);
		free(b);
		free(keys);
		free(cmd);
		free(dumped);
		free(path);
		ifcfg_free(f);
		diags_free(&d);
	}
	closedir(dp);
	ck_assert_uint_gt(checked, 150);
}
END_TEST

Suite *ifcfg_parse_suite(void)
{
	Suite *s = suite_create("ifcfg_parse");
	TCase *tc = tcase_create("reader");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bash_agrees);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_lines_and_last_wins);
	tcase_add_test(tc, test_nul_crlf_big);
	tcase_add_test(tc, test_quote_round_trip);
	tcase_add_test(tc, test_booleans);
	tcase_add_test(tc, test_dir_rules);
	tcase_add_test(tc, test_corpus);
	tcase_add_test(tc, test_dump_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
