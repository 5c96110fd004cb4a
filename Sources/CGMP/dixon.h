/* Dixon's p-adic lifting for square integer systems A x = b (Dixon 1982, "Exact solution of
 * linear equations using p-adic expansions"; the method of IML and LinBox).
 *
 * Bareiss costs O(k^3) operations on numbers that grow to the size of det(A) (thousands of
 * bits at k = 100). Dixon inverts A once modulo a word-size prime p, then lifts the solution
 * one p-adic digit at a time: each step is one k x k product with small numbers, and the
 * residual stays as small as A's entries. After m steps, with p^m > 2 N D (N, D Hadamard
 * bounds on Cramer's numerators and on det A), rational reconstruction recovers x. The result
 * is checked exactly (A y == den * b) before it is returned, so a wrong bound or an unlucky
 * prime can cost time, never correctness: the caller falls back to Bareiss on failure.
 *
 * Same input and output conventions as cgmp_bareiss (shim.h): the augmented k x (k+1) matrix
 * as 64-bit word arrays, the answer as y[0..k-1] and a denominator at index k. */
#ifndef MARGIN_ORACLE_CGMP_DIXON_H
#define MARGIN_ORACLE_CGMP_DIXON_H

#include <gmp.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "shim.h"

/* Primes just below 2^31: residues fit in 31 bits, products of two in 62. */
static const uint64_t cgmp_dixon_primes[] = {2147483647u, 2147483629u, 2147483587u, 2147483579u};

/* Inverse of a k x k matrix modulo p by Gauss-Jordan; returns 0 when singular mod p. */
static inline int cgmp_inverse_mod(size_t k, const uint64_t *a, uint64_t p, uint64_t *inv) {
    size_t w = 2 * k, r, c, j;
    uint64_t *m = (uint64_t *)malloc(sizeof(uint64_t) * k * w);
    for (r = 0; r < k; r++) {
        for (c = 0; c < k; c++) m[r * w + c] = a[r * k + c];
        for (c = 0; c < k; c++) m[r * w + k + c] = (r == c) ? 1 : 0;
    }
    for (c = 0; c < k; c++) {
        size_t piv = k;
        for (r = c; r < k; r++) if (m[r * w + c] != 0) { piv = r; break; }
        if (piv == k) { free(m); return 0; }
        if (piv != c) for (j = 0; j < w; j++) { uint64_t t = m[piv * w + j]; m[piv * w + j] = m[c * w + j]; m[c * w + j] = t; }
        /* inverse of the pivot by Fermat: pivot^(p-2) */
        uint64_t base = m[c * w + c], e = p - 2, invp = 1;
        while (e) { if (e & 1) invp = invp * base % p; base = base * base % p; e >>= 1; }
        for (j = c; j < w; j++) m[c * w + j] = m[c * w + j] * invp % p;
        for (r = 0; r < k; r++) {
            if (r == c) continue;
            uint64_t f = m[r * w + c];
            if (f == 0) continue;
            uint64_t nf = p - f;
            for (j = c; j < w; j++) m[r * w + j] = (m[r * w + j] + nf * m[c * w + j]) % p;
        }
    }
    for (r = 0; r < k; r++) for (c = 0; c < k; c++) inv[r * k + c] = m[r * w + k + c];
    free(m);
    return 1;
}

/* log2 of sqrt(sum of squares) of the given integers (an overestimate by a tiny relative amount). */
static inline double cgmp_log2_norm(mpz_t *const *entries, size_t count) {
    long emax = 0; int any = 0;
    size_t i;
    for (i = 0; i < count; i++) {
        if (mpz_sgn(*entries[i]) == 0) continue;
        long e; mpz_get_d_2exp(&e, *entries[i]);
        if (!any || e > emax) emax = e;
        any = 1;
    }
    if (!any) return 0;
    double s = 0;
    for (i = 0; i < count; i++) {
        if (mpz_sgn(*entries[i]) == 0) continue;
        long e; double d = mpz_get_d_2exp(&e, *entries[i]);
        double scaled = ldexp(fabs(d), (int)(e - emax));
        s += scaled * scaled;
    }
    return 0.5 * log2(s) + (double)emax + 1e-9 * (double)count;
}

/* Wang's rational reconstruction: n / q == v (mod M), |n| <= 2^nbits, 0 < q <= 2^dbits.
 * Returns 0 when no such fraction exists. */
