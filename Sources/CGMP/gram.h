/* Exact Gram matrices of small-integer rows, in machine words.
 *
 * The l2 oracle's exact phase solves (K K^T) beta = b for the integer parts K of the support's
 * rows. With |K_aj| < 2^63 every product fits an int128, and a sum of d of them fits three
 * 64-bit words; attaswift/BigInt spent a third of a 10000 x 200 solve building this matrix. */
#ifndef MARGIN_ORACLE_CGMP_GRAM_H
#define MARGIN_ORACLE_CGMP_GRAM_H

#include <stddef.h>
#include <stdint.h>

/* out[(a k + b) * 3 + 0..2] = sum_j K[a d + j] K[b d + j] as a signed 192-bit two's complement
 * number (little-endian words), for the k x d row-major int64 matrix K (all |K| < 2^63). */
static inline void cgmp_gram_int64(size_t k, size_t d, const int64_t *K, uint64_t *out) {
    for (size_t a = 0; a < k; a++) {
        const int64_t *ra = K + a * d;
        for (size_t b = a; b < k; b++) {
            const int64_t *rb = K + b * d;
            unsigned __int128 lo = 0;
            int64_t hi = 0;
            for (size_t j = 0; j < d; j++) {
                __int128 prod = (__int128)ra[j] * rb[j];
                unsigned __int128 before = lo;
                lo += (unsigned __int128)prod;
                hi += (lo < before) - (prod < 0);
            }
            uint64_t *o = out + (a * k + b) * 3, *m = out + (b * k + a) * 3;
            o[0] = m[0] = (uint64_t)lo;
            o[1] = m[1] = (uint64_t)(lo >> 64);
            o[2] = m[2] = (uint64_t)hi;
        }
    }
}

#endif
