// SPDX-License-Identifier: MIT
#pragma once

// Invariant checks for the fuzz targets: a broken invariant aborts, which libFuzzer reports as a
// crash (and the replay ctest as a failure), in release builds too.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)
