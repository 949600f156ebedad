// SPDX-License-Identifier: MIT
// Fuzz target for SignatureVerifier (core/webhook): header parsing and verify() on arbitrary
// header/body pairs, with no secret, one secret and two (a rotation).
//
// Input: [flags] header '\0' body. flags bit 0-1: secrets (none, "s1", "s1"+"s2", a non-ASCII
// one); bit 2: also sign the body and splice the real s= into the header, so the paths past the
// MAC (stale, verified) are reached.
#include "fuzzcheck.h"

#include "webhook/signatureverifier.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdint>

using namespace Qt::StringLiterals;

namespace {

const QDateTime Now = QDateTime::fromSecsSinceEpoch(1'708'456'789, Qt::UTC);

QStringList secretsFor(int which)
{
    switch (which) {
    case 1:
        return {u"whsec_one"_s};
    case 2:
        return {u"whsec_one"_s, u"whsec_two"_s};
    case 3:
        return {u"gehe\u00efm \u263a"_s, QString()};
    default:
        return {};
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    QLoggingCategory::setFilterRules(u"*.debug=false"_s);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const uint8_t flags = data[0];
    const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const qsizetype separator = rest.indexOf('\0');
    QByteArray header = separator < 0 ? rest : rest.left(separator);
    const QByteArray body = separator < 0 ? QByteArray() : rest.sliced(separator + 1);

    const QStringList secrets = secretsFor(flags & 3);
    SignatureVerifier verifier(secrets);
    if (flags & 4 && !secrets.isEmpty()) {
        // t= from the header when it holds one, so the fuzzer controls staleness.
        qint64 t = Now.toSecsSinceEpoch();
        const qsizetype at = header.indexOf("t=");
        if (at >= 0) {
            bool ok = false;
            const qint64 given = header.mid(at + 2, 12).toLongLong(&ok);
            if (ok)
                t = given;
        }
        const QByteArray signature = SignatureVerifier::sign(secrets.first().toUtf8(), body, t);
        const QByteArray spliced = signature.mid(signature.indexOf(",s=") + 1, 66) + ",x=";
        header.replace("s=", spliced);
    }

    const SignatureVerifier::Result result = verifier.verify(header, body, Now);
    using Outcome = SignatureVerifier::Outcome;
    FUZZ_CHECK((SignatureVerifier::verdictFor(result.outcome) == Verdict::Accepted)
               == result.accepted());
    if (secrets.isEmpty()) {
        FUZZ_CHECK(result.outcome == Outcome::Unverified);
        return 0;
    }
    FUZZ_CHECK(result.outcome != Outcome::Unverified);
    FUZZ_CHECK(result.accepted() == (result.outcome == Outcome::Verified));
    if (result.outcome != Outcome::Verified)
        FUZZ_CHECK(!result.reason.isEmpty());
    if (header.trimmed().isEmpty())
        FUZZ_CHECK(result.outcome == Outcome::Missing);

    if (result.outcome == Outcome::Verified || result.outcome == Outcome::Stale) {
        // Only a header carrying the HMAC of this body under a configured secret gets past the
        // MAC; re-signing with the t= it carried must give that same s=.
        QByteArray t;
        QByteArray s;
        for (const QByteArray &part : header.trimmed().split(',')) {
            const QByteArray p = part.trimmed();
            if (p.startsWith("t="))
                t = p.mid(2);
            else if (p.startsWith("s="))
                s = p.mid(2).toLower();
        }
        // sign() prints t without leading zeros; the MAC covers t exactly as sent.
        const bool canonical = t == QByteArray::number(t.toLongLong());
        bool matched = !canonical;
        for (const QString &secret : secrets) {
            if (secret.isEmpty())
                continue;
            const QByteArray expected
                = SignatureVerifier::sign(secret.toUtf8(), body, t.toLongLong());
            matched |= expected.endsWith(QByteArray(",s=" + s));
        }
        FUZZ_CHECK(matched);
        const qint64 skew = Now.toSecsSinceEpoch() - t.toLongLong();
        const bool inWindow = skew <= Limits::DefaultSignatureToleranceSecs
            && skew >= -Limits::DefaultSignatureToleranceSecs;
        FUZZ_CHECK(inWindow == (result.outcome == Outcome::Verified));
    }

    // A fresh signature over the same body always verifies, and flipping one body byte never
    // does.
    const QByteArray good
        = SignatureVerifier::sign(secrets.first().toUtf8(), body, Now.toSecsSinceEpoch());
    FUZZ_CHECK(verifier.verify(good, body, Now).outcome == Outcome::Verified);
    if (!body.isEmpty()) {
        QByteArray tampered = body;
        tampered[0] = char(tampered[0] ^ 1);
        FUZZ_CHECK(verifier.verify(good, tampered, Now).outcome == Outcome::Mismatch);
    }
    return 0;
}
