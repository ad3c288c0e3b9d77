/* Temp-file-and-rename output; see outfile.h. */
#include "sim/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int outfile_check(const char *path, const char *const *inputs, int n_inputs,
		  char *err, size_t err_size)
{
	struct stat st;
	if (!path || !*path) {
		snprintf(err, err_size, "empty output path");
		return -1;
	}
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			snprintf(err, err_size, "%s: is a directory, not a file",
				 path);
			return -1;
		}
		for (int i = 0; i < n_inputs; i++) {
			struct stat in;
			if (!inputs[i] || stat(inputs[i], &in) != 0)
				continue;
			if (in.st_dev == st.st_dev && in.st_ino == st.st_ino) {
				snprintf(err, err_size,
					 "%s: is the input %s; refusing to overwrite an input",
					 path, inputs[i]);
				return -1;
			}
		}
	}
	return 0;
}

char *temp_template(const char *dir_or_path, const char *suffix)
{
	size_t a = strlen(dir_or_path), b = strlen(suffix);
	char *t = malloc(a + b + 7);
	if (!t)
		return NULL;
	memcpy(t, dir_or_path, a);
	memcpy(t + a, suffix, b);
	memset(t + a + b, 'X', 6);
	t[a + b + 6] = '\0';
	return t;
}

int outfile_open(struct outfile *o, const char *path, char *err,
		 size_t err_size)
{
	memset(o, 0, sizeof *o);
	o->path = strdup(path);
	o->tmp_path = temp_template(path, ".tmp.");
	if (!o->path || !o->tmp_path) {
		snprintf(err, err_size, "%s: out of memory", path);
		outfile_abort(o);
		return -1;
	}
	int fd = mkstemp(o->tmp_path);
	if (fd < 0) {
		snprintf(err, err_size, "%s: cannot create: %s", path,
			 strerror(errno));
		free(o->tmp_path);
		o->tmp_path = NULL;
		outfile_abort(o);
		return -1;
	}
	fchmod(fd, 0644);
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		close(fd);
		outfile_abort(o);
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *o, char *err, size_t err_size)
{
	int rc = 0;
	if (o->fp) {
		if (fflush(o->fp) != 0 || ferror(o->fp) ||
		    fsync(fileno(o->fp)) != 0) {
			snprintf(err, err_size, "%s: write failed: %s", o->path,
				 strerror(errno));
			rc = -1;
		}
		if (fclose(o->fp) != 0 && rc == 0) {
			snprintf(err, err_size, "%s: write failed: %s", o->path,
				 strerror(errno));
			rc = -1;
		}
		o->fp = NULL;
	}
	if (rc == 0 && o->tmp_path && rename(o->tmp_path, o->path) != 0) {
		snprintf(err, err_size, "%s: cannot rename into place: %s",
			 o->path, strerror(errno));
		rc = -1;
	}
	if (rc == 0) {
		free(o->tmp_path);
		o->tmp_path = NULL;
	}
	outfile_abort(o);
	return rc;
}

void outfile_abort(struct outfile *o)
{
	if (o->fp) {
		fclose(o->fp);
		o->fp = NULL;
	}
	if (o->tmp_path) {
		unlink(o->tmp_path);
		free(o->tmp_path);
		o->tmp_path = NULL;
	}
	free(o->path);
	o->path = NULL;
}