static inline int cgmp_reconstruct(const mpz_t v, const mpz_t M, double nbits, double dbits, mpz_t n, mpz_t q) {
    mpz_t r0, r1, t0, t1, quo, tmp, nb;
    mpz_inits(r0, r1, t0, t1, quo, tmp, nb, NULL);
    mpz_set(r0, M);
    mpz_mod(r1, v, M);
    mpz_set_ui(t0, 0);
    mpz_set_ui(t1, 1);
    mpz_set_ui(nb, 1);
    mpz_mul_2exp(nb, nb, (mp_bitcnt_t)ceil(nbits));
    while (mpz_cmp(r1, nb) > 0) {
        mpz_tdiv_qr(quo, tmp, r0, r1);
        mpz_swap(r0, r1);
        mpz_swap(r1, tmp);           /* r1 = r0_old mod r1_old */
        mpz_submul(t0, quo, t1);     /* t0 = t0 - quo t1 */
        mpz_swap(t0, t1);
    }
    int ok = mpz_sgn(t1) != 0 && mpz_sizeinbase(t1, 2) <= (size_t)ceil(dbits) + 1;
    if (ok) {
        mpz_gcd(tmp, r1, t1);
        ok = mpz_cmp_ui(tmp, 1) == 0;
    }
    if (ok) {
        if (mpz_sgn(t1) < 0) { mpz_neg(t1, t1); mpz_neg(r1, r1); }
        mpz_set(n, r1);
        mpz_set(q, t1);
    }
    mpz_clears(r0, r1, t0, t1, quo, tmp, nb, NULL);
    return ok;
}

/* Solves A x = b by Dixon lifting (see the file comment). Returns NULL when every prime tried
 * divides det A or the exact check fails; the caller then uses Bareiss, which also decides
 * singularity. */
