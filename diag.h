/* diag.h - the one shape of every message: [PROG: ]FILE:LINE: [severity: ]text. */
#ifndef DIAG_H
#define DIAG_H

#include <stddef.h>
#include <stdio.h>

/* DIAG_LINE_ERROR: an error that costs only its line (a bad line of a route or
 * rule file): said and counted as an error, but the rest of the device comes up. */
enum diag_sev { DIAG_WARNING, DIAG_ERROR, DIAG_LINE_ERROR };

struct diag {
	enum diag_sev sev;
	char *file;		/* label of the file (basename in directory scans); may be NULL */
	int line;		/* 1-based; 0 = the file as a whole */
	char *msg;
};

struct diags {
	struct diag *v;
	size_t n, cap;
	size_t errors;		/* how many of v are DIAG_ERROR */
	size_t line_errors;	/* ... and DIAG_LINE_ERROR */
};

/* Appends a message; file may be NULL (message without location). */
void diag_add(struct diags *d, enum diag_sev sev, const char *file, int line,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The errors of d from index from on that have a line become DIAG_LINE_ERROR (they
 * cost only their line); returns how many errors from there on are left (the file's
 * as a whole). */
size_t diags_demote_lines(struct diags *d, size_t from);

/* Appends a copy of every message of in to out. */
void diags_append(struct diags *out, const struct diags *in);

/* Style of diags_print(): the lint prints "FILE:LINE: error: msg";
 * helpers print "PROG: FILE:LINE: msg" (warnings keep "warning: "). */
enum diag_style { DIAG_STYLE_LINT, DIAG_STYLE_TOOL };
void diags_print(const struct diags *d, FILE *fp, const char *prog, enum diag_style st);
/* From now on (on: 1) what diags_print prints in the helpers' style also goes to
 * syslog, facility daemon, an error at LOG_ERR and a warning at LOG_WARNING, with
 * its FILE:LINE (the helpers' runs that may change something). */
void diags_syslog(int on);
/* Prints the diagnostics as a JSON array (for bondctl check --json). */
void diags_print_json(const struct diags *d, FILE *fp);
/* s as a JSON string, quoted (NULL as ""). */
void diag_json_string(FILE *fp, const char *s);
void diags_free(struct diags *d);

/* The candidate closest to word (for "did you mean ...?"), or NULL when none is a
 * near miss.  Returns one of cands. */
const char *diag_closest(const char *word, const char *const *cands, size_t n);

#endif
