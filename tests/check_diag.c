/* check_diag.c - the message shape. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"

static char *print_to_string(const struct diags *d, const char *prog, enum diag_style st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	diags_print(d, fp, prog, st);
	fclose(fp);
	return buf;
}

START_TEST(test_shapes)
{
	struct diags d = { 0 };
	char *s;

	diag_add(&d, DIAG_WARNING, "ifcfg-bond0", 8, "unknown key USRCTL");
	diag_add(&d, DIAG_ERROR, "ifcfg-bond0", 10, "BONDING_OPTS: %s", "bad");
	ck_assert_uint_eq(d.errors, 1);
	s = print_to_string(&d, NULL, DIAG_STYLE_LINT);
	ck_assert_str_eq(s, "ifcfg-bond0:8: warning: unknown key USRCTL\n"
			    "ifcfg-bond0:10: error: BONDING_OPTS: bad\n");
	free(s);
	s = print_to_string(&d, "ifup-bond", DIAG_STYLE_TOOL);
	ck_assert_str_eq(s, "ifup-bond: ifcfg-bond0:8: warning: unknown key USRCTL\n"
			    "ifup-bond: ifcfg-bond0:10: BONDING_OPTS: bad\n");
	free(s);
	diags_free(&d);
}
END_TEST

START_TEST(test_json)
{
	struct diags d = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	diag_add(&d, DIAG_ERROR, "f", 2, "a \"q\"");
	diags_print_json(&d, fp);
	fclose(fp);
	ck_assert_str_eq(buf, "[\n {\"file\": \"f\", \"line\": 2, \"severity\": \"error\", "
			      "\"message\": \"a \\\"q\\\"\"}\n]\n");
	free(buf);
	diags_free(&d);
}
END_TEST

Suite *diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_shapes);
	tcase_add_test(tc, test_json);
	suite_add_tcase(s, tc);
	return s;
}
