// SPDX-License-Identifier: MIT
#include "models/deliveryfilter.h"

#include "common/verdict.h"
#include "store/rejectionlog.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

// The stored names (verdict.cpp) of the verdicts that took an event in.
QString takenNames()
{
    return u"'"_s + verdictName(Verdict::Accepted) + u"', '"_s + verdictName(Verdict::Imported)
        + u"', '"_s + verdictName(Verdict::Reingested) + u"', '"_s + verdictName(Verdict::Fetched)
        + u"'"_s;
}

} // namespace

QString DeliveryFilter::sqlCondition(QVariantList *bindings) const
{
    QStringList terms;
    switch (kind) {
    case Kind::All:
        break;
    case Kind::Accepted:
        terms << u"verdict IN (%1)"_s.arg(takenNames());
        break;
    case Kind::Rejected:
        // What the rejection log may prune, word for word, so that it reads through the
        // partial index deliveries_prunable.
        terms << QString::fromLatin1(RejectionLog::PrunableCondition);
        break;
    case Kind::Duplicates:
        terms << u"verdict = '%1'"_s.arg(verdictName(Verdict::Duplicate));
        break;
    case Kind::Unverified:
        terms << u"verdict IN ('%1', '%2') AND verified = 0"_s.arg(verdictName(Verdict::Accepted),
                                                                   verdictName(Verdict::Duplicate));
        break;
    }
    if (!eventType.isEmpty()) {
        terms << u"event_type = ?"_s;
        bindings->append(eventType);
    }
    return terms.isEmpty() ? u"1"_s : terms.join(u" AND "_s);
}
