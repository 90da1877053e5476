/* bondctl.c - the admin's tool: `check` lints a directory of ifcfg files, `dump`
 * shows what a file means as bash-sourceable KEY=VALUE lines. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lint.h"
#include "kind.h"
#include "ifcfg_parse.h"
#include "netcfg.h"

#define DEFAULT_DIR "/etc/sysconfig/network-scripts"

static void usage(FILE *fp)
{
	fputs("usage: bondctl check [-c DIR] [--json]\n"
	      "       bondctl dump FILE...\n"
	      "       bondctl list [-c DIR] [--onboot]\n"
	      "       bondctl help | --help | --version\n", fp);
}

/* help, --help, and --help after a command: the usage and what each part does. */
static int help(void)
{
	usage(stdout);
	printf("\n"
	       "  check   lint every ifcfg file of DIR: FILE:LINE: error|warning: message;\n"
	       "          --json prints the findings as JSON; exit 1 if any is an error\n"
	       "  dump    what each FILE assigns, as bash-quoted KEY=VALUE lines\n"
	       "  list    the devices of DIR in start order: NAME ROLE ONBOOT NM_CONTROLLED FILE;\n"
	       "          --onboot lists only ONBOOT ones\n"
	       "  -c DIR  the ifcfg directory (default %s)\n\n"
	       "See bondctl(8).\n", DEFAULT_DIR);
	return 0;
}

/* 1 if argv holds --help before any "--". */
static int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

static int cmd_dump(int argc, char **argv)
{
	struct diags d = { 0 };
	int rc = 0;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		struct ifcfg_file *f = NULL;

		/* A file with a refused line prints nothing: half a file would mislead. */
		if (ifcfg_read(argv[i], NULL, &f, &d) == 0) {
			if (argc > 2)
				printf("# %s\n", argv[i]);
			for (size_t k = 0; k < f->nvars; k++) {
				char *q = ifcfg_quote(f->vars[k].value);

				printf("%s=%s\n", f->vars[k].key, q ? q : "");
				free(q);
			}
		} else {
			rc = 1;
		}
		ifcfg_free(f);
	}
	diags_print(&d, stderr, "bondctl", DIAG_STYLE_TOOL);
	diags_free(&d);
	return rc;
}

/* "[-c DIR] [--FLAG]": the options of check and list. */
static int dir_and_flag(int argc, char **argv, const char *flag, const char **dir, int *on)
{
	const struct option lopts[] = {
		{ flag, no_argument, NULL, 'f' },
		{ "config-dir", required_argument, NULL, 'c' },
		{ 0 }
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:", lopts, NULL)) != -1) {
		if (c == 'c') {
			*dir = optarg;
		} else if (c == 'f') {
			*on = 1;
		} else {
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	const char *dir = DEFAULT_DIR;
	struct diags d = { 0 };
	int json = 0, rc;

	if (dir_and_flag(argc, argv, "json", &dir, &json))
		return 1;
	rc = lint_dir(dir, &d);
	if (json)
		diags_print_json(&d, stdout);
	else
		diags_print(&d, stdout, NULL, DIAG_STYLE_LINT);
	diags_free(&d);
	return rc;
}

/* The network service's view of the directory, in start order (a controller and a
 * lower device before what sits on them): it never parses a file itself. */
static int cmd_list(int argc, char **argv)
{
	const char *dir = DEFAULT_DIR;
	struct ifcfg_dir D = { 0 };
	struct netgraph g = { 0 };
	struct diags d = { 0 };
	int onboot = 0, rc = 0;

	if (dir_and_flag(argc, argv, "onboot", &dir, &onboot))
		return 1;
	if (ifcfg_dir_scan(dir, &D, &d) == 0 && netgraph_load(&D, &g, &d) == 0) {
		for (size_t i = 0; i < g.norder; i++) {
			const struct netnode *nd = &g.v[g.order[i]];
			const struct netcfg_dev *dev = &nd->dev;

			if (onboot && !dev->onboot)
				continue;
			/* A file with an error is listed as such (and reported), so that
			 * `network status` counts its device. */
			/* Every field is one word: a file whose DEVICE is unusable is
			 * named "-" (the name rule keeps the others safe to read). */
			printf("%s %s %s %s %s\n", dev->name[0] ? dev->name : "-",
			       !nd->loaded ? "error" :
			       netcfg_is_port_of(dev, &kind_bond) ? "slave" : dev->kind->role,
			       dev->onboot ? "yes" : "no", dev->nm_controlled ? "yes" : "no",
			       dev->file->label);
		}
		/* Left out as well: devices on a cycle, which have no place in the order. */
		for (size_t i = 0; i < g.n; i++) {
			const struct netnode *nd = &g.v[i];
			int cycle = nd->loaded && nd->rel.errors && !nd->ok;

			if (nd->loaded && !cycle)
				continue;
			rc = 1;
			diags_append(&d, &nd->load);
			if (cycle)
				diags_append(&d, &nd->rel);
		}
	} else {
		rc = 1;
	}
	/* Warnings are for `bondctl check`; list reports only what it left out. */
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].sev == DIAG_ERROR)
			fprintf(stderr, "bondctl: %s:%d: %s\n", d.v[i].file ? d.v[i].file : dir,
				d.v[i].line, d.v[i].msg ? d.v[i].msg : "");
	netgraph_free(&g);
	ifcfg_dir_free(&D);
	diags_free(&d);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("bondctl (ifcfg-bond) %s\n", IFCFG_BOND_VERSION);
		return 0;
	}
	if (wants_help(argc, argv) || !strcmp(argv[1], "help"))
		return help();
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "dump"))
		return cmd_dump(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	fprintf(stderr, "bondctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 1;
}
