/* GMP (Debian's libgmp-dev, a dependency of libglpk-dev) behind two word-array helpers.
 *
 * attaswift/BigInt carries MarginOracle's exact arithmetic, but its gcd is a binary
 * (Stein) algorithm whose cost dominated exact certification at d = 50 (measured: about
 * 45% of a 1000 x 50 solve). GMP's mpz_gcd and mpz_divexact are subquadratic. Numbers
 * cross the boundary as little-endian arrays of 64-bit words; GMP objects never outlive
 * one call. */
#ifndef MARGIN_ORACLE_CGMP_SHIM_H
#define MARGIN_ORACLE_CGMP_SHIM_H

#include <gmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* out = gcd(a, b) for nonnegative a, b; returns the word count of out (out has room for
 * min(na, nb) words, or max when one is zero). */
static inline size_t cgmp_gcd_words(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, uint64_t *out) {
    mpz_t x, y;
    mpz_init(x);
    mpz_init(y);
    mpz_import(x, na, -1, sizeof(uint64_t), 0, 0, a);
    mpz_import(y, nb, -1, sizeof(uint64_t), 0, 0, b);
    mpz_gcd(x, x, y);
    size_t count = 0;
    mpz_export(out, &count, -1, sizeof(uint64_t), 0, 0, x);
    mpz_clear(x);
    mpz_clear(y);
    return count;
}

/* out = a / b for nonnegative a, b where b divides a exactly; returns the word count
 * (out has room for na words). */
static inline size_t cgmp_divexact_words(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, uint64_t *out) {
    mpz_t x, y;
    mpz_init(x);
    mpz_init(y);
    mpz_import(x, na, -1, sizeof(uint64_t), 0, 0, a);
    mpz_import(y, nb, -1, sizeof(uint64_t), 0, 0, b);
    mpz_divexact(x, x, y);
    size_t count = 0;
    mpz_export(out, &count, -1, sizeof(uint64_t), 0, 0, x);
    mpz_clear(x);
    mpz_clear(y);
    return count;
}

/* The decimal digits of the nonnegative integer in words[0..count) (little-endian 64-bit words),
 * NUL-terminated, allocated by GMP's default allocator (malloc): the caller frees it. GMP converts
 * in subquadratic time; a few-thousand-digit numerator costs microseconds. */
static inline char *cgmp_decimal_words(const uint64_t *words, size_t count) {
    mpz_t x;
    mpz_init(x);
    mpz_import(x, count, -1, sizeof(uint64_t), 0, 0, words);
    char *text = mpz_get_str(NULL, 10, x);
    mpz_clear(x);
    return text;
}

/* The value of `length` ASCII decimal digits (validated by the caller) as little-endian 64-bit
 * words in out (room for length / 19 + 2 words); returns the word count (0 for zero). */
static inline size_t cgmp_parse_decimal(const char *digits, size_t length, uint64_t *out) {
    char *text = (char *)malloc(length + 1);
    for (size_t i = 0; i < length; i++) text[i] = digits[i];
    text[length] = 0;
    mpz_t x;
    mpz_init(x);
    mpz_set_str(x, text, 10);
    free(text);
    size_t count = 0;
    mpz_export(out, &count, -1, sizeof(uint64_t), 0, 0, x);
    mpz_clear(x);
    return count;
}

/* Fraction-free (Bareiss) solve of an integer k x k system with right-hand side, all in
 * GMP. Entry (r, c) of the augmented k x (k+1) matrix, row-major, is the integer whose
 * little-endian 64-bit words are words[offsets[e] .. offsets[e] + counts[e]) with sign
 * negative[e] (e = r * (k+1) + c). On success y[i] = det * x[i] are integers and x = y / det. */
typedef struct {
    size_t k;
    int singular;
    mpz_t *values; /* y[0..k-1], then det at index k */
} cgmp_solution;

/* A solution holding count values, then a denominator (set to 1), all initialized. */
static inline cgmp_solution *cgmp_solution_new(size_t count) {
    cgmp_solution *s = (cgmp_solution *)malloc(sizeof(cgmp_solution));
    s->k = count;
    s->singular = 0;
    s->values = (mpz_t *)malloc(sizeof(mpz_t) * (count + 1));
    for (size_t i = 0; i < count; i++) mpz_init(s->values[i]);
    mpz_init_set_ui(s->values[count], 1);
    return s;
}

/* Initializes z to integer e of the word format above (words, offsets, counts, negative). */
static inline void cgmp_init_entry(mpz_t z, const uint64_t *words, const size_t *offsets, const size_t *counts,
                                   const int *negative, size_t e) {
    mpz_init(z);
    mpz_import(z, counts[e], -1, sizeof(uint64_t), 0, 0, words + offsets[e]);
    if (negative[e]) mpz_neg(z, z);
}

