// SPDX-License-Identifier: MIT
#include "http/httprejection.h"

using namespace Qt::StringLiterals;

QByteArray httpRejectionName(HttpRejection rejection)
{
    switch (rejection) {
    case HttpRejection::HeaderTooLarge:
        return "header_too_large"_ba;
    case HttpRejection::BodyTooLarge:
        return "too_large"_ba;
    case HttpRejection::BadFraming:
        return "bad_framing"_ba;
    case HttpRejection::BadRequest:
        return "bad_request"_ba;
    case HttpRejection::Timeout:
        return "timeout"_ba;
    case HttpRejection::Busy:
        return "busy"_ba;
    }
    return "bad_request"_ba;
}
