/*
 * LD_PRELOAD shim for scripts/gen-uwsgi-options.mjs.
 *
 * uWSGI builds its getopt_long() table from its own option table (struct uwsgi_option, one
 * entry per name, in the same order), which says what `uwsgi --help` does not: whether an
 * option takes an argument and which handler stores it (a last-wins setter, a list appender,
 * a boolean). This shim wraps getopt_long(), remembers the option table uWSGI is parsing
 * with (it is rebuilt after plugins load), and at exit writes one tab-separated line per
 * option to $UWSGI_OPTIONS_DUMP:
 *
 *   name  has_arg  shortcut  handler  data  object  help
 *
 * `handler` is the handler's dynamic symbol name (empty when it is not exported), `data` the
 * address the handler writes to (names sharing handler, data and help are aliases), and
 * `object` the file the option comes from (the uwsgi binary or a plugin).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <getopt.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* uwsgi.h, uWSGI 2.0 */
struct uwsgi_option {
	char *name;
	int type;
	int shortcut;
	char *help;
	void (*func)(char *, char *, void *);
	void *data;
	uint64_t flags;
};

static const struct option *seen_long_options;
static const struct uwsgi_option *seen_options;

static int is_readable(const void *address, size_t length) {
	FILE *maps = fopen("/proc/self/maps", "r");
	char line[4096];
	uintptr_t start = (uintptr_t)address;
	int readable = 0;
	while (!readable && maps && fgets(line, sizeof line, maps)) {
		unsigned long low, high;
		char perms[5];
		if (sscanf(line, "%lx-%lx %4s", &low, &high, perms) == 3)
			readable = perms[0] == 'r' && start >= low && start + length <= high;
	}
	if (maps) fclose(maps);
	return readable;
}

/* The global `struct uwsgi_server uwsgi` holds a pointer to the option array whose first
 * name is the very string getopt's first long option points to. */
static const struct uwsgi_option *find_option_table(const struct option *long_options) {
	char *server = dlsym(RTLD_DEFAULT, "uwsgi");
	Dl_info info;
	const ElfW(Sym) *symbol = NULL;
	if (!server || !dladdr1(server, &info, (void **)&symbol, RTLD_DL_SYMENT) || !symbol) return NULL;
	for (size_t offset = 0; offset + sizeof(void *) <= symbol->st_size; offset += sizeof(void *)) {
		const struct uwsgi_option *candidate = *(const struct uwsgi_option **)(server + offset);
		if ((const void *)candidate != (const void *)long_options && is_readable(candidate, sizeof *candidate)
				&& candidate->name == long_options[0].name)
			return candidate;
	}
	return NULL;
}

static const char *symbol_name(void *address) {
	Dl_info info;
	if (dladdr(address, &info) && info.dli_saddr == address && info.dli_sname) return info.dli_sname;
	return "";
}

static const char *object_name(const void *address) {
	Dl_info info;
	return dladdr(address, &info) && info.dli_fname ? info.dli_fname : "";
}

static void dump_option_table(void) {
	const char *path = getenv("UWSGI_OPTIONS_DUMP");
	FILE *out = path ? fopen(path, "w") : NULL;
	if (!out) return;
	for (const struct uwsgi_option *op = seen_options; op && op->name; op++) {
		fprintf(out, "%s\t%d\t%c\t%s\t%p\t%s\t%s\n", op->name, op->type, op->shortcut > 0 ? op->shortcut : '-',
			symbol_name((void *)op->func), op->data, object_name(op->name), op->help ? op->help : "");
	}
	fclose(out);
}

int getopt_long(int argc, char *const argv[], const char *short_options, const struct option *long_options,
		int *long_index) {
	static int (*real_getopt_long)(int, char *const *, const char *, const struct option *, int *);
	if (!real_getopt_long) {
		real_getopt_long = dlsym(RTLD_NEXT, "getopt_long");
		atexit(dump_option_table);
	}
	if (long_options != seen_long_options) {
		seen_long_options = long_options;
		seen_options = find_option_table(long_options);
	}
	return real_getopt_long(argc, argv, short_options, long_options, long_index);
}