static inline cgmp_solution *cgmp_bareiss(size_t k, const uint64_t *words, const size_t *offsets,
                                          const size_t *counts, const int *negative) {
    size_t w = k + 1, e, r, c, i, j;
    mpz_t *m = (mpz_t *)malloc(sizeof(mpz_t) * k * w);
    for (e = 0; e < k * w; e++) cgmp_init_entry(m[e], words, offsets, counts, negative, e);
    cgmp_solution *s = cgmp_solution_new(k);
    mpz_t prev, t;
    mpz_init_set_ui(prev, 1);
    mpz_init(t);
    for (c = 0; c < k && !s->singular; c++) {
        size_t p = k, best = (size_t)-1;
        for (r = c; r < k; r++) {
            if (mpz_sgn(m[r * w + c]) != 0 && mpz_size(m[r * w + c]) < best) { best = mpz_size(m[r * w + c]); p = r; }
        }
        if (p == k) { s->singular = 1; break; }
        if (p != c) for (j = 0; j < w; j++) mpz_swap(m[p * w + j], m[c * w + j]);
        for (r = c + 1; r < k; r++) {
            for (j = c + 1; j < w; j++) {
                mpz_mul(t, m[c * w + c], m[r * w + j]);
                mpz_submul(t, m[r * w + c], m[c * w + j]);
                mpz_divexact(m[r * w + j], t, prev);
            }
            mpz_set_ui(m[r * w + c], 0);
        }
        mpz_set(prev, m[c * w + c]);
    }
    if (!s->singular) {
        mpz_set(s->values[k], m[(k - 1) * w + (k - 1)]);
        for (i = k; i-- > 0;) {
            mpz_mul(t, s->values[k], m[i * w + k]);
            for (j = i + 1; j < k; j++) mpz_submul(t, m[i * w + j], s->values[j]);
            mpz_divexact(s->values[i], t, m[i * w + i]);
        }
    }
    mpz_clear(prev);
    mpz_clear(t);
    for (e = 0; e < k * w; e++) mpz_clear(m[e]);
    free(m);
    return s;
}

/* Number of 64-bit words of value i (i == k is the determinant). */
static inline size_t cgmp_solution_words(const cgmp_solution *s, size_t i) {
    return (mpz_sizeinbase(s->values[i], 2) + 63) / 64;
}

/* Writes |value i| to out (room for cgmp_solution_words words); returns its sign (-1, 0, 1). */
static inline int cgmp_solution_export(const cgmp_solution *s, size_t i, uint64_t *out) {
    size_t count = 0;
    mpz_export(out, &count, -1, sizeof(uint64_t), 0, 0, s->values[i]);
    return mpz_sgn(s->values[i]);
}

static inline void cgmp_solution_free(cgmp_solution *s) {
    for (size_t i = 0; i <= s->k; i++) mpz_clear(s->values[i]);
    free(s->values);
    free(s);
}


/* Exact combination of double rows: out_j = sum_a N_a * m_aj * 2^(e_aj - emin) for k integer
 * weights N_a (same word format as cgmp_bareiss) and a k x d table of doubles split into signed
 * mantissas m and exponents e (zero entries have m = 0). The d sums are values[0..d-1]. */
static inline cgmp_solution *cgmp_dyadic_combination(size_t k, size_t d, const uint64_t *words, const size_t *offsets,
                                                     const size_t *counts, const int *negative,
                                                     const int64_t *mantissa, const int32_t *exponent, int32_t emin) {
    size_t a, j;
    mpz_t *weight = (mpz_t *)malloc(sizeof(mpz_t) * (k ? k : 1));
    for (a = 0; a < k; a++) cgmp_init_entry(weight[a], words, offsets, counts, negative, a);
    cgmp_solution *s = cgmp_solution_new(d);
    mpz_t t;
    mpz_init(t);
    for (j = 0; j < d; j++) {
        for (a = 0; a < k; a++) {
            int64_t m = mantissa[a * d + j];
            if (m == 0) continue;
            mpz_mul_si(t, weight[a], (long)m);
            mpz_mul_2exp(t, t, (mp_bitcnt_t)(exponent[a * d + j] - emin));
            mpz_add(s->values[j], s->values[j], t);
        }
    }
    mpz_clear(t);
    for (a = 0; a < k; a++) mpz_clear(weight[a]);
    free(weight);
    return s;
}

/* values[0] = sum of squares of the k integers (same word format as cgmp_bareiss). */
static inline cgmp_solution *cgmp_sum_of_squares(size_t k, const uint64_t *words, const size_t *offsets,
                                                 const size_t *counts, const int *negative) {
    cgmp_solution *s = cgmp_solution_new(1);
    for (size_t a = 0; a < k; a++) {
        mpz_t t;
        cgmp_init_entry(t, words, offsets, counts, negative, a);
        mpz_addmul(s->values[0], t, t);
        mpz_clear(t);
    }
    return s;
}

#include "dixon.h"
#include "gram.h"

#endif