static inline cgmp_solution *cgmp_dixon(size_t k, const uint64_t *words, const size_t *offsets,
                                        const size_t *counts, const int *negative) {
    size_t w = k + 1, r, c, t, i;
    /* A's entries as sign + magnitude limbs (L limbs each), b as mpz. */
    size_t L = 1;
    for (r = 0; r < k; r++) for (c = 0; c < k; c++) if (counts[r * w + c] > L) L = counts[r * w + c];
    uint64_t *mag = (uint64_t *)calloc(k * k * L, sizeof(uint64_t));
    int *neg = (int *)malloc(sizeof(int) * k * k);
    mpz_t *entry = (mpz_t *)malloc(sizeof(mpz_t) * k * w);
    for (r = 0; r < k; r++) for (c = 0; c < w; c++) {
        size_t e = r * w + c;
        cgmp_init_entry(entry[e], words, offsets, counts, negative, e);
        if (c < k) {
            for (t = 0; t < counts[e]; t++) mag[(r * k + c) * L + t] = words[offsets[e] + t];
            neg[r * k + c] = negative[e] && counts[e] > 0;
        }
    }
    /* Bounds: |det A| <= prod ||col||, |det A_j| <= ||b|| prod ||col|| (Hadamard). */
    mpz_t **column = (mpz_t **)malloc(sizeof(mpz_t *) * k);
    double logD = 0;
    for (c = 0; c < k; c++) {
        for (r = 0; r < k; r++) column[r] = &entry[r * w + c];
        logD += cgmp_log2_norm((mpz_t *const *)column, k);
    }
    for (r = 0; r < k; r++) column[r] = &entry[r * w + k];
    double logB = cgmp_log2_norm((mpz_t *const *)column, k);
    free(column);
    double logN = logD + logB;

    cgmp_solution *s = NULL;
    uint64_t *amod = (uint64_t *)malloc(sizeof(uint64_t) * k * k);
    uint64_t *inv = (uint64_t *)malloc(sizeof(uint64_t) * k * k);
    uint64_t *rm = (uint64_t *)malloc(sizeof(uint64_t) * k);
    uint64_t *x = (uint64_t *)malloc(sizeof(uint64_t) * k);
    mpz_t *res = (mpz_t *)malloc(sizeof(mpz_t) * k);
    mpz_t *X = (mpz_t *)malloc(sizeof(mpz_t) * k);
    for (r = 0; r < k; r++) { mpz_init(res[r]); mpz_init(X[r]); }
    mpz_t P, tmp, num, den, v, delta;
    mpz_inits(P, tmp, num, den, v, delta, NULL);

    for (size_t attempt = 0; attempt < sizeof(cgmp_dixon_primes) / sizeof(cgmp_dixon_primes[0]) && s == NULL; attempt++) {
        uint64_t p = cgmp_dixon_primes[attempt];
        for (r = 0; r < k; r++) for (c = 0; c < k; c++) amod[r * k + c] = mpz_fdiv_ui(entry[r * w + c], p);
        if (!cgmp_inverse_mod(k, amod, p, inv)) continue;
        size_t steps = (size_t)ceil((logN + logD + 34.0) / log2((double)p));
        for (r = 0; r < k; r++) { mpz_set(res[r], entry[r * w + k]); mpz_set_ui(X[r], 0); }
        mpz_set_ui(P, 1);
        for (size_t step = 0; step < steps; step++) {
            for (r = 0; r < k; r++) rm[r] = mpz_fdiv_ui(res[r], p);
            for (r = 0; r < k; r++) {
                unsigned __int128 acc = 0;
                const uint64_t *row = inv + r * k;
                for (c = 0; c < k; c++) acc += (unsigned __int128)(row[c] * rm[c]);
                x[r] = (uint64_t)(acc % p);
            }
            /* res = (res - A x) / p, limb level by limb level in 128-bit accumulators. */
            for (r = 0; r < k; r++) {
                for (t = 0; t < L; t++) {
                    __int128 acc = 0;
                    for (c = 0; c < k; c++) {
                        __int128 term = (__int128)((unsigned __int128)mag[(r * k + c) * L + t] * x[c]);
                        acc += neg[r * k + c] ? -term : term;
                    }
                    if (acc == 0) continue;
                    int negative_acc = acc < 0;
                    unsigned __int128 a = negative_acc ? (unsigned __int128)(-acc) : (unsigned __int128)acc;
                    mpz_set_ui(tmp, (unsigned long)(a >> 64));
                    mpz_mul_2exp(tmp, tmp, 64);
                    mpz_add_ui(tmp, tmp, (unsigned long)(uint64_t)a);
                    mpz_mul_2exp(tmp, tmp, 64 * t);
                    if (negative_acc) mpz_add(res[r], res[r], tmp); else mpz_sub(res[r], res[r], tmp);
                }
                mpz_divexact_ui(res[r], res[r], p);
                mpz_addmul_ui(X[r], P, x[r]);
            }
            mpz_mul_ui(P, P, p);
        }
        /* Rational reconstruction over a growing common denominator delta. */
        double nbits = logN + 1, dbits = logD + 1;
        int ok = 1;
        mpz_set_ui(delta, 1);
        mpz_t *y = (mpz_t *)malloc(sizeof(mpz_t) * k);
        for (r = 0; r < k; r++) mpz_init(y[r]);
        mpz_t half; mpz_init(half); mpz_fdiv_q_2exp(half, P, 1);
        for (r = 0; r < k && ok; r++) {
            mpz_mul(v, X[r], delta);
            mpz_mod(v, v, P);
            if (mpz_cmp(v, half) > 0) mpz_sub(v, v, P);
            if (mpz_sizeinbase(v, 2) <= (size_t)nbits) { mpz_set(y[r], v); continue; }
            if (!cgmp_reconstruct(v, P, nbits, dbits, num, den)) { ok = 0; break; }
            /* delta x_r = num / den: scale the earlier numerators by den. */
            for (i = 0; i < r; i++) mpz_mul(y[i], y[i], den);
            mpz_mul(delta, delta, den);
            mpz_set(y[r], num);
        }
        mpz_clear(half);
        /* Exact check: A y == delta b. */
        for (r = 0; r < k && ok; r++) {
            mpz_mul(tmp, delta, entry[r * w + k]);
            for (c = 0; c < k; c++) mpz_submul(tmp, entry[r * w + c], y[c]);
            if (mpz_sgn(tmp) != 0) ok = 0;
        }
        if (ok) {
            s = cgmp_solution_new(k);
            for (r = 0; r < k; r++) mpz_swap(s->values[r], y[r]);
            mpz_set(s->values[k], delta);
        }
        for (r = 0; r < k; r++) mpz_clear(y[r]);
        free(y);
    }
    mpz_clears(P, tmp, num, den, v, delta, NULL);
    for (r = 0; r < k; r++) { mpz_clear(res[r]); mpz_clear(X[r]); }
    for (i = 0; i < k * w; i++) mpz_clear(entry[i]);
    free(res); free(X); free(entry); free(mag); free(neg); free(amod); free(inv); free(rm); free(x);
    return s;
}

#endif
