// SPDX-License-Identifier: MIT
#include "common/verdict.h"

#include <array>
#include <utility>

namespace {

// The one table of stored names. They are data in existing databases: never rename one.
constexpr std::array<std::pair<Verdict, QStringView>, 17> StoredNames = {{
    {Verdict::Accepted, u"accepted"},
    {Verdict::Duplicate, u"duplicate"},
    {Verdict::Imported, u"imported"},
    {Verdict::Reingested, u"reingested"},
    {Verdict::StoreFailed, u"store_failed"},
    {Verdict::BadSignature, u"bad_signature"},
    {Verdict::StaleSignature, u"stale_signature"},
    {Verdict::Malformed, u"malformed"},
    {Verdict::NotFound, u"not_found"},
    {Verdict::MethodNotAllowed, u"method_not_allowed"},
    {Verdict::UnsupportedMediaType, u"unsupported_media_type"},
    {Verdict::HeaderTooLarge, u"header_too_large"},
    {Verdict::TooLarge, u"too_large"},
    {Verdict::BadFraming, u"bad_framing"},
    {Verdict::BadRequest, u"bad_request"},
    {Verdict::Timeout, u"timeout"},
    {Verdict::Busy, u"busy"},
}};

} // namespace

QString verdictName(Verdict verdict)
{
    for (const auto &[value, name] : StoredNames) {
        if (value == verdict)
            return name.toString();
    }
    return QString();
}

Verdict verdictFromName(QStringView name)
{
    for (const auto &[value, stored] : StoredNames) {
        if (stored == name)
            return value;
    }
    return Verdict::Unknown;
}
