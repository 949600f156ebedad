// SPDX-License-Identifier: MIT
#include "http/httprejection.h"

Verdict verdictFor(HttpRejection rejection)
{
    switch (rejection) {
    case HttpRejection::HeaderTooLarge:
        return Verdict::HeaderTooLarge;
    case HttpRejection::BodyTooLarge:
        return Verdict::TooLarge;
    case HttpRejection::BadFraming:
        return Verdict::BadFraming;
    case HttpRejection::BadRequest:
        return Verdict::BadRequest;
    case HttpRejection::Timeout:
        return Verdict::Timeout;
    case HttpRejection::Busy:
        return Verdict::Busy;
    }
    return Verdict::BadRequest;
}

QByteArray httpRejectionName(HttpRejection rejection)
{
    // One table of names: the verdicts' (common/verdict.cpp).
    return verdictName(verdictFor(rejection)).toLatin1();
}
