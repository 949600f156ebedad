// SPDX-License-Identifier: MIT
#pragma once

#include "common/limits.h"

/// Limits the HTTP layer enforces, checked before anything is buffered.
struct HttpLimits
{
    qsizetype maxHeaderBytes = Limits::MaxHeaderBytes;
    qint64 maxBodyBytes = Limits::DefaultMaxBodyBytes;
    int headerDeadlineMs = Limits::HeaderDeadlineMs;
    int requestDeadlineMs = Limits::RequestDeadlineMs;
    int keepAliveIdleMs = Limits::KeepAliveIdleMs;
    int maxConnections = Limits::MaxConnections;
    int maxPipelinedRequests = Limits::MaxPipelinedRequests;
    qint64 maxBufferedBodyBytes = Limits::MaxBufferedBodyBytes;
};
