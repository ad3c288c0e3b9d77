/* A run's file outputs: the JSON document and the results DB; see
 * results.h. */
#include "sim/results.h"

#include "sim/results_json.h"
#include "sim/store.h"

int results_write(const struct results *res, const char *json_path,
		  const char *db_path, char *err, size_t err_size)
{
	if (json_path && results_json_write(json_path, res, err, err_size) != 0)
		return -1;
	if (!db_path)
		return 0;
	struct store *s;
	if (store_open(db_path, &s, err, err_size) != 0)
		return -1;
	if (store_add_run(s, res, NULL, err, err_size) != 0) {
		store_abort(s);
		return -1;
	}
	return store_close(s, err, err_size);
}
