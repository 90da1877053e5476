/* diag.c - collecting and printing messages in the project's one shape. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"

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
			fputs(g->sev == DIAG_ERROR ? "error: " : "warning: ", fp);
		fprintf(fp, "%s\n", g->msg ? g->msg : "out of memory");
	}
}

static void json_string(FILE *fp, const char *s)
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
			json_string(fp, g->file);
		else
			fputs("null", fp);
		fprintf(fp, ", \"line\": %d, \"severity\": \"%s\", \"message\": ", g->line,
			g->sev == DIAG_ERROR ? "error" : "warning");
		json_string(fp, g->msg ? g->msg : "out of memory");
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
