// SPDX-License-Identifier: MIT
#pragma once

#include "http/httprejection.h"
#include "http/httpresponse.h"

#include <functional>
#include <optional>

/// Sends the response to one request. Safe to call after the connection has gone (then it does
/// nothing). Call it exactly once; the connection answers pipelined requests in order.
using HttpResponder = std::function<void(const HttpResponse &)>;

/// What the HTTP layer hands its requests to. Runs on the server's thread.
class RequestHandler
{
public:
    virtual ~RequestHandler() = default;

    /// Called once the header block is complete, before any of the body is read. A returned
    /// response rejects the request without reading its body (wrong route, method, media type):
    /// the request goes no further, and the handler, which made that decision, records it
    /// itself. nullopt lets the body be read (and sends "100 Continue" where the client expects
    /// it). \a request has no body yet.
    virtual std::optional<HttpResponse> checkHeaders(const HttpRequest &request) = 0;

    /// Called with a complete request that checkHeaders() let through. The handler may answer
    /// at once or later.
    virtual void handleRequest(const HttpRequest &request, HttpResponder responder) = 0;

    /// The HTTP layer answered on its own (limits, framing, deadlines, the body budget), for
    /// the reason \a rejection. \a request holds what was parsed, possibly only part of it.
    virtual void requestRejected(const HttpRequest &request, const HttpResponse &response,
                                 HttpRejection rejection)
    {
        Q_UNUSED(request);
        Q_UNUSED(response);
        Q_UNUSED(rejection);
    }
};
