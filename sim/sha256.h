/*
 * SHA-256 (FIPS 180-4), for the digests of a run's input files.  The results
 * record which config, trace and scenario a run read by content, so a results
 * DB says unambiguously whether two runs saw the same inputs even when files
 * were renamed or edited in place.  Small and dependency-free on purpose: no
 * crypto library is among pclsim's dependencies.
 */
#ifndef PCLSIM_SHA256_H
#define PCLSIM_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_BYTES 32
#define SHA256_HEX_CHARS 65      /* 64 hex digits and a NUL */

struct sha256 {
	uint32_t h[8];
	uint64_t n_bytes;
	uint8_t block[64];
	size_t used;                 /* bytes waiting in block */
	int hw;                      /* blocks through the CPU's SHA
				      * extensions (sha256_has_hw) */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* sha256_init for the portable code only, and whether sha256_init picks
 * the CPU's SHA extensions here: for the tests that compare the two. */
void sha256_init_portable(struct sha256 *s);
int sha256_has_hw(void);
void sha256_final(struct sha256 *s, uint8_t out[SHA256_DIGEST_BYTES]);

/* The digest of a whole buffer as lowercase hex. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_CHARS]);

/* The digest of a file's bytes as lowercase hex.  Returns 0, or -1 with
 * errno set when the file cannot be read. */
int sha256_file_hex(const char *path, char out[SHA256_HEX_CHARS]);

#endif
