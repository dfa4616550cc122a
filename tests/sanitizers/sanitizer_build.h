// Whether this test binary was built with a sanitizer, for the few tests that cannot be judged
// under one (they read heap statistics the sanitizer's allocator replaces, or bound RSS growth
// or timings that its shadow memory and quarantine change). Such a test skips itself with
// ORTKIT_SKIP_UNDER_SANITIZER(reason), so ctest lists it as skipped with the reason, never silently.
#pragma once

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ORTKIT_SANITIZER_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ORTKIT_SANITIZER_BUILD 1
#endif
#endif

#ifndef ORTKIT_SANITIZER_BUILD
#define ORTKIT_SANITIZER_BUILD 0
#endif

#if defined(__SANITIZE_ADDRESS__)
#define ORTKIT_SANITIZER_NAME "AddressSanitizer"
#elif defined(__SANITIZE_THREAD__)
#define ORTKIT_SANITIZER_NAME "ThreadSanitizer"
#else
#define ORTKIT_SANITIZER_NAME "a sanitizer"
#endif

/// Inside a TEST body: skips the test in a sanitizer build, giving why it cannot be judged there.
#define ORTKIT_SKIP_UNDER_SANITIZER(reason)                                                    \
  do {                                                                                         \
    if (ORTKIT_SANITIZER_BUILD) GTEST_SKIP() << "built with " ORTKIT_SANITIZER_NAME ": " << reason; \
  } while (0)
