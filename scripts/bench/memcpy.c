/*
 * Reference memory benchmark for scripts/bench-accuracy.ts: one thread, two buffers of
 * SIZE_MIB each, pages touched before timing, best of REPS. Prints one JSON line:
 *   copyGBps  - memcpy, counted as read + write traffic (2 bytes per byte copied, as STREAM does)
 *   writeGBps - memset
 *   readGBps  - memchr for a byte the buffer does not hold (glibc's SIMD scan: reads only)
 *   sumReadGBps - sum of 64-bit words (vectorized by -O3), into a volatile sink
 * GB = 1e9 bytes. Build: gcc -O3 -march=native -o memcpy memcpy.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_sec(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

volatile uint64_t sink;
volatile const void *found;

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s SIZE_MIB REPS\n", argv[0]);
    return 2;
  }
  size_t bytes = (size_t)atol(argv[1]) * 1024 * 1024;
  int reps = atoi(argv[2]);
  uint8_t *src = aligned_alloc(4096, bytes);
  uint8_t *dst = aligned_alloc(4096, bytes);
  if (src == NULL || dst == NULL || reps < 1) {
    fprintf(stderr, "cannot allocate %zu bytes twice\n", bytes);
    return 1;
  }
  memset(src, 1, bytes);
  memset(dst, 2, bytes);
  double best_copy = 1e30, best_write = 1e30, best_read = 1e30, best_sum = 1e30;
  for (int r = 0; r < reps; r++) {
    double t = now_sec();
    memcpy(dst, src, bytes);
    t = now_sec() - t;
    if (t < best_copy) best_copy = t;
  }
  for (int r = 0; r < reps; r++) {
    double t = now_sec();
    memset(dst, r & 0xff, bytes);
    t = now_sec() - t;
    if (t < best_write) best_write = t;
  }
  for (int r = 0; r < reps; r++) {
    double t = now_sec();
    found = memchr(src, 0xff, bytes);
    t = now_sec() - t;
    if (t < best_read) best_read = t;
  }
  const uint64_t *words = (const uint64_t *)src;
  size_t count = bytes / sizeof(uint64_t);
  for (int r = 0; r < reps; r++) {
    double t = now_sec();
    uint64_t a = 0, b = 0, c = 0, d = 0;
    for (size_t i = 0; i + 4 <= count; i += 4) {
      a += words[i];
      b += words[i + 1];
      c += words[i + 2];
      d += words[i + 3];
    }
    sink = a + b + c + d;
    t = now_sec() - t;
    if (t < best_sum) best_sum = t;
  }
  printf("{\"copyGBps\": %.3f, \"writeGBps\": %.3f, \"readGBps\": %.3f, \"sumReadGBps\": %.3f}\n",
         2.0 * bytes / best_copy / 1e9, bytes / best_write / 1e9, bytes / best_read / 1e9, bytes / best_sum / 1e9);
  free(src);
  free(dst);
  return 0;
}
