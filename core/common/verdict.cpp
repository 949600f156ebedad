// SPDX-License-Identifier: MIT
#include "common/verdict.h"

#include <QCoreApplication>

#include <array>

namespace {

struct VerdictInfo
{
    Verdict verdict;
    QStringView name; ///< stored in deliveries.verdict
    const char *label; ///< shown, translated in the "Verdict" context
    bool rejection; ///< answered with an error
};

// The one table of verdicts. The stored names are data in existing databases: never rename one.
constexpr std::array<VerdictInfo, 18> Verdicts = {{
    {Verdict::Accepted, u"accepted", QT_TRANSLATE_NOOP("Verdict", "Accepted"), false},
    {Verdict::Duplicate, u"duplicate", QT_TRANSLATE_NOOP("Verdict", "Duplicate"), false},
    {Verdict::Imported, u"imported", QT_TRANSLATE_NOOP("Verdict", "Imported"), false},
    {Verdict::Reingested, u"reingested", QT_TRANSLATE_NOOP("Verdict", "Re-ingested"), false},
    {Verdict::StoreFailed, u"store_failed", QT_TRANSLATE_NOOP("Verdict", "Not stored (retried)"),
     true},
    {Verdict::BadSignature, u"bad_signature", QT_TRANSLATE_NOOP("Verdict", "Bad signature"), true},
    {Verdict::StaleSignature, u"stale_signature", QT_TRANSLATE_NOOP("Verdict", "Signature too old"),
     true},
    {Verdict::Malformed, u"malformed", QT_TRANSLATE_NOOP("Verdict", "Not an event"), true},
    {Verdict::NotFound, u"not_found", QT_TRANSLATE_NOOP("Verdict", "Wrong path"), true},
    {Verdict::MethodNotAllowed, u"method_not_allowed", QT_TRANSLATE_NOOP("Verdict", "Wrong method"),
     true},
    {Verdict::UnsupportedMediaType, u"unsupported_media_type",
     QT_TRANSLATE_NOOP("Verdict", "Not JSON"), true},
    {Verdict::HeaderTooLarge, u"header_too_large",
     QT_TRANSLATE_NOOP("Verdict", "Headers too large"), true},
    {Verdict::TooLarge, u"too_large", QT_TRANSLATE_NOOP("Verdict", "Body too large"), true},
    {Verdict::BadFraming, u"bad_framing", QT_TRANSLATE_NOOP("Verdict", "Bad framing"), true},
    {Verdict::BadRequest, u"bad_request", QT_TRANSLATE_NOOP("Verdict", "Bad request"), true},
    {Verdict::Timeout, u"timeout", QT_TRANSLATE_NOOP("Verdict", "Timed out"), true},
    {Verdict::Busy, u"busy", QT_TRANSLATE_NOOP("Verdict", "Busy (retried)"), true},
    {Verdict::Fetched, u"fetched", QT_TRANSLATE_NOOP("Verdict", "Fetched from the API"), false},
}};

const VerdictInfo *find(Verdict verdict)
{
    for (const VerdictInfo &info : Verdicts) {
        if (info.verdict == verdict)
            return &info;
    }
    return nullptr;
}

} // namespace

QString verdictName(Verdict verdict)
{
    const VerdictInfo *info = find(verdict);
    return info ? info->name.toString() : QString();
}

Verdict verdictFromName(QStringView name)
{
    for (const VerdictInfo &info : Verdicts) {
        if (info.name == name)
            return info.verdict;
    }
    return Verdict::Unknown;
}

QString verdictLabel(Verdict verdict)
{
    const VerdictInfo *info = find(verdict);
    return info ? QCoreApplication::translate("Verdict", info->label)
                : QCoreApplication::translate("Verdict", "Unknown");
}

bool isRejection(Verdict verdict)
{
    const VerdictInfo *info = find(verdict);
    return info && info->rejection;
}

QList<Verdict> knownVerdicts()
{
    QList<Verdict> all;
    for (const VerdictInfo &info : Verdicts)
        all.append(info.verdict);
    return all;
}
