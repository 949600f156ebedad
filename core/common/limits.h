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
// Body kept of a rejected request that carried a valid signature (a malformed event, a store
// failure): enough to see what was wrong with it.
inline constexpr qsizetype RejectedBodyCapBytes = 4 * 1024;

// The record of rejected requests must not let anyone who finds the tunnel's URL fill the disk
// (measured before these limits: 20,000 unsigned 4 KB requests in 1.7 s added 170 MB). Accepted
// events (accepted, imported, duplicate, reingested) are never pruned; everything else is.
//
// An unauthenticated request (no valid signature) is anybody's: its first 256 bytes show what
// it was (a probe, a misconfigured sender's JSON) and its header section is kept up to 2 KiB
// (a tunnel adds ~1 KiB of its own headers), instead of 4 KiB and 32 KiB.
inline constexpr qsizetype UnauthenticatedBodyCapBytes = 256;
inline constexpr qsizetype UnauthenticatedHeaderCapBytes = 2 * 1024;
// Rejected deliveries kept, by count and by the bytes they hold (body, headers, path, detail);
// the oldest go first once either is passed, down to PrunedToPercent of both so that pruning
// runs in chunks, not on every insert. 10,000 rows is weeks of a misconfigured sender's retries;
// 16 MiB is 10,000 rows of a full 256-byte body and ~1.4 KiB of headers.
inline constexpr qint64 MaxRejectedDeliveries = 10'000;
inline constexpr qint64 MaxRejectedDeliveryBytes = 16LL * 1024 * 1024;
inline constexpr int PrunedToPercent = 90;
// A burst: rejections alike in verdict, status, method, path, detail, peer address (any port)
// and forwarded client, each within BurstWindowMs of the previous one, are one row with a
// count and the time of the last. The count is written at most once per BurstWriteIntervalMs
// (and when the burst goes quiet), so a flood costs one small write a second, not one per
// request. At most MaxOpenBursts are followed at once; a flood of unlike requests is bounded
// by the two limits above instead.
inline constexpr qint64 BurstWindowMs = 60'000;
inline constexpr int BurstWriteIntervalMs = 1'000;
inline constexpr int MaxOpenBursts = 256;
// Characters of one untrusted value (a path, a header, an event id) put on a log line.
inline constexpr qsizetype MaxLoggedValueChars = 200;
} // namespace Limits
