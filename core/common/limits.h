// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

// Defaults for every limit the receiver enforces. Each is a named constant here and, where a user
// could need another value, a setting (see Settings) or a field of HttpLimits.
namespace Limits {
inline constexpr quint16 DefaultPort = 8787;
inline constexpr char DefaultAddress[] = "127.0.0.1";
inline constexpr char DefaultWebhookPath[] = "/webhooks/sendpilot";
inline constexpr qsizetype MaxHeaderBytes = 32 * 1024; // 431 past this
inline constexpr qint64 DefaultMaxBodyBytes = 64LL * 1024 * 1024; // 413; ~12 MiB is 10,000 leads
inline constexpr int HeaderDeadlineMs = 10'000; // absolute, from the start of the request: 408
inline constexpr int RequestDeadlineMs = 60'000; // absolute, from the start of the request: 408
inline constexpr int KeepAliveIdleMs = 15'000; // idle between requests: close
inline constexpr int MaxConnections = 64; // at the cap, an unproven or idle one is evicted
// Request bodies held in memory by all connections together (each is also capped by the body
// limit): past this a request is answered 503 with Retry-After, so 64 slow uploads cannot make
// the receiver hold 64 x 64 MiB.
inline constexpr qint64 MaxBufferedBodyBytes = 256LL * 1024 * 1024;
inline constexpr int MaxPipelinedRequests = 32; // requests parsed ahead of their answers
inline constexpr int DefaultSignatureToleranceSecs = 300; // |now - t| beyond this: 401 stale
inline constexpr qsizetype RejectedBodyCapBytes = 4 * 1024; // body kept for rejected deliveries
} // namespace Limits
