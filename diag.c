/* diag.c - collecting and printing messages in the project's one shape. */
#define _GNU_SOURCE	/* vasprintf */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include "diag.h"

/* Optimal string alignment distance (edits, with adjacent swaps counting one). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), best;
	size_t *d = calloc((la + 1) * (lb + 1), sizeof(*d));

	if (!d)
		return (size_t)-1;
#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (size_t i = 0; i <= la; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= lb; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t c = a[i - 1] != b[j - 1];
			size_t v = D(i - 1, j) + 1;

			if (D(i, j - 1) + 1 < v)
				v = D(i, j - 1) + 1;
			if (D(i - 1, j - 1) + c < v)
				v = D(i - 1, j - 1) + c;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    D(i - 2, j - 2) + 1 < v)
				v = D(i - 2, j - 2) + 1;
			D(i, j) = v;
		}
	best = D(la, lb);
#undef D
	free(d);
	return best;
}

const char *diag_closest(const char *word, const char *const *cands, size_t n)
{
	const char *best_name = NULL;
	size_t best = 3;

	/* Only near misses: at most two edits and less than a third of the candidate. */
	for (size_t i = 0; i < n; i++) {
		size_t dist = edit_distance(word, cands[i]);

		if (dist < best && dist * 3 < strlen(cands[i])) {
			best = dist;
			best_name = cands[i];
		}
	}
	return best_name;
}

void diag_add(struct diags *d, enum diag_sev sev, const char *file, int line,
	      const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 8;
		struct diag *v = realloc(d->v, cap * sizeof(*v));

		if (!v) {
			/* Out of memory: still count the error so callers fail. */
			free(msg);
			d->errors += sev == DIAG_ERROR;
			d->line_errors += sev == DIAG_LINE_ERROR;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n].sev = sev;
	d->v[d->n].file = file ? strdup(file) : NULL;
	d->v[d->n].line = line;
	d->v[d->n].msg = msg;
	d->n++;
	d->errors += sev == DIAG_ERROR;
	d->line_errors += sev == DIAG_LINE_ERROR;
}

size_t diags_demote_lines(struct diags *d, size_t from)
{
	size_t left = 0;
	char *msg;

	for (size_t i = from; i < d->n; i++) {
		if (d->v[i].sev != DIAG_ERROR)
			continue;
		if (!d->v[i].line) {
			left++;
			continue;
		}
		d->v[i].sev = DIAG_LINE_ERROR;
		d->errors--;
		d->line_errors++;
		if (d->v[i].msg && asprintf(&msg, "%s; the line is not applied", d->v[i].msg) >= 0) {
			free(d->v[i].msg);
			d->v[i].msg = msg;
		}
	}
	return left;
}

void diags_append(struct diags *out, const struct diags *in)
{
	for (size_t i = 0; i < in->n; i++)
		diag_add(out, in->v[i].sev, in->v[i].file, in->v[i].line, "%s",
			 in->v[i].msg ? in->v[i].msg : "out of memory");
}

static int log_on;

void diags_syslog(int on)
{
	log_on = on;
}

void diags_print(const struct diags *d, FILE *fp, const char *prog, enum diag_style st)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		if (prog)
			fprintf(fp, "%s: ", prog);
		if (g->file && g->line)
			fprintf(fp, "%s:%d: ", g->file, g->line);
		else if (g->file)
			fprintf(fp, "%s: ", g->file);
		if (st == DIAG_STYLE_LINT || g->sev == DIAG_WARNING)
			fputs(g->sev != DIAG_WARNING ? "error: " : "warning: ", fp);
		fprintf(fp, "%s\n", g->msg ? g->msg : "out of memory");
		if (log_on && prog && st == DIAG_STYLE_TOOL)
			syslog(LOG_DAEMON | (g->sev != DIAG_WARNING ? LOG_ERR : LOG_WARNING), "%s%s%.0d%s%s%s",
			       g->file ? g->file : "", g->file && g->line ? ":" : "", g->file ? g->line : 0,
			       g->file ? ": " : "", g->sev != DIAG_WARNING ? "error: " : "warning: ",
			       g->msg ? g->msg : "out of memory");
	}
}

void diag_json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

void diags_print_json(const struct diags *d, FILE *fp)
{
	fputs("[", fp);
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		fputs(i ? ",\n {" : "\n {", fp);
		fputs("\"file\": ", fp);
		if (g->file)
			diag_json_string(fp, g->file);
		else
			fputs("null", fp);
		fprintf(fp, ", \"line\": %d, \"severity\": \"%s\", \"message\": ", g->line,
			g->sev != DIAG_WARNING ? "error" : "warning");
		diag_json_string(fp, g->msg ? g->msg : "out of memory");
		fputs("}", fp);
	}
	fputs(d->n ? "\n]\n" : "]\n", fp);
}

void diags_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}
